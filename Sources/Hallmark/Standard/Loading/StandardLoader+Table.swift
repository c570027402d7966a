extension StandardLoader {
    static let tableKeys = [
        "dialect", "missing", "fields-match", "header-match", "trailing-empty-column", "footer", "trim",
        "whitespace", "cell-findings",
    ]
    static let dialectKeys = [
        "delimiter", "quote", "double-quote", "escape", "has-header", "encoding", "line-ending", "comment",
        "header-row", "skip-rows", "skip-blank-rows",
    ]
    static let datasetKeys = [
        "id", "primary-key", "unique-keys", "duplicate-rows", "rows", "completeness", "foreign-keys",
        "aggregates",
    ]

    func readTable(_ node: YAMLNode) -> TableSpec {
        var table = TableSpec()
        guard let map = MappingReader(node, what: "table", diagnostics: &diagnostics) else { return table }
        map.rejectUnknownKeys(
            allowed: Self.tableKeys, in: "table", diagnostics: &diagnostics,
            renamed: ["header": "fields-match: exact | ordered | subset"])
        if let node = map["dialect"] { table.dialect = readDialect(node) }
        if let node = map["missing"], let values = diagnostics.textList(node, "missing") {
            table.missingValues = values.map(\.0)
        }
        if let node = map["fields-match"], let match = diagnostics.choice(node, "fields-match", as: FieldsMatch.self) {
            table.fieldsMatch = match
        }
        if let node = map["header-match"], let match = diagnostics.choice(node, "header-match", as: HeaderMatch.self) {
            table.headerMatch = match
        }
        if let node = map["trailing-empty-column"],
            let allowed = diagnostics.either(node, "trailing-empty-column", "report", "allow")
        {
            table.allowsTrailingEmptyColumn = allowed
        }
        if let node = map["trim"], let value = diagnostics.bool(node, "trim") { table.trim = value }
        if let node = map["whitespace"], let value = readWhitespace(node) { table.reportsPadding = value }
        if let node = map["cell-findings"],
            let choice = diagnostics.choice(node, "cell-findings", as: CellFindings.self)
        {
            table.cellFindings = choice
        }
        if let node = map["footer"] { table.footer = readFooter(node) }
        return table
    }

    /// `footer: PATTERN` or `footer: { pattern: PATTERN, max-rows: N }`.
    private func readFooter(_ node: YAMLNode) -> FooterSpec? {
        if case .scalar = node.kind {
            return footerPattern(node).map { FooterSpec(pattern: $0, maxRows: 10) }
        }
        guard let map = MappingReader(node, what: "footer", diagnostics: &diagnostics) else { return nil }
        map.rejectUnknownKeys(allowed: ["pattern", "max-rows"], in: "footer", diagnostics: &diagnostics)
        let maxRows = map["max-rows"].flatMap { diagnostics.integer($0, "footer max-rows", minimum: 1) } ?? 10
        guard let patternNode = map["pattern"] else {
            diagnostics.add(
                .missingKey, "footer needs a pattern for its first cell, such as 'Total'", at: node.location)
            return nil
        }
        return footerPattern(patternNode).map { FooterSpec(pattern: $0, maxRows: maxRows) }
    }

    /// The footer's pattern, refused when it matches an empty cell (`(Total)?`: the footer is
    /// found by a row's first non-blank cell, so that is a mistake) and flagged when it matches
    /// any text (`.*`: the first data row would end the table).
    private func footerPattern(_ node: YAMLNode) -> CompiledPattern? {
        guard let pattern = compilePattern(node) else { return nil }
        let matcher = PatternMatcher(pattern)
        func matches(_ text: String) -> Bool {
            Array(text.utf8).withUnsafeBytes { matcher.match($0) == .match }
        }
        if matches("") {
            diagnostics.add(
                .invalidValue,
                "the footer pattern \(TextExcerpt.quoted(pattern.source)) matches an empty cell; write what the "
                    + "footer's first cell says, such as 'Total'",
                at: node.location)
            return nil
        }
        if matches("x") && matches("7") {
            diagnostics.warn(
                .invalidValue,
                "the footer pattern \(TextExcerpt.quoted(pattern.source)) matches any text: the first data row "
                    + "would end the table",
                at: node.location)
        }
        return pattern
    }

    func readDialect(_ node: YAMLNode) -> CSVDialect {
        var dialect = CSVDialect()
        guard let map = MappingReader(node, what: "dialect", diagnostics: &diagnostics) else { return dialect }
        map.rejectUnknownKeys(
            allowed: Self.dialectKeys, in: "dialect", diagnostics: &diagnostics,
            renamed: ["header": "has-header: true | false"])
        if let node = map["delimiter"], let byte = diagnostics.character(node, "delimiter") { dialect.delimiter = byte }
        // `quote: null` and `escape: null` say "none", as the language article writes them.
        func isNull(_ node: YAMLNode) -> Bool {
            if case .scalar(let scalar) = node.kind { return scalar.isNull }
            return false
        }
        if let node = map["quote"] {
            if isNull(node) {
                dialect.quote = nil
            } else if let byte = diagnostics.character(node, "quote") {
                dialect.quote = byte
            }
        }
        if let node = map["double-quote"], let value = diagnostics.bool(node, "double-quote") {
            dialect.doubleQuote = value
        }
        if let node = map["escape"], !isNull(node), let byte = diagnostics.character(node, "escape") {
            dialect.escape = byte
        }
        if let node = map["has-header"], let value = diagnostics.bool(node, "has-header") { dialect.hasHeader = value }
        if let node = map["comment"], let byte = diagnostics.character(node, "comment") { dialect.commentPrefix = byte }
        if let node = map["line-ending"],
            let ending = diagnostics.choice(node, "line-ending", as: CSVDialect.LineEnding.self)
        {
            dialect.lineEnding = ending
        }
        if let node = map["encoding"], let label = diagnostics.text(node, "encoding") {
            if let encoding = TextEncoding(label: label) {
                dialect.encoding = encoding
            } else {
                diagnostics.add(
                    .invalidValue,
                    "encoding \(TextExcerpt.quoted(label)) is not supported; use one of "
                        + TextEncoding.allCases.map(\.rawValue).joined(separator: ", "),
                    at: node.location)
            }
        }
        let headerRow = map["header-row"].flatMap { diagnostics.integer($0, "header-row", minimum: 1) }
        let skipRows = map["skip-rows"].flatMap { diagnostics.integer($0, "skip-rows") }
        if let headerRow, let skipRows, skipRows != headerRow - 1 {
            diagnostics.add(
                .impossibleConstraint,
                "header-row \(headerRow) and skip-rows \(skipRows) disagree; give one (header-row: N skips N - 1 lines)",
                at: map.keyLocation("skip-rows") ?? node.location)
        }
        if let headerRow { dialect.skipRows = headerRow - 1 } else if let skipRows { dialect.skipRows = skipRows }
        if let node = map["skip-blank-rows"], let value = diagnostics.bool(node, "skip-blank-rows") {
            dialect.skipBlankRows = value
        }
        let special = [dialect.delimiter, 0x0A, 0x0D]
        if let quote = dialect.quote, special.contains(quote) || quote == dialect.commentPrefix {
            diagnostics.add(
                .impossibleConstraint,
                "the quote character must differ from the delimiter, comment prefix and line breaks",
                at: map.keyLocation("quote") ?? node.location)
        }
        if let escape = dialect.escape, special.contains(escape) {
            diagnostics.add(
                .impossibleConstraint, "the escape character must differ from the delimiter and line breaks",
                at: map.keyLocation("escape") ?? node.location)
        }
        if let comment = dialect.commentPrefix, comment == dialect.delimiter {
            diagnostics.add(
                .impossibleConstraint, "the comment prefix must differ from the delimiter",
                at: map.keyLocation("comment") ?? node.location)
        }
        return dialect
    }

    func readDataset(
        _ node: YAMLNode, declaredFields names: [String], fields: [FieldSpec], codeLists: [String: CodeList],
        tableTrims: Bool, base: String
    ) -> DatasetSpec {
        var dataset = DatasetSpec()
        guard let map = MappingReader(node, what: "dataset", diagnostics: &diagnostics) else { return dataset }
        map.rejectUnknownKeys(allowed: Self.datasetKeys, in: "dataset", diagnostics: &diagnostics)
        dataset.id = map["id"].flatMap { diagnostics.text($0, "id") }
        if let node = map["duplicate-rows"], let value = diagnostics.bool(node, "duplicate-rows") {
            dataset.rejectsDuplicateRows = value
            dataset.locations["duplicate-rows"] = map.keyLocation("duplicate-rows")
        }
        func knownField(_ name: String, at location: SourceLocation) -> Bool {
            if names.contains(name) { return true }
            diagnostics.add(
                .invalidValue, "unknown field \(TextExcerpt.quoted(name))" + Suggestion.didYouMean(name, among: names),
                at: location)
            return false
        }
        if let node = map["primary-key"], let keys = diagnostics.textList(node, "primary-key") {
            dataset.locations["primary-key"] = map.keyLocation("primary-key")
            if keys.isEmpty {
                diagnostics.add(.invalidValue, "primary-key must name at least one field", at: node.location)
            }
            var seen: Set<String> = []
            for (name, location) in keys where knownField(name, at: location) {
                if !seen.insert(name).inserted {
                    diagnostics.add(
                        .invalidValue, "field \(TextExcerpt.quoted(name)) appears twice in primary-key", at: location)
                }
                dataset.primaryKey.append(name)
            }
        }
        if let node = map["unique-keys"] {
            if case .sequence(let sets) = node.kind {
                for set in sets {
                    guard let names = diagnostics.textList(set, "a set of unique-keys") else { continue }
                    if names.count < 2 {
                        diagnostics.add(
                            .invalidValue,
                            "each entry of unique-keys names two or more fields; one field is 'unique: true' on the field",
                            at: set.location)
                        continue
                    }
                    let known = names.filter { knownField($0.0, at: $0.1) }.map(\.0)
                    guard known.count == names.count else { continue }
                    if Set(known).count != known.count {
                        diagnostics.add(.invalidValue, "a set of unique-keys names a field twice", at: set.location)
                        continue
                    }
                    dataset.uniqueKeys.append(known)
                    dataset.locations["unique-keys:\(known.joined(separator: "+"))"] = set.location
                }
            } else {
                diagnostics.add(
                    .invalidValue, "unique-keys must be a list of lists of fields, such as [[ORG_CODE, SEX]]",
                    at: node.location)
            }
        }
        if let node = map["rows"], let rows = MappingReader(node, what: "rows", diagnostics: &diagnostics) {
            rows.rejectUnknownKeys(allowed: ["min", "max"], in: "rows", diagnostics: &diagnostics)
            dataset.minimumRows = rows["min"].flatMap { diagnostics.integer($0, "rows min") }
            dataset.maximumRows = rows["max"].flatMap { diagnostics.integer($0, "rows max") }
            dataset.locations["rows"] = map.keyLocation("rows")
            if let low = dataset.minimumRows, let high = dataset.maximumRows, low > high {
                diagnostics.add(
                    .impossibleConstraint, "rows min \(low) is greater than rows max \(high)",
                    at: rows.keyLocation("min") ?? node.location)
            }
        }
        if let node = map["completeness"],
            let entries = MappingReader(node, what: "completeness", duplicateNoun: "field", diagnostics: &diagnostics)
        {
            for pair in entries.pairs {
                let name = pair.key.scalarText ?? ""
                guard knownField(name, at: pair.key.location) else { continue }
                guard let text = pair.value.scalarText, text.hasSuffix("%"), let percent = Double(text.dropLast()),
                    percent >= 0, percent <= 100
                else {
                    diagnostics.add(
                        .invalidValue,
                        "completeness of \(TextExcerpt.quoted(name)) must be a percentage such as 99%, not \(pair.value.kindDescription)",
                        at: pair.value.location)
                    continue
                }
                dataset.completeness.append(CompletenessRequirement(field: name, percent: percent))
                dataset.locations["completeness:\(name)"] = pair.key.location
            }
        }
        if let node = map["aggregates"] { dataset.aggregates = readAggregates(node, fields: fields) }
        if let node = map["foreign-keys"] {
            dataset.foreignKeys = readForeignKeys(
                node, fields: fields, codeLists: codeLists, tableTrims: tableTrims, base: base)
        }
        return dataset
    }
}
