extension StandardLoader {
    static let fieldKeys = [
        "type", "title", "description", "required", "unique", "sensitive", "severity", "help", "previous-names",
        "min", "max", "exclusive-min", "exclusive-max", "min-length", "max-length", "pattern",
        "values", "codes", "codes-as-of", "format", "layout", "scale", "true-values", "false-values",
        "trim", "whitespace", "group-char", "decimal-char", "currency", "negative", "percent", "bare-number",
        "required-when", "item-type", "delimiter", "json-schema", "missing",
    ]
    static let numberSyntaxKeys = ["group-char", "decimal-char", "currency", "negative", "percent", "bare-number"]

    func readFields(_ node: YAMLNode, visible: Definitions) -> [FieldSpec] {
        guard let map = MappingReader(node, what: "fields", duplicateNoun: "field", diagnostics: &diagnostics) else {
            return []
        }
        if map.pairs.isEmpty {
            diagnostics.add(.invalidValue, "fields is empty; list the table's columns", at: node.location)
        }
        return map.pairs.compactMap { pair in
            readField(name: pair.key.scalarText ?? "", pair.value, at: pair.key.location, visible: visible)
        }
    }

    private func readField(name: String, _ node: YAMLNode, at location: SourceLocation, visible: Definitions)
        -> FieldSpec?
    {
        let what = "field \(TextExcerpt.quoted(name))"
        // `NAME:` with nothing after it is a text field with no constraints.
        if case .scalar(let scalar) = node.kind, scalar.isNull {
            return FieldSpec(
                name: name, type: .string, isRequired: false, isUnique: false, isSensitive: false,
                severity: .error, help: nil, location: location, constraints: FieldConstraints())
        }
        guard var map = MappingReader(node, what: what, diagnostics: &diagnostics) else { return nil }
        let overrides = unwrapConstraintSettings(&map, what: what)
        map.rejectUnknownKeys(
            allowed: Self.fieldKeys, in: what, diagnostics: &diagnostics,
            hints: [
                "enum": "use 'values:' for an inline list of codes or 'codes:' for a named code list",
                "minimum": "did you mean 'min'?", "maximum": "did you mean 'max'?",
            ])
        // An unknown type is reported, and the field's other keys are still read, so that one load
        // shows every mistake; only the checks that depend on the type are skipped.
        var type: FieldType? = .string
        if let typeNode = map["type"] {
            type = diagnostics.named(typeNode, "type", as: FieldType.self, context: " for \(what)", code: .unknownType)
        }
        func flag(_ key: String) -> Bool { map[key].flatMap { diagnostics.bool($0, key) } ?? false }
        var constraints = FieldConstraints()
        constraints.overrides = overrides
        for pair in map.pairs { if let key = pair.key.scalarText { constraints.locations[key] = pair.key.location } }
        readFormat(map, type: type, what: what, visible: visible, into: &constraints)
        readBounds(map, type: type, what: what, into: &constraints)
        readTextConstraints(map, type: type, what: what, visible: visible, into: &constraints)
        readNumberSyntax(map, type: type, what: what, into: &constraints)
        readStructure(map, type: type, what: what, into: &constraints)
        constraints.trim = map["trim"].flatMap { diagnostics.bool($0, "trim") }
        constraints.missing = map["missing"].flatMap { diagnostics.textList($0, "missing")?.map(\.0) }
        if let node = map["whitespace"] { constraints.reportsPadding = readWhitespace(node) }
        let severity = map["severity"].flatMap { diagnostics.choice($0, "severity", as: Severity.self) } ?? .error
        let help = map["help"].flatMap { diagnostics.text($0, "help")?.trimmingTrailingNewlines }
        let isRequired = flag("required")
        let isUnique = flag("unique")
        let isSensitive = flag("sensitive")
        let previousNames = map["previous-names"].flatMap { diagnostics.textList($0, "previous-names")?.map(\.0) } ?? []
        if previousNames.contains(name), let node = map["previous-names"] {
            diagnostics.add(.invalidValue, "previous-names of \(what) lists its own name", at: node.location)
        }
        guard let type else { return nil }
        return FieldSpec(
            name: name, type: type, isRequired: isRequired, isUnique: isUnique, isSensitive: isSensitive,
            severity: severity, help: help, location: location, constraints: constraints, previousNames: previousNames)
    }

