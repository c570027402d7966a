import Foundation
import Testing

@testable import Hallmark

/// Validates one column of values against one field definition; returns the failing rule ids per value.
func failures(of values: [String], field: String, extra: String = "", maxExamples: Int = 1000) throws -> [String:
    [String]]
{
    let csv =
        "V\n"
        + values.map { value in
            value.contains(",") || value.contains("\"")
                ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
        }.joined(separator: "\n") + "\n"
    let report = try validate(
        csv, against: standardYAML(fields: "  V: \(field)", extra: extra), maxExamples: maxExamples)
    var result: [String: [String]] = [:]
    for rule in report.findingsByRule {
        for example in rule.examples {
            result[values[example.row! - 2], default: []].append(
                rule.ruleID.replacingOccurrences(of: "field:V:", with: ""))
        }
    }
    return result
}

@Suite("Types and constraints")
struct TypeAndConstraintTests {
    @Test("integer: strict syntax, 64-bit, min and max")
    func integer() throws {
        let found = try failures(
            of: [
                "0", "-5", "+7", "42", "100", "101", "3.5", "1e3", "1_000", " 7", "12a", "-", "99999999999999999999",
                "-9223372036854775808",
            ],
            field: "{ type: integer, min: -10, max: 100 }")
        #expect(
            found == [
                "101": ["max"], "3.5": ["type"], "1e3": ["type"], "1_000": ["type"], " 7": ["type"], "12a": ["type"],
                "-": ["type"], "99999999999999999999": ["type"], "-9223372036854775808": ["min"],
            ])
    }

    @Test("integer: exclusive bounds")
    func exclusiveBounds() throws {
        let found = try failures(
            of: ["0", "1", "9", "10"], field: "{ type: integer, exclusive-min: 0, exclusive-max: 10 }")
        #expect(found == ["0": ["exclusive-min"], "10": ["exclusive-max"]])
    }

    @Test("decimal: exact comparison, scale, no exponent")
    func decimal() throws {
        let found = try failures(
            of: [
                "0", "0.00", "-0.0", "12.5", ".5", "5.", "99.99", "99.990", "100.001", "-0.01", "1e2", "12,5", "1.234",
                "0099.99",
            ],
            field: "{ type: decimal, min: 0, max: 99.99, scale: 2 }")
        #expect(
            found == [
                "99.990": ["scale"], "100.001": ["scale", "max"], "-0.01": ["min"], "1e2": ["type"], "12,5": ["type"],
                "1.234": ["scale"],
            ])
    }

    @Test("decimal bounds beyond double precision are exact")
    func decimalPrecision() throws {
        let found = try failures(
            of: ["12345678901234567890.1", "12345678901234567890.2", "12345678901234567890.10"],
            field: "{ type: decimal, max: 12345678901234567890.1 }")
        #expect(found == ["12345678901234567890.2": ["max"]])
    }

    @Test("number: exponent, NaN and infinities, bounds")
    func number() throws {
        let found = try failures(
            of: ["1", "-1.5", "6.02e23", "1E-3", ".5", "NaN", "INF", "-INF", "1e", "e3", "0x10", "abc", " 1"],
            field: "{ type: number, min: -1 }")
        #expect(
            found == [
                "-1.5": ["min"], "-INF": ["min"], "1e": ["type"], "e3": ["type"], "0x10": ["type"], "abc": ["type"],
                " 1": ["type"],
                // NaN is within no range (Table Schema: "minimum/maximum … NaN" fails).
                "NaN": ["min"],
            ])
    }

    @Test("boolean: defaults and configured values")
    func boolean() throws {
        #expect(
            try failures(of: ["true", "False", "1", "0", "TRUE", "yes", "t"], field: "{ type: boolean }") == [
                "yes": ["type"], "t": ["type"],
            ])
        #expect(
            try failures(of: ["Y", "N", "true"], field: "{ type: boolean, true-values: [Y], false-values: [N] }") == [
                "true": ["type"]
            ])
    }

    @Test("date: ISO, real calendar, leap years, bounds")
    func date() throws {
        let found = try failures(
            of: [
                "2024-02-29", "2023-02-29", "2023-13-01", "2023-04-31", "2023-01-00", "2023-1-5", "2023-01-05 ",
                "+2023-01-05", "2019-12-31", "2030-01-01",
            ],
            field: "{ type: date, min: 2020-01-01, max: 2029-12-31 }")
        #expect(
            found == [
                "2023-02-29": ["type"], "2023-13-01": ["type"], "2023-04-31": ["type"], "2023-01-00": ["type"],
                "2023-1-5": ["type"], "2023-01-05 ": ["type"], "+2023-01-05": ["type"], "2019-12-31": ["min"],
                "2030-01-01": ["max"],
            ])
    }

    @Test("date: layouts with two-digit, loose and named months")
    func dateLayouts() throws {
        #expect(
            try failures(
                of: ["31/12/2023", "1/2/2023", "29/02/2023", "2023-12-31"], field: "{ type: date, layout: DD/MM/YYYY }")
                == ["1/2/2023": ["type"], "29/02/2023": ["type"], "2023-12-31": ["type"]])
        #expect(
            try failures(of: ["1/2/2023", "01/12/2023", "1/13/2023"], field: "{ type: date, layout: D/M/YYYY }") == [
                "1/13/2023": ["type"]
            ])
        #expect(
            try failures(
                of: ["01SEP2017", "01sep2017", "01SEX2017"], field: "{ type: date, layout: DDMMMYYYY, min: 2017-09-01 }"
            ) == ["01SEX2017": ["type"]])
    }

    @Test("layouts: two-digit years pivot as POSIX %y does; loose minutes and seconds; quoted letters")
    func layoutYearsAndLiterals() throws {
        #expect(
            try failures(
                of: ["21/11/06", "1/1/69", "31/12/68", "21/11/2006", "21/11/6"],
                field: "{ type: date, layout: D/M/YY, max: 2068-12-31 }")
                == ["21/11/2006": ["type"], "21/11/6": ["type"]])
        #expect(
            try failures(of: ["1/1/69", "1/1/68"], field: "{ type: date, layout: D/M/YY, max: 1999-12-31 }") == [
                "1/1/68": ["max"]
            ])
        #expect(
            try failures(
                of: ["2024-01-05T7:5:9", "2024-01-05T07:05:09", "2024-01-05 07:05:09", "2024-01-05T07:5:60"],
                field: "{ type: datetime, layout: \"YYYY-MM-DD'T'h:m:s\" }")
                == ["2024-01-05 07:05:09": ["type"], "2024-01-05T07:5:60": ["type"]])
        #expect(
            try failures(
                of: ["7:00 o'clock", "7:00 oclock", "9:00 o'clock"],
                field: "{ type: time, layout: \"h:mm 'o''clock'\", max: '08:00:00' }")
                == ["7:00 oclock": ["type"], "9:00 o'clock": ["max"]])
    }

    @Test("time, datetime with offsets, year and yearmonth")
    func otherTemporal() throws {
        #expect(
            try failures(
                of: ["00:00:00", "23:59:59.999", "24:00:00", "12:60:00", "7:00:00"],
                field: "{ type: time, max: '23:00:00' }")
                == ["23:59:59.999": ["max"], "24:00:00": ["type"], "12:60:00": ["type"], "7:00:00": ["type"]])
        #expect(
            try failures(
                of: [
                    "2024-01-01T00:30:00+01:00", "2024-01-01T00:30:00Z", "2024-01-01T00:30:00", "2024-01-01 00:30:00",
                    "2024-01-01T00:30:00+25:00",
                ],
                field: "{ type: datetime, min: 2024-01-01T00:00:00Z }")
                == [
                    "2024-01-01T00:30:00+01:00": ["min"], "2024-01-01 00:30:00": ["type"],
                    "2024-01-01T00:30:00+25:00": ["type"],
                ])
        #expect(
            try failures(of: ["1999", "2000", "99", "20000"], field: "{ type: year, min: 2000 }") == [
                "1999": ["min"], "99": ["type"], "20000": ["type"],
            ])
        #expect(
            try failures(of: ["2024-01", "2024-13", "202401", "2023-12"], field: "{ type: yearmonth, min: 2024-01 }")
                == ["2024-13": ["type"], "202401": ["type"], "2023-12": ["min"]])
        #expect(
            try failures(
                of: ["202401", "202413", "2024-01"], field: "{ type: yearmonth, layout: YYYYMM, min: 2024-01 }")
                == ["202413": ["type"], "2024-01": ["type"]])
    }

    @Test("text constraints: lengths in characters, whole-value patterns, values")
    func textConstraints() throws {
        #expect(
            try failures(of: ["abc", "ab", "abcde", "éèê", "日本語日本"], field: "{ min-length: 3, max-length: 4 }")
                == ["ab": ["min-length"], "abcde": ["max-length"], "日本語日本": ["max-length"]])
        #expect(
            try failures(of: ["A81001", "A81001X", "a81001", "ÉÉ"], field: "{ pattern: '[A-Z][0-9]{5}' }")
                == ["A81001X": ["pattern"], "a81001": ["pattern"], "ÉÉ": ["pattern"]])
        #expect(try failures(of: ["É1", "E1"], field: "{ pattern: '.[0-9]' }") == [:])
        #expect(try failures(of: ["01", "1", "no"], field: "{ values: ['01', 'no'] }") == ["1": ["values"]])
    }

    @Test("named code lists and identifier formats with normalisation and checksum")
    func codesAndFormats() throws {
        let extra = """
            formats:
              nhs: { pattern: '[0-9]{10}', normalize: [strip-spaces], checksum: nhs-modulus-11 }
              card: { checksum: luhn }
            codelists:
              units: [tablet, ml]
            """
        #expect(
            try failures(
                of: ["9434765919", "943 476 5919", "9434765918", "943476591", "94347659190"], field: "{ format: nhs }",
                extra: extra)
                == ["9434765918": ["format"], "943476591": ["format"], "94347659190": ["format"]])
        #expect(
            try failures(of: ["4539578763621486", "4539578763621487"], field: "{ format: card }", extra: extra) == [
                "4539578763621487": ["format"]
            ])
        #expect(
            try failures(of: ["tablet", "Tablet", "tablets"], field: "{ codes: units }", extra: extra) == [
                "Tablet": ["codes"], "tablets": ["codes"],
            ])
    }

    @Test("required, missing values, unique, severity override")
    func requiredUniqueSeverity() throws {
        let report = try validate(
            "A,B,C\n1,x,\n,y,NA\n1,x,z\n",
            against: standardYAML(
                fields: """
                      A: { type: integer, required: true, unique: true }
                      B: { unique: true, severity: warning }
                      C: { required: true }
                    """, extra: "table: { missing: ['', NA] }"))
        #expect(
            report.counts == ["field:A:required": 1, "field:A:unique": 1, "field:C:required": 2, "field:B:unique": 1])
        #expect(report.rule("field:B:unique")?.severity == .warning)
        #expect(report.totals.findings == Report.SeverityCounts(error: 4, warning: 1, info: 0))
        #expect(report.totals.rowsWithErrors == 3)
    }

    @Test("primary key: exact, length-prefixed, missing parts not counted as duplicates")
    func primaryKey() throws {
        let report = try validate(
            "A,B\nab,c\na,bc\nab,c\n,x\n,x\n",
            against: standardYAML(fields: "  A:\n  B:", extra: "dataset: { primary-key: [A, B] }"))
        #expect(report.counts == ["dataset:primary-key": 1, "field:A:required": 2])
        #expect(
            report.rule("dataset:primary-key")?.examples.first?.withoutKeyAndPlace
                == FindingExample(row: 4, line: 4, column: nil, field: nil, value: "A=ab, B=c", note: "repeats row 2"))
    }

    @Test("dataset rows and completeness")
    func datasetChecks() throws {
        let report = try validate(
            "A\n1\n\n\n",
            against: standardYAML(fields: "  A:", extra: "dataset: { rows: { min: 5 }, completeness: { A: 50% } }"))
        #expect(report.counts == ["dataset:rows": 1, "dataset:completeness:A": 1, "table:blank-row": 2])
        #expect(report.rule("dataset:completeness:A")?.examples.first?.value == "33.33%")
    }
}

