/// Input that cannot be read at all: a missing file, a directory, no permission, an I/O failure.
///
/// Problems *inside* readable data are never errors; they are findings in the report.
public struct InputError: Error, Sendable, CustomStringConvertible {
    /// The path as the user gave it.
    public var path: String
    /// What went wrong, such as "no such file or directory".
    public var reason: String

    /// Creates an input error.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// `cannot read 'path': reason`.
    public var description: String { "cannot read '\(path)': \(reason)" }
}
