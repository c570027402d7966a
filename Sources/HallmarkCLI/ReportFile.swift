import Foundation
import Hallmark

/// Writing reports to files, with the system's own words when it cannot.
enum ReportFile {
    /// The path with `.`, `..` and symbolic links resolved, as far as it exists.
    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// Whether `path` names one of `files`: the same path once resolved, or the same file through a
    /// hard link (the same device and inode), so an output cannot replace what the run reads.
    static func names(_ path: String, anyOf files: some Sequence<String>) -> Bool {
        let real = canonical(path)
        let identity = identity(of: path)
        return files.contains { file in
            canonical(file) == real || (identity != nil && self.identity(of: file).map { $0 == identity! } ?? false)
        }
    }

    /// A file's device and inode, when it exists.
    private static func identity(of path: String) -> [UInt64]? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return [UInt64(info.st_dev), UInt64(info.st_ino)]
    }

    /// Why `path` cannot take a report, or `nil` when it can: its folder must exist and be
    /// writable, and it must not be a folder itself.
    static func cannotWrite(_ path: String) -> String? {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { return "it is a directory" }
            return access(path, W_OK) == 0 ? nil : String(cString: strerror(errno))
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return access(folder, W_OK) == 0 ? nil : String(cString: strerror(errno))
    }

    /// Writes `text` to `path` (created or truncated); returns what went wrong, or `nil`.
    static func write(_ text: String, to path: String) -> String? {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return String(cString: strerror(errno)) }
        defer { close(descriptor) }
        var bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeMutableBytes {
                Foundation.write(descriptor, $0.baseAddress! + written, $0.count - written)
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return String(cString: strerror(errno)) }
            written += count
        }
        return nil
    }
}
