import Foundation
import Testing

@testable import Hallmark

/// Ticket and finding identities, and run-to-run comparison.
@Suite("Tickets: identities that survive the next run")
struct TicketTests {
    static let yaml = standardYAML(
        fields: "  ID: { type: integer }\n  CODE: { values: [A, B] }\n  NHS: { sensitive: true, format: nhs-number }",
        extra: "uses: [uk/health.yaml]")
    static let rows = ["1,A,9434765919", "2,C,9434765919", "3,x,9434765910", "4,B,9434765919", "5,D,123"]

    func report(_ rows: [String], yaml: String = yaml, path: String = "a.csv", key: String? = nil) throws -> Report {
        var options = Validator.Options()
        options.fingerprintKey = key.map { Array($0.utf8) }
        let standard = try loadStandard(yaml, root: packageRoot + "/Standards")
        return Validator(standard: standard, options: options).validate(
            bytes: Array(("ID,CODE,NHS\n" + rows.joined(separator: "\n") + "\n").utf8), inputName: path)
    }

    /// Every finding id of a report, by ticket id.
    func identities(_ report: Report) -> [String: Set<String>] {
        Dictionary(uniqueKeysWithValues: Ticket.tickets(of: report).map { ($0.id, Set($0.findings.map(\.id))) })
    }

    @Test("the same on shuffled rows, with rows inserted above, another path and another tool version")
    func stable() throws {
        let base = try report(Self.rows)
        #expect(identities(base).values.allSatisfy { !$0.isEmpty })
        #expect(identities(try report(Self.rows.reversed())) == identities(base))
        #expect(identities(try report(["9,A,9434765919", "8,B,9434765919"] + Self.rows)) == identities(base))
        var renamed = try report(Self.rows, path: "elsewhere/b.csv")
        renamed.tool.version = "9.9.9"
        #expect(identities(renamed) == identities(base))
        // Identical records stay apart (an occurrence counter), and keep their ids when moved.
        let twice = try report(Self.rows + ["2,C,9434765919"])
        let codes = try #require(Ticket.tickets(of: twice).first { $0.ruleID == "field:CODE:values" })
        #expect(Set(codes.findings.map(\.id)).count == codes.findings.count)
    }

    @Test("every example has its record's row key, when one rule finds several in a record (found by FuzzCSVReader)")
    func severalExamplesInOneRecord() throws {
        let standard = try loadStandard(standardYAML(fields: "  A:\n  B:\n  C:"))
        let report = Validator(standard: standard).validate(
            bytes: Array("A,B,C\n".utf8) + [0xFF, 0x2C, 0xCC, 0x2C, 0x78, 0x0A])
        let examples = try #require(report.rule("table:invalid-utf8")?.examples)
        #expect(examples.count == 2 && examples[0].rowKey != nil && examples[0].rowKey == examples[1].rowKey)
    }

    @Test("different when the standard, the rule, the dataset or the column differ")
    func distinct() throws {
        let base = try report(Self.rows)
        let tickets = Ticket.tickets(of: base)
        #expect(Set(tickets.map(\.id)).count == tickets.count)
        var otherDataset = base
        otherDataset.input.dataset = "trust-b"
        #expect(Set(Ticket.tickets(of: otherDataset).map(\.id)).isDisjoint(with: tickets.map(\.id)))
        // A standard written for one dataset names it; a run may name another.
        let named = try loadStandard(Self.yaml + "\ndataset: { id: trust-b }", root: packageRoot + "/Standards")
        let namedReport = Validator(standard: named).validate(
            bytes: Array(("ID,CODE,NHS\n" + Self.rows.joined(separator: "\n") + "\n").utf8))
        #expect(namedReport.input.dataset == "trust-b")
        #expect(identities(namedReport) == identities(otherDataset))
        var otherStandard = base
        otherStandard.standard.id = "other"
        #expect(Set(Ticket.tickets(of: otherStandard).map(\.id)).isDisjoint(with: tickets.map(\.id)))
        // The same check on another column is another ticket.
        let swapped = try report(
            Self.rows.map { $0.split(separator: ",").map(String.init) }.map { "\($0[0]),\($0[1]),\($0[2])" },
            yaml: Self.yaml.replacingOccurrences(
                of: "CODE: { values: [A, B] }", with: "CODE: { values: [A, B, C, D, x] }"
            )
            .replacingOccurrences(of: "ID: { type: integer }", with: "ID: { values: [A] }"))
        let idValues = try #require(Ticket.tickets(of: swapped).first { $0.ruleID == "field:ID:values" })
        let codeValues = try #require(tickets.first { $0.ruleID == "field:CODE:values" })
        #expect(idValues.id != codeValues.id)
        #expect(Set(idValues.findings.map(\.id)).isDisjoint(with: codeValues.findings.map(\.id)))
    }