    /// The constraint keys that may carry their own severity and help, written
    /// `KEY: { value: V, severity: S, help: H }`, and the rule check each one's settings apply to.
    static let settableConstraints: [String: String] = [
        "type": "type", "layout": "type", "required": "required", "unique": "unique", "min": "min", "max": "max",
        "exclusive-min": "exclusive-min", "exclusive-max": "exclusive-max", "scale": "scale",
        "min-length": "min-length", "max-length": "max-length", "pattern": "pattern", "values": "values",
        "codes": "codes", "codes-as-of": "codes-in-force", "format": "format", "whitespace": "whitespace",
        "required-when": "required-when",
    ]

    /// Replaces each `KEY: { value: V, severity: S, help: H }` in a field by `KEY: V`, and returns
    /// the settings by rule check: a warning for one pattern need not make the field's `required` one.
    private func unwrapConstraintSettings(_ map: inout MappingReader, what: String) -> [String: RuleSettings] {
        var settings: [String: RuleSettings] = [:]
        for pair in map.pairs {
            guard let key = pair.key.scalarText, let check = Self.settableConstraints[key],
                case .mapping = pair.value.kind
            else { continue }
            guard let inner = MappingReader(pair.value, what: "\(key) of \(what)", diagnostics: &diagnostics) else {
                continue
            }
            inner.rejectUnknownKeys(
                allowed: ["value", "severity", "help", "fail-if"], in: "\(key) of \(what)", diagnostics: &diagnostics)
            guard let value = inner["value"] else {
                diagnostics.add(
                    .missingKey,
                    "\(key) of \(what) is a mapping, so it needs 'value:': write \(key): { value: …, severity: …, help: … }",
                    at: pair.value.location)
                map.removeValue(forKey: key)
                continue
            }
            let severity = inner["severity"].flatMap { diagnostics.choice($0, "severity", as: Severity.self) }
            let help = inner["help"].flatMap { diagnostics.text($0, "help")?.trimmingTrailingNewlines }
            var merged = settings[check] ?? RuleSettings()
            merged.severity = severity ?? merged.severity
            merged.help = help ?? merged.help
            merged.failIf = inner["fail-if"].flatMap { readThreshold($0, of: "\(key) of \(what)") } ?? merged.failIf
            settings[check] = merged
            map.replaceValue(forKey: key, with: value)
        }
        return settings
    }

    /// `fail-if: "> 1%"` or `"> 50"`.
    func readThreshold(_ node: YAMLNode, of what: String) -> Threshold? {
        guard let text = diagnostics.text(node, "fail-if") else { return nil }
        guard let threshold = Threshold(text) else {
            diagnostics.add(
                .invalidValue,
                "fail-if of \(what) must be a count or a share of rows such as \"> 50\" or \"> 1%\", not \(TextExcerpt.quoted(text))",
                at: node.location)
            return nil
        }
        return threshold
    }

    /// `whitespace: report | allow`: whether leading or trailing spaces are a finding of their own.
    func readWhitespace(_ node: YAMLNode) -> Bool? {
        diagnostics.either(node, "whitespace", "allow", "report")
    }

    // MARK: Number syntax

