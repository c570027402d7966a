/// A file of shared formats and code lists, the kind a standard names in `uses:`.
public struct StandardLibrary: Sendable {
    /// The file it was loaded from.
    public let path: String
    /// Its formats, including those of files it uses.
    public let formats: [String: IdentifierFormat]
    /// Its code lists, including those of files it uses.
    public let codeLists: [String: CodeList]

    /// Loads and checks a library file and everything it uses.
    ///
    /// - Throws: ``StandardError`` listing every problem, each at `file:line:column`.
    public init(contentsOfFile path: String) throws(StandardError) {
        self = try StandardLoader().loadLibrary(path: path)
    }

    init(path: String, formats: [String: IdentifierFormat], codeLists: [String: CodeList]) {
        self.path = path
        self.formats = formats
        self.codeLists = codeLists
    }

    /// Whether a YAML file is a library rather than a standard: it defines no `fields:`.
    /// Used by `hallmark lint` to check either kind of file.
    public static func isLibrary(path: String) -> Bool {
        guard let bytes = try? FileByteSource.readAll(path: path),
            let root = try? YAMLParser.parse(bytes, file: path), case .mapping(let pairs) = root.kind
        else { return false }
        return !pairs.contains { ["fields", "table", "dataset"].contains($0.key.scalarText ?? "") }
    }
}
