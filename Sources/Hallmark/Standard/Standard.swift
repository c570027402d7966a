/// A data standard: what a table must look like, loaded from YAML.
///
/// Loading checks the whole standard, including every file it `uses` and every code-list file,
/// so a standard that loads is one the engine can apply without surprises at row 3,000,000.
///
/// ```swift
/// let standard = try Standard(contentsOfFile: "Standards/nhs/practice-prescribing.yaml")
/// print(standard.id, standard.version, standard.fields.count)
/// ```
public struct Standard: Sendable {
    /// The language version the file is written in (`hallmark:`).
    public let languageVersion: Int
    /// A stable identifier such as `nhs.practice-prescribing`.
    public let id: String
    /// The standard's own semantic version, such as `2.1.0`.
    public let version: String
    /// A human title.
    public let title: String?
    /// A longer description.
    public let summary: String?
    /// Who maintains the standard.
    public let publisher: String?
    /// The table's layout and header policy.
    public let table: TableSpec
    /// The columns, in the standard's order.
    public let fields: [FieldSpec]
    /// Rules over several fields of a row (`rules:`).
    public let rules: [RowRule]
    /// Checks over the whole table.
    public let dataset: DatasetSpec
    /// Every identifier format available by name, defined here or in a file this one uses.
    public let formats: [String: IdentifierFormat]
    /// Every code list available by name, defined here or in a file this one uses.
    public let codeLists: [String: CodeList]
    /// The file the standard was loaded from.
    public let path: String
    /// Advice about the standard and the files it uses that did not stop it loading, such as a
    /// pattern prone to slow backtracking (severity ``Severity/warning``); `hallmark lint` prints it.
    public let warnings: [StandardDiagnostic]
    /// The real path of every file the standard was read from: itself, its `uses:` libraries, and
    /// the code-list and referenced files it names (a tool writing output checks it overwrites none).
    public let files: [String]
    /// What the file was written as: a Hallmark standard, or a Frictionless Table Schema read as one.
    public let origin: Origin

    /// The language a standard's file was written in.
    public enum Origin: String, Sendable {
        /// Hallmark's own YAML.
        case hallmark
        /// A Frictionless Table Schema (JSON or YAML, v1 or v2), translated on loading.
        case tableSchema = "table-schema"
        /// A Frictionless tabular data resource holding a Table Schema, its dialect and encoding.
        case tableSchemaResource = "table-schema-resource"

        /// What was read, for messages: `Frictionless Table Schema`, `Frictionless tabular data
        /// resource`; nil for Hallmark's own YAML.
        public var formatName: String? {
            switch self {
            case .hallmark: nil
            case .tableSchema: "Frictionless Table Schema"
            case .tableSchemaResource: "Frictionless tabular data resource"
            }
        }
    }

    /// The language versions this engine reads.
    public static let supportedLanguageVersions = [1]

    /// Loads and checks a standard and everything it uses.
    ///
    /// Files the standard names (`uses:`, code-list `file:`) must be inside `root` once `..` and
    /// symbolic links are resolved; see <doc:SecurityAndLimits>.
    ///
    /// - Parameters:
    ///   - path: a path to a `.yaml` standard.
    ///   - root: the directory the files it names must be in (default: the current directory).
    ///   - limits: size and depth limits for what is read (default ``Limits/init()``).
    /// - Throws: ``StandardError`` listing every problem, each at `file:line:column`.
    public init(contentsOfFile path: String, root: String? = nil, limits: Limits = Limits()) throws(StandardError) {
        self = try StandardLoader(access: FileAccess(root: root ?? ".", limits: limits)).load(path: path)
    }

    /// Loads a standard from YAML text, such as one received by a service.
    ///
    /// Without a `root` the standard may name no file (`uses:`, code-list `file:`): text from a
    /// stranger can then read nothing on this machine. With one, relative paths resolve against it
    /// and must stay inside it.
    ///
    /// - Parameters:
    ///   - yaml: the standard's text.
    ///   - name: the name to show in locations (default `standard.yaml`).
    ///   - root: the directory that relative paths resolve against and must stay in (default: none).
    ///   - limits: size and depth limits for what is read (default ``Limits/init()``).
    /// - Throws: ``StandardError`` listing every problem.
    public init(yaml: String, name: String = "standard.yaml", root: String? = nil, limits: Limits = Limits())
        throws(StandardError)
    {
        self = try StandardLoader(access: FileAccess(root: root, limits: limits))
            .load(yaml: Array(yaml.utf8), name: name, directory: root ?? ".")
    }

    /// The Hallmark standard that a Frictionless Table Schema or tabular resource file says, as
    /// YAML (`hallmark convert`). It loads as a standard checking exactly what loading the schema
    /// itself does.
    ///
    /// - Throws: ``StandardError`` with every located problem, as loading the schema would.
    public static func hallmarkYAML(
        convertingFileAt path: String, root: String? = nil, limits: Limits = Limits()
    ) throws(StandardError) -> String {
        try StandardLoader(access: FileAccess(root: root ?? ".", limits: limits)).convert(path: path)
    }

    /// The standard read with another CSV dialect: one run's overrides of how the file is laid out
    /// (`hallmark validate --delimiter ';' --encoding windows-1252`), its fields and rules unchanged.
    public func replacingDialect(_ dialect: CSVDialect) -> Standard {
        var table = self.table
        table.dialect = dialect
        return Standard(
            languageVersion: languageVersion, id: id, version: version, title: title, summary: summary,
            publisher: publisher, table: table, fields: fields, rules: rules, dataset: dataset, formats: formats,
            codeLists: codeLists, path: path, warnings: warnings, files: files, origin: origin)
    }

    /// Limits on what loading a standard reads, so a hostile standard cannot exhaust memory or the stack.
    public struct Limits: Sendable {
        /// The largest standard or library file, in bytes. Default 16 MiB.
        public var maxStandardBytes = 16 << 20
        /// The largest code-list file, in bytes. Default 64 MiB.
        public var maxCodeListBytes = 64 << 20
        /// How deep YAML may nest (mappings and lists within each other). Default 64.
        public var maxYAMLDepth = 64
        /// How long a chain of `uses:` may be. Default 32.
        public var maxUsesDepth = 32
        /// The most keys all of a standard's referenced files (`foreign-keys` to a file) may hold
        /// together, each costing about its bytes plus 40. Default 4,000,000.
        public var maxReferenceKeys = 4_000_000

        /// The defaults.
        public init() {}
    }

    package init(
        languageVersion: Int, id: String, version: String, title: String?, summary: String?, publisher: String?,
        table: TableSpec, fields: [FieldSpec], rules: [RowRule] = [], dataset: DatasetSpec,
        formats: [String: IdentifierFormat],
        codeLists: [String: CodeList], path: String, warnings: [StandardDiagnostic] = [], files: [String] = [],
        origin: Origin = .hallmark
    ) {
        self.files = files
        self.origin = origin
        self.languageVersion = languageVersion
        self.id = id
        self.version = version
        self.title = title
        self.summary = summary
        self.publisher = publisher
        self.table = table
        self.fields = fields
        self.rules = rules
        self.dataset = dataset
        self.formats = formats
        self.codeLists = codeLists
        self.path = path
        self.warnings = warnings
    }
}
