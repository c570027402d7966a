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

    /// Reads the whole of a regular file of at most `maxBytes`: for standards and code lists.
    ///
    /// A FIFO, a device or a terminal is refused before any byte is read (a FIFO is opened without
    /// waiting for a writer), so a standard cannot hang the loader or read `/dev/zero` forever.
    package static func readAll(path: String, maxBytes: Int) throws(InputError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_NONBLOCK)
        guard fd >= 0 else { throw error(errno, path: path) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            let isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
            close(fd)
            throw isDirectory
                ? InputError(.isDirectory, path: path, reason: "it is a directory")
                : InputError(.notRegularFile, path: path, reason: "it is not a regular file")
        }
        guard Int(info.st_size) <= maxBytes else {
            close(fd)
            throw InputError(
                .tooLarge, path: path, reason: "it is \(info.st_size) bytes, over the limit of \(maxBytes)")
        }
        close(fd)
        let source = try FileByteSource(path: path)
        var result: [UInt8] = []
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { block.deallocate() }
        while true {
            let count = try source.read(into: block)
            if count == 0 { return result }
            // The file may have grown since it was measured.
            guard result.count + count <= maxBytes else {
                throw InputError(.tooLarge, path: path, reason: "it is over the limit of \(maxBytes) bytes")
            }
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
