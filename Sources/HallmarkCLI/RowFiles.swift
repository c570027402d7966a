internal import CZlib
import Foundation
import Hallmark

/// The files `--valid-rows`, `--invalid-rows` and `--invalid-reasons` write, fed by the validation
/// as a ``RowSink``.
///
/// A new or regular file is written under a fresh hidden name beside it (`.NAME.XXXXXX`, created
/// exclusively, so nothing already there is followed or overwritten) and renamed into place only when
/// the run ends well: a failed or interrupted run never leaves a half-written file where a finished
/// one is expected. A path that is a symbolic link, a pipe or a device is written through, as a
/// report is.
final class RowFiles: RowSink {
    private var valid: RowFile?
    private var invalid: RowFile?
    private var reasons: RowFile?

    /// Opens the files named (any may be `nil`); throws the reason one cannot be created, having
    /// removed those already opened.
    init(valid: String?, invalid: String?, reasons: String?) throws(RowFile.Failure) {
        var opened: [RowFile] = []
        func open(_ path: String?) throws(RowFile.Failure) -> RowFile? {
            guard let path else { return nil }
            do {
                let file = try RowFile(path)
                opened.append(file)
                return file
            } catch {
                for file in opened { file.discard() }
                throw error
            }
        }
        self.valid = try open(valid)
        self.invalid = try open(invalid)
        self.reasons = try open(reasons)
        var header = "row,line,rules\n"
        header.withUTF8 { self.reasons?.write(UnsafeRawBufferPointer($0)) }
    }

    func takeHeader(_ bytes: UnsafeRawBufferPointer) {
        valid?.write(bytes)
        invalid?.write(bytes)
    }

    func take(_ row: JudgedRow) {
        if row.isValid {
            valid?.write(row.bytes)
            return
        }
        invalid?.write(row.bytes)
        guard reasons != nil else { return }
        // Rule ids hold no comma or quote (see RuleIDs), so a CSV line needs no quoting.
        var line = "\(row.row),\(row.line),\(row.ruleIDs.joined(separator: " "))\n"
        line.withUTF8 { reasons?.write(UnsafeRawBufferPointer($0)) }
    }

    /// Finishes every file and moves it into place; returns what went wrong, or `nil`.
    func commit() -> String? {
        for file in [valid, invalid, reasons].compactMap({ $0 }) {
            if let problem = file.commit() { return problem }
        }
        return nil
    }

    /// Removes the partial files of a run that failed.
    func discard() {
        for file in [valid, invalid, reasons].compactMap({ $0 }) { file.discard() }
    }
}

/// One output file, buffered, gzip-compressed when its name ends in `.gz`.
final class RowFile {
    struct Failure: Error {
        let message: String
    }

    let path: String
    /// The hidden file being written, renamed to ``path`` at the end; `nil` when writing through.
    private let partial: String?
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    /// zlib's state, at a fixed address: zlib checks that the stream it is given is the one it started.
    private var deflater: UnsafeMutablePointer<z_stream>?
    private var failure: String?
    /// Compressed bytes on their way out (gzip only).
    private var output: [UInt8] = []
    private static let bufferSize = 1 << 16

    init(_ path: String) throws(Failure) {
        self.path = path
        var status = stat()
        let exists = lstat(path, &status) == 0
        if exists && (status.st_mode & S_IFMT) != S_IFREG {
            // A symbolic link, a pipe or a device: write through it, as a report does.
            partial = nil
            descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        } else {
            let url = URL(fileURLWithPath: path)
            var template = Array(
                (url.deletingLastPathComponent().path + "/." + url.lastPathComponent + ".XXXXXX").utf8CString)
            descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            let name = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            partial = descriptor >= 0 ? name : nil
            if descriptor >= 0 {
                fchmod(descriptor, 0o644)
                PartialFiles.shared.add(name)
            }
        }
        guard descriptor >= 0 else {
            throw Failure(message: "cannot write \(TextExcerpt.path(path)): \(String(cString: strerror(errno)))")
        }
        buffer.reserveCapacity(Self.bufferSize)
        if path.hasSuffix(".gz") {
            let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            stream.initialize(to: z_stream())
            guard hm_deflate_init_gzip(stream, 6) == Z_OK else {
                stream.deallocate()
                discard()
                throw Failure(message: "cannot start gzip for \(TextExcerpt.path(path))")
            }
            deflater = stream
        }
    }

