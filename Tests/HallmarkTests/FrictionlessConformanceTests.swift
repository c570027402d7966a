import Foundation
import Testing

@testable import Hallmark

/// frictionless-py's own single-value vectors (../shared/conformance/frictionless/field-cases.json),
/// each read through a one-field Table Schema as Hallmark translates it.
@Suite("Frictionless conformance")
struct FrictionlessConformanceTests {
    static let corpus = packageRoot + "/../shared/conformance/frictionless"

    /// Vectors that pass today: a floor that may only rise, so a regression fails the test.
    static let passingFloor = 210
    /// The vectors where Hallmark differs on purpose (see the README): a number with spaces around
    /// it is a type failure unless the field trims, and a `time` has no zone (Table Schema v2).
    static let deliberateDifferences: Set<String> = [
        "integer/default [:] \" 01 \"", "number/default [:] \" 01 \"", "time/default [:] \"06:00:00Z\"",
        "time/default [:] \"06:00:00+01:00\"",
    ]

    enum Outcome: Equatable {
        case passed
        case failed(String)
        /// A table case's errors, other than frictionless's: those missing, and those extra.
        case differs(missing: [String], extra: [String])
        case unsupported(String)
    }

    @Test(
        "the 217 single-value vectors of frictionless-py: a tally, and no regression below the floor",
        .enabled(
            if: FileManager.default.fileExists(atPath: corpus + "/field-cases.json"),
            "needs ../shared/conformance beside the project (present in CI)"))
    func fieldVectors() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.corpus + "/field-cases.json"))
        let vectors = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(vectors.count == 217)
        let outcomes = vectors.map(Self.run)
        let passed = outcomes.filter { $0 == .passed }.count
        let unsupported = zip(vectors, outcomes).compactMap { vector, outcome -> String? in
            guard case .unsupported(let why) = outcome else { return nil }
            return "\(vector["type"] ?? "")/\(vector["format"] ?? ""): \(why)"
        }
        let failed = zip(vectors, outcomes).compactMap { vector, outcome -> String? in
            guard case .failed(let why) = outcome else { return nil }
            let source = vector["source"] as? String ?? ""
            return "\(vector["type"] ?? "")/\(vector["format"] ?? "") \(vector["options"] ?? "") "
                + "\(String(reflecting: source)): \(why)"
        }
        print(
            "frictionless field vectors: \(passed) passed, \(failed.count) differ on purpose, "
                + "\(unsupported.count) refused when the schema loads"
        )
        for failure in failed { print("  differs: \(failure)") }
        let reasons = Dictionary(grouping: unsupported, by: { $0 }).mapValues(\.count).sorted { $0.key < $1.key }
        for (reason, count) in reasons { print("  refused (\(count)): \(reason)") }
        // A date or time format with no date or time in it is a mistake in the schema, said where it
        // is written, rather than a type failure on every row (strptime would read "invalid" only).
        #expect(unsupported.allSatisfy { $0.contains("/invalid: ") }, "\(unsupported)")
        #expect(passed >= Self.passingFloor, "fewer vectors pass than before: \(passed) < \(Self.passingFloor)")
        let unexpected = failed.filter { failure in !Self.deliberateDifferences.contains { failure.hasPrefix($0 + ":") }
        }
        #expect(unexpected.isEmpty, "vectors that differ from frictionless without a documented reason: \(unexpected)")
    }

    /// Runs one vector: a schema with one field `v`, a file with its one value.
    static func run(_ vector: [String: Any]) -> Outcome {
        // A second column, so that an empty value is a missing cell rather than a blank row.
        var field: [String: Any] = ["name": "v", "type": vector["type"] ?? "string"]
        if let format = vector["format"] as? String, format != "default" { field["format"] = format }
        for (key, value) in vector["options"] as? [String: Any] ?? [:] { field[key] = value }
        guard let schemaData = try? JSONSerialization.data(withJSONObject: ["fields": [field, ["name": "k"]]]) else {
            return .failed("the vector cannot be written as JSON")
        }
        let standard: Standard
        do {
            standard = try Standard(yaml: String(decoding: schemaData, as: UTF8.self), name: "schema.json")
        } catch {
            return .unsupported(error.diagnostics.first?.message ?? "\(error)")
        }
        let source = vector["source"] as? String ?? ""
        let quoted = "\"" + source.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let report = Validator(standard: standard).validate(bytes: Array("v,k\n\(quoted),x\n".utf8))
        let found = report.findingsByRule.map(\.ruleID)
        let expected = vector["expected"] as? String ?? ""
        switch expected {
        case "valid", "missing":
            return found.isEmpty ? .passed : .failed("expected \(expected), found \(found)")
        default:
            return found.contains { $0.hasPrefix("field:v:") } ? .passed : .failed("expected a type error, found none")
        }
    }

    /// Table cases that agree today: a floor that may only rise. Those that differ are listed in
    /// the test's output; frictionless infers types where no schema is given, which this runner
    /// does not (it reads every column as text), and a Hallmark standard cannot name a column twice.
    static let tableCaseFloor = 32

    /// Table cases where Hallmark differs on purpose, with exactly how (`row/field/type` missing from
    /// and extra to frictionless's errors) and why. Anything else that differs fails the test.
    static let deliberateTableDifferences: [String: (missing: [String], extra: [String], reason: String)] = [
        "composite-primary-key": (
            ["6/-/primary-key"], ["4/1/constraint-error"],
            "a key part with no value is a `required` finding, as the spec says (\"equivalent to adding required: "
                + "true\"; frictionless reports nothing for row 4); a blank row is one blank-row error, not also a key error"
        ),
        "required-primary-key-blank-row": (
            ["3/-/primary-key"], [],
            "a blank row is reported once, as a blank-row error (the table requires values), not also as a key error"
        ),
        "structure-errors-limit-3": (
            ["5/5/extra-cell"], [], "a row with extra cells is one extra-cell finding, at the first, not one per cell"
        ),
        "check-row-constraint": (
            ["6/3/missing-cell"], [], "a short row is one missing-cell finding, at the first, not one per cell"
        ),
        "baseline-invalid": (
            ["2/4/missing-cell", "3/4/missing-cell"], [],
            "a short row is one missing-cell finding, at the first missing cell, not one per cell"
        ),
        "capital-invalid-docs-example": (
            ["12/1/type-error"], [],
            "no schema: the runner reads every column as text, where frictionless infers an integer column"
        ),
    ]

    @Test(
        "the 39 whole-table cases of frictionless-py: errors compared as (row, field, type), a tally",
        .enabled(
            if: FileManager.default.fileExists(atPath: corpus + "/cases.json"),
            "needs ../shared/conformance beside the project (present in CI)"))
    func tableCases() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.corpus + "/cases.json"))
        let cases = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(cases.count == 39)
        var agreed: [String] = []
        var deliberate: [String] = []
        var differed: [String] = []
        var skipped: [String] = []
        for testCase in cases {
            let name = testCase["name"] as? String ?? "?"
            switch Self.runTable(testCase) {
            case .passed: agreed.append(name)
            case .differs(let missing, let extra):
                if let known = Self.deliberateTableDifferences[name], known.missing == missing, known.extra == extra {
                    deliberate.append("\(name): \(known.reason)")
                } else {
                    differed.append("\(name): missing \(missing), extra \(extra)")
                }
            case .failed(let why): differed.append("\(name): \(why)")
            case .unsupported(let why): skipped.append("\(name): \(why)")
            }
        }
        print(
            "frictionless table cases: \(agreed.count) agree, \(deliberate.count) differ on purpose, "
                + "\(differed.count) differ, \(skipped.count) not run")
        for line in deliberate { print("  on purpose: \(line)") }
        for line in differed { print("  differs: \(line)") }
        for line in skipped { print("  not run: \(line)") }
        #expect(agreed.count >= Self.tableCaseFloor, "fewer table cases agree than before")
        #expect(differed.isEmpty, "table cases that differ from frictionless without a documented reason")
        #expect(skipped.count <= 1, "only the sequential-value check cannot be said")
    }

    /// Runs one whole-table case: the data against its schema (or, without one, a standard of
    /// text fields named by the header, as frictionless infers), errors mapped to frictionless types.
    static func runTable(_ testCase: [String: Any]) -> Outcome {
        let options = testCase["options"] as? [String: Any] ?? [:]
        let name = testCase["name"] as? String ?? ""
        let handWritten = checksAsRules[name]
        if options["checks"] != nil && handWritten == nil {
            return .unsupported(
                "a sequential-value check compares a row with the one before it, which Hallmark's rules cannot say")
        }
        guard let dataPath = testCase["data"] as? String,
            let bytes = FileManager.default.contents(atPath: corpus + "/" + dataPath)
        else { return .failed("no data file") }
        var standard: Standard
        do {
            if let handWritten {
                standard = try Standard(yaml: "hallmark: 1\nid: checks\nversion: 1.0.0\n" + handWritten.standard)
            } else if let schema = testCase["schema"] as? String {
                standard = try Standard(contentsOfFile: corpus + "/" + schema, root: corpus)
            } else {
                let dialect = options["dialect"] as? [String: Any]
                standard = try inferred(
                    from: Array(bytes), hasHeader: dialect?["header"] as? Bool ?? true,
                    delimiter: (dialect?["delimiter"] as? String)?.first ?? ",")
            }
        } catch {
            return .unsupported(error.diagnostics.first?.message ?? "\(error)")
        }
        if let dialect = options["dialect"] as? [String: Any] {
            var overridden = standard.table.dialect
            if let delimiter = (dialect["delimiter"] as? String)?.utf8.first {
                overridden = overridden.overriding(delimiter: delimiter)
            }
            if let header = dialect["header"] as? Bool { overridden = overridden.overriding(hasHeader: header) }
            standard = standard.replacingDialect(overridden)
        }
        var validatorOptions = Validator.Options()
        validatorOptions.maxExamples = 10_000
        let report = Validator(standard: standard, options: validatorOptions).validate(bytes: Array(bytes))
        var ours: [String] = []
        for rule in report.findingsByRule {
            let check = rule.ruleID.split(separator: ":").last.map(String.init) ?? ""
            guard let type = handWritten?.types[check] ?? frictionlessType(of: rule.ruleID) else { continue }
            let rowLevel = ["blank-row", "primary-key", "foreign-key", "duplicate-row", "row-constraint"].contains(type)
            let headerLevel = type.hasSuffix("-label")
            for example in rule.examples {
                let row = headerLevel ? "-" : example.row.map(String.init) ?? "-"
                // A missing label has no column in the file: frictionless numbers it by its place in the schema.
                let place = example.field.flatMap { name in standard.fields.firstIndex { $0.name == name } }
                let column = example.column ?? (type == "missing-label" ? place.map { $0 + 1 } : nil)
                let field = rowLevel ? "-" : column.map(String.init) ?? "-"
                ours.append("\(row)/\(field)/\(type)")
            }
        }
        func expectedErrors(_ list: Any?) -> [String] {
            (list as? [[String: Any]] ?? []).map { error in
                let row = (error["row"] as? Int).map(String.init) ?? "-"
                let field = (error["field"] as? Int).map(String.init) ?? "-"
                return "\(row)/\(field)/\(error["type"] as? String ?? "?")"
            }
        }
        var expected = expectedErrors(testCase["expected"])
        let alternative = expectedErrors((testCase["expected_alt"] as? [String: Any])?["errors"])
        // pick_errors and limit_errors narrow what frictionless reports; narrow ours the same way.
        if let picked = options["pick_errors"] as? [String] {
            ours = ours.filter { error in
                picked.contains { $0 == "#row" ? !error.hasPrefix("-/") : error.hasSuffix("/" + $0) }
            }
        }
        ours.sort { a, b in
            let order = { (text: String) -> (Int, Int) in
                let parts = text.split(separator: "/")
                return (Int(parts[0]) ?? 0, Int(parts[1]) ?? 0)
            }
            return order(a) < order(b)
        }
        if let limit = options["limit_errors"] as? Int { ours = Array(ours.prefix(limit)) }
        expected.sort()
        let sortedOurs = ours.sorted()
        if sortedOurs == expected || (!alternative.isEmpty && sortedOurs == alternative.sorted()) { return .passed }
        let missing = expected.filter { !sortedOurs.contains($0) }
        let extra = sortedOurs.filter { !expected.contains($0) }
        return .differs(missing: missing, extra: extra)
    }

    /// frictionless's custom checks, written as a Hallmark standard says them, with the error type
    /// each of its checks stands for (by the rule id's last part).
    static let checksAsRules: [String: (standard: String, types: [String: String])] = [
        "check-duplicate-row": (
            "fields: { id: , name: , age: }\ndataset: { duplicate-rows: true }", [:]
        ),
        "check-forbidden-value": (
            "fields: { id: { type: integer }, name: }\nrules:\n  - { id: forbidden-value, assert: 'not (id in [2])', message: id 2 is forbidden }",
            ["forbidden-value": "forbidden-value"]
        ),
        "check-ascii-value": (
            #"fields: { A: { pattern: '[\x00-\x7F]*' }, B: { pattern: '[\x00-\x7F]*' }, C: { pattern: '[\x00-\x7F]*' } }"#,
            ["pattern": "ascii-value"]
        ),
        "check-row-constraint": (
            "fields: { row: , salary: { type: integer }, bonus: { type: integer } }\n"
                + "rules:\n  - { id: row-constraint, assert: 'salary = bonus * 5', unknown: fail, message: salary is five bonuses }",
            ["row-constraint": "row-constraint"]
        ),
    ]

    /// frictionless's error type for a Hallmark rule id, or `nil` for one it has no counterpart of.
    static func frictionlessType(of ruleID: String) -> String? {
        switch ruleID {
        case "table:blank-label": return "blank-label"
        case "table:duplicate-label": return "duplicate-label"
        case "table:missing-label": return "missing-label"
        case "table:extra-label": return "extra-label"
        case "table:blank-row": return "blank-row"
        case "table:extra-cell": return "extra-cell"
        case "table:missing-cell": return "missing-cell"
        case "dataset:primary-key": return "primary-key"
        case "dataset:duplicate-rows": return "duplicate-row"
        default:
            if ruleID.hasPrefix("dataset:foreign-key:") { return "foreign-key" }
            guard ruleID.hasPrefix("field:") else { return nil }
            let check = ruleID.split(separator: ":").last.map(String.init) ?? ""
            switch check {
            case "type": return "type-error"
            case "unique": return "unique-error"
            default: return "constraint-error"
            }
        }
    }

    /// A standard of text fields named by the header row, as frictionless infers one (a blank or
    /// repeated label's field is `fieldN`), matched `partial`ly.
    static func inferred(from bytes: [UInt8], hasHeader: Bool, delimiter: Character) throws(StandardError) -> Standard {
        let firstLine = String(decoding: bytes.prefix { $0 != 0x0A && $0 != 0x0D }, as: UTF8.self)
        let labels = firstLine.split(separator: delimiter, omittingEmptySubsequences: false).map(String.init)
        var seen: Set<String> = []
        let names = labels.enumerated().map { index, label in
            // A blank or repeated label gets frictionless's `fieldN`, which no label matches; the
            // standard matches `partial`ly, so that field's absence is no finding of its own.
            let name =
                !hasHeader || label.isEmpty || !seen.insert(label).inserted ? "field\(index + 1)" : label
            return "  \"" + name.replacingOccurrences(of: "\"", with: "\\\"") + "\":"
        }
        let table =
            hasHeader ? "table: { fields-match: partial }\n" : "table: { dialect: { has-header: false } }\n"
        return try Standard(
            yaml: "hallmark: 1\nid: inferred\nversion: 1.0.0\n\(table)fields:\n" + names.joined(separator: "\n"))
    }
}
