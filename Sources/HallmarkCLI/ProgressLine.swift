import Foundation
import Hallmark

/// The live progress line on a terminal's standard error: bytes, rows, rows per second, errors so
/// far and the time left. Only made when standard error is a terminal, so logs stay clean.
struct ProgressLine: Sendable {
    func show(_ progress: Validator.Progress) {
        let seconds = progress.elapsed.seconds
        var text = Self.megabytes(progress.bytesRead)
        if let total = progress.totalBytes, total > 0 {
            let share = Double(progress.bytesRead) / Double(total)
            text += " of \(Self.megabytes(total)) (\(Int(share * 100))%)"
            if share > 0.01, seconds > 0 { text += " · about \(Int((seconds / share - seconds).rounded(.up))) s left" }
        }
        let rate = seconds > 0 ? Double(progress.rows) / seconds : 0
        text +=
            " · \(progress.rows) rows · \(Int(rate)) rows/s · \(progress.errors) \(progress.errors == 1 ? "error" : "errors")"
        StandardErrorStream.write("\r\u{1B}[K" + text)
    }

    func clear() {
        StandardErrorStream.write("\r\u{1B}[K")
    }

    private static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f MB", Double(bytes) / 1e6)
    }
}
