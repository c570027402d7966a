import Foundation
import Testing

@testable import Hallmark

@Suite("Aggregates")
struct AggregateTests {
    /// The NHS registered-patients shape: five-year bands and an ALL row per practice and sex.
    let patients = standardYAML(
        fields: "  ORG_CODE:\n  SEX:\n  AGE:\n  NUMBER_OF_PATIENTS: { type: integer }",
        extra: """
            dataset:
              aggregates:
                - id: bands-add-up
                  group-by: [ORG_CODE, SEX]
                  values:
                    bands: { sum: NUMBER_OF_PATIENTS, where: 'AGE != "ALL"' }
                    all: { sum: NUMBER_OF_PATIENTS, where: 'AGE = "ALL"' }
                  assert: bands = all
                  message: The five-year age bands must add up to the ALL row.
            """)

    func patientsCSV(groups: Int, brokenEvery: Int) -> String {
        var csv = "ORG_CODE,SEX,AGE,NUMBER_OF_PATIENTS\n"
        for group in 0..<groups {
            let organisation = "P\(group / 2)"
            let sex = group % 2 == 0 ? "F" : "M"
            var total = 0
            for band in 0..<5 {
                let count = (group * 7 + band * 3) % 40
                total += count
                csv += "\(organisation),\(sex),\(band * 5)_\(band * 5 + 4),\(count)\n"
            }
            csv += "\(organisation),\(sex),ALL,\(total + (group % brokenEvery == 1 ? 1 : 0))\n"
        }
        return csv
    }

    @Test("sum with where and group-by: one finding per group whose bands do not add up, at its first row")
    func bandsAddUp() throws {
        let report = try validate(patientsCSV(groups: 6, brokenEvery: 4), against: patients)
        let rule = try #require(report.rule("dataset:aggregate:bands-add-up"))
        #expect(rule.count == 2)
        #expect(rule.examples.map(\.row) == [8, 32])
        #expect(rule.examples.map(\.value) == ["ORG_CODE=P0, SEX=M", "ORG_CODE=P2, SEX=M"])
        #expect(rule.examples.first?.note == "bands = 65, all = 66")
        #expect(rule.message == "The five-year age bands must add up to the ALL row.")
        #expect(report.totals.rowsWithErrors == 0)
        #expect(!report.isValid)
    }

    @Test("the same findings for any jobs and block size, down to 1 byte")
    func parallel() async throws {
        let csv = patientsCSV(groups: 60, brokenEvery: 7)
        let whole = try await validateEveryWay(csv, against: patients)
        #expect(whole.counts["dataset:aggregate:bands-add-up"] == 9)
    }

