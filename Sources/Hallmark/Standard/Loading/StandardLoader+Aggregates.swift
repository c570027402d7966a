extension StandardLoader {
    static let aggregateKeys = ["id", "group-by", "values", "assert", "message", "help", "severity", "unknown"]

    /// `dataset: aggregates:`, each `{ id, group-by, values, assert, message }`. A value's `where:` is
    /// checked against the table's fields; the assertion against the values, by name.
    func readAggregates(_ node: YAMLNode, fields: [FieldSpec]) -> [AggregateRule] {
        guard case .sequence(let items) = node.kind else {
            diagnostics.add(
                .invalidValue, "aggregates must be a list, each entry '- id: …', not \(node.kindDescription)",
                at: node.location)
            return []
        }
        let names = fields.map(\.name)
        var seen: [String: Int] = [:]
        var rules: [AggregateRule] = []
        for item in items {
            guard let map = MappingReader(item, what: "an aggregate", diagnostics: &diagnostics),
                let (id, what) = readEntryID(
                    map, of: item, noun: "aggregate", example: "bands-add-up", ruleIDPrefix: "dataset:aggregate:",
                    allowedKeys: Self.aggregateKeys, seen: &seen)
            else { continue }
            let groupBy = map["group-by"].flatMap { fieldNames($0, among: names) } ?? []
            guard let valuesNode = map["values"] else {
                diagnostics.add(
                    .missingKey, "\(what) needs 'values:', such as { total: { sum: ITEMS } }", at: item.location)
                continue
            }
            let values = readAggregateValues(valuesNode, of: what, fields: fields)
            guard let assertNode = map["assert"] else {
                diagnostics.add(
                    .missingKey, "\(what) needs 'assert:', the expression each group's values must satisfy",
                    at: item.location)
                continue
            }
            guard let message = map["message"].flatMap({ diagnostics.text($0, "message")?.trimmingTrailingNewlines })
            else {
                diagnostics.add(.missingKey, "\(what) needs a 'message:' for publishers", at: item.location)
                continue
            }
            guard let values else { continue }
            // The assertion sees one field per value, of the type the value has.
            let valueFields = values.map { value in
                FieldSpec(
                    name: value.name, type: value.function.resultType(over: fields[value.fieldIndex].type),
                    isRequired: false, isUnique: false, isSensitive: false, severity: .error, help: nil,
                    location: item.location, constraints: FieldConstraints())
            }
            guard
                let expression = booleanExpression(
                    assertNode, "assert", of: what, checker: ExpressionChecker(fields: valueFields, noun: "value"))
            else { continue }
            rules.append(
                AggregateRule(
                    id: id, groupBy: groupBy, values: values, assertion: assertNode.scalarText ?? "", message: message,
                    help: map["help"].flatMap { diagnostics.text($0, "help")?.trimmingTrailingNewlines },
                    severity: map["severity"].flatMap { diagnostics.choice($0, "severity", as: Severity.self) }
                        ?? .error,
                    failsWhenUnknown: map["unknown"].flatMap {
                        diagnostics.either($0, "unknown of \(what)", "pass", "fail")
                    } ?? false,
                    location: map.keyLocation("id") ?? item.location, expression: expression,
                    groupFields: groupBy.compactMap { name in names.firstIndex(of: name) }))
        }
        return rules
    }

    /// `values:`, a mapping from name to `{ FUNCTION: FIELD, where: EXPR }`.
    private func readAggregateValues(_ node: YAMLNode, of what: String, fields: [FieldSpec])
        -> [AggregateRule.Value]?
    {
        guard
            let map = MappingReader(node, what: "values of \(what)", duplicateNoun: "value", diagnostics: &diagnostics)
        else { return nil }
        if map.pairs.isEmpty {
            diagnostics.add(.invalidValue, "values of \(what) must name at least one value", at: node.location)
            return nil
        }
        let functions = AggregateRule.Function.allCases.map(\.rawValue)
        var values: [AggregateRule.Value] = []
        var valid = true
        for pair in map.pairs {
            let name = pair.key.scalarText ?? ""
            let of = "value \(TextExcerpt.quoted(name)) of \(what)"
            guard let entry = MappingReader(pair.value, what: of, diagnostics: &diagnostics) else {
                valid = false
                continue
            }
            entry.rejectUnknownKeys(allowed: functions + ["where"], in: of, diagnostics: &diagnostics)
            let named = entry.pairs.filter { functions.contains($0.key.scalarText ?? "") }
            guard named.count == 1, let function = AggregateRule.Function(rawValue: named[0].key.scalarText ?? "")
            else {
                diagnostics.add(
                    .invalidValue,
                    "\(of) needs exactly one of \(functions.joined(separator: ", ")), naming a field",
                    at: pair.value.location)
                valid = false
                continue
            }
            guard let fieldName = diagnostics.text(named[0].value, function.rawValue) else {
                valid = false
                continue
            }
            guard let index = fields.firstIndex(where: { $0.name == fieldName }) else {
                diagnostics.add(
                    .invalidValue,
                    "unknown field \(TextExcerpt.quoted(fieldName))"
                        + Suggestion.didYouMean(fieldName, among: fields.map(\.name)), at: named[0].value.location)
                valid = false
                continue
            }
            let type = fields[index].type
            let fits: Bool =
                switch function {
                case .sum, .mean: type == .integer || type == .decimal
                case .min, .max: type == .integer || type == .decimal || type == .number || type.isTemporal
                case .count, .distinctCount: true
                }
            if !fits {
                let wanted =
                    function == .sum || function == .mean
                    ? "an integer or decimal field (exact; a number field's floating sum would depend on the order rows are added in)"
                    : "a number, date or time field"
                diagnostics.add(
                    .invalidValue,
                    "\(function.rawValue) of \(of) needs \(wanted), and \(TextExcerpt.quoted(fieldName)) is \(type.rawValue)",
                    at: named[0].value.location)
                valid = false
                continue
            }
            let condition = entry["where"]
            let guardExpression = condition.flatMap {
                booleanExpression($0, "where", of: of, checker: ExpressionChecker(fields: fields))
            }
            if condition != nil && guardExpression == nil { valid = false }
            values.append(
                AggregateRule.Value(
                    name: name, function: function, field: fieldName, condition: condition?.scalarText,
                    fieldIndex: index, guardExpression: guardExpression))
        }
        return valid ? values : nil
    }
}
