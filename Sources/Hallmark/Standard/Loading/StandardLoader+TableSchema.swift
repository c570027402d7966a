/// Frictionless Table Schemas (and tabular data resources holding one), read as standards.
///
/// A schema is translated into the node tree of the Hallmark standard that says the same, every
/// node keeping the schema's location, and that tree is then loaded like any standard: a schema's
/// mistakes, and whatever Hallmark cannot yet express, are errors at the schema's own
/// `file:line:column`, never dropped.
extension StandardLoader {
    /// What a parsed file is, by its shape.
    enum SourceShape {
        case standard
        /// A Table Schema: a mapping whose `fields` is a list of mappings with a `name`.
        case tableSchema
        /// A tabular data resource: a mapping with a `schema` (and a `path`).
        case resource
        /// A data package: a mapping with `resources`.
        case dataPackage
    }

    static func shape(of root: YAMLNode) -> SourceShape {
        guard case .mapping(let pairs) = root.kind else { return .standard }
        func value(_ key: String) -> YAMLNode? { pairs.first { $0.key.scalarText == key }?.value }
        if value("hallmark") != nil { return .standard }
        if value("resources") != nil { return .dataPackage }
        if case .mapping? = value("schema")?.kind { return .resource }
        if case .sequence(let fields)? = value("fields")?.kind,
            fields.contains(where: { field in
                if case .mapping(let keys) = field.kind { return keys.contains { $0.key.scalarText == "name" } }
                return false
            })
        {
            return .tableSchema
        }
        return .standard
    }

    /// The Hallmark standard a Table Schema or resource says, as a node tree located in the schema;
    /// `nil` (with errors) for a data package, which is not read yet.
    func translateTableSchema(_ root: YAMLNode, shape: SourceShape, name: String) -> YAMLNode? {
        var translation = TableSchemaTranslation(root: root, name: name)
        translation.packageResources = packageResources
        translation.resourceName = resourceName
        let tree = translation.translate(shape: shape)
        diagnostics.add(contentsOf: translation.problems)
        return tree
    }
}

/// Builds the standard's tree from a schema's, collecting what cannot be expressed.
struct TableSchemaTranslation {
    let root: YAMLNode
    let name: String
    var problems: [StandardDiagnostic] = []
    /// The other resources of the data package this resource is in, by name: what a foreign key's
    /// `reference: { resource: NAME }` names (empty outside a package).
    var packageResources: [String: YAMLNode] = [:]
    /// This resource's name in its package: a reference to it is a reference within the table.
    var resourceName: String?

    /// Keys that describe a field or schema and constrain nothing: kept as documentation or left out.
    static let descriptiveKeys: Set<String> = [
        "description", "title", "example", "rdfType", "$schema", "profile", "custom", "name",
    ]

    init(root: YAMLNode, name: String) {
        self.root = root
        self.name = name
    }