    /// `group-char`, `decimal-char`, `currency`, `negative`, `percent` on integer, decimal and number fields.
    private func readNumberSyntax(
        _ map: MappingReader, type: FieldType?, what: String, into constraints: inout FieldConstraints
    ) {
        let given = Self.numberSyntaxKeys.filter { map[$0] != nil }
        guard let first = given.first else { return }
        guard let type, [.integer, .decimal, .number].contains(type) else {
            if let type {
                diagnostics.add(
                    .invalidValue,
                    "\(TextExcerpt.quoted(first)) says how numbers are written; it does not apply to \(type.rawValue) \(what)",
                    at: map.keyLocation(first))
            }
            return
        }
        var syntax = NumberSyntax()
        // Any one sign that cannot be part of a plain number: not a digit, letter, sign or line break.
        func isSeparator(_ byte: UInt8) -> Bool {
            byte >= 0x20 && byte < 0x7F && !(0x30...0x39).contains(byte) && !(0x41...0x5A).contains(byte)
                && !(0x61...0x7A).contains(byte) && byte != 0x2D && byte != 0x2B
        }
        if let node = map["group-char"], let byte = diagnostics.character(node, "group-char") {
            if isSeparator(byte) {
                syntax.groupChar = byte
            } else {
                diagnostics.add(
                    .invalidValue,
                    "group-char must be one sign that is not a digit, letter or sign, such as ',' or ' ', not \(node.kindDescription)",
                    at: node.location)
            }
        }
        if let node = map["decimal-char"], let byte = diagnostics.character(node, "decimal-char") {
            if isSeparator(byte) && byte != 0x20 {
                syntax.decimalChar = byte
            } else {
                diagnostics.add(
                    .invalidValue,
                    "decimal-char must be one sign that is not a digit, letter, sign or space, such as '.' or ',', not \(node.kindDescription)",
                    at: node.location)
            }
        }
        if syntax.groupChar != nil, syntax.groupChar == syntax.decimalChar {
            diagnostics.add(
                .impossibleConstraint, "group-char and decimal-char must differ for \(what)",
                at: map.keyLocation("group-char"))
        }
        if let node = map["currency"], let symbol = diagnostics.text(node, "currency") {
            // A symbol made of number syntax would make numbers ambiguous: `,5` or `(5)`.
            let syntaxCharacters: Set<Character> = ["-", "+", "(", ")", ".", ",", "%", " ", "'", "_"]
            if symbol.isEmpty || symbol.count > 4
                || symbol.contains(where: { $0.isNumber || syntaxCharacters.contains($0) })
            {
                diagnostics.add(
                    .invalidValue, "currency must be a short symbol such as '£' or 'EUR', not \(node.kindDescription)",
                    at: node.location)
            } else {
                syntax.currency = Array(symbol.utf8)
            }
        }
        if let node = map["negative"], let parentheses = diagnostics.either(node, "negative", "minus", "parentheses") {
            syntax.parenthesesNegative = parentheses
        }
        if let node = map["percent"], let value = diagnostics.bool(node, "percent") { syntax.percent = value }
        if let node = map["bare-number"], let value = diagnostics.bool(node, "bare-number") {
            syntax.allowsText = !value
        }
        if !syntax.isPlain { constraints.numberSyntax = syntax }
    }

    // MARK: Lists and JSON

