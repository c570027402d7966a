/// Referenced files' keys, read once however many foreign keys (or a package's resources) name the
/// same columns of the same file read the same way, and counted once against
/// ``Standard/Limits/maxReferenceKeys``.
final class ReferenceCache {
    var keys: [String: ByteKeySet] = [:]
    var count = 0
}

/// Turns YAML files into a ``Standard``: resolves `uses`, reads every key, compiles patterns,
/// loads code-list files, and collects every problem before giving up.
final class StandardLoader {
    static let rootKeys = [
        "hallmark", "id", "version", "title", "description", "publisher", "uses",
        "formats", "codelists", "table", "fields", "rules", "dataset",
    ]
    static let libraryKeys = [
        "hallmark", "id", "version", "title", "description", "publisher", "uses", "formats", "codelists",
    ]

    var diagnostics = Diagnostics()
    let access: FileAccess
    /// Canonical paths of the files being loaded, outermost first: a `uses` back into one is a cycle.
    private var loading: [(canonical: String, shown: String)] = []
    /// Every library loaded, by real path, so one named many times is read, and reported, once.
    private var libraries: [String: Definitions] = [:]
    private var rootName: String?
    /// A file named in `uses` could not be loaded: names it may define are not reported as unknown.
    var usesFailed = false
    /// Formats and code lists defined here that failed to load: already reported, so a field naming
    /// one gets no "unknown" error too.
    var brokenDefinitions: Set<String> = []
    /// The real path of every file read so far: the standard, its libraries, code-list and referenced files.
    var filesRead: [String] = []
    /// The keys of referenced files read so far, shared by the loaders of a data package's resources.
    var referenceCache = ReferenceCache()
    /// What the root file was written as.
    var origin = Standard.Origin.hallmark
    /// For a resource of a data package: the package's other resources by name, and this one's name,
    /// so its foreign keys can name them.
    var packageResources: [String: YAMLNode] = [:]
    var resourceName: String?

    init(access: FileAccess) {
        self.access = access
    }

    func load(path: String) throws(StandardError) -> Standard {
        let bytes = try readStandardFile(path)
        loading.append((PathResolver.canonical(path), path))
        filesRead.append(PathResolver.canonical(path))
        return try loadRoot(bytes, name: path, resolveAgainst: path)
    }

    /// The bytes of the standard file the caller named (any path: it is the caller's choice).
    func readStandardFile(_ path: String) throws(StandardError) -> [UInt8] {
        do {
            return try FileByteSource.readAll(path: path, maxBytes: access.limits.maxStandardBytes)
        } catch {
            throw StandardError([
                StandardDiagnostic(
                    .unreadableFile, "cannot read standard \(TextExcerpt.path(path)): \(error.reason)", at: nil)
            ])
        }
    }

    /// Loads a file named in other standards' `uses` on its own, to check it.
    func loadLibrary(path: String) throws(StandardError) -> StandardLibrary {
        let definitions = loadLibrary(
            shown: path, real: PathResolver.canonical(path), namedAt: SourceLocation(file: path, line: 1, column: 1))
        guard diagnostics.isEmpty else { throw finished() }
        return StandardLibrary(
            path: path, formats: definitions.formats.mapValues(\.format),
            codeLists: definitions.codeLists.mapValues(\.list), warnings: diagnostics.warnings)
    }

    func load(yaml: [UInt8], name: String, directory: String) throws(StandardError) -> Standard {
        try loadRoot(yaml, name: name, resolveAgainst: directory + "/" + name)
    }

    // MARK: The root file

    private func loadRoot(_ bytes: [UInt8], name: String, resolveAgainst base: String) throws(StandardError) -> Standard
    {
        rootName = name
        let root = try YAMLParser.parse(bytes, file: name, maxDepth: access.limits.maxYAMLDepth)
        return try loadRoot(root, name: name, resolveAgainst: base)
    }

