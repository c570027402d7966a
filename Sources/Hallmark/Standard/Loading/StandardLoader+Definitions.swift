extension StandardLoader {
    static let formatKeys = ["title", "description", "example", "pattern", "normalize", "checksum"]
    static let codeListKeys = [
        "title", "description", "values", "file", "column", "label", "case-sensitive", "valid-from", "valid-to",
        "has-header",
    ]

    /// The `formats:` and `codelists:` a file defines itself.
    func readDefinitions(_ map: MappingReader, base: String) -> Definitions {
        var definitions = Definitions()
        if let node = map["formats"],
            let formats = MappingReader(node, what: "formats", duplicateNoun: "format", diagnostics: &diagnostics)
        {
            for pair in formats.pairs {
                let name = pair.key.scalarText ?? ""
                if let format = readFormat(name: name, pair.value, at: pair.key.location) {
                    definitions.formats[name] = (format, pair.key.location)
                } else {
                    brokenDefinitions.insert(name)
                }
            }
        }
        if let node = map["codelists"],
            let lists = MappingReader(node, what: "codelists", duplicateNoun: "code list", diagnostics: &diagnostics)
        {
            for pair in lists.pairs {
                let name = pair.key.scalarText ?? ""
                if let list = readCodeList(name: name, pair.value, at: pair.key.location, base: base) {
                    definitions.codeLists[name] = (list, pair.key.location)
                } else {
                    brokenDefinitions.insert(name)
                }
            }
        }
        return definitions
    }

    private func readFormat(name: String, _ node: YAMLNode, at location: SourceLocation) -> IdentifierFormat? {
        guard let map = MappingReader(node, what: "format \(TextExcerpt.quoted(name))", diagnostics: &diagnostics)
        else { return nil }
        map.rejectUnknownKeys(
            allowed: Self.formatKeys, in: "format \(TextExcerpt.quoted(name))", diagnostics: &diagnostics)
        let title = map["title"].flatMap { diagnostics.text($0, "title") }
        let pattern = map["pattern"].flatMap { compilePattern($0) }
        var normalizations: [Normalization] = []
        if let node = map["normalize"] {
            if case .sequence(let steps) = node.kind {
                normalizations = steps.compactMap { diagnostics.named($0, "normalisation", as: Normalization.self) }
            } else {
                diagnostics.add(
                    .invalidValue, "normalize must be a list, not \(node.kindDescription)", at: node.location)
            }
        }
        var checksum: Checksum?
        if let node = map["checksum"], diagnostics.text(node, "checksum") != nil {
            checksum = diagnostics.named(node, "checksum", as: Checksum.self, code: .unknownChecksum)
        }
        if map["pattern"] == nil && map["checksum"] == nil {
            diagnostics.add(
                .missingKey, "format \(TextExcerpt.quoted(name)) needs a 'pattern', a 'checksum', or both", at: location
            )
        }
        let format = IdentifierFormat(
            name: name, title: title, pattern: pattern, normalizations: normalizations,
            checksum: checksum, location: location, example: map["example"].flatMap { diagnostics.text($0, "example") })
        // An example that fails its own format would teach publishers the wrong thing.
        if let example = format.example, let node = map["example"],
            pattern != nil || map["pattern"] == nil, checksum != nil || map["checksum"] == nil, !format.accepts(example)
        {
            diagnostics.add(
                .invalidValue,
                "example \(TextExcerpt.quoted(example)) is not a valid \(format.displayName) by the format's own rules",
                at: node.location)
        }
        return format
    }

    /// A lint warning when `pattern` (a field's or a `matches(…)`'s) repeats a repetition (`(a+)+`)
    /// and PCRE2 matches it: a pattern its byte automaton serves cannot backtrack.
    func warnOfNestedQuantifier(in pattern: CompiledPattern, at location: SourceLocation) {
        let source = pattern.source
        guard pattern.automaton == nil, let offset = NestedQuantifier.find(in: source) else { return }
        diagnostics.warn(
            .nestedQuantifier,
            "pattern \(TextExcerpt.quoted(source)) repeats a repetition (at offset \(offset)), so some values "
                + "make it backtrack exponentially; each such value is a pattern-limit finding. An atomic "
                + "group (?>…) or a possessive quantifier such as ++ avoids it",
            at: location)
    }

    func compilePattern(_ node: YAMLNode) -> CompiledPattern? {
        guard let source = diagnostics.text(node, "pattern") else { return nil }
        do {
            let pattern = try CompiledPattern(source)
            warnOfNestedQuantifier(in: pattern, at: node.location)
            return pattern
        } catch {
            diagnostics.add(
                .invalidPattern,
                "pattern \(TextExcerpt.quoted(source)) does not compile: \(error.message) at offset \(error.offset)",
                at: node.location)
            return nil
        }
    }

    private func readCodeList(name: String, _ node: YAMLNode, at location: SourceLocation, base: String) -> CodeList? {
        // Short form: `units: [tablet, capsule]`.
        if case .sequence = node.kind {
            guard let values = diagnostics.textList(node, "code list \(TextExcerpt.quoted(name))") else { return nil }
            return CodeList(name: name, codes: values.map(\.0), location: location)
        }
        guard let map = MappingReader(node, what: "code list \(TextExcerpt.quoted(name))", diagnostics: &diagnostics)
        else { return nil }
        map.rejectUnknownKeys(
            allowed: Self.codeListKeys, in: "code list \(TextExcerpt.quoted(name))", diagnostics: &diagnostics)
        let caseSensitive = map["case-sensitive"].flatMap { diagnostics.bool($0, "case-sensitive") } ?? true
        switch (map["values"], map["file"]) {
        case (let values?, nil):
            guard let codes = diagnostics.textList(values, "values") else { return nil }
            for key in ["label", "valid-from", "valid-to"] {
                if let node = map[key] {
                    diagnostics.add(
                        .invalidValue,
                        "\(TextExcerpt.quoted(key)) names a column of a code-list file; inline values have none",
                        at: node.location)
                }
            }
            return CodeList(name: name, codes: codes.map(\.0), caseSensitive: caseSensitive, location: location)
        case (nil, let fileNode?):
            guard let relative = diagnostics.text(fileNode, "file") else { return nil }
            guard let columnNode = map["column"] else {
                diagnostics.add(
                    .missingKey,
                    "code list \(TextExcerpt.quoted(name)) reads a file, so it needs 'column:', the header label of the codes",
                    at: location)
                return nil
            }
            guard let column = diagnostics.text(columnNode, "column") else { return nil }
            // A file without a header row (ODS files such as epraccur) names its columns by position.
            let hasHeader = map["has-header"].flatMap { diagnostics.bool($0, "has-header") } ?? true
            var columns = [(column, columnNode)]
            var slots: [String: Int] = [:]
            for key in ["label", "valid-from", "valid-to"] {
                guard let node = map[key], let label = diagnostics.text(node, key) else { continue }
                slots[key] = columns.count
                columns.append((label, node))
            }
            if !hasHeader {
                var positionsValid = true
                for (label, node) in columns where Int(label).map({ $0 < 1 }) ?? true {
                    diagnostics.add(
                        .invalidValue,
                        "a code-list file without a header row names columns by position from 1, not \(TextExcerpt.quoted(label))",
                        at: node.location)
                    positionsValid = false
                }
                guard positionsValid else { return nil }
            }
            switch access.resolve(relative, from: base) {
            case .success(let path):
                var dialect = CSVDialect()
                dialect.hasHeader = hasHeader
                guard
                    let rows = readColumns(
                        path: path.real, shown: path.shown, columns: columns, dialect: dialect, fileNode: fileNode)?
                        .filter({ !$0[0].isEmpty })
                else { return nil }
                return codeList(
                    name: name, rows: rows, path: path.shown, columns: columns, slots: slots,
                    caseSensitive: caseSensitive,
                    location: location)
            case .failure(let refusal):
                diagnostics.add(
                    .unreadableFile, FileAccess.message(refusal, relative, "code list file"), at: fileNode.location)
                return nil
            }
        case (.some, .some):
            diagnostics.add(
                .invalidValue, "code list \(TextExcerpt.quoted(name)) has both 'values' and 'file'; give one",
                at: location)
            return nil
        case (nil, nil):
            diagnostics.add(
                .missingKey, "code list \(TextExcerpt.quoted(name)) needs 'values:' (a list) or 'file:' and 'column:'",
                at: location)
            return nil
        }
    }

    /// A code list from a file's rows: codes in the first column, then the label and validity columns named in `slots`.
    private func codeList(
        name: String, rows: [[String]], path: String, columns: [(label: String, node: YAMLNode)], slots: [String: Int],
        caseSensitive: Bool, location: SourceLocation
    ) -> CodeList? {
        var periods: [(from: TemporalKey?, to: TemporalKey?)]?
        if slots["valid-from"] != nil || slots["valid-to"] != nil {
            var read: [(from: TemporalKey?, to: TemporalKey?)] = []
            for row in rows {
                func date(_ key: String) -> TemporalKey?? {
                    guard let slot = slots[key], !row[slot].isEmpty else { return .some(nil) }
                    var text = row[slot]
                    guard let value = text.withUTF8({ ISOTemporal.date(UnsafeRawBufferPointer($0)) }) else {
                        diagnostics.add(
                            .invalidValue,
                            "code list file \(TextExcerpt.path(path)): \(key) of code \(TextExcerpt.quoted(row[0])) must be a date as YYYY-MM-DD, not \(TextExcerpt.quoted(row[slot]))",
                            at: columns[slot].1.location)
                        return nil
                    }
                    return .some(value)
                }
                guard let from = date("valid-from"), let to = date("valid-to") else { return nil }
                read.append((from, to))
            }
            periods = read
        }
        return CodeList(
            name: name, codes: rows.map { $0[0] }, labels: slots["label"].map { slot in rows.map { $0[slot] } },
            caseSensitive: caseSensitive, periods: periods, location: location)
    }

    /// The given columns of a CSV file (a code list's), as text, for every row that is not blank
    /// (see ``scanColumns(path:shown:columns:dialect:fileNode:what:_:)``).
    func readColumns(
        path: String, shown: String, columns: [(label: String, node: YAMLNode)], dialect: CSVDialect,
        fileNode: YAMLNode, what: String = "code list file"
    ) -> [[String]]? {
        var rows: [[String]] = []
        let scanned = scanColumns(
            path: path, shown: shown, columns: columns, dialect: dialect, fileNode: fileNode, what: what
        ) { cells in
            rows.append(cells.map { String(decoding: $0, as: UTF8.self) })
            return nil
        }
        return scanned ? rows : nil
    }

    /// Calls `body` with the given columns of each row of a CSV file that is not blank, as the
    /// cells' bytes (valid UTF-8); columns are named by header label or, without a header row, by
    /// position from 1. The file is read in `dialect`, converted to UTF-8 from its encoding first.
    /// `body` returns a problem that stops the scan, or `nil`. Returns whether the file was read
    /// without a problem (each one reported).
    func scanColumns(
        path: String, shown: String, columns: [(label: String, node: YAMLNode)], dialect: CSVDialect,
        fileNode: YAMLNode, what: String, _ body: ([UnsafeRawBufferPointer]) -> String?
    ) -> Bool {
        let hasHeader = dialect.hasHeader
        var bytes: [UInt8]
        do {
            bytes = try access.read(path, maxBytes: access.limits.maxCodeListBytes)
            filesRead.append(path)
        } catch {
            diagnostics.add(
                .unreadableFile, "cannot read \(what) \(TextExcerpt.path(shown)): \(error.reason)",
                at: fileNode.location)
            return false
        }
        if var transcoder = Transcoder(dialect.encoding) {
            var utf8: [UInt8] = []
            utf8.reserveCapacity(bytes.count)
            bytes.withUnsafeBytes { transcoder.transcode($0, into: &utf8) }
            transcoder.finish(into: &utf8)
            bytes = utf8
        }
        var parser = CSVParser(dialect: dialect)
        var record = CSVRecord()
        var indices: [Int?] = hasHeader ? [] : columns.map { Int($0.label).map { $0 - 1 } }
        var isHeader = hasHeader
        var sawRecord = false
        var problem: String?
        var cells: [UnsafeRawBufferPointer] = []
        func take(_ record: CSVRecord) {
            sawRecord = true
            if isHeader {
                isHeader = false
                indices = columns.map { column in
                    (0..<record.fieldCount).first { record.string(ofField: $0) == column.label }
                }
                return
            }
            guard problem == nil, !indices.contains(nil), !record.isBlank else { return }
            if record.isUnterminated {
                problem = "line \(record.startLine) has an unterminated quote"
                return
            }
            record.bytes.withUnsafeBytes { bytes in
                cells.removeAll(keepingCapacity: true)
                for (index, column) in zip(indices.map { $0! }, columns) {
                    guard index < record.fieldCount else {
                        let count = record.fieldCount == 1 ? "1 cell" : "\(record.fieldCount) cells"
                        problem =
                            "line \(record.startLine) has \(count), too few for column \(TextExcerpt.quoted(column.label))"
                        return
                    }
                    let cell = UnsafeRawBufferPointer(rebasing: bytes[record.range(ofField: index)])
                    guard UTF8Bytes.isValid(cell) else {
                        problem = "line \(record.startLine) is not valid UTF-8"
                        return
                    }
                    cells.append(cell)
                }
                problem = body(cells)
            }
        }
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count && problem == nil {
                let step = parser.parse(UnsafeRawBufferPointer(rebasing: buffer[offset...]), into: &record)
                offset += step.consumed
                if step.isComplete { take(record) }
            }
        }
        if problem == nil, parser.finish(into: &record) { take(record) }
        if !sawRecord {
            diagnostics.add(
                .invalidValue,
                "\(what) \(TextExcerpt.path(shown)) is empty" + (hasHeader ? "; it needs a header row" : ""),
                at: fileNode.location)
            return false
        }
        for (index, column) in zip(indices, columns) where index == nil {
            diagnostics.add(
                .invalidValue,
                "\(what) \(TextExcerpt.path(shown)) has no column \(TextExcerpt.quoted(column.label))",
                at: column.node.location)
        }
        guard !indices.contains(nil) else { return false }
        if let problem {
            diagnostics.add(
                .invalidValue, "\(what) \(TextExcerpt.path(shown)): \(problem)", at: fileNode.location)
            return false
        }
        return true
    }
}