    /// `delimiter` and `item-type` of a list; `json-schema` of an object or array.
    private func readStructure(
        _ map: MappingReader, type: FieldType?, what: String, into constraints: inout FieldConstraints
    ) {
        guard let type else { return }
        for (key, types) in [
            ("delimiter", [FieldType.list]), ("item-type", [.list]), ("json-schema", [.object, .array]),
        ]
        where map[key] != nil && !types.contains(type) {
            diagnostics.add(
                .invalidValue,
                "\(TextExcerpt.quoted(key)) applies to \(types.map(\.rawValue).joined(separator: " and ")) fields, not to \(type.rawValue) \(what)",
                at: map.keyLocation(key))
        }
        if type == .list, let node = map["delimiter"], let byte = diagnostics.character(node, "delimiter") {
            if byte == 0x0A || byte == 0x0D {
                diagnostics.add(.invalidValue, "a list's delimiter cannot be a line break", at: node.location)
            } else {
                constraints.listDelimiter = byte
            }
        }
        if type == .list, let node = map["item-type"] {
            if let item = diagnostics.named(
                node, "item-type", as: FieldType.self, context: " for \(what)", code: .unknownType)
            {
                if FieldType.listItemTypes.contains(item) {
                    constraints.itemType = item
                } else {
                    diagnostics.add(
                        .invalidValue,
                        "a list's items are one of \(FieldType.listItemTypes.map(\.rawValue).joined(separator: ", ")), not \(item.rawValue)",
                        at: node.location)
                }
            }
        }
        if type == .object || type == .array, let node = map["json-schema"] {
            do {
                constraints.jsonSchema = try JSONSchemaSubset(node.jsonNode())
            } catch {
                diagnostics.add(
                    .invalidValue, "json-schema of \(what): \(error.message)",
                    at: node.node(atPointer: error.pointer)?.location ?? node.location)
            }
        }
    }

    // MARK: min / max

    private func readBounds(
        _ map: MappingReader, type: FieldType?, what: String, into constraints: inout FieldConstraints
    ) {
        guard let type else { return }  // a bound is read in its field's type
        for key in ["min", "max", "exclusive-min", "exclusive-max"] {
            guard let node = map[key] else { continue }
            guard type.isOrdered else {
                diagnostics.add(
                    .invalidValue,
                    "\(TextExcerpt.quoted(key)) applies to numbers, dates, times and durations, not to \(type.rawValue) \(what)",
                    at: map.keyLocation(key))
                continue
            }
            guard let text = node.scalarText, let value = boundValue(text, type: type, layout: constraints.layout)
            else {
                diagnostics.add(
                    .invalidValue, "\(key) of \(what) must be \(type.expectation), not \(node.kindDescription)",
                    at: node.location)
                continue
            }
            let bound = FieldConstraints.Bound(value: value, isExclusive: key.hasPrefix("exclusive"), text: text)
            if key.hasSuffix("min") {
                if constraints.lower != nil {
                    diagnostics.add(
                        .invalidValue, "give 'min' or 'exclusive-min' for \(what), not both", at: map.keyLocation(key))
                }
                constraints.lower = bound
            } else {
                if constraints.upper != nil {
                    diagnostics.add(
                        .invalidValue, "give 'max' or 'exclusive-max' for \(what), not both", at: map.keyLocation(key))
                }
                constraints.upper = bound
            }
        }
        if let lower = constraints.lower, let upper = constraints.upper {
            let order = Self.compare(lower.value, upper.value)
            if let order, order > 0 || (order == 0 && (lower.isExclusive || upper.isExclusive)) {
                let lowKey = lower.isExclusive ? "exclusive-min" : "min"
                let highKey = upper.isExclusive ? "exclusive-max" : "max"
                diagnostics.add(
                    .impossibleConstraint,
                    "\(lowKey) \(lower.text) is not below \(highKey) \(upper.text), so no value of \(what) can pass",
                    at: map.keyLocation(lowKey))
            }
        }
    }

    /// Bounds are written in the type's ISO form (or the field's layout, for dates and times).
    private func boundValue(_ text: String, type: FieldType, layout: TemporalLayout?) -> FieldConstraints.BoundValue? {
        var text = text
        return text.withUTF8 { utf8 -> FieldConstraints.BoundValue? in
            let bytes = UnsafeRawBufferPointer(utf8)
            switch type {
            case .integer: return IntegerSyntax.parse(bytes).map { .integer($0) }
            case .decimal: return DecimalNumber(String(decoding: bytes, as: UTF8.self)).map { .decimal($0) }
            case .number:
                // A bound must be a finite number: 1e999999 or -INF would pass everything or nothing.
                return FloatSyntax.parse(bytes).flatMap { $0.isFinite ? .number($0) : nil }
            case .date, .time, .datetime, .year, .yearmonth:
                return (type.temporalKind?.parse(bytes) ?? layout?.parse(bytes)).map { .temporal($0) }
            case .duration: return ISODuration.parse(bytes).map { .temporal($0.key) }
            default: return nil
            }
        }
    }