    @Test("every function over the whole table; values over no rows are unknown and pass unless unknown: fail")
    func functions() throws {
        func check(_ assertion: String, unknown: String = "pass", csv: String) throws -> String? {
            let yaml = standardYAML(
                fields: "  A: { type: decimal }\n  D: { type: date }\n  T:",
                extra: """
                    dataset:
                      aggregates:
                        - id: all
                          values:
                            total: { sum: A }
                            average: { mean: A }
                            low: { min: A }
                            high: { max: A }
                            first: { min: D }
                            last: { max: D }
                            rows: { count: A }
                            kinds: { distinct-count: T }
                          assert: '\(assertion)'
                          unknown: \(unknown)
                          message: m
                    """)
            return try validate(csv, against: yaml).rule("dataset:aggregate:all")?.examples.first?.note ?? nil
        }
        let csv = "A,D,T\n1.5,2024-03-01,x\n-2,2023-12-31,y\n,,x\n10.25,2024-01-15, x\nabc,2024-13-01,\n"
        // The finding's note shows every value, so one failing assertion reads them all.
        #expect(
            try check("false", csv: csv)
                == "total = 9.75, average = 3.25, low = -2, high = 10.25, first = 2023-12-31, last = 2024-03-01, rows = 3, kinds = 3"
        )
        #expect(try check("total = 9.75 and average = 3.25 and low = -2 and high = 10.25", csv: csv) == nil)
        #expect(try check("first = date(\"2023-12-31\") and last = date(\"2024-03-01\")", csv: csv) == nil)
        #expect(try check("rows = 3 and kinds = 3", csv: csv) == nil)
        #expect(
            try check("rows < 3", csv: csv)
                == "total = 9.75, average = 3.25, low = -2, high = 10.25, first = 2023-12-31, last = 2024-03-01, rows = 3, kinds = 3"
        )
        let empty = "A,D,T\n"
        #expect(try check("total > 0", csv: empty) == nil)
        #expect(
            try check("total > 0", unknown: "fail", csv: empty)
                == "total = unknown, average = unknown, low = unknown, high = unknown, first = unknown, last = unknown, rows = 0, kinds = 0"
        )
    }

    @Test("a group field the file lacks makes one group; NaN is left out of min and max; NaN fails a field's bounds")
    func missingGroupColumnAndNaN() throws {
        let yaml = standardYAML(
            fields: "  G:\n  N: { type: integer }\n  F: { type: number, max: 10 }",
            extra: """
                table: { fields-match: subset }
                dataset:
                  aggregates:
                    - { id: grp, group-by: [G], values: { s: { sum: N } }, assert: s < 100, message: m }
                    - { id: top, values: { hi: { max: F } }, assert: hi <= 5, message: m }
                """)
        let report = try validate("N,F\n60,NaN\n60,7\n", against: yaml)
        #expect(report.rule("dataset:aggregate:grp")?.examples.map(\.value) == ["G="])
        #expect(report.rule("dataset:aggregate:grp")?.examples.first?.note == "s = 120")
        #expect(report.rule("dataset:aggregate:top")?.examples.first?.note == "hi = 7.0")
        #expect(try validate("N,F\n1,7\n1,NaN\n", against: yaml).rule("dataset:aggregate:top")?.count == 1)
        #expect(report.counts["field:F:max"] == 1)
    }

    @Test("a sum beyond 38 digits is never compared: the group fails with a note, the same for any block size")
    func inexactSums() async throws {
        let yaml = standardYAML(
            fields: "  K:\n  V: { type: decimal }",
            extra: """
                dataset:
                  aggregates:
                    - id: parts-equal-all
                      values:
                        parts: { sum: V, where: K = "part" }
                        all: { sum: V, where: K = "all" }
                      assert: parts = all
                      message: m
                """)
        let csv =
            "K,V\npart,99999999999999999999999999999999999999\npart,1\n"
            + "all,99999999999999999999999999999999999999\nall,0.0\n"
        let report = try await validateEveryWay(csv, against: yaml)
        #expect(
            report.rule("dataset:aggregate:parts-equal-all")?.examples.first?.note
                == "parts = 100000000000000000000000000000000000000, all = not exact (beyond 38 digits or 18 places)")
    }

    @Test("a sensitive group field or value is masked in the finding")
    func sensitive() throws {
        let yaml = standardYAML(
            fields: "  NHS: { sensitive: true }\n  N: { type: integer, sensitive: true }",
            extra: """
                dataset:
                  aggregates:
                    - { id: per-patient, group-by: NHS, values: { total: { sum: N } }, assert: total < 10, message: m }
                """)
        let report = try validate("NHS,N\n9434765919,7\n9434765919,8\n", against: yaml)
        let example = try #require(report.rule("dataset:aggregate:per-patient")?.examples.first)
        #expect(example.value == "NHS=##########")
        #expect(example.note == "total = (masked)")
        #expect(!JSONReportWriter().render(report).contains("9434765919"))
    }

    @Test("mistakes in an aggregate are located errors")
    func loadErrors() {
        func errors(_ entry: String) -> [String] {
            diagnostics(
                of: standardYAML(
                    fields: "  A: { type: integer }\n  S:", extra: "dataset:\n  aggregates:\n    - \(entry)"))
        }
        #expect(
            errors("{ id: x, values: { t: { sum: S } }, assert: t > 1, message: m }") == [
                "standard.yaml:6:36: error: sum of value 't' of aggregate 'x' needs an integer or decimal field (exact; a number field's floating sum would depend on the order rows are added in), and 'S' is string"
            ])
        #expect(
            errors("{ id: x, values: { t: { sum: B } }, assert: t > 1, message: m }") == [
                "standard.yaml:6:36: error: unknown field 'B'"
            ])
        #expect(
            errors("{ id: x, values: { t: { sum: A, max: A } }, assert: t > 1, message: m }") == [
                "standard.yaml:6:29: error: value 't' of aggregate 'x' needs exactly one of sum, min, max, mean, count, distinct-count, naming a field"
            ])
        #expect(
            errors("{ id: x, values: { t: { sum: A } }, assert: total > 1, message: m }") == [
                "standard.yaml:6:51: error: assert of aggregate 'x': unknown value 'total'"
            ])
        #expect(
            errors("{ id: x, group-by: [Q], values: { t: { count: A } }, assert: t > 1, message: m }") == [
                "standard.yaml:6:27: error: unknown field 'Q'"
            ])
        #expect(
            errors("{ id: x, values: { t: { sum: A, where: 'S > 1' } }, assert: t > 1, message: m }").first?.contains(
                "where of value 't' of aggregate 'x'") == true)
    }
}
