/// A file of shared formats and code lists, the kind a standard names in `uses:`.
public struct StandardLibrary: Sendable {
    /// The file it was loaded from.
    public let path: String
    /// Its formats, including those of files it uses.
    public let formats: [String: IdentifierFormat]
    /// Its code lists, including those of files it uses.
    public let codeLists: [String: CodeList]
    /// Advice that did not stop it loading (see ``Standard/warnings``).
    public let warnings: [StandardDiagnostic]

    /// Loads and checks a library file and everything it uses.
    ///
    /// - Parameters:
    ///   - path: the library's path.
    ///   - root: the directory the files it names must be in (default: the current directory).
    ///   - limits: size and depth limits for what is read.
    /// - Throws: ``StandardError`` listing every problem, each at `file:line:column`.
    public init(contentsOfFile path: String, root: String? = nil, limits: Standard.Limits = Standard.Limits())
        throws(StandardError)
    {
        self = try StandardLoader(access: FileAccess(root: root ?? ".", limits: limits)).loadLibrary(path: path)
    }

    init(
        path: String, formats: [String: IdentifierFormat], codeLists: [String: CodeList],
        warnings: [StandardDiagnostic]
    ) {
        self.path = path
        self.formats = formats
        self.codeLists = codeLists
        self.warnings = warnings
    }

    /// Whether a YAML file is a library rather than a standard: it has no `fields:`, `table:` or
    /// `dataset:`, nor a key a typo away from one (`feilds:`), which makes it a standard with a mistake.
    /// Used by `hallmark lint` to check either kind of file.
    public static func isLibrary(path: String) -> Bool {
        let limits = Standard.Limits()
        guard let bytes = try? FileByteSource.readAll(path: path, maxBytes: limits.maxStandardBytes),
            let root = try? YAMLParser.parse(bytes, file: path, maxDepth: limits.maxYAMLDepth),
            case .mapping(let pairs) = root.kind
        else { return false }
        if StandardLoader.shape(of: root) != .standard { return false }  // a Frictionless schema or resource
        let standardKeys = ["fields", "table", "dataset"]
        return !pairs.contains { pair in
            let key = pair.key.scalarText ?? ""
            if standardKeys.contains(key) { return true }
            return !StandardLoader.libraryKeys.contains(key) && Suggestion.nearest(to: key, among: standardKeys) != nil
        }
    }
}