@Suite("Table structure")
struct TableStructureTests {
    let fields = "  A: { type: integer }\n  B:\n  C:"

    @Test("extra and missing cells, blank rows, stray and unterminated quotes, invalid UTF-8")
    func structure() throws {
        var bytes = Array("A,B,C\n1,2,3,4\n1,2\n\n,,\n1,x\"y,3\n".utf8)
        bytes += [0x31, 0x2C, 0xFF, 0xFE, 0x2C, 0x33, 0x0A]  // 1,<invalid>,3
        bytes += Array("1,\"open,3\n".utf8)
        let report = Validator(standard: try loadStandard(standardYAML(fields: fields))).validate(bytes: bytes)
        #expect(
            report.counts == [
                "table:extra-cell": 1, "table:missing-cell": 1, "table:blank-row": 2, "table:stray-quote": 1,
                "table:invalid-utf8": 1, "table:unterminated-quote": 1,
            ])
        #expect(
            report.rule("table:extra-cell")?.examples.first?.withoutKeyAndPlace
                == FindingExample(row: 2, line: 2, column: 4, field: nil, value: "4"))
        #expect(
            report.rule("table:missing-cell")?.examples.first?.withoutKeyAndPlace
                == FindingExample(row: 3, line: 3, column: 3, field: "C", value: nil))
        #expect(
            report.rule("table:invalid-utf8")?.examples.first?.withoutKeyAndPlace
                == FindingExample(row: 7, line: 7, column: 2, field: "B", value: "\u{FFFD}\u{FFFD}"))
        #expect(
            report.rule("table:unterminated-quote")?.examples.first?.withoutKeyAndPlace
                == FindingExample(row: 8, line: 8, column: 2, field: nil, value: nil))
        #expect(report.totals.rows == 7)
    }

    @Test("line numbers follow quoted newlines; rows count records")
    func linesAndRows() throws {
        let report = try validate("A,B,C\n\"multi\nline\",x,y\nbad,x,y\n", against: standardYAML(fields: fields))
        #expect(report.rule("field:A:type")?.examples.map(\.row) == [2, 3])
        #expect(report.rule("field:A:type")?.examples.map(\.line) == [2, 4])
    }

    @Test("header policy exact: missing, extra, blank, duplicate and out-of-order labels")
    func exactHeader() throws {
        let report = try validate("B,A,,A,D\n", against: standardYAML(fields: fields))
        #expect(
            report.counts == [
                "table:missing-label": 1, "table:extra-label": 1, "table:blank-label": 1, "table:duplicate-label": 1,
                "table:label-order": 1,
            ])
        #expect(report.rule("table:missing-label")?.examples.first?.field == "C")
        #expect(report.rule("table:label-order")?.examples.first?.column == 2)
    }

    @Test("header policy ordered allows unnamed columns between fields")
    func orderedHeader() throws {
        let yaml = standardYAML(fields: fields, extra: "table: { fields-match: ordered }")
        #expect(try validate("A,X,B,C\n1,anything,2,3\n", against: yaml).counts == [:])
        #expect(try validate("B,A,C\n2,1,3\n", against: yaml).counts == ["table:label-order": 1])
    }

    @Test("header policy subset allows any order and absent optional fields")
    func subsetHeader() throws {
        let yaml = standardYAML(
            fields: "  A: { type: integer, required: true }\n  B:\n  C:", extra: "table: { fields-match: subset }")
        #expect(try validate("C,A\n3,1\n", against: yaml).counts == [:])
        #expect(try validate("C,B\n3,2\n", against: yaml).counts == ["table:missing-label": 1])
        #expect(try validate("A,Z\n1,2\n", against: yaml).counts == ["table:extra-label": 1])
    }

    @Test("no header row: columns match fields by position")
    func noHeader() throws {
        let report = try validate(
            "1,2,3\nx,2,3\n", against: standardYAML(fields: fields, extra: "table: { dialect: { has-header: false } }"))
        #expect(report.counts == ["field:A:type": 1])
        #expect(report.rule("field:A:type")?.examples.first?.row == 2)
        #expect(report.totals.rows == 2)
    }

    @Test("empty file, header-only file, BOM, CRLF, last line without newline")
    func edges() throws {
        let yaml = standardYAML(fields: fields)
        #expect(try validate("", against: yaml).counts == ["table:empty-file": 1])
        #expect(try validate("A,B,C\n", against: yaml).counts == [:])
        #expect(try validate("\u{FEFF}A,B,C\r\n1,2,3\r\nx,2,3", against: yaml).counts == ["field:A:type": 1])
    }

    @Test("a required line ending is checked")
    func lineEnding() throws {
        let yaml = standardYAML(fields: fields, extra: "table: { dialect: { line-ending: crlf } }")
        #expect(try validate("A,B,C\r\n1,2,3\n1,2,3\r\n1,2,3", against: yaml).counts == ["table:line-ending": 1])
    }

    @Test("sensitive values appear only as their shape, in every rule")
    func sensitiveMasking() throws {
        let yaml = standardYAML(
            fields: """
                  N: { pattern: '[0-9]{10}', sensitive: true, unique: true }
                  K: { sensitive: true }
                """, extra: "dataset: { primary-key: [N, K] }")
        let report = try validate("N,K\n943 476 591X,secret\n943 476 591X,secret\n943\"1,secret\"x\n", against: yaml)
        let json = JSONReportWriter().render(report) + TextSummaryWriter().render(report)
        #expect(report.counts["table:stray-quote"] == 1)
        let invalid = Validator(standard: try loadStandard(yaml)).validate(
            bytes: Array("N,K\n".utf8) + [0xFF] + Array("943,secret\n".utf8))
        #expect(invalid.counts["table:invalid-utf8"] == 1)
        #expect(!JSONReportWriter().render(invalid).contains("943"))
        #expect(!json.contains("943") && !json.contains("secret"))
        #expect(report.rule("field:N:pattern")?.examples.first?.value == "### ### ###A")
        #expect(report.rule("dataset:primary-key")?.examples.first?.value == "N=### ### ###A, K=aaaaaa")
    }

    @Test("examples are capped, counts stay exact")
    func exampleCap() throws {
        let csv = "A,B,C\n" + String(repeating: "x,1,1\n", count: 50)
        let report = try validate(csv, against: standardYAML(fields: fields), maxExamples: 3)
        #expect(report.rule("field:A:type")?.count == 50)
        #expect(report.rule("field:A:type")?.examples.map(\.row) == [2, 3, 4])
    }
}

