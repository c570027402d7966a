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
}
