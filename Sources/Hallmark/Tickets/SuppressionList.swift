/// A publisher's suppressions file, `.hallmark/suppressions.yaml` by default:
///
/// ```yaml
/// suppressions:
///   - id: 8a732bc141209b2d5a5f6b231efe6fa1      # a ticket id (the whole rule) or a finding id
///     reason: Legacy practice codes; the register is being migrated
///     accepted-by: Jane Smith
///     expires: 2027-03-31                     # optional: the last day it holds
/// ```
///
/// Suppressed findings stay in every report, marked with the reason, but do not fail the run. A
/// suppression past its expiry fails the run instead, and one whose id matches nothing is reported,
/// so the file cannot silently outlive what it was written for.
public struct SuppressionList: Sendable {
    /// The entries, in file order.
    public var entries: [Suppression]
    /// Where each entry is written, for messages.
    public var locations: [String: SourceLocation]

    /// Reads a suppressions file.
    ///
    /// - Throws: ``StandardError`` with every problem at `file:line:column` (the file follows the
    ///   standards' YAML rules and limits).
    public init(contentsOfFile path: String) throws(StandardError) {
        let bytes: [UInt8]
        do {
            bytes = try FileByteSource.readAll(path: path, maxBytes: Standard.Limits().maxStandardBytes)
        } catch {
            throw StandardError([
                StandardDiagnostic(
                    .unreadableFile, "cannot read suppressions \(TextExcerpt.path(path)): \(error.reason)", at: nil)
            ])
        }
        try self.init(yaml: bytes, name: path)
    }

    init(yaml: [UInt8], name: String) throws(StandardError) {
        let root = try YAMLParser.parse(yaml, file: name)
        var problems: [StandardDiagnostic] = []
        func problem(_ message: String, at location: SourceLocation) {
            problems.append(StandardDiagnostic(.invalidValue, message, at: location))
        }
        var entries: [Suppression] = []
        var locations: [String: SourceLocation] = [:]
        guard case .mapping(let top) = root.kind,
            let list = top.first(where: { $0.key.scalarText == "suppressions" })?.value,
            case .sequence(let items) = list.kind
        else {
            throw StandardError([
                StandardDiagnostic(.missingKey, "expected 'suppressions:', a list of entries", at: root.location)
            ])
        }
        for item in items {
            guard case .mapping(let pairs) = item.kind else {
                problem("each suppression is a mapping with id, reason and accepted-by", at: item.location)
                continue
            }
            var values: [String: String] = [:]
            for pair in pairs {
                guard let key = pair.key.scalarText, ["id", "reason", "accepted-by", "expires"].contains(key) else {
                    problem(
                        "unknown key \(TextExcerpt.quoted(pair.key.scalarText ?? "?")); a suppression has id, reason, accepted-by and expires",
                        at: pair.key.location)
                    continue
                }
                guard let text = pair.value.scalarText, !text.isEmpty else {
                    problem("\(key) must be text", at: pair.value.location)
                    continue
                }
                values[key] = text
            }
            for key in ["id", "reason", "accepted-by"] where values[key] == nil {
                problem("a suppression needs '\(key)'", at: item.location)
            }
            if var expires = values["expires"],
                expires.withUTF8({ ISOTemporal.date(UnsafeRawBufferPointer($0)) }) == nil
            {
                problem(
                    "expires must be a date as YYYY-MM-DD, not \(TextExcerpt.quoted(values["expires"] ?? ""))",
                    at: item.location)
            }
            // Ids are shown cut to 12 digits in tickets and diffs: any 12 to 32 of them name one.
            if let id = values["id"] {
                let lowered = id.lowercased()
                if !(12...32).contains(lowered.count) || !lowered.allSatisfy({ $0.isHexDigit }) {
                    problem(
                        "id must be a ticket or finding id, 12 to 32 hex digits as hallmark tickets shows them, not \(TextExcerpt.quoted(id))",
                        at: item.location)
                }
                values["id"] = lowered
            }
            guard let id = values["id"], let reason = values["reason"], let acceptedBy = values["accepted-by"] else {
                continue
            }
            if locations[id] != nil { problem("\(TextExcerpt.quoted(id)) is suppressed twice", at: item.location) }
            entries.append(Suppression(id: id, reason: reason, acceptedBy: acceptedBy, expires: values["expires"]))
            locations[id] = item.location
        }
        guard problems.isEmpty else {
            throw StandardError(
                problems.sorted { a, b in
                    let (x, y) = (a.location ?? root.location, b.location ?? root.location)
                    return (x.line, x.column) < (y.line, y.column)
                })
        }
        self.entries = entries
        self.locations = locations
    }

    /// What applying the list found.
    public struct Outcome: Sendable {
        /// Suppressions whose expiry date is before `today`: they fail the run.
        public var expired: [Suppression]
        /// Suppressions whose id matched no ticket or finding of the report.
        public var unmatched: [Suppression]
    }

    /// Marks the report's suppressed tickets and findings, as of `today` (`YYYY-MM-DD`); expired
    /// suppressions mark nothing.
    public func apply(to report: inout Report, today: String) -> Outcome {
        var active: [Suppression] = []
        var expired: [Suppression] = []
        for entry in entries {
            // ISO dates compare as text.
            if let expires = entry.expires, expires < today {
                expired.append(entry)
            } else {
                active.append(entry)
            }
        }
        // An entry names every ticket or finding id it begins (ids are shown cut to 12 digits).
        var matched: Set<String> = []
        func suppression(of id: String) -> Suppression? {
            guard let entry = active.first(where: { id.hasPrefix($0.id) }) else { return nil }
            matched.insert(entry.id)
            return entry
        }
        for index in report.findingsByRule.indices {
            let rule = report.findingsByRule[index]
            if let entry = suppression(of: report.ticketID(of: rule)) {
                report.findingsByRule[index].suppression = entry
            }
            for (example, id) in zip(rule.examples.indices, report.findingIDs(of: rule)) {
                if let entry = suppression(of: id) {
                    report.findingsByRule[index].examples[example].suppression = entry
                }
            }
        }
        let unmatched = entries.filter { !matched.contains($0.id) && !expired.contains($0) }
        return Outcome(expired: expired, unmatched: unmatched)
    }
}