    mutating func translate(shape: StandardLoader.SourceShape) -> YAMLNode? {
        guard case .mapping(let top) = root.kind else { return nil }
        var schemaNode = root
        var resource: [YAMLPair] = []
        switch shape {
        case .standard, .tableSchema: break
        case .dataPackage:
            fail(
                "this is a Frictionless data package, which carries its own schemas: validate it as the input "
                    + "(hallmark validate datapackage.json) rather than as a standard, and convert its resources' "
                    + "schemas one at a time", at: root.location)
            return nil
        case .resource:
            resource = top
            schemaNode = top.first { $0.key.scalarText == "schema" }!.value
            checkResourceKeys(top)
        }
        checkDuplicates(top)
        guard case .mapping(let schema) = schemaNode.kind else { return nil }
        if shape == .resource { checkDuplicates(schema) }
        func value(_ key: String, in pairs: [YAMLPair]) -> YAMLNode? { pairs.first { $0.key.scalarText == key }?.value }

        var out: [YAMLPair] = []
        let at = root.location
        out.append(pair("hallmark", scalar("1", at: at)))
        // A schema's name may have spaces ("Open Referral HSDS"); a standard's id has none.
        let identity = (value("name", in: resource) ?? value("name", in: schema)).flatMap { node in
            node.scalarText.map { scalar(Self.identifier($0), at: node.location) }
        }
        out.append(pair("id", identity ?? scalar(Self.identifier(Self.stem(of: name)), at: at)))
        out.append(pair("version", scalar("1.0.0", at: at)))
        for key in ["title", "description"] {
            if let node = value(key, in: resource) ?? value(key, in: schema) { out.append(pair(key, node)) }
        }

        var table: [YAMLPair] = []
        let dialect = translateDialect(
            value("dialect", in: resource), encoding: value("encoding", in: resource),
            format: value("format", in: resource))
        if !dialect.isEmpty { table.append(pair("dialect", YAMLNode(.mapping(dialect), at: at))) }
        if let missing = value("missingValues", in: schema) { table.append(pair("missing", missingTexts(missing))) }
        if let match = value("fieldsMatch", in: schema) {
            // Table Schema's names for the header's match, in Hallmark's: its `subset` (every field,
            // more columns allowed) is Hallmark's `extra-columns`; its `superset` (no other
            // column, fields may be absent) is Hallmark's `subset`.
            let names = [
                "exact": "exact", "equal": "any-order", "subset": "extra-columns", "superset": "subset",
                "partial": "partial",
            ]
            if let name = match.scalarText.flatMap({ names[$0] }) {
                table.append(pair("fields-match", scalar(name, at: match.location)))
            } else {
                unsupported("fieldsMatch", match)
            }
        }
        if !table.isEmpty { out.append(pair("table", YAMLNode(.mapping(table), at: at))) }

        guard let fieldsNode = value("fields", in: schema), case .sequence(let fieldNodes) = fieldsNode.kind else {
            fail("a Table Schema needs 'fields', a list of fields each with a 'name'", at: schemaNode.location)
            return nil
        }
        var fields: [YAMLPair] = []
        for field in fieldNodes {
            guard case .mapping(let keys) = field.kind, let nameNode = value("name", in: keys) else {
                fail("each field of a Table Schema is a mapping with a 'name'", at: field.location)
                continue
            }
            guard case .scalar(let scalar) = nameNode.kind, !scalar.isNull, !scalar.text.isEmpty else {
                fail("a field's name must be text, not \(nameNode.kindDescription)", at: nameNode.location)
                continue
            }
            checkDuplicates(keys)
            fields.append(
                pair(nameNode, YAMLNode(.mapping(translateField(keys, at: field.location)), at: field.location)))
        }
        // A unique key of one field is that field's `unique` (Hallmark's unique-keys name two or more).
        var uniqueKeys = value("uniqueKeys", in: schema)
        if let keys = uniqueKeys, case .sequence(let entries) = keys.kind {
            var several: [YAMLNode] = []
            for entry in entries {
                let names: [YAMLNode] = if case .sequence(let items) = entry.kind { items } else { [entry] }
                guard names.count == 1, let name = names[0].scalarText,
                    let index = fields.firstIndex(where: { $0.key.scalarText == name }),
                    case .mapping(var keys) = fields[index].value.kind
                else {
                    several.append(entry)
                    continue
                }
                if !keys.contains(where: { $0.key.scalarText == "unique" }) {
                    keys.append(pair("unique", scalar("true", at: entry.location)))
                }
                fields[index].value = YAMLNode(.mapping(keys), at: fields[index].value.location)
            }
            uniqueKeys = several.isEmpty ? nil : YAMLNode(.sequence(several), at: keys.location)
        }
        out.append(pair("fields", YAMLNode(.mapping(fields), at: fieldsNode.location)))

        var dataset: [YAMLPair] = []
        if let key = value("primaryKey", in: schema) { dataset.append(pair("primary-key", listOf(key))) }
        if let keys = uniqueKeys { dataset.append(pair("unique-keys", keys)) }
        if let foreign = value("foreignKeys", in: schema) {
            dataset.append(pair("foreign-keys", translateForeignKeys(foreign)))
        }
        for pair in schema {
            let key = pair.key.scalarText ?? ""
            let known = [
                "fields", "primaryKey", "uniqueKeys", "foreignKeys", "missingValues", "fieldsMatch",
            ]
            if !known.contains(key) && !Self.descriptiveKeys.contains(key) {
                fail("the schema's \(TextExcerpt.quoted(key)) has no Hallmark equivalent yet", at: pair.key.location)
            }
        }
        if !dataset.isEmpty { out.append(pair("dataset", YAMLNode(.mapping(dataset), at: at))) }
        return YAMLNode(.mapping(out), at: at)
    }

