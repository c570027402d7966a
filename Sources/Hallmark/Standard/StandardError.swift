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

    /// One line per problem, `file:line:column: error: message`.
    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
