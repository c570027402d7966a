/// A Frictionless Data Package read for validation: each tabular resource with the standard its
/// Table Schema says and the file it describes.
///
/// Loading checks the descriptor and every resource's schema as loading a standard does, so every
/// problem is an error at its `file:line:column`. Foreign keys between resources become foreign
/// keys to the other resource's file, read with that resource's dialect.
///
/// ```swift
/// let package = try DataPackage(contentsOfFile: "datapackage.json")
/// for resource in package.resources {
///     let report = try await Validator(standard: resource.standard).validate(fileAt: resource.path)
/// }
/// ```
public struct DataPackage: Sendable {
    /// A tabular resource: its name, its data file and the standard its schema says.
    public struct Resource: Sendable {
        /// The resource's `name`.
        public let name: String
        /// Its data file, resolved against the descriptor's folder.
        public let path: String
        /// Its schema, dialect and encoding as a standard (id: the resource's name).
        public let standard: Standard
    }

    /// A resource that is not validated, and why (it has no schema, or its data is inline).
    public struct SkippedResource: Sendable, Equatable {
        /// The resource's `name`.
        public let name: String
        /// Why it is not validated.
        public let reason: String
    }

    /// The descriptor's path, as given.
    public let path: String
    /// The package's `name`, when it has one.
    public let name: String?
    /// The tabular resources, in the descriptor's order.
    public let resources: [Resource]
    /// The resources left out, in the descriptor's order.
    public let skipped: [SkippedResource]
    /// The real path of every file loading read: the descriptor, schema files and the files foreign
    /// keys refer to (a tool writing output checks it overwrites none).
    public let files: [String]

    /// Loads a data package descriptor (`datapackage.json` or YAML) and the schema of each of its
    /// tabular resources.
    ///
    /// The files it names (data, schemas given as paths) must be inside `root` once `..` and
    /// symbolic links are resolved; see <doc:SecurityAndLimits>.
    ///
    /// - Parameters:
    ///   - path: the descriptor.
    ///   - root: the directory the files it names must be in (default: the descriptor's own).
    ///   - limits: size and depth limits for what is read (default ``Standard/Limits/init()``).
    /// - Throws: ``StandardError`` listing every problem, each at `file:line:column`.
    public init(contentsOfFile path: String, root: String? = nil, limits: Standard.Limits = Standard.Limits())
        throws(StandardError)
    {
        let folder = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        self = try StandardLoader(access: FileAccess(root: root ?? (folder.isEmpty ? "/" : folder), limits: limits))
            .loadPackage(path: path)
    }

    package init(path: String, name: String?, resources: [Resource], skipped: [SkippedResource], files: [String]) {
        self.path = path
        self.name = name
        self.resources = resources
        self.skipped = skipped
        self.files = files
    }

    /// Whether `path` names a descriptor by its extension (`.json`, `.yaml`, `.yml`): data Hallmark
    /// validates is CSV, so such an input is a package to load (and loading says what is wrong with it).
    public static func isDescriptorName(_ path: String) -> Bool {
        let lowered = path.lowercased()
        return [".json", ".yaml", ".yml"].contains { lowered.hasSuffix($0) }
    }

    /// Whether the file at `path` is a data package descriptor: JSON or YAML holding `resources`.
    /// `false` for anything else, unreadable files included (loading says why those fail).
    public static func isDescriptor(atPath path: String) -> Bool {
        guard isDescriptorName(path),
            let bytes = try? FileByteSource.readAll(path: path, maxBytes: Standard.Limits().maxStandardBytes),
            let root = try? YAMLParser.parse(bytes, file: path, maxDepth: Standard.Limits().maxYAMLDepth)
        else { return false }
        return StandardLoader.shape(of: root) == .dataPackage
    }
}
