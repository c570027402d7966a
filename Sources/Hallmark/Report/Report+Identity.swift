internal import Crypto

/// Identities that survive the next run: a ticket per rule of a standard and dataset, a finding per
/// record within it. Neither uses row numbers, file paths or the tool's version, so re-ordered rows,
/// rows inserted above, a renamed file or a new Hallmark keep them; a feedback service, a baseline
/// and a suppression can all point at them.
extension Report {
    /// The dataset the identities are scoped to: ``Input/dataset`` when the run named one, else the
    /// standard's id.
    public var datasetID: String { input.dataset ?? standard.id }

    /// A rule's ticket id: 32 hex digits from (`hallmark/ticket/v1`, standard id, rule id, dataset,
    /// field). A rule whose field was renamed uses its oldest id and the field's name in it
    /// (``RuleFindings/previousRuleIDs``), so the ticket survives the rename.
    public func ticketID(of rule: RuleFindings) -> String {
        guard let oldest = rule.previousRuleIDs.first else {
            return Self.identity(["hallmark/ticket/v1", standard.id, rule.ruleID, datasetID, rule.field ?? ""])
        }
        return Self.identity(["hallmark/ticket/v1", standard.id, oldest, datasetID, Self.field(in: oldest) ?? ""])
    }

    /// The field named in a rule id: `field:NAME:check`, `dataset:completeness:NAME`.
    private static func field(in ruleID: String) -> String? {
        if ruleID.hasPrefix("dataset:completeness:") { return String(ruleID.dropFirst("dataset:completeness:".count)) }
        guard ruleID.hasPrefix("field:"), let colon = ruleID.lastIndex(of: ":") else { return nil }
        let start = ruleID.index(ruleID.startIndex, offsetBy: "field:".count)
        return start < colon ? String(ruleID[start..<colon]) : nil
    }

    /// The ids of a rule's examples, in order: each from (the ticket id, the example's
    /// ``FindingExample/rowKey``, and how many earlier examples had the same key), so identical
    /// records stay apart. A finding about the whole table is identified by its ticket alone.
    public func findingIDs(of rule: RuleFindings) -> [String] {
        let ticket = ticketID(of: rule)
        var seen: [String: Int] = [:]
        return rule.examples.map { example in
            let key = example.rowKey ?? "table"
            let occurrence = seen[key, default: 0]
            seen[key] = occurrence + 1
            return Self.identity(["hallmark/finding/v1", ticket, key, String(occurrence)])
        }
    }

    private static func identity(_ parts: [String]) -> String {
        var hasher = SHA256()
        for part in parts {
            // Length-prefixed, so ("ab", "c") and ("a", "bc") differ.
            hasher.update(data: Array("\(part.utf8.count):".utf8))
            hasher.update(data: Array(part.utf8))
        }
        return Hex.string(hasher.finalize().prefix(16))
    }
}