    // MARK: Fields

    private mutating func translateField(_ keys: [YAMLPair], at location: SourceLocation) -> [YAMLPair] {
        func value(_ key: String) -> YAMLNode? { keys.first { $0.key.scalarText == key }?.value }
        var out: [YAMLPair] = []
        let typeNode = value("type")
        let formatNode = value("format")
        for (key, node) in [("type", typeNode), ("format", formatNode)] {
            guard let node else { continue }
            if case .scalar(let scalar) = node.kind, !scalar.isNull, !scalar.text.isEmpty { continue }
            fail("a field's \(key) must be text, not \(node.kindDescription)", at: node.location)
            return []
        }
        let type = typeNode?.scalarText ?? "string"
        let format = formatNode?.scalarText ?? "default"
        let typeAt = typeNode?.location ?? location
        switch type {
        case "string":
            switch format {
            case "default": break
            case "email": out.append(pair("pattern", scalar(#"[^@\s]+@[^@\s]+"#, at: formatNode!.location)))
            case "uri": out.append(pair("type", scalar("uri", at: formatNode!.location)))
            case "binary": out.append(pair("type", scalar("base64", at: formatNode!.location)))
            case "uuid":
                out.append(
                    pair(
                        "pattern",
                        scalar(
                            "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}",
                            at: formatNode!.location)))
            default: unsupported("string format", formatNode!)
            }
        case "integer", "number", "boolean", "year", "yearmonth":
            out.append(pair("type", scalar(type, at: typeAt)))
        case "any":
            break  // any text
        case "duration", "object", "array":
            out.append(pair("type", scalar(type, at: typeAt)))
            if format != "default", let formatNode { unsupported("\(type) format", formatNode) }
        case "geopoint":
            out.append(pair("type", scalar(type, at: typeAt)))
            switch format {
            case "default": break
            case "array", "object": out.append(pair("layout", scalar(format, at: formatNode!.location)))
            default: unsupported("geopoint format", formatNode!)
            }
        case "geojson":
            switch format {
            case "default": out.append(pair("type", scalar("geojson", at: typeAt)))
            case "topojson": out.append(pair("type", scalar("topojson", at: formatNode!.location)))
            default: unsupported("geojson format", formatNode!)
            }
        case "list":
            out.append(pair("type", scalar(type, at: typeAt)))
        case "date", "time", "datetime":
            out.append(pair("type", scalar(type, at: typeAt)))
            if format == "any", let formatNode {
                out.append(pair("layout", scalar("any", at: formatNode.location)))
            } else if format != "default", !format.contains("%"), let formatNode {
                // strptime would read only this very text, as a date of 1900-01-01: a mistake, said here.
                fail(
                    "the Table Schema \(type) format \(TextExcerpt.quoted(format)) has no strptime directive (%Y, %m, "
                        + "%d, %H, …): no \(type) can be written in it; give a pattern such as %d/%m/%Y, or 'any'",
                    at: formatNode.location)
            } else if format != "default", let formatNode {
                if let layout = Self.layout(fromStrptime: format) {
                    out.append(pair("layout", scalar(layout, at: formatNode.location)))
                } else {
                    unsupported("\(type) format", formatNode)
                }
            }
        default:
            unsupported("type", typeNode ?? YAMLNode(.scalar(YAMLScalar(text: type, isPlain: true)), at: location))
        }
        for (from, to) in [("trueValues", "true-values"), ("falseValues", "false-values")] {
            if let node = value(from) { out.append(pair(to, node)) }
        }
        if let node = value("groupChar") { out.append(pair("group-char", node)) }
        if let node = value("decimalChar") { out.append(pair("decimal-char", node)) }
        if let node = value("bareNumber") { out.append(pair("bare-number", node)) }
        if let node = value("missingValues") { out.append(pair("missing", missingTexts(node))) }
        // v2 categories: the values allowed, each a value or `{value, label}`.
        if let node = value("categories") {
            if case .sequence(let items) = node.kind, !items.isEmpty {
                out.append(pair("values", YAMLNode(.sequence(items.map(categoryValue)), at: node.location)))
            } else {
                fail("categories lists the values allowed, not \(node.kindDescription)", at: node.location)
            }
        }  // v2: this field's own
        // On any other type the loader says they apply to lists only.
        if let node = value("delimiter") { out.append(pair("delimiter", node)) }
        if let node = value("itemType") { out.append(pair("item-type", node)) }
        for key in ["title", "description"] {
            if let node = value(key) { out.append(pair(key, node)) }
        }
        if let constraints = value("constraints") {
            guard case .mapping(let rules) = constraints.kind else {
                fail("constraints must be a mapping, not \(constraints.kindDescription)", at: constraints.location)
                checkFieldKeys(keys)
                return out
            }
            checkDuplicates(rules)
            let renamed = [
                "required": "required", "unique": "unique", "minLength": "min-length", "maxLength": "max-length",
                "minimum": "min", "maximum": "max", "exclusiveMinimum": "exclusive-min",
                "exclusiveMaximum": "exclusive-max", "pattern": "pattern", "enum": "values",
                "jsonSchema": "json-schema",
            ]
            for rule in rules {
                let key = rule.key.scalarText ?? ""
                guard let hallmark = renamed[key] else {
                    unsupported("constraint", rule.key)
                    continue
                }
                // `unique: false` and `required: false` say nothing.
                if case .scalar(let flag) = rule.value.kind, flag.isPlain, flag.text == "false",
                    key == "unique" || key == "required"
                {
                    continue
                }
                if key == "enum" && type == "boolean" {
                    // An enum of a boolean field lists true and false: the spellings of those values.
                    if let values = booleanEnum(rule.value, keys: keys), case .sequence(let items) = values.kind,
                        !items.isEmpty
                    {
                        out.append(pair("values", values))
                    }
                    continue
                }
                out.append(pair(hallmark, rule.value))
            }
        }
        checkFieldKeys(keys)
        return out
    }

    /// Reports a field's keys that have no translation.
    private mutating func checkFieldKeys(_ keys: [YAMLPair]) {
        let known: Set<String> = [
            "type", "format", "constraints", "trueValues", "falseValues", "groupChar", "decimalChar", "bareNumber",
            "delimiter", "itemType", "missingValues", "categories", "categoriesOrdered",
        ]
        for pair in keys {
            let key = pair.key.scalarText ?? ""
            if !known.contains(key) && !Self.descriptiveKeys.contains(key) { unsupported("field key", pair.key) }
        }
    }

    /// A key given twice: JSON and YAML readers disagree on which wins, so neither is taken.
    private mutating func checkDuplicates(_ pairs: [YAMLPair]) {
        var seen: Set<String> = []
        for pair in pairs {
            guard let key = pair.key.scalarText else { continue }
            if !seen.insert(key).inserted { fail("\(TextExcerpt.quoted(key)) is given twice", at: pair.key.location) }
        }
    }

    /// A resource's keys that change how its file is read and that Hallmark does not follow: errors,
    /// where other keys (custom properties such as `_sheet_order` included) describe and are kept out.
    private mutating func checkResourceKeys(_ pairs: [YAMLPair]) {
        let changesReading: Set<String> = [
            "compression", "sheet", "innerpath", "layout", "control", "data", "pickFields", "skipFields", "pickRows",
            "skipRows", "limitRows", "offsetRows",
        ]
        for pair in pairs {
            let key = pair.key.scalarText ?? ""
            if key == "format", let format = pair.value.scalarText?.lowercased(), format != "csv" && format != "tsv" {
                unsupported("resource format", pair.value)
            } else if key == "dialect", case .scalar = pair.value.kind {
                fail("a dialect given as a path is not read yet; write it in the resource", at: pair.value.location)
            } else if changesReading.contains(key) {
                unsupported("resource key", pair.key)
            }
        }
    }

    /// A boolean field's enum as the texts that spell its values: the field's `trueValues` for
    /// `true`, `falseValues` for `false` (the defaults when it gives none). A list of every spelling
    /// is empty: it constrains nothing the type does not.
    private mutating func booleanEnum(_ node: YAMLNode, keys: [YAMLPair]) -> YAMLNode? {
        guard case .sequence(let items) = node.kind, !items.isEmpty else {
            fail("an enum lists at least one value, not \(node.kindDescription)", at: node.location)
            return nil
        }
        func spellings(_ key: String, _ defaults: [String]) -> [String] {
            guard let list = keys.first(where: { $0.key.scalarText == key })?.value,
                case .sequence(let texts) = list.kind
            else { return defaults }
            return texts.compactMap(\.scalarText)
        }
        let truths = spellings("trueValues", ["true", "True", "TRUE", "1"])
        let falsehoods = spellings("falseValues", ["false", "False", "FALSE", "0"])
        var allowed: [String] = []
        for item in items {
            switch item.scalarText?.lowercased() {
            case "true": allowed += truths
            case "false": allowed += falsehoods
            default:
                fail("an enum of a boolean field lists true and false, not \(item.kindDescription)", at: item.location)
                return nil
            }
        }
        if Set(allowed) == Set(truths + falsehoods) { allowed = [] }
        return YAMLNode(.sequence(allowed.map { scalar($0, at: node.location) }), at: node.location)
    }

    /// Hallmark's layout for a strptime pattern (`%d/%m/%Y` is `D/M/YYYY`), or `nil` when it has a
    /// directive without an equivalent. `fmt:` before it, as Table Schema v0 wrote it, is allowed.
    /// Letters and quotes stand for themselves in strptime, so they are quoted in the layout
    /// (`%Y-%m-%dT%H:%M` is `YYYY-M-D'T'h:m`).
    static func layout(fromStrptime format: String) -> String? {
        var pattern = Substring(format)
        if pattern.hasPrefix("fmt:") { pattern = pattern.dropFirst(4) }
        // Python's strptime reads %d, %m, %H, %M and %S in one digit or two, %Y in four, %y in two.
        let directives: [Character: String] = [
            "Y": "YYYY", "y": "YY", "m": "M", "d": "D", "H": "h", "M": "m", "S": "s", "b": "MMM", "%": "%",
        ]
        var layout = ""
        var quoted = ""
        func closeQuote() {
            guard !quoted.isEmpty else { return }
            layout += "'" + quoted + "'"
            quoted = ""
        }
        var iterator = pattern.makeIterator()
        while let character = iterator.next() {
            if character == "%" {
                guard let directive = iterator.next(), let token = directives[directive] else { return nil }
                closeQuote()
                layout += token
            } else if character == "'" {
                quoted += "''"
            } else if character.isLetter {
                quoted.append(character)
            } else {
                closeQuote()
                layout.append(character)
            }
        }
        closeQuote()
        return layout
    }

    // MARK: Schema level

    private mutating func translateForeignKeys(_ node: YAMLNode) -> YAMLNode {
        guard case .sequence(let keys) = node.kind else { return node }
        var out: [YAMLNode] = []
        for key in keys {
            guard case .mapping(let pairs) = key.kind else {
                out.append(key)
                continue
            }
            func value(_ name: String, in pairs: [YAMLPair]) -> YAMLNode? {
                pairs.first { $0.key.scalarText == name }?.value
            }
            guard let fields = value("fields", in: pairs), let reference = value("reference", in: pairs),
                case .mapping(let target) = reference.kind
            else {
                out.append(key)  // the loader says what is missing
                continue
            }
            var translated: [YAMLPair] = [pair("fields", fields)]
            if let resource = value("resource", in: target), let named = resource.scalarText, named != "",
                named != resourceName
            {
                guard let other = packageResources[named] else {
                    let known = packageResources.keys.sorted()
                    fail(
                        packageResources.isEmpty
                            ? "a foreign key to another resource (\(resource.kindDescription)) needs the data package "
                                + "that holds both: validate the package (hallmark validate datapackage.json); a reference "
                                + "to this table has resource \"\""
                            : "the package has no resource \(resource.kindDescription)"
                                + Suggestion.didYouMean(named, among: known), at: resource.location)
                    continue
                }
                guard let reference = otherResourceReference(other, fields: value("fields", in: target), at: resource)
                else { continue }
                translated.append(pair("reference", reference))
                out.append(YAMLNode(.mapping(translated), at: key.location))
                continue
            }
            if let referenced = value("fields", in: target) {
                translated.append(
                    pair("reference", YAMLNode(.mapping([pair("fields", referenced)]), at: reference.location)))
            }
            out.append(YAMLNode(.mapping(translated), at: key.location))
        }
        return YAMLNode(.sequence(out), at: node.location)
    }

    /// The reference to another resource of the package: its file, read as its own dialect says.
    private mutating func otherResourceReference(_ other: YAMLNode, fields: YAMLNode?, at place: YAMLNode) -> YAMLNode?
    {
        guard case .mapping(let keys) = other.kind,
            let path = keys.first(where: { $0.key.scalarText == "path" })?.value, path.scalarText != nil
        else {
            fail(
                "resource \(place.kindDescription) has no single file 'path' to read the referenced keys from",
                at: place.location)
            return nil
        }
        func value(_ key: String, in pairs: [YAMLPair]) -> YAMLNode? { pairs.first { $0.key.scalarText == key }?.value }
        guard case .mapping(let schema)? = value("schema", in: keys)?.kind else {
            fail(
                "resource \(place.kindDescription) has no schema, so it is not a table whose keys can be referred to",
                at: place.location)
            return nil
        }
        var dialect = translateDialect(
            value("dialect", in: keys), encoding: value("encoding", in: keys), format: value("format", in: keys))
        // A referenced file is read with these; a comment sign it would need cannot be followed.
        let followed: Set<String> = ["delimiter", "quote", "double-quote", "escape", "has-header", "encoding"]
        for entry in dialect where !followed.contains(entry.key.scalarText ?? "") {
            fail(
                "resource \(place.kindDescription) is read with \(TextExcerpt.quoted(entry.key.scalarText ?? "")), "
                    + "which a referenced file cannot be", at: entry.value.location)
        }
        dialect.removeAll { !followed.contains($0.key.scalarText ?? "") }
        var reference = [pair("file", path)]
        if var fields {
            // A file without a header row names its columns by position: the place of each in its schema.
            let headerless = dialect.contains { $0.key.scalarText == "has-header" && $0.value.scalarText == "false" }
            if headerless, case .sequence(let declared)? = value("fields", in: schema)?.kind {
                let names = declared.map { field -> String? in
                    guard case .mapping(let pairs) = field.kind else { return nil }
                    return value("name", in: pairs)?.scalarText
                }
                func position(_ node: YAMLNode) -> YAMLNode {
                    guard let name = node.scalarText, let index = names.firstIndex(of: name) else { return node }
                    return scalar(String(index + 1), at: node.location)
                }
                if case .sequence(let items) = fields.kind {
                    fields = YAMLNode(.sequence(items.map(position)), at: fields.location)
                } else {
                    fields = position(fields)
                }
            }
            reference.append(pair("fields", fields))
        }
        if !dialect.isEmpty { reference.append(pair("dialect", YAMLNode(.mapping(dialect), at: place.location))) }
        if let missing = value("missingValues", in: schema) { reference.append(pair("missing", missingTexts(missing))) }
        return YAMLNode(.mapping(reference), at: place.location)
    }

    /// A resource's CSV dialect and encoding in Hallmark's words.
    private mutating func translateDialect(_ node: YAMLNode?, encoding: YAMLNode?, format: YAMLNode? = nil)
        -> [YAMLPair]
    {
        var out: [YAMLPair] = []
        // A `tsv` resource is tab-delimited unless its dialect says otherwise.
        if let format, format.scalarText?.lowercased() == "tsv" {
            let delimited: Bool
            if case .mapping(let pairs)? = node?.kind {
                delimited = pairs.contains { pair in
                    pair.key.scalarText == "delimiter"
                        || (pair.key.scalarText == "csv"
                            && {
                                if case .mapping(let inner) = pair.value.kind {
                                    return inner.contains { $0.key.scalarText == "delimiter" }
                                }
                                return false
                            }())
                }
            } else {
                delimited = false
            }
            if !delimited { out.append(pair("delimiter", scalar("\t", at: format.location))) }
        }
        if let encoding {
            let text = encoding.scalarText?.lowercased() ?? ""
            // `utf-8-sig` is UTF-8 whose byte-order mark is skipped, as Hallmark skips it anyway.
            let utf8 = ["utf8", "utf-8-sig", "utf_8_sig"].contains(text)
            out.append(pair("encoding", utf8 ? scalar("utf-8", at: encoding.location) : encoding))
        }
        guard let node, case .mapping(let pairs) = node.kind else { return out }
        // A resource's dialect may be nested under `csv` (v2).
        var entries = pairs.filter { $0.key.scalarText != "csv" }
        if let csv = pairs.first(where: { $0.key.scalarText == "csv" })?.value, case .mapping(let inner) = csv.kind {
            entries += inner
        }
        checkDuplicates(entries)
        let renamed = [
            "delimiter": "delimiter", "quoteChar": "quote", "doubleQuote": "double-quote", "header": "has-header",
            "escapeChar": "escape", "commentChar": "comment",
        ]
        for entry in entries {
            let key = entry.key.scalarText ?? ""
            if key == "headerRows" {
                // v2: the header's line; one header row only (several rows joined are not read).
                if case .sequence(let rows) = entry.value.kind, rows.count == 1 {
                    out.append(pair("header-row", rows[0]))
                } else {
                    fail(
                        "headerRows lists the rows a header is joined from; Hallmark reads a header of one row "
                            + "(headerRows: [N])", at: entry.value.location)
                }
            } else if let hallmark = renamed[key] {
                out.append(pair(hallmark, entry.value))
            } else if key != "csv" && key != "lineTerminator" && !Self.descriptiveKeys.contains(key) {
                unsupported("dialect key", entry.key)
            }
        }
        return out
    }

    // MARK: Helpers

    /// A list of missing values as texts: v2 also writes `{value: "-", label: "not asked"}`.
    private func missingTexts(_ node: YAMLNode) -> YAMLNode {
        guard case .sequence(let items) = node.kind else { return node }
        return YAMLNode(.sequence(items.map(categoryValue)), at: node.location)
    }

    /// An entry's value: itself, or the `value` of a `{value, label}` mapping.
    private func categoryValue(_ node: YAMLNode) -> YAMLNode {
        guard case .mapping(let pairs) = node.kind, let value = pairs.first(where: { $0.key.scalarText == "value" })
        else { return node }
        return value.value
    }

    private mutating func unsupported(_ what: String, _ node: YAMLNode) {
        let shown = node.scalarText.map { TextExcerpt.quoted($0) } ?? node.kindDescription
        fail("the Table Schema \(what) \(shown) has no Hallmark equivalent yet", at: node.location)
    }

    private mutating func fail(_ message: String, at location: SourceLocation) {
        problems.append(StandardDiagnostic(.unsupportedSchema, message, at: location))
    }

    private func pair(_ key: String, _ value: YAMLNode) -> YAMLPair {
        YAMLPair(key: scalar(key, at: value.location), value: value)
    }

    private func pair(_ key: YAMLNode, _ value: YAMLNode) -> YAMLPair {
        YAMLPair(key: key, value: value)
    }

    /// A scalar the translation writes, at the schema's place it stands for; plain, as a
    /// standard's author would write `type: integer`.
    private func scalar(_ text: String, at location: SourceLocation) -> YAMLNode {
        YAMLNode(.scalar(YAMLScalar(text: text, isPlain: true)), at: location)
    }

    /// A key given as one name or a list of them, as a list.
    private func listOf(_ node: YAMLNode) -> YAMLNode {
        if case .scalar = node.kind { return YAMLNode(.sequence([node]), at: node.location) }
        return node
    }

    /// A name made fit for an id: spaces become `-`, other signs an id cannot have are left out.
    static func identifier(_ name: String) -> String {
        let kept = name.unicodeScalars.compactMap { character -> Character? in
            if character == " " { return "-" }
            return character.properties.isWhitespace || character.value < 0x20 ? nil : Character(character)
        }
        return kept.isEmpty ? "schema" : String(kept)
    }

    /// The file's name without folders or extensions, as an id for a schema without a `name`.
    static func stem(of path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        return file.split(separator: ".").first.map(String.init) ?? file
    }
}

/// Writes a node tree as block-style YAML that reads back as the same tree: what `hallmark convert`
/// prints. A scalar written quoted in its source stays quoted (so `"01"` stays text), and one that
/// YAML would read otherwise is double-quoted too, with escapes for line breaks and controls.
enum YAMLWriter {
    static func write(_ node: YAMLNode) -> String {
        var out = ""
        write(node, indent: 0, into: &out)
        return out
    }

    private static func write(_ node: YAMLNode, indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        switch node.kind {
        case .scalar: out += pad + scalar(node) + "\n"
        case .sequence(let items):
            for item in items {
                if case .scalar = item.kind {
                    out += pad + "- " + scalar(item) + "\n"
                } else if isEmpty(item) {
                    out += pad + "- " + empty(item) + "\n"
                } else {
                    out += pad + "-\n"
                    write(item, indent: indent + 2, into: &out)
                }
            }
        case .mapping(let pairs):
            for pair in pairs {
                // YAML reads an implicit key of at most 1,024 characters; a longer one is written explicit.
                let written = scalar(pair.key, isKey: true)
                let explicit = written.count > 1000
                if explicit { out += pad + "? " + written + "\n" }
                let key = explicit ? pad + ":" : pad + written + ":"
                if case .scalar = pair.value.kind {
                    out += key + " " + scalar(pair.value) + "\n"
                } else if isEmpty(pair.value) {
                    out += key + " " + empty(pair.value) + "\n"
                } else {
                    out += key + "\n"
                    write(pair.value, indent: indent + 2, into: &out)
                }
            }
        }
    }

    private static func isEmpty(_ node: YAMLNode) -> Bool {
        switch node.kind {
        case .sequence(let items): items.isEmpty
        case .mapping(let pairs): pairs.isEmpty
        case .scalar: false
        }
    }

    private static func empty(_ node: YAMLNode) -> String {
        if case .sequence = node.kind { return "[]" }
        return "{}"
    }

    /// A scalar as YAML. A key is always read as text, so it goes unquoted whenever it can; a value
    /// keeps its source's quotes (`"01"` stays text where a number is expected).
    private static func scalar(_ node: YAMLNode, isKey: Bool = false) -> String {
        guard case .scalar(let scalar) = node.kind else { return "" }
        let text = scalar.text
        let nullLike = ["~", "null", "Null", "NULL"].contains(text)
        if (scalar.isPlain || isKey) && isPlainSafe(text) && !(isKey && nullLike) { return text }
        if scalar.isPlain && scalar.isNull { return "null" }
        var quoted = "\""
        for character in text.unicodeScalars {
            switch character {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\t": quoted += "\\t"
            case "\r": quoted += "\\r"
            case "\u{85}": quoted += "\\N"
            case "\u{2028}": quoted += "\\L"
            case "\u{2029}": quoted += "\\P"
            case "\u{FEFF}", "\u{FFFE}", "\u{FFFF}":
                quoted += "\\u" + String(character.value, radix: 16, uppercase: true)
            default:
                if character.value < 0x20 || (0x7F...0x9F).contains(character.value) {
                    quoted += "\\x" + String(character.value, radix: 16, uppercase: true).leftPadded(to: 2)
                } else {
                    quoted.unicodeScalars.append(character)
                }
            }
        }
        return quoted + "\""
    }

    /// Whether `text` written without quotes reads back as the same text.
    private static func isPlainSafe(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        if "-?:,[]{}#&*!|>'\"%@` ".unicodeScalars.contains(first) || last == " " || last == ":" { return false }
        if text.contains(": ") || text.contains(" #") || text.contains("\n") || text.contains("\t") { return false }
        return text.unicodeScalars.allSatisfy {
            $0.value >= 0x20 && !(0x7F...0x9F).contains($0.value) && $0.value != 0x2028 && $0.value != 0x2029
                && $0.value < 0xFEFF
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: Swift.max(0, width - count)) + self
    }
}

extension StandardLoader {
    /// The Hallmark standard a Table Schema or resource file says, as YAML: loaded first, so a
    /// schema that cannot be converted throws the same located errors as one that cannot be read.
    func convert(path: String) throws(StandardError) -> String {
        _ = try load(path: path)
        let bytes = try readStandardFile(path)
        let root = try YAMLParser.parse(bytes, file: path, maxDepth: access.limits.maxYAMLDepth)
        let shape = Self.shape(of: root)
        guard shape != .standard else {
            throw StandardError([
                StandardDiagnostic(
                    .invalidValue,
                    "\(TextExcerpt.path(path)) is a Hallmark standard already; convert reads a "
                        + "Frictionless Table Schema or resource", at: root.location)
            ])
        }
        var translation = TableSchemaTranslation(root: root, name: path)
        guard let tree = translation.translate(shape: shape) else { throw StandardError(translation.problems) }
        let origin = shape == .resource ? "tabular data resource" : "Table Schema"
        return "# Converted by hallmark from the Frictionless \(origin) \(TextExcerpt.path(path)).\n"
            + YAMLWriter.write(tree)
    }
}
