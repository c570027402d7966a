extension StandardLoader {
    static let foreignKeyKeys = ["fields", "reference", "message", "severity", "help", "fail-if"]
    static let referenceKeys = ["codes", "fields", "file", "dialect", "missing"]

    /// `dataset: foreign-keys:`, a list of `{ fields, reference }`. File references are read here,
    /// once, so a run looks each row's key up in memory.
    func readForeignKeys(
        _ node: YAMLNode, fields: [FieldSpec], codeLists: [String: CodeList], tableTrims: Bool, base: String
    ) -> [ForeignKey] {
        guard case .sequence(let items) = node.kind else {
            diagnostics.add(
                .invalidValue,
                "foreign-keys must be a list, each entry '- fields: …' with a 'reference:', not \(node.kindDescription)",
                at: node.location)
            return []
        }
        let names = fields.map(\.name)
        var keys: [ForeignKey] = []
        var seen: Set<[String]> = []
        for item in items {
            guard let map = MappingReader(item, what: "a foreign key", diagnostics: &diagnostics) else { continue }
            map.rejectUnknownKeys(allowed: Self.foreignKeyKeys, in: "a foreign key", diagnostics: &diagnostics)
            guard let fieldsNode = map["fields"], let referring = fieldNames(fieldsNode, among: names) else {
                if map["fields"] == nil {
                    diagnostics.add(
                        .missingKey, "a foreign key needs 'fields:', the field or fields that refer", at: item.location)
                }
                continue
            }
            let what = "foreign key \(TextExcerpt.quoted(referring.joined(separator: "+")))"
            if !seen.insert(referring).inserted {
                diagnostics.add(.duplicateKey, "\(what) is defined twice", at: fieldsNode.location)
            }
            guard let referenceNode = map["reference"] else {
                diagnostics.add(
                    .missingKey,
                    "\(what) needs a 'reference:': { codes: LIST }, { fields: [...] } in this table, or { file: PATH, fields: [...] }",
                    at: item.location)
                continue
            }
            // A referenced value is compared as the referring field reads its own: trimmed if it trims.
            let trims = referring.map { name in
                fields.first { $0.name == name }?.constraints.trim ?? tableTrims
            }
            guard
                let target = readReference(
                    referenceNode, of: what, trims: trims, names: names, codeLists: codeLists, base: base)
            else { continue }
            let severity = map["severity"].flatMap { diagnostics.choice($0, "severity", as: Severity.self) } ?? .error
            let help = map["help"].flatMap { diagnostics.text($0, "help")?.trimmingTrailingNewlines }
            let threshold = map["fail-if"].flatMap { readThreshold($0, of: what) }
            let message =
                map["message"].flatMap { diagnostics.text($0, "message")?.trimmingTrailingNewlines }
                ?? Self.foreignKeyMessage(referring, target.reference)
            keys.append(
                ForeignKey(
                    fields: referring, reference: target.reference, message: message, severity: severity, help: help,
                    threshold: threshold, location: map.keyLocation("fields") ?? item.location, keys: target.keys,
                    foldsCase: target.foldsCase))
        }
        return keys
    }

    /// `fields: NAME` or `fields: [A, B]`, each a declared field named once.
    func fieldNames(_ node: YAMLNode, among names: [String]) -> [String]? {
        guard let listed = oneOrList(node, "fields") else { return nil }
        guard !listed.isEmpty else {
            diagnostics.add(.invalidValue, "fields must name at least one field", at: node.location)
            return nil
        }
        var valid = true
        for (name, location) in listed where !names.contains(name) {
            diagnostics.add(
                .invalidValue, "unknown field \(TextExcerpt.quoted(name))" + Suggestion.didYouMean(name, among: names),
                at: location)
            valid = false
        }
        if Set(listed.map(\.0)).count != listed.count {
            diagnostics.add(.invalidValue, "fields names a field twice", at: node.location)
            valid = false
        }
        return valid ? listed.map(\.0) : nil
    }

    /// A foreign key's `reference:`, with the referenced keys read when it names a code list or a file.
    private func readReference(
        _ node: YAMLNode, of what: String, trims: [Bool], names: [String], codeLists: [String: CodeList],
        base: String
    ) -> (reference: ForeignKey.Reference, keys: ByteKeySet?, foldsCase: Bool)? {
        let arity = trims.count
        guard let map = MappingReader(node, what: "reference of \(what)", diagnostics: &diagnostics) else {
            return nil
        }
        map.rejectUnknownKeys(allowed: Self.referenceKeys, in: "reference of \(what)", diagnostics: &diagnostics)
        if let codesNode = map["codes"] {
            for key in ["fields", "file", "dialect"] where map[key] != nil {
                diagnostics.add(
                    .invalidValue, "reference of \(what) names a code list, so it takes no \(TextExcerpt.quoted(key))",
                    at: map.keyLocation(key))
            }
            guard let name = diagnostics.text(codesNode, "codes") else { return nil }
            guard arity == 1 else {
                diagnostics.add(
                    .invalidValue,
                    "\(what) has \(arity) fields, but a code list holds single codes; refer to a file's columns instead",
                    at: codesNode.location)
                return nil
            }
            guard let list = codeLists[name] else {
                diagnostics.add(
                    .unknownCodeList,
                    Suggestion.unknownName(
                        "code list", name, for: "reference of \(what)", among: Array(codeLists.keys),
                        section: "codelists"), at: codesNode.location)
                return nil
            }
            var keys = ByteKeySet(minimumCapacity: list.codes.count)
            for code in list.codes {
                keys.insert(Self.referenceKey([list.isCaseSensitive ? code : Self.upperASCII(code)]))
            }
            return (.codeList(name), keys, !list.isCaseSensitive)
        }
        guard let columnsNode = map["fields"] else {
            diagnostics.add(
                .missingKey, "reference of \(what) needs 'codes:' or 'fields:' (and 'file:' for another file)",
                at: node.location)
            return nil
        }
        guard let columns = oneOrList(columnsNode, "fields of the reference") else { return nil }
        guard columns.count == arity else {
            diagnostics.add(
                .invalidValue,
                "\(what) has \(arity) \(arity == 1 ? "field" : "fields") but its reference names \(columns.count); they pair up in order",
                at: columnsNode.location)
            return nil
        }
        guard let fileNode = map["file"] else {
            if let dialect = map["dialect"] {
                diagnostics.add(
                    .invalidValue, "a dialect belongs to a reference with a 'file:'", at: dialect.location)
            }
            guard let referenced = fieldNames(columnsNode, among: names) else { return nil }
            return (.sameTable(fields: referenced), nil, false)
        }
        guard let relative = diagnostics.text(fileNode, "file") else { return nil }
        let dialect = map["dialect"].map { readDialect($0) } ?? CSVDialect()
        if dialect.skipRows > 0 || dialect.skipBlankRows || dialect.commentPrefix != nil {
            diagnostics.add(
                .invalidValue,
                "a referenced file's dialect takes delimiter, quote, double-quote, escape, has-header and encoding; "
                    + "title rows, comments and blank-row skipping are for the table being checked",
                at: map.keyLocation("dialect"))
            return nil
        }
        if !dialect.hasHeader {
            for (label, location) in columns where Int(label).map({ $0 < 1 }) ?? true {
                diagnostics.add(
                    .invalidValue,
                    "a file without a header row names columns by position from 1, not \(TextExcerpt.quoted(label))",
                    at: location)
                return nil
            }
        }
        // Texts meaning "no value" in the referenced file: a row with one in its key is no key.
        let missing = (map["missing"].flatMap { diagnostics.textList($0, "missing") } ?? []).map { Array($0.0.utf8) }
        switch access.resolve(relative, from: base) {
        case .success(let path):
            let reference = ForeignKey.Reference.file(path: relative, columns: columns.map(\.0))
            let cacheKey = "\(path.real)\u{0}\(dialect)\u{0}\(columns.map(\.0))\u{0}\(trims)\u{0}\(missing)"
            if let keys = referenceCache.keys[cacheKey] {
                filesRead.append(path.real)
                return (reference, keys, false)
            }
            let labelled = zip(columns, columnNodes(columnsNode, count: columns.count)).map { ($0.0, $1) }
            var keys = ByteKeySet()
            var key: [UInt8] = []
            let limit = access.limits.maxReferenceKeys
            let cache = referenceCache
            let scanned = scanColumns(
                path: path.real, shown: relative, columns: labelled, dialect: dialect, fileNode: fileNode,
                what: "referenced file"
            ) { cells in
                key.removeAll(keepingCapacity: true)
                for (cell, trims) in zip(cells, trims) {
                    let part = trims ? UTF8Bytes.trimmed(cell) : cell
                    // A row with an empty part can never be referred to: referring rows with one are not checked.
                    if part.isEmpty || missing.contains(where: { part.elementsEqual($0) }) { return nil }
                    CompositeKey.append(part: part, to: &key)
                }
                guard key.withUnsafeBytes({ keys.insert($0) }) else { return nil }
                cache.count += 1
                return cache.count > limit
                    ? "the standard's referenced files hold more than \(limit) keys together (maxReferenceKeys)"
                    : nil
            }
            guard scanned else { return nil }
            referenceCache.keys[cacheKey] = keys
            return (reference, keys, false)
        case .failure(let refusal):
            diagnostics.add(
                .unreadableFile, FileAccess.message(refusal, relative, "referenced file"), at: fileNode.location)
            return nil
        }
    }

    /// A scalar as a list of one, or a list of scalars, each with where it is written.
    private func oneOrList(_ node: YAMLNode, _ what: String) -> [(String, SourceLocation)]? {
        if case .scalar(let scalar) = node.kind, !scalar.isNull { return [(scalar.text, node.location)] }
        return diagnostics.textList(node, what)
    }

    /// The nodes of a `fields:` list (or the one scalar), for locating a missing column.
    private func columnNodes(_ node: YAMLNode, count: Int) -> [YAMLNode] {
        if case .sequence(let items) = node.kind { return items }
        return Array(repeating: node, count: count)
    }

    /// A referenced row's key as the checker builds a referring row's (see ``CompositeKey``).
    private static func referenceKey(_ parts: [String]) -> [UInt8] {
        var key: [UInt8] = []
        for part in parts {
            var part = part
            part.withUTF8 { CompositeKey.append(part: UnsafeRawBufferPointer($0), to: &key) }
        }
        return key
    }

    private static func upperASCII(_ text: String) -> String {
        String(decoding: text.utf8.map(Normalization.upper), as: UTF8.self)
    }

    private static func foreignKeyMessage(_ fields: [String], _ reference: ForeignKey.Reference) -> String {
        let subject = fields.count == 1 ? fields[0] : "(\(fields.joined(separator: ", ")))"
        switch reference {
        case .codeList(let name):
            return "each row's \(subject) must be a code of the list \(TextExcerpt.quoted(name))"
        case .sameTable(let referenced):
            let target = referenced.count == 1 ? referenced[0] : "(\(referenced.joined(separator: ", ")))"
            return "each row's \(subject) must appear as \(target) in some row of this table"
        case .file(let path, let columns):
            let noun = columns.count == 1 ? "column" : "columns"
            return "each row's \(subject) must appear in \(noun) \(columns.joined(separator: ", ")) of \(path)"
        }
    }
}
