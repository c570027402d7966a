/// A standard that cannot be used: every problem found in it, each with its location.
///
/// Loading never stops at the first mistake; a publisher fixing a standard sees all of them at once.
///
/// ```swift
/// do {
///     let standard = try Standard(contentsOfFile: "prescribing.yaml")
/// } catch let error as StandardError {
///     print(error)   // prescribing.yaml:12:7: error: unknown key 'uniqe' (did you mean 'unique'?)
/// }
/// ```
public struct StandardError: Error, Sendable, CustomStringConvertible {
    /// The problems, in file order (files in the order they were loaded).
    public var diagnostics: [StandardDiagnostic]

    /// Creates an error from its diagnostics.
    public init(_ diagnostics: [StandardDiagnostic]) {
        self.diagnostics = diagnostics
    }

    /// The most problems ``description`` shows; the rest are counted on a last line.
    public static let maxDescribed = 200

    /// One line per problem, `file:line:column: error: message`: the first ``maxDescribed``, then
    /// how many more there are, so a standard with a mistake repeated 40,000 times prints a page,
    /// not megabytes. ``diagnostics`` holds every one.
    public var description: String {
        var lines = diagnostics.prefix(Self.maxDescribed).map(\.description)
        if diagnostics.count > Self.maxDescribed {
            lines.append("… and \(diagnostics.count - Self.maxDescribed) more problems; fix these first")
        }
        return lines.joined(separator: "\n")
    }
}