    static func compare(_ a: FieldConstraints.BoundValue, _ b: FieldConstraints.BoundValue) -> Int? {
        switch (a, b) {
        case (.integer(let x), .integer(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.number(let x), .number(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.temporal(let x), .temporal(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.decimal(let x), .decimal(let y)):
            var text = y.description
            return text.withUTF8 { utf8 in
                let bytes = UnsafeRawBufferPointer(utf8)
                guard let scan = DecimalNumber.scan(bytes) else { return nil }
                return -x.compare(cell: scan, in: bytes)
            }
        default: return nil
        }
    }

    // MARK: Formats and layouts

    /// `format:` names an identifier format (text and integer fields); `layout:` spells a date or time.
    private func readFormat(
        _ map: MappingReader, type: FieldType?, what: String, visible: Definitions,
        into constraints: inout FieldConstraints
    ) {
        if let node = map["layout"], let source = diagnostics.text(node, "layout"), let type {
            if type == .geopoint {
                let syntaxes: [String: GeopointSyntax] = ["pair": .pair, "array": .array, "object": .object]
                if let syntax = syntaxes[source] {
                    constraints.geopointSyntax = syntax
                } else {
                    diagnostics.add(
                        .invalidValue,
                        "layout of geopoint \(what) is pair (\"lon, lat\"), array ([lon, lat]) or object "
                            + "({\"lon\": …, \"lat\": …}), not \(node.kindDescription)", at: node.location)
                }
            } else if let kind = type.temporalKind {
                do {
                    constraints.layout = try TemporalLayout(source, for: kind)
                } catch {
                    diagnostics.add(.invalidValue, error.message, at: node.location)
                }
            } else {
                diagnostics.add(
                    .invalidValue,
                    "'layout' spells dates, times and geopoints; it does not apply to \(type.rawValue) \(what)",
                    at: map.keyLocation("layout"))
            }
        }
        guard let node = map["format"], let name = diagnostics.text(node, "format") else { return }
        if let type, type.isTemporal {
            // Before language version 1 was frozen, `format:` also spelled date layouts.
            diagnostics.add(
                .renamedKey,
                "'format' names an identifier format; a \(type.rawValue) field's layout is written 'layout: \(name)'",
                at: map.keyLocation("format"))
        } else if type == nil || type == .string || type == .integer {
            constraints.format =
                definition(
                    name, in: visible.formats, noun: "format", code: .unknownFormat, for: what, at: node.location)?
                .format
        } else if let type {
            diagnostics.add(
                .invalidValue,
                "'format' names an identifier format, for string and integer fields; it does not apply to \(type.rawValue) \(what)",
                at: map.keyLocation("format"))
        }
    }

    /// A format or code list by name, or a diagnostic naming the nearest one and where names come from.
    private func definition<Value>(
        _ name: String, in table: [String: Value], noun: String, code: StandardDiagnostic.Code, for what: String,
        at location: SourceLocation
    ) -> Value? {
        if let value = table[name] { return value }
        // Its definition, or a file that may hold it, already failed with an error of its own.
        if usesFailed || brokenDefinitions.contains(name) { return nil }
        let section = noun == "format" ? "formats" : "codelists"
        diagnostics.add(
            code, Suggestion.unknownName(noun, name, for: what, among: table.keys, section: section), at: location)
        return nil
    }

    // MARK: Text constraints and code lists

    private func readTextConstraints(
        _ map: MappingReader, type: FieldType?, what: String, visible: Definitions,
        into constraints: inout FieldConstraints
    ) {
        let minLength = map["min-length"].flatMap { diagnostics.integer($0, "min-length") }
        let maxLength = map["max-length"].flatMap { diagnostics.integer($0, "max-length") }
        if let minLength, let maxLength, minLength > maxLength {
            diagnostics.add(
                .impossibleConstraint,
                "min-length \(minLength) is greater than max-length \(maxLength), so no value of \(what) can pass",
                at: map.keyLocation("min-length"))
        }
        constraints.minLength = minLength
        constraints.maxLength = maxLength
        constraints.pattern = map["pattern"].flatMap { compilePattern($0) }
        if let node = map["values"], let values = diagnostics.textList(node, "values") {
            if values.isEmpty {
                diagnostics.add(
                    .impossibleConstraint, "values is empty, so no value of \(what) can pass", at: node.location)
            }
            var keys: [[UInt8]]?
            if let type, LogicalValue.applies(to: type) {
                // Compared by what they mean, so each must be a value of the field's type.
                keys = []
                for (text, location) in values {
                    var key: [UInt8] = []
                    var text = text
                    let read = text.withUTF8 {
                        LogicalValue.key(
                            UnsafeRawBufferPointer($0), type: type, layout: constraints.layout, into: &key)
                    }
                    if read {
                        keys?.append(key)
                    } else {
                        diagnostics.add(
                            .invalidValue,
                            "values of \(what) must each be \(type.expectation), not \(TextExcerpt.quoted(text))",
                            at: location)
                    }
                }
            }
            if keys == nil || keys?.count == values.count {
                constraints.values = CodeList(
                    name: "values", codes: values.map(\.0), location: node.location, keys: keys)
            }
        }
        if let node = map["codes"], let name = diagnostics.text(node, "codes") {
            constraints.codeList =
                definition(
                    name, in: visible.codeLists, noun: "code list", code: .unknownCodeList, for: what, at: node.location
                )?
                .list
        }
        if let node = map["codes-as-of"], let name = diagnostics.text(node, "codes-as-of") {
            if constraints.codeList?.hasValidity == true {
                constraints.codesAsOf = name
            } else if map["codes"] != nil, constraints.codeList != nil {
                diagnostics.add(
                    .invalidValue,
                    "'codes-as-of' needs a code list with 'valid-from' or 'valid-to' columns; \(TextExcerpt.quoted(constraints.codeList!.name)) has neither",
                    at: node.location)
            } else if map["codes"] == nil {
                diagnostics.add(.invalidValue, "'codes-as-of' goes with 'codes:' on \(what)", at: node.location)
            }
        }
        if let node = map["scale"] {
            if type == .decimal {
                constraints.scale = diagnostics.integer(node, "scale")
            } else if let type {
                diagnostics.add(
                    .invalidValue, "'scale' applies to decimal fields, not to \(type.rawValue) \(what)",
                    at: map.keyLocation("scale"))
            }
        }
        for key in ["true-values", "false-values"] {
            guard let node = map[key] else { continue }
            guard type == .boolean else {
                guard let type else { continue }
                diagnostics.add(
                    .invalidValue,
                    "\(TextExcerpt.quoted(key)) applies to boolean fields, not to \(type.rawValue) \(what)",
                    at: map.keyLocation(key))
                continue
            }
            guard let values = diagnostics.textList(node, key) else { continue }
            if values.isEmpty {
                diagnostics.add(.invalidValue, "\(key) must list at least one value", at: node.location)
            }
            if key == "true-values" {
                constraints.trueValues = values.map(\.0)
            } else {
                constraints.falseValues = values.map(\.0)
            }
        }
        let overlap = Set(constraints.trueValues).intersection(constraints.falseValues)
        if type == .boolean, let both = overlap.sorted().first {
            diagnostics.add(
                .impossibleConstraint, "\(TextExcerpt.quoted(both)) is both a true and a false value for \(what)",
                at: map.keyLocation("true-values") ?? map.keyLocation("false-values"))
        }
    }
}
