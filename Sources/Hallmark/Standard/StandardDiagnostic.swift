/// One located problem in a standard, or a warning about one that loads.
public struct StandardDiagnostic: Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem this is; stable, so tools can match on it.
    public var code: Code
    /// ``Severity/error`` for a problem that stops the standard loading; ``Severity/warning`` for
    /// advice about one that loads (see ``Standard/warnings``).
    public var severity: Severity
    /// What is wrong, in words a publisher can act on.
    public var message: String
    /// Where it is; `nil` only when the file itself could not be opened.
    public var location: SourceLocation?

    /// Creates a diagnostic.
    public init(_ code: Code, _ message: String, at location: SourceLocation?, severity: Severity = .error) {
        self.code = code
        self.severity = severity
        self.message = message
        self.location = location
    }

    /// `file:line:column: error: message` (or `warning:`).
    ///
    /// The file name and message are shown with control and bidirectional characters escaped,
    /// so a standard cannot write terminal escape sequences through its errors.
    public var description: String {
        let message = TextExcerpt.escaped(message)
        if let location { return "\(TextExcerpt.escaped(location.description)): \(severity.rawValue): \(message)" }
        return "\(severity.rawValue): \(message)"
    }

    /// A stable, kebab-case name for a kind of standard problem.
    ///
    /// A struct rather than an enum so that new codes can be added without breaking clients.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The code's text, such as `unknown-key`.
        public let rawValue: String
        init(_ rawValue: String) { self.rawValue = rawValue }
        /// The code's text.
        public var description: String { rawValue }

        /// The file is not well-formed YAML.
        public static let yamlSyntax = Code("yaml-syntax")
        /// The YAML uses a feature a standard may not (several documents, an undefined alias, ...).
        public static let yamlUnsupported = Code("yaml-unsupported")
        /// A mapping repeats a key.
        public static let duplicateKey = Code("duplicate-key")
        /// A key the language does not define.
        public static let unknownKey = Code("unknown-key")
        /// A key spelled as it was before language version 1 was frozen; the message names the new key.
        public static let renamedKey = Code("renamed-key")
        /// A key the language requires is absent.
        public static let missingKey = Code("missing-key")
        /// A value of the wrong kind or out of its allowed set.
        public static let invalidValue = Code("invalid-value")
        /// A field type the language does not define.
        public static let unknownType = Code("unknown-type")
        /// A named identifier format that is neither defined nor imported.
        public static let unknownFormat = Code("unknown-format")
        /// A named code list that is neither defined nor imported.
        public static let unknownCodeList = Code("unknown-code-list")
        /// A checksum algorithm the engine does not implement.
        public static let unknownChecksum = Code("unknown-checksum")
        /// A `pattern` that PCRE2 cannot compile.
        public static let invalidPattern = Code("invalid-pattern")
        /// A rule's expression does not parse or does not type-check (`rules:`, `required-when:`).
        public static let invalidExpression = Code("invalid-expression")
        /// Constraints that no value can satisfy, such as `min` above `max`.
        public static let impossibleConstraint = Code("impossible-constraint")
        /// Two fields with one name.
        public static let duplicateField = Code("duplicate-field")
        /// Files that `uses` each other in a cycle.
        public static let usesCycle = Code("uses-cycle")
        /// A file that cannot be read (the standard, a file it uses, a code-list CSV).
        public static let unreadableFile = Code("unreadable-file")
        /// A warning: a `pattern` that repeats a repetition, such as `(a+)+`, so that some values make
        /// it backtrack exponentially (each such value is then a `pattern-limit` finding).
        public static let nestedQuantifier = Code("nested-quantifier")
        /// A `hallmark:` language version this engine does not speak.
        public static let unsupportedVersion = Code("unsupported-version")
        /// A Frictionless Table Schema says something Hallmark cannot express yet.
        public static let unsupportedSchema = Code("unsupported-schema")
    }
}
