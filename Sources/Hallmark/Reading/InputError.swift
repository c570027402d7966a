/// Input that cannot be read at all: a missing file, a directory, no permission, an I/O failure,
/// corrupt compression, or a pass that was cancelled.
///
/// Problems *inside* readable data are never errors; they are findings in the report.
///
/// ```swift
/// do {
///     report = try await validator.validate(fileAt: path)
/// } catch where error.code == .notFound {
///     …
/// }
/// ```
public struct InputError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; stable, so callers can switch on it.
    public var code: Code
    /// The path as the user gave it.
    public var path: String
    /// What went wrong, such as "no such file or directory".
    public var reason: String

    package init(_ code: Code, path: String, reason: String) {
        self.code = code
        self.path = path
        self.reason = reason
    }

    /// `cannot read 'path': reason`, with control characters in the path escaped.
    public var description: String { "cannot read \(TextExcerpt.path(path)): \(reason)" }

    /// A kind of input failure. A struct rather than an enum so that codes can be added without breaking clients.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The code's stable kebab-case text, such as `not-found`.
        public let rawValue: String
        private init(_ rawValue: String) { self.rawValue = rawValue }
        /// The code's text.
        public var description: String { rawValue }

        /// No file at the path.
        public static let notFound = Code("not-found")
        /// The file exists but may not be read.
        public static let permissionDenied = Code("permission-denied")
        /// The path names a directory.
        public static let isDirectory = Code("is-directory")
        /// Reading failed part-way (an I/O error).
        public static let readFailed = Code("read-failed")
        /// Compressed input that is corrupt or cut short.
        public static let corruptCompression = Code("corrupt-compression")
        /// The path names a FIFO, a device or another file that is not a regular file, where only one is allowed.
        public static let notRegularFile = Code("not-regular-file")
        /// The file is larger than the limit for its kind (standards, code lists).
        public static let tooLarge = Code("too-large")
        /// The task validating the input was cancelled.
        public static let cancelled = Code("cancelled")
    }
}