    /// Loads a standard from its parsed tree: Hallmark's own, or a Table Schema or resource to translate.
    func loadRoot(_ parsed: YAMLNode, name: String, resolveAgainst base: String) throws(StandardError) -> Standard {
        rootName = name
        var root = parsed
        let shape = Self.shape(of: root)
        if shape != .standard {
            // A Frictionless Table Schema or resource: loaded as the standard that says the same.
            guard let translated = translateTableSchema(root, shape: shape, name: name) else { throw finished() }
            root = translated
            origin = shape == .resource ? .tableSchemaResource : .tableSchema
        }
        guard let map = MappingReader(root, what: "the standard", diagnostics: &diagnostics) else { throw finished() }
        map.rejectUnknownKeys(allowed: Self.rootKeys, in: "the standard", diagnostics: &diagnostics)
        let languageVersion = readLanguageVersion(map)
        let id = readRequiredText(map, "id", root: root)
        let version = readVersion(map, root: root)
        let title = map["title"].flatMap { diagnostics.text($0, "title") }
        let summary = map["description"].flatMap { diagnostics.text($0, "description")?.trimmingTrailingNewlines }
        let publisher = map["publisher"].flatMap { diagnostics.text($0, "publisher") }

        var visible = Definitions()
        readUses(map, base: base, into: &visible)
        visible.merge(readDefinitions(map, base: base), diagnostics: &diagnostics)

        let table = map["table"].map { readTable($0) } ?? TableSpec()
        var fields = map["fields"].map { readFields($0, visible: visible) } ?? []
        // Conditions may name any field, so they are read once every field is.
        if let fieldsNode = map["fields"], case .mapping(let pairs) = fieldsNode.kind {
            for pair in pairs {
                guard case .mapping(let keys) = pair.value.kind,
                    let condition = keys.first(where: { $0.key.scalarText == "required-when" }),
                    let index = fields.firstIndex(where: { $0.name == pair.key.scalarText })
                else { continue }
                var node = condition.value
                if case .mapping(let settings) = node.kind,
                    let value = settings.first(where: { $0.key.scalarText == "value" })
                {
                    node = value.value  // `required-when: { value: …, severity: … }`
                }
                fields[index].constraints.requiredWhen = readRequiredWhen(
                    node, of: "field \(TextExcerpt.quoted(fields[index].name))", fields: fields)
                fields[index].constraints.requiredWhenText = node.scalarText
            }
        }
        let rules = map["rules"].map { readRules($0, fields: fields) } ?? []
        if map["fields"] == nil {
            diagnostics.add(
                .missingKey, "the standard has no 'fields:'; list the table's columns there", at: root.location)
        }
        for field in fields {
            guard let asOf = field.constraints.codesAsOf else { continue }
            let location = field.constraints.locations["codes-as-of"] ?? field.location
            if let other = fields.first(where: { $0.name == asOf }) {
                if !other.type.isTemporal {
                    diagnostics.add(
                        .invalidValue,
                        "codes-as-of of \(TextExcerpt.quoted(field.name)) names \(TextExcerpt.quoted(asOf)), which is \(other.type.rawValue); it must be a date, datetime, year or yearmonth field",
                        at: location)
                }
            } else {
                diagnostics.add(
                    .invalidValue,
                    Suggestion.unknownName(
                        "field", asOf, for: "codes-as-of of \(TextExcerpt.quoted(field.name))",
                        among: fields.map(\.name),
                        section: "fields"), at: location)
            }
        }
        var dataset = DatasetSpec()
        if let datasetNode = map["dataset"] {
            // Names of every declared field, loaded or not, so one bad field does not cascade.
            var declared: [String] = []
            if let fieldsNode = map["fields"], case .mapping(let pairs) = fieldsNode.kind {
                declared = pairs.compactMap(\.key.scalarText)
            }
            dataset = readDataset(
                datasetNode, declaredFields: declared, fields: fields,
                codeLists: visible.codeLists.mapValues(\.list), tableTrims: table.trim, base: base)
        }
        guard diagnostics.isEmpty else { throw finished() }
        return Standard(
            languageVersion: languageVersion ?? 1, id: id ?? "", version: version ?? "", title: title,
            summary: summary, publisher: publisher, table: table, fields: fields, rules: rules, dataset: dataset,
            formats: visible.formats.mapValues(\.format), codeLists: visible.codeLists.mapValues(\.list),
            path: name, warnings: diagnostics.warnings, files: filesRead, origin: origin)
    }

    /// The collected diagnostics, grouped by file in load order, in line order within each file.
    func finished() -> StandardError {
        // The root file first, then the others in the order their problems were found.
        var fileOrder: [String: Int] = rootName.map { [$0: 0] } ?? [:]
        for diagnostic in diagnostics.all {
            let file = diagnostic.location?.file ?? ""
            if fileOrder[file] == nil { fileOrder[file] = fileOrder.count }
        }
        let sorted = diagnostics.all.enumerated().sorted { a, b in
            let (la, lb) = (a.element.location, b.element.location)
            let (fa, fb) = (fileOrder[la?.file ?? ""] ?? 0, fileOrder[lb?.file ?? ""] ?? 0)
            if fa != fb { return fa < fb }
            if (la?.line ?? 0) != (lb?.line ?? 0) { return (la?.line ?? 0) < (lb?.line ?? 0) }
            if (la?.column ?? 0) != (lb?.column ?? 0) { return (la?.column ?? 0) < (lb?.column ?? 0) }
            return a.offset < b.offset
        }.map(\.element)
        return StandardError(sorted)
    }

    // MARK: Metadata

