import Foundation
import Testing

@testable import Hallmark

/// frictionless-py's own single-value vectors (../shared/conformance/frictionless/field-cases.json),
/// each read through a one-field Table Schema as Hallmark translates it.
@Suite("Frictionless conformance")
struct FrictionlessConformanceTests {
    static let corpus = packageRoot + "/../shared/conformance/frictionless"

    /// Vectors that pass today: a floor that may only rise, so a regression fails the test.
    static let passingFloor = 135
    /// The vectors where Hallmark differs on purpose (see the README): a number with spaces around
    /// it is a type failure unless the field trims, and a `time` has no zone (Table Schema v2).
    static let deliberateDifferences: Set<String> = [
        "integer/default [:] \" 01 \"", "number/default [:] \" 01 \"", "time/default [:] \"06:00:00Z\"",
        "time/default [:] \"06:00:00+01:00\"",
    ]

    enum Outcome: Equatable {
        case passed
        case failed(String)
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
        let unsupported = outcomes.compactMap { if case .unsupported(let why) = $0 { why } else { nil } }
        let failed = zip(vectors, outcomes).compactMap { vector, outcome -> String? in
            guard case .failed(let why) = outcome else { return nil }
            let source = vector["source"] as? String ?? ""
            return "\(vector["type"] ?? "")/\(vector["format"] ?? "") \(vector["options"] ?? "") "
                + "\(String(reflecting: source)): \(why)"
        }
        print(
            "frictionless field vectors: \(passed) passed, \(failed.count) failed, \(unsupported.count) not expressible yet"
        )
        for failure in failed { print("  failed: \(failure)") }
        let reasons = Dictionary(grouping: unsupported, by: { $0 }).mapValues(\.count).sorted { $0.value > $1.value }
        for (reason, count) in reasons { print("  not expressible (\(count)): \(reason)") }
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
    static let tableCaseFloor = 26

    @Test(
        "the 39 whole-table cases of frictionless-py: errors compared as (row, field, type), a tally",
        .enabled(
            if: FileManager.default.fileExists(atPath: corpus + "/cases.json"),
            "needs ../shared/conformance beside the project (present in CI)"))
    func tableCases() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.corpus + "/cases.json"))
        let cases = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        var agreed: [String] = []
        var differed: [String] = []
        var skipped: [String] = []
        for testCase in cases {
            let name = testCase["name"] as? String ?? "?"
            switch Self.runTable(testCase) {
            case .passed: agreed.append(name)
            case .failed(let why): differed.append("\(name): \(why)")
            case .unsupported(let why): skipped.append("\(name): \(why)")
            }
        }
        print(
            "frictionless table cases: \(agreed.count) agree, \(differed.count) differ, \(skipped.count) not run")
        for line in differed { print("  differs: \(line)") }
        for line in skipped { print("  not run: \(line)") }
        #expect(agreed.count >= Self.tableCaseFloor, "fewer table cases agree than before")
    }

    /// Runs one whole-table case: the data against its schema (or, without one, a standard of
    /// text fields named by the header, as frictionless infers), errors mapped to frictionless types.
    static func runTable(_ testCase: [String: Any]) -> Outcome {
        let options = testCase["options"] as? [String: Any] ?? [:]
        if options["checks"] != nil { return .unsupported("frictionless checks are written as Hallmark rules by hand") }
        guard let dataPath = testCase["data"] as? String,
            let bytes = FileManager.default.contents(atPath: corpus + "/" + dataPath)
        else { return .failed("no data file") }
        var standard: Standard
        do {
            if let schema = testCase["schema"] as? String {
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
            guard let type = frictionlessType(of: rule.ruleID) else { continue }
            let rowLevel = ["blank-row", "primary-key", "foreign-key", "duplicate-row"].contains(type)
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
        return .failed("missing \(missing), extra \(extra)")
    }

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

    /// A standard of text fields named by the header row, as frictionless infers one (a blank label
    /// is `fieldN`; a repeated one keeps its place).
    static func inferred(from bytes: [UInt8], hasHeader: Bool, delimiter: Character) throws(StandardError) -> Standard {
        let firstLine = String(decoding: bytes.prefix { $0 != 0x0A && $0 != 0x0D }, as: UTF8.self)
        let labels = firstLine.split(separator: delimiter, omittingEmptySubsequences: false).map(String.init)
        var seen: Set<String> = []
        let names = labels.enumerated().map { index, label in
            // A blank label is matched by a field named "" (Hallmark's blank-label finding still says it).
            let name = !hasHeader ? "field\(index + 1)" : !seen.insert(label).inserted ? "field\(index + 1)" : label
            return "  \"" + name.replacingOccurrences(of: "\"", with: "\\\"") + "\":"
        }
        let table = hasHeader ? "" : "table: { dialect: { has-header: false } }\n"
        return try Standard(
            yaml: "hallmark: 1\nid: inferred\nversion: 1.0.0\n\(table)fields:\n" + names.joined(separator: "\n"))
    }
}