    deinit {
        if let deflater {
            deflateEnd(deflater)
            deflater.deallocate()
        }
    }

    func write(_ bytes: UnsafeRawBufferPointer) {
        guard failure == nil else { return }
        if deflater != nil {
            deflate(bytes, finishing: false)
            return
        }
        if buffer.count + bytes.count > Self.bufferSize { flush() }
        if bytes.count >= Self.bufferSize {
            writeOut(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    /// Finishes the file and renames it into place; returns what went wrong, or `nil`.
    func commit() -> String? {
        if deflater != nil { deflate(UnsafeRawBufferPointer(start: nil, count: 0), finishing: true) }
        flush()
        if close(descriptor) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        guard let partial else { return failure.map { "cannot write \(TextExcerpt.path(path)): \($0)" } }
        defer { PartialFiles.shared.remove(partial) }
        if let failure {
            unlink(partial)
            return "cannot write \(TextExcerpt.path(path)): \(failure)"
        }
        guard rename(partial, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(partial)
            return "cannot write \(TextExcerpt.path(path)): \(reason)"
        }
        return nil
    }

    func discard() {
        close(descriptor)
        guard let partial else { return }
        unlink(partial)
        PartialFiles.shared.remove(partial)
    }

    private func deflate(_ bytes: UnsafeRawBufferPointer, finishing: Bool) {
        guard let stream = deflater else { return }
        if output.isEmpty { output = [UInt8](repeating: 0, count: Self.bufferSize) }
        bytes.withMemoryRebound(to: UInt8.self) { input in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.pointee.avail_in = UInt32(input.count)
            repeat {
                let produced = output.withUnsafeMutableBytes { out -> Int in
                    stream.pointee.next_out = out.baseAddress!.assumingMemoryBound(to: UInt8.self)
                    stream.pointee.avail_out = UInt32(out.count)
                    _ = CZlib.deflate(stream, finishing ? Z_FINISH : Z_NO_FLUSH)
                    return out.count - Int(stream.pointee.avail_out)
                }
                if produced > 0 {
                    output.withUnsafeBytes { writeOut(UnsafeRawBufferPointer(rebasing: $0[..<produced])) }
                }
            } while stream.pointee.avail_out == 0 || (finishing && stream.pointee.avail_in > 0)
        }
    }

    private func flush() {
        guard !buffer.isEmpty else { return }
        let pending = buffer
        buffer.removeAll(keepingCapacity: true)
        pending.withUnsafeBytes { writeOut($0) }
    }

    private func writeOut(_ bytes: UnsafeRawBufferPointer) {
        guard failure == nil, let base = bytes.baseAddress else { return }
        var written = 0
        while written < bytes.count {
            let count = Foundation.write(descriptor, base + written, bytes.count - written)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                failure = String(cString: strerror(errno))
                return
            }
            written += count
        }
    }
}

/// The hidden files being written, removed if the run is interrupted (SIGINT, SIGTERM).
final class PartialFiles: @unchecked Sendable {
    static let shared = PartialFiles()
    private let lock = NSLock()
    private var paths: Set<String> = []
    private var sources: [any DispatchSourceSignal] = []

    func add(_ path: String) {
        lock.withLock {
            paths.insert(path)
            guard sources.isEmpty else { return }
            for number in [SIGINT, SIGTERM] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { [self] in
                    lock.withLock { for path in paths { unlink(path) } }
                    exit(128 + number)
                }
                source.resume()
                sources.append(source)
            }
        }
    }

    func remove(_ path: String) {
        lock.withLock { _ = paths.remove(path) }
    }
}
