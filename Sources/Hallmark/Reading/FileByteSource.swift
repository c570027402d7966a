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
        guard fd >= 0 else { throw Self.error(errno, path: path) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw InputError(.isDirectory, path: path, reason: "it is a directory")
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
            throw Self.error(errno, path: path)
        }
    }

    /// Reads the whole file: for standards and code lists, which are small.
    package static func readAll(path: String) throws(InputError) -> [UInt8] {
        let source = try FileByteSource(path: path)
        var result: [UInt8] = []
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { block.deallocate() }
        while true {
            let count = try source.read(into: block)
            if count == 0 { return result }
            result.append(contentsOf: block[0..<count])
        }
    }

    static func error(_ code: Int32, path: String) -> InputError {
        switch code {
        case ENOENT: return InputError(.notFound, path: path, reason: "no such file or directory")
        case EACCES: return InputError(.permissionDenied, path: path, reason: "permission denied")
        case EISDIR: return InputError(.isDirectory, path: path, reason: "it is a directory")
        default: return InputError(.readFailed, path: path, reason: String(cString: strerror(code)))
        }
    }
}