    @Test("a sensitive value cannot be found by hashing candidates without the key")
    func sensitiveNeedsTheKey() throws {
        let standard = try loadStandard(standardYAML(fields: "  NHS: { sensitive: true, type: integer, max: 5 }"))
        var options = Validator.Options()
        options.fingerprintKey = Array("publisher secret".utf8)
        let report = Validator(standard: standard, options: options).validate(bytes: Array("NHS\n9434765919\n".utf8))
        let published = try #require(report.rule("field:NHS:max")?.examples.first?.rowKey)
        #expect(!JSONReportWriter().render(report).contains("9434765919"))
        // An attacker hashing every candidate, the true one included, without the key or with a guess.
        let candidates = (9_434_765_900...9_434_765_999).map(String.init)
        for guess in [nil, Array("wrong".utf8), Array("".utf8)] {
            let keys = RowKey(fingerprintKey: guess)
            #expect(!candidates.contains { keys.of("record", value: $0, isSensitive: true) == published })
            #expect(!candidates.contains { keys.of("record", value: $0) == published })
        }
        // With the key the value is in the identity (it tells records apart); without one it is not.
        #expect(
            RowKey(fingerprintKey: options.fingerprintKey).of("record", value: "9434765919", isSensitive: true)
                == published)
        let unkeyed = Validator(standard: standard).validate(bytes: Array("NHS\n9434765919\n9434765918\n".utf8))
        let keys = try #require(unkeyed.rule("field:NHS:max")?.examples.map(\.rowKey))
        #expect(keys.count == 2 && keys[0] == keys[1])
    }

    @Test("a field renamed with previous-names keeps its tickets and findings")
    func renamedField() throws {
        let before = try report(Self.rows)
        let renamedYAML = Self.yaml.replacingOccurrences(
            of: "CODE: { values: [A, B] }", with: "KIND: { values: [A, B], previous-names: [CODE] }")
        let standard = try loadStandard(renamedYAML, root: packageRoot + "/Standards")
        let after = Validator(standard: standard).validate(
            bytes: Array(("ID,KIND,NHS\n" + Self.rows.joined(separator: "\n") + "\n").utf8))
        let rule = try #require(after.rule("field:KIND:values"))
        #expect(rule.previousRuleIDs == ["field:CODE:values"])
        #expect(identities(after) == identities(before))
        #expect(SARIFReportWriter().render(after).contains("\"deprecatedIds\": [\n"))
        #expect(try Report(json: Array(JSONReportWriter().render(after).utf8)) == after)
        #expect(codes(of: standardYAML(fields: "  A: { previous-names: [A] }")) == ["invalid-value"])
    }

    @Test("a comparison sorts tickets and findings into new, unchanged, updated and absent")
    func comparison() throws {
        let base = try report(Self.rows)
        let current = try report(["2,C,9434765919", "1,A,9434765919", "4,B,9434765919", "5,D,123", "6,E,9434765919"])
        let comparison = RunComparison(baseline: base, current: current)
        let states = Dictionary(uniqueKeysWithValues: comparison.tickets.map { ($0.ticket.ruleID, $0.state) })
        #expect(states["field:CODE:values"] == .updated)  // x fixed, E new: C and D unchanged
        #expect(states["field:NHS:format"] == .updated)  // 9434765910 fixed, 123 still there
        let nhs = try #require(comparison.tickets.first { $0.ticket.ruleID == "field:NHS:format" })
        #expect(nhs.baselineCount == 2 && nhs.ticket.count == 1)
        #expect(nhs.findings.map(\.state).sorted { $0.rawValue < $1.rawValue } == [.absent, .unchanged])
        #expect(states["field:ID:type"] == nil)
        let codes = try #require(comparison.tickets.first { $0.ticket.ruleID == "field:CODE:values" })
        #expect(
            codes.findings.map(\.state).sorted { $0.rawValue < $1.rawValue } == [.absent, .new, .unchanged, .unchanged])
        #expect(comparison.worsened().isEmpty)  // the count stayed 3
        let worse = try report(Self.rows + ["7,F,9434765919"])
        #expect(RunComparison(baseline: base, current: worse).worsened().map(\.ticket.ruleID) == ["field:CODE:values"])
        #expect(RunComparison(baseline: worse, current: base).tickets.allSatisfy { $0.state != .new })
        // A suppressed ticket never worsens; a gone one reads "0 findings (was N)".
        var accepted = worse
        let index = try #require(accepted.findingsByRule.firstIndex { $0.ruleID == "field:CODE:values" })
        accepted.findingsByRule[index].suppression = Suppression(id: "x", reason: "r", acceptedBy: "a")
        #expect(RunComparison(baseline: base, current: accepted).worsened().isEmpty)
        let gone = RunComparison(baseline: worse, current: try report(["1,A,9434765919"])).render(as: .text)
        #expect(gone.contains("absent    field:CODE:values: 0 findings (was 4)"), "\(gone)")
    }

    @Test("suppressions mark tickets and findings, do not count toward failing, expire and report strays")
    func suppressions() throws {
        var report = try report(Self.rows)
        let tickets = Ticket.tickets(of: report)
        let codes = try #require(tickets.first { $0.ruleID == "field:CODE:values" })
        let nhs = try #require(tickets.first { $0.ruleID == "field:NHS:format" })
        let yaml = """
            suppressions:
              - { id: \(codes.id), reason: codes being migrated, accepted-by: Jane }
              - { id: \(nhs.findings[0].id), reason: one known bad number, accepted-by: Sam, expires: 2099-12-31 }
              - { id: \(nhs.findings[1].id), reason: lapsed, accepted-by: Sam, expires: 2001-01-01 }
              - { id: 0123456789abcdef, reason: gone, accepted-by: Sam }
            """
        let list = try SuppressionList(yaml: Array(yaml.utf8), name: "s.yaml")
        #expect(report.unsuppressedFindings(atOrAbove: .error) == 5)
        let outcome = list.apply(to: &report, today: "2026-11-30")
        #expect(report.rule("field:CODE:values")?.suppression?.reason == "codes being migrated")
        #expect(report.rule("field:NHS:format")?.examples.map { $0.suppression?.acceptedBy } == ["Sam", nil])
        #expect(report.unsuppressedFindings(atOrAbove: .error) == 1)  // 123's finding: its suppression lapsed
        #expect(outcome.expired.map(\.reason) == ["lapsed"] && outcome.unmatched.map(\.id) == ["0123456789abcdef"])
        #expect(list.locations["0123456789abcdef"]?.description == "s.yaml:5:5")
        // Still reported: in JSON, SARIF and the summary.
        #expect(JSONReportWriter().render(report).contains("\"reason\": \"codes being migrated\""))
        #expect(SARIFReportWriter().render(report).contains("\"justification\": \"one known bad number\""))
        #expect(TextSummaryWriter().render(report).contains("suppressed: codes being migrated — accepted by Jane"))
        #expect(try Report(json: Array(JSONReportWriter().render(report).utf8)) == report)
        let broken =
            "suppressions:\n  - { id: 0123456789ab, reason: r }\n"
            + "  - { id: 0123456789abcd, reason: r, accepted-by: z, expires: soon, colour: red }\n"
            + "  - { id: NOT-AN-ID, reason: r, accepted-by: z }\n"
        do {
            _ = try SuppressionList(yaml: Array(broken.utf8), name: "s.yaml")
            Issue.record("a broken suppressions file loaded")
        } catch {
            #expect(
                error.diagnostics.map(\.description) == [
                    "s.yaml:2:5: error: a suppression needs 'accepted-by'",
                    "s.yaml:3:5: error: expires must be a date as YYYY-MM-DD, not 'soon'",
                    "s.yaml:3:69: error: unknown key 'colour'; a suppression has id, reason, accepted-by and expires",
                    "s.yaml:4:5: error: id must be a ticket or finding id, 12 to 32 hex digits as hallmark tickets shows them, not 'NOT-AN-ID'",
                ])
        }
        // The 12-digit ids that tickets and diffs show are enough, in either case.
        var short = try self.report(Self.rows)
        let list12 = try SuppressionList(
            yaml: Array(
                "suppressions:\n  - { id: \(codes.id.prefix(12).uppercased()), reason: r, accepted-by: z }\n".utf8),
            name: "s.yaml")
        #expect(list12.apply(to: &short, today: "2026-01-01").unmatched.isEmpty)
        #expect(short.rule("field:CODE:values")?.suppression != nil)
    }

    @Test("a JSON report reads back as the same report")
    func roundTrip() throws {
        for report in [try report(Self.rows), try report([])] {
            var withDataset = report
            withDataset.input.dataset = "d"
            for original in [report, withDataset] {
                let read = try Report(json: Array(JSONReportWriter().render(original).utf8))
                #expect(read == original)
            }
        }
        #expect(throws: ReportDecodingError.self) { try Report(json: Array("{\"reportVersion\": \"2.0\"}".utf8)) }
        #expect(throws: ReportDecodingError.self) { try Report(json: Array("not json".utf8)) }
        let negative = JSONReportWriter().render(try report(Self.rows)).replacingOccurrences(
            of: "\"count\": 2,", with: "\"count\": -5,")
        #expect(throws: ReportDecodingError.self) { try Report(json: Array(negative.utf8)) }
    }
}