    private func readLanguageVersion(_ map: MappingReader) -> Int? {
        guard let node = map["hallmark"] else {
            diagnostics.add(
                .missingKey, "missing 'hallmark:', the language version; write 'hallmark: 1' as the first line",
                at: map.node.location)
            return nil
        }
        guard let version = diagnostics.integer(node, "hallmark (the language version)", minimum: 1) else { return nil }
        guard Standard.supportedLanguageVersions.contains(version) else {
            diagnostics.add(
                .unsupportedVersion,
                "language version \(version) is not supported by this Hallmark; it reads version \(Standard.supportedLanguageVersions.map(String.init).joined(separator: ", "))",
                at: node.location)
            return nil
        }
        return version
    }

    private func readRequiredText(_ map: MappingReader, _ key: String, root: YAMLNode) -> String? {
        guard let node = map[key] else {
            diagnostics.add(.missingKey, "missing '\(key):'", at: root.location)
            return nil
        }
        guard let text = diagnostics.text(node, key) else { return nil }
        if text.isEmpty || text.contains(where: \.isWhitespace) {
            diagnostics.add(
                .invalidValue, "\(key) must be non-empty text without spaces, such as 'nhs.practice-prescribing'",
                at: node.location)
            return nil
        }
        return text
    }

    private func readVersion(_ map: MappingReader, root: YAMLNode) -> String? {
        guard let node = map["version"] else {
            diagnostics.add(
                .missingKey, "missing 'version:', the standard's semantic version such as 1.0.0", at: root.location)
            return nil
        }
        guard let text = diagnostics.text(node, "version") else { return nil }
        guard SemanticVersion.isValid(text) else {
            diagnostics.add(
                .invalidValue,
                "version \(TextExcerpt.quoted(text)) is not a semantic version (MAJOR.MINOR.PATCH, such as 2.1.0)",
                at: node.location)
            return nil
        }
        return text
    }

    // MARK: uses

    private func readUses(_ map: MappingReader, base: String, into visible: inout Definitions) {
        guard let node = map["uses"], let entries = diagnostics.textList(node, "uses") else { return }
        for (relative, location) in entries {
            switch access.resolve(relative, from: base) {
            case .success(let path):
                visible.merge(
                    loadLibrary(shown: path.shown, real: path.real, namedAt: location), diagnostics: &diagnostics)
            case .failure(let refusal):
                usesFailed = true
                diagnostics.add(.unreadableFile, FileAccess.message(refusal, relative, "uses"), at: location)
            }
        }
    }

    private func loadLibrary(shown path: String, real canonical: String, namedAt location: SourceLocation)
        -> Definitions
    {
        if let start = loading.firstIndex(where: { $0.canonical == canonical }) {
            let cycle = (loading[start...].map(\.shown) + [path]).joined(separator: " → ")
            diagnostics.add(.usesCycle, "'uses' forms a cycle: \(cycle)", at: location)
            usesFailed = true
            return Definitions()
        }
        if let cached = libraries[canonical] { return cached }
        guard loading.count <= access.limits.maxUsesDepth else {
            diagnostics.add(
                .usesCycle, "'uses' nests more than \(access.limits.maxUsesDepth) files deep", at: location)
            usesFailed = true
            return Definitions()
        }
        // A file that fails is remembered as empty: named again, it is neither read nor reported again.
        libraries[canonical] = Definitions()
        let bytes: [UInt8]
        do {
            bytes = try access.read(canonical, maxBytes: access.limits.maxStandardBytes)
            filesRead.append(canonical)
        } catch {
            diagnostics.add(
                .unreadableFile, "cannot read \(TextExcerpt.path(path)) named in uses: \(error.reason)", at: location)
            usesFailed = true
            return Definitions()
        }
        let root: YAMLNode
        do {
            root = try YAMLParser.parse(bytes, file: path, maxDepth: access.limits.maxYAMLDepth)
        } catch {
            diagnostics.add(contentsOf: error.diagnostics)
            usesFailed = true
            return Definitions()
        }
        loading.append((canonical, path))
        defer { loading.removeLast() }
        guard let map = MappingReader(root, what: "a file named in 'uses'", diagnostics: &diagnostics) else {
            return Definitions()
        }
        let libraryOnly = "a file named in 'uses' shares its formats and codelists only; it cannot define a table"
        map.rejectUnknownKeys(
            allowed: Self.libraryKeys, in: "\(TextExcerpt.path(path))", diagnostics: &diagnostics,
            hints: ["fields": libraryOnly, "table": libraryOnly, "dataset": libraryOnly])
        _ = readLanguageVersion(map)
        // A library's metadata is not used, but a wrong-typed value is still a mistake to report.
        for key in ["id", "version", "title", "description", "publisher"] {
            if let node = map[key] { _ = diagnostics.text(node, key) }
        }
        var visible = Definitions()
        readUses(map, base: path, into: &visible)
        visible.merge(readDefinitions(map, base: path), diagnostics: &diagnostics)
        libraries[canonical] = visible
        return visible
    }
}