@Suite("Robustness: bad input never crashes")
struct RobustnessTests {
    let standard: Standard

    init() throws {
        standard = try Standard(
            contentsOfFile: packageRoot + "/Standards/nhs/practice-prescribing.yaml", root: packageRoot)
    }

    @Test("binary garbage")
    func garbage() {
        var generator = SplitMix(seed: 42)
        let bytes = (0..<200_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let report = Validator(standard: standard).validate(bytes: bytes)
        #expect(!report.isValid)
    }

    @Test("every truncation of a valid file")
    func truncations() throws {
        let bytes = Array(
            try FileByteSource.readAll(path: packageRoot + "/Fixtures/prescribing/sample-valid.csv", maxBytes: 1 << 30)
                .prefix(3000))
        for length in stride(from: 0, through: bytes.count, by: 7) {
            let report = Validator(standard: standard).validate(bytes: Array(bytes[0..<length]))
            #expect(report.input.bytes == length)
        }
    }

    @Test("a 1 MB single field")
    func hugeField() {
        let bytes =
            Array("YEAR_MONTH\n\"".utf8) + Array(repeating: UInt8(ascii: "x"), count: 1 << 20) + Array("\"\n".utf8)
        let report = Validator(standard: standard).validate(bytes: bytes)
        #expect(report.counts["table:missing-label"] == 15)
        #expect(report.counts["field:YEAR_MONTH:type"] == 1)
        #expect(report.rule("field:YEAR_MONTH:type")?.examples.first?.value?.hasSuffix("…") == true)
    }

    @Test("a runaway quote over the record limit is reported, not buffered")
    func runawayQuote() {
        var options = Validator.Options()
        options.maxRecordBytes = 1000
        let bytes = Array("A\n\"".utf8) + Array(repeating: UInt8(ascii: "y"), count: 100_000)
        let report = Validator(standard: standard, options: options).validate(bytes: bytes)
        #expect(report.counts["table:oversized-record"] == 1)
    }
}

@Suite("Number syntax")
struct NumberSyntaxTests {
    @Test("the fast path for short decimals gives exactly strtod's double")
    func fastPathMatchesStrtod() {
        var random = SplitMix(seed: 99)
        var samples = [
            "0", "-0", "0.1", "0.3", "2.675", "999999999999999", "123456789012345", "0.000000000000001",
            "1.7976931348623157", "9007199254740993", "1234567890123456", "-12.5", "+7.25", "5.", ".5",
        ]
        for _ in 0..<20_000 {
            let integerDigits = random.next(9)
            let fractionDigits = random.next(12)
            var text = random.next(4) == 0 ? "-" : ""
            text += String((0..<max(integerDigits, 1)).map { _ in Character(String(random.next(10))) })
            if fractionDigits > 0 {
                text += "." + String((0..<fractionDigits).map { _ in Character(String(random.next(10))) })
            }
            samples.append(text)
        }
        for text in samples {
            #expect(FloatSyntax.parse(text)?.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
    }
}
