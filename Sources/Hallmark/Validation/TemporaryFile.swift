#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Musl)
    internal import Musl
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// A file for the pass's own spill, readable by its owner only and without a name: made with
/// `O_TMPFILE` where Linux has it, else with `mkstemp` and unlinked at once. No other process can
/// open it by name, and nothing is left behind however the process ends. Read and written at
/// explicit offsets, so threads may read it at once.
final class TemporaryFile: @unchecked Sendable {
    private let descriptor: Int32
    /// The directory, for messages.
    private let directory: String

    /// Why a file could not be made or written.
    struct Failure: Error {
        let reason: String
    }

    /// Makes the file in `directory` (the default, ``Validator/defaultSpillDirectory``, when empty).
    init(in directory: String, prefix: String) throws(Failure) {
        let directory = directory.isEmpty ? Validator.defaultSpillDirectory : directory
        self.directory = directory
        #if os(Linux) && (arch(x86_64) || arch(arm64))
            // O_TMPFILE (Linux 3.11; Glibc's macro is not imported): a file that never has a name,
            // so not even an empty one is left by a kill between making and unlinking. File
            // systems without it fall through to mkstemp.
            let unnamed = open(directory, 0o2020_0000 | O_RDWR | O_CLOEXEC, 0o600)
            if unnamed >= 0 {
                descriptor = unnamed
                return
            }
        #endif
        var template = Array("\(directory)/\(prefix)-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard made >= 0 else { throw Failure(reason: Self.reason("cannot make a temporary file in", directory)) }
        descriptor = made
        _ = fcntl(made, F_SETFD, FD_CLOEXEC)
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
    }

    deinit {
        close(descriptor)
    }

    /// Writes all of `bytes` at `offset`; returns why not when the system refuses (no space
    /// left, a quota), for the caller to keep the bytes in memory instead.
    func write(_ bytes: [UInt8], at offset: Int) -> Failure? {
        bytes.withUnsafeBytes { write($0, at: offset) }
    }

    /// Writes all of `bytes` at `offset`, as the array form does.
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Failure? {
        var done = 0
        while done < bytes.count {
            let result = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else {
                return Failure(reason: Self.reason("cannot write to a temporary file in", directory))
            }
            done += result
        }
        return nil
    }

    /// "cannot … in 'DIR': the system's reason", for the last call that failed.
    private static func reason(_ what: String, _ directory: String) -> String {
        let code = errno
        return "\(what) \(TextExcerpt.quoted(directory)): \(String(cString: strerror(code)))"
    }

    /// Reads up to `count` bytes at `offset` into `buffer`; returns how many were read (fewer at
    /// the file's end). A file the pass wrote itself that cannot be read back is a failure of the
    /// machine, not of the input: the process stops with the reason rather than guess.
    func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int) -> Int {
        var done = 0
        while done < count {
            let result = pread(descriptor, buffer + done, count - done, off_t(offset + done))
            if result < 0 && errno == EINTR { continue }
            if result < 0 { fatalError("Hallmark could not read back its own temporary file (errno \(errno))") }
            if result == 0 { break }
            done += result
        }
        return done
    }
}
