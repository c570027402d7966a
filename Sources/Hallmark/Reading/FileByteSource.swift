#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

/// `read(2)`, named apart from ``FileByteSource/read(into:)``.
private func readDescriptor(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

/// Reads a file (or standard input, for `-`) in blocks into a caller-owned buffer, with plain
/// POSIX calls: no Foundation on the path every byte takes.
package final class FileByteSource {
    package let path: String
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    /// The size of a regular file; `nil` for pipes and terminals.
    package let size: Int?

    /// Opens `path`; `-` means standard input.
    ///
    /// - Throws: ``InputError`` saying why the file cannot be read.
    package init(path: String) throws(InputError) {
        self.path = path
        if path == "-" {
            descriptor = 0
            ownsDescriptor = false
            size = Self.regularFileSize(0)
            return
        }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw InputError(path: path, reason: Self.describe(errno)) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw InputError(path: path, reason: "it is a directory")
        }
        descriptor = fd
        ownsDescriptor = true
        size = Self.regularFileSize(fd)
    }

    private static func regularFileSize(_ fd: Int32) -> Int? {
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(info.st_size)
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    /// Fills `buffer` from the start with up to its count of bytes; returns how many were read, 0 at the end.
    ///
    /// - Throws: ``InputError`` on a read failure (retrying interrupted reads).
    package func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        while true {
            let count = readDescriptor(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw InputError(path: path, reason: Self.describe(errno))
        }
    }

    /// Reads the whole file: for standards and code lists, which are small.
    package static func readAll(path: String) throws(InputError) -> [UInt8] {
        let source = try FileByteSource(path: path)
        var result: [UInt8] = []
        var block = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count: Int
            do {
                count = try block.withUnsafeMutableBytes { try source.read(into: $0) }
            } catch let error as InputError {
                throw error
            } catch {
                throw InputError(path: path, reason: "\(error)")
            }
            if count == 0 { return result }
            result.append(contentsOf: block[0..<count])
        }
    }

    static func describe(_ code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file or directory"
        case EACCES: return "permission denied"
        case EISDIR: return "it is a directory"
        default: return String(cString: strerror(code))
        }
    }
}

/// Path helpers for standards: relative `uses:` and code-list paths resolve against the file that names them.
package enum PathResolver {
    /// `base`'s directory joined with `relative`, tidied lexically (`a/b/../c` becomes `a/c`).
    package static func resolve(_ relative: String, from base: String) -> String {
        if relative.hasPrefix("/") { return tidy(relative) }
        let directory = directoryName(of: base)
        return tidy(directory.isEmpty ? relative : directory + "/" + relative)
    }

    package static func directoryName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func tidy(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            if part == "..", absolute, parts.isEmpty { continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }

    /// The file's real path, so two spellings of one file count as one (for `uses` cycles).
    package static func canonical(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return tidy(path) }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
