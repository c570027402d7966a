extension StandardLoader {
    static let ruleKeys = ["id", "assert", "when", "message", "help", "severity", "fields", "unknown", "fail-if"]

    /// `rules:`, a list of row rules, checked against the loaded fields.
    func readRules(_ node: YAMLNode, fields: [FieldSpec]) -> [RowRule] {
        guard case .sequence(let items) = node.kind else {
            diagnostics.add(
                .invalidValue, "rules must be a list of rules (each '- id: …'), not \(node.kindDescription)",
                at: node.location)
            return []
        }
        var seen: [String: Int] = [:]
        var rules: [RowRule] = []
        for item in items {
            guard let map = MappingReader(item, what: "a rule", diagnostics: &diagnostics),
                let (id, what) = readEntryID(
                    map, of: item, noun: "rule", example: "close-after-open", ruleIDPrefix: "rule:",
                    allowedKeys: Self.ruleKeys, seen: &seen)
            else { continue }
            let checker = ExpressionChecker(fields: fields)
            guard let assertNode = map["assert"] else {
                diagnostics.add(
                    .missingKey, "\(what) needs 'assert:', the expression every row must satisfy", at: item.location)
                continue
            }
            let assertion = booleanExpression(assertNode, "assert", of: what, checker: checker)
            let guardExpression = map["when"].flatMap { booleanExpression($0, "when", of: what, checker: checker) }
            guard let message = map["message"].flatMap({ diagnostics.text($0, "message")?.trimmingTrailingNewlines })
            else {
                diagnostics.add(.missingKey, "\(what) needs a 'message:' for publishers", at: item.location)
                continue
            }
            let severity = map["severity"].flatMap { diagnostics.choice($0, "severity", as: Severity.self) } ?? .error
            let help = map["help"].flatMap { diagnostics.text($0, "help")?.trimmingTrailingNewlines }
            let threshold = map["fail-if"].flatMap { readThreshold($0, of: what) }
            let failsWhenUnknown =
                map["unknown"].flatMap { diagnostics.either($0, "unknown of \(what)", "pass", "fail") } ?? false
            var blamed: [String] = []
            if let node = map["fields"], let names = diagnostics.textList(node, "fields") {
                for (name, location) in names {
                    if fields.contains(where: { $0.name == name }) {
                        blamed.append(name)
                    } else {
                        diagnostics.add(
                            .invalidValue,
                            "unknown field \(TextExcerpt.quoted(name)) in fields of \(what)"
                                + Suggestion.didYouMean(name, among: fields.map(\.name)), at: location)
                    }
                }
            }
            guard let assertion else { continue }
            if blamed.isEmpty, let first = assertion.fields.first { blamed = [fields[first].name] }
            rules.append(
                RowRule(
                    id: id, assertion: assertNode.scalarText ?? "", condition: map["when"]?.scalarText,
                    message: message,
                    help: help, severity: severity, fields: blamed, failsWhenUnknown: failsWhenUnknown,
                    location: map.keyLocation("id") ?? item.location, expression: assertion,
                    guardExpression: guardExpression, threshold: threshold))
        }
        return rules
    }

    /// The `id:` of an entry of `rules:` or `aggregates:`, with the entry's name for messages
    /// (`rule 'close-after-open'`); checks its spelling, that no earlier entry has it, and the
    /// entry's keys. `nil` (reported) without one.
    func readEntryID(
        _ map: MappingReader, of item: YAMLNode, noun: String, example: String, ruleIDPrefix: String,
        allowedKeys: [String], seen: inout [String: Int]
    ) -> (id: String, what: String)? {
        guard let id = map["id"].flatMap({ diagnostics.text($0, "id") }) else {
            let article = noun.first.map { "aeiou".contains($0) } == true ? "an" : "a"
            diagnostics.add(.missingKey, "\(article) \(noun) needs an 'id:', such as \(example)", at: item.location)
            return nil
        }
        let what = "\(noun) \(TextExcerpt.quoted(id))"
        map.rejectUnknownKeys(allowed: allowedKeys, in: what, diagnostics: &diagnostics)
        if !Self.isRuleID(id) {
            diagnostics.add(
                .invalidValue,
                "\(what): an id is letters, digits and '-', starting with a letter (it becomes \(ruleIDPrefix)\(TextExcerpt.excerpt(id, limit: 30)))",
                at: map["id"]?.location)
        }
        if let line = seen[id] {
            diagnostics.add(
                .duplicateKey, "\(what) is defined twice (first at line \(line))", at: map["id"]?.location)
        }
        seen[id] = item.location.line
        return (id, what)
    }

    /// `required-when: EXPR` on a field: the condition under which it must have a value.
    func readRequiredWhen(_ node: YAMLNode, of what: String, fields: [FieldSpec]) -> Expression? {
        booleanExpression(node, "required-when", of: what, checker: ExpressionChecker(fields: fields))
    }

    /// Parses and checks an expression that must be true or false, reporting a mistake at its own column.
    func booleanExpression(_ node: YAMLNode, _ key: String, of what: String, checker: ExpressionChecker)
        -> Expression?
    {
        guard let text = diagnostics.text(node, key) else { return nil }
        do {
            let (expression, type) = try checker.check(try ExpressionSyntax.parse(text))
            for pattern in expression.patterns { warnOfNestedQuantifier(in: pattern, at: node.location) }
            guard type == .boolean else {
                diagnostics.add(
                    .invalidValue,
                    "\(key) of \(what) must be true or false, not \(type.described): compare it with something",
                    at: location(of: 0, in: node))
                return nil
            }
            return expression
        } catch {
            var message = "\(key) of \(what): \(error.message)"
            if case .scalar(let scalar) = node.kind, scalar.column(ofOffset: error.offset) == nil {
                // The location is the scalar's start: say which part is meant.
                let rest = String(
                    String.UnicodeScalarView(scalar.text.unicodeScalars.dropFirst(error.offset).prefix(30))
                )
                .trimmingTrailingNewlines
                message += " (at \(rest.isEmpty ? "the end" : TextExcerpt.quoted(rest)))"
            }
            diagnostics.add(.invalidExpression, message, at: location(of: error.offset, in: node))
            return nil
        }
    }

    /// Where an offset into a scalar's text is in the file: exact for a scalar on one line, plain
    /// or quoted, escapes and all; the scalar's start for one over several lines (the message then
    /// quotes the text it means).
    private func location(of offset: Int, in node: YAMLNode) -> SourceLocation {
        guard case .scalar(let scalar) = node.kind, let column = scalar.column(ofOffset: offset) else {
            return node.location
        }
        var location = node.location
        location.column += column
        return location
    }

    static func isRuleID(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, first.properties.isAlphabetic, first.isASCII else { return false }
        return id.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-")
        }
    }
}
