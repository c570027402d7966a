extension Report {
    /// The report as an ordered JSON document.
    package var jsonValue: JSONValue {
        let threshold: JSONValue = failOn.map { .string($0.rawValue) } ?? .null
        let verdict: JSONValue = passed.map(JSONValue.bool) ?? .null
        return .object([
            ("reportVersion", .string(reportVersion)),
            ("valid", .bool(isValid)), ("failOn", threshold), ("passed", verdict),
            ("tool", .object([("name", .string(tool.name)), ("version", .string(tool.version))])),
            (
                "standard",
                .object([
                    ("id", .string(standard.id)), ("version", .string(standard.version)),
                    ("title", standard.title.map(JSONValue.string)), ("path", .string(standard.path)),
                ])
            ),
            (
                "input",
                .object([
                    ("path", input.path.map(JSONValue.string)), ("bytes", .int(input.bytes)),
                    ("sha256", .string(input.sha256)), ("dataset", input.dataset.map(JSONValue.string)),
                ])
            ),
            (
                "timing",
                .object([
                    ("startedAt", .string(timing.startedAt)), ("durationSeconds", .double(timing.durationSeconds)),
                ])
            ),
            (
                "totals",
                .object([
                    ("rows", .int(totals.rows)), ("rowsWithErrors", .int(totals.rowsWithErrors)),
                    (
                        "findings",
                        .object([
                            ("error", .int(totals.findings.error)), ("warning", .int(totals.findings.warning)),
                            ("info", .int(totals.findings.info)),
                        ])
                    ),
                    ("stoppedEarly", .bool(totals.stoppedEarly)),
                    ("stopReason", totals.stopReason.map { .string($0.rawValue) } ?? .null),
                ])
            ),
            ("table", table?.jsonValue),
            ("hints", hints.isEmpty ? nil : .array(hints.map(JSONValue.string))),
            ("rules", .array(findingsByRule.map(\.jsonValue))),
            ("scope", .array(scope.map(JSONValue.string))),
            (
                "engine",
                engine.map {
                    .object([
                        ("name", .string($0.name)), ("table", .string($0.table)),
                        ("rowIdentity", .string($0.rowIdentity)),
                    ])
                }
            ),
            (
                "notChecked",
                engine == nil && notChecked.isEmpty
                    ? nil
                    : .array(
                        notChecked.map { .object([("ruleId", .string($0.ruleID)), ("reason", .string($0.reason))]) })
            ),
        ])
    }
}

extension Report.TableInfo {
    var jsonValue: JSONValue {
        .object([
            ("encoding", .string(encoding)), ("headerRow", headerRow.map(JSONValue.int) ?? .null),
            ("linesSkipped", .int(linesSkipped)),
            ("blankRowsSkipped", .int(blankRowsSkipped)),
            (
                "footer",
                footer.map { .object([("row", .int($0.row)), ("line", .int($0.line)), ("rows", .int($0.rows))]) }
                    ?? .null
            ),
        ])
    }
}

extension Report.RuleFindings {
    var jsonValue: JSONValue {
        .object([
            ("ruleId", .string(ruleID)),
            ("previousRuleIds", previousRuleIDs.isEmpty ? nil : .array(previousRuleIDs.map(JSONValue.string))),
            ("check", .string(check)), ("severity", .string(severity.rawValue)),
            ("field", field.map(JSONValue.string)), ("count", .int(count)), ("message", .string(message)),
            ("help", help.map(JSONValue.string)), ("location", location.map(JSONValue.string)),
            ("pattern", pattern.map(JSONValue.string)), ("threshold", threshold.map(JSONValue.string)),
            ("rate", rate.map(JSONValue.double)),
            ("withinThreshold", threshold == nil ? nil : .bool(isWithinThreshold)),
            ("examples", .array(examples.map(\.jsonValue))),
            ("suppression", suppression?.jsonValue),
        ])
    }
}

extension FindingExample {
    var jsonValue: JSONValue {
        .object([
            ("row", row.map(JSONValue.int)), ("line", line.map(JSONValue.int)), ("column", column.map(JSONValue.int)),
            ("cellLine", cellLine.map(JSONValue.int)), ("cellColumn", cellColumn.map(JSONValue.int)),
            ("field", field.map(JSONValue.string)), ("value", value.map(JSONValue.string)),
            ("note", note.map(JSONValue.string)), ("rowKey", rowKey.map(JSONValue.string)),
            ("suppression", suppression?.jsonValue),
        ])
    }
}
