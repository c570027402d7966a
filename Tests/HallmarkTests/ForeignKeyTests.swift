import Foundation
import Testing

@testable import Hallmark

@Suite("Foreign keys")
struct ForeignKeyTests {
    /// A table of organisations whose PARENT must be another row's ORG.
    let sameTable = standardYAML(
        fields: "  ORG: { required: true }\n  PARENT:\n  NAME: { sensitive: true }",
        extra: "dataset:\n  foreign-keys:\n    - { fields: PARENT, reference: { fields: ORG } }")

    @Test("within the table: a row may refer to a later row or to itself; a missing part is not checked")
    func withinTheTable() throws {
        let csv = "ORG,PARENT,NAME\nB,A,x\nA,,y\nC,C,z\nD,Q,w\nE,A,v\nF,Q,u\n"
        let report = try validate(csv, against: sameTable)
        #expect(report.counts == ["dataset:foreign-key:PARENT": 2])
        let rule = try #require(report.rule("dataset:foreign-key:PARENT"))
        #expect(
            rule.examples.map(\.withoutKeyAndPlace) == [
                FindingExample(row: 5, line: 5, column: 2, field: "PARENT", value: "Q"),
                FindingExample(row: 7, line: 7, column: 2, field: "PARENT", value: "Q"),
            ])
        #expect(rule.message == "each row's PARENT must appear as ORG in some row of this table")
        #expect(report.totals.rowsWithErrors == 2)
        #expect(!report.isValid)
    }

    @Test("within the table: the same report for any jobs and block size, down to 1 byte")
    func withinTheTableInParallel() async throws {
        let yaml = standardYAML(
            fields: "  ORG: { required: true }\n  PARENT:\n  N: { type: integer }",
            extra: """
                dataset:
                  primary-key: [ORG]
                  foreign-keys:
                    - { fields: PARENT, reference: { fields: ORG } }
                    - { fields: [PARENT, N], reference: { fields: [ORG, N] }, severity: warning }
                """)
        var csv = "ORG,PARENT,N\n"
        // Parents listed after their children, missing parents, and duplicate keys on the same rows.
        for index in 0..<300 {
            let parent = index % 11 == 0 ? "" : index % 13 == 0 ? "X\(index)" : "O\((index * 7 + 3) % 300)"
            csv += "O\(index % 17 == 0 ? 0 : index),\(parent),\(index % 3)\n"
        }
        let whole = try await validateEveryWay(csv, against: yaml)
        #expect(whole.counts["dataset:foreign-key:PARENT"] ?? 0 > 0)
        #expect(whole.counts["dataset:primary-key"] ?? 0 > 0)
    }

    @Test("a row whose key repeats and whose reference is missing counts once among rows with errors")
    func rowCountedOnce() throws {
        let yaml = standardYAML(
            fields: "  ORG:\n  PARENT:",
            extra: """
                dataset:
                  primary-key: [ORG]
                  foreign-keys: [{ fields: PARENT, reference: { fields: ORG } }]
                """)
        let report = try validate("ORG,PARENT\nA,A\nA,Z\nB,Z\n", against: yaml)
        #expect(report.counts == ["dataset:primary-key": 1, "dataset:foreign-key:PARENT": 2])
        #expect(report.totals.rowsWithErrors == 2)
    }

    @Test("another file, composite, without a header row, in its own dialect and encoding")
    func anotherFile() throws {
        let directory = try makeTemporaryDirectory()
        // windows-1252, semicolons: "CAFÉ" is 0x43 0x41 0x46 0xC9.
        var practices = Array("A81001;Y63;CAF".utf8) + [0xC9] + Array("\r\nA81002;Y63;PARK\r\nB82005;Y61;X\r\n".utf8)
        practices += Array(";Y61;blank code\r\n".utf8)
        try Data(practices).write(to: URL(fileURLWithPath: directory + "/epraccur.csv"))
        let yaml = standardYAML(
            fields: "  PRACTICE: { trim: true }\n  REGION:\n  NAME:",
            extra: """
                dataset:
                  foreign-keys:
                    - fields: [PRACTICE, REGION]
                      reference:
                        file: epraccur.csv
                        fields: [1, 2]
                        dialect: { has-header: false, delimiter: ';', encoding: windows-1252 }
                    - fields: NAME
                      reference: { file: epraccur.csv, fields: 3, dialect: { has-header: false, delimiter: ';', encoding: windows-1252 } }
                      severity: warning
                      help: Use the practice's registered name.
                """)
        let standard = try Standard(yaml: yaml, name: "standard.yaml", root: directory)
        let csv = "PRACTICE,REGION,NAME\n A81001 ,Y63,CAFÉ\nA81002,Y61,PARK\nB82005,,X\n,Y61,Q\n"
        let report = Validator(standard: standard).validate(bytes: Array(csv.utf8))
        #expect(report.counts == ["dataset:foreign-key:PRACTICE+REGION": 1, "dataset:foreign-key:NAME": 1])
        let composite = try #require(report.rule("dataset:foreign-key:PRACTICE+REGION"))
        #expect(
            composite.examples.map(\.withoutKeyAndPlace) == [
                FindingExample(row: 3, line: 3, column: 1, field: "PRACTICE", value: "PRACTICE=A81002, REGION=Y61")
            ])
        #expect(composite.message == "each row's (PRACTICE, REGION) must appear in columns 1, 2 of epraccur.csv")
        let name = try #require(report.rule("dataset:foreign-key:NAME"))
        #expect(name.severity == .warning && name.help == "Use the practice's registered name.")
        #expect(name.examples.map(\.value) == ["Q"])
        #expect(report.totals.rowsWithErrors == 1)
    }

    @Test("another file with a header row names its columns by label")
    func labelledColumns() throws {
        let directory = try makeTemporaryDirectory()
        try write("Code,Name\nE06000001,Hartlepool\n", to: directory + "/councils.csv")
        let yaml = standardYAML(
            fields: "  COUNCIL:",
            extra: "dataset: { foreign-keys: [{ fields: COUNCIL, reference: { file: councils.csv, fields: Code } }] }")
        let standard = try Standard(yaml: yaml, name: "standard.yaml", root: directory)
        let report = Validator(standard: standard).validate(bytes: Array("COUNCIL\nE06000001\nE06000002\n".utf8))
        #expect(report.counts == ["dataset:foreign-key:COUNCIL": 1])
        #expect(
            loadFailure { () throws(StandardError) in
                try Standard(
                    yaml: yaml.replacingOccurrences(of: "fields: Code", with: "fields: Cod"), name: "standard.yaml",
                    root: directory)
            } == ["referenced file 'councils.csv' has no column 'Cod'"])
    }

    @Test("a code list, case-insensitive when the list is; sensitive values are masked")
    func codeList() throws {
        let yaml = standardYAML(
            fields: "  UNIT: { sensitive: true }\n  SEX:",
            extra: """
                codelists:
                  units: { values: [tablet, ml], case-sensitive: false }
                  sexes: [F, M]
                dataset:
                  foreign-keys:
                    - { fields: UNIT, reference: { codes: units }, fail-if: '> 1' }
                    - { fields: SEX, reference: { codes: sexes } }
                """)
        let report = try validate("UNIT,SEX\nTABLET,F\nMl,f\ngram9,M\n", against: yaml)
        #expect(report.counts == ["dataset:foreign-key:UNIT": 1, "dataset:foreign-key:SEX": 1])
        #expect(report.rule("dataset:foreign-key:UNIT")?.examples.first?.value == "aaaa#")
        #expect(report.rule("dataset:foreign-key:UNIT")?.isWithinThreshold == true)
        #expect(report.rule("dataset:foreign-key:SEX")?.examples.first?.value == "f")
        // A cell that is not valid text is the invalid-utf8 finding alone, not a missing code too.
        let bytes = Array("UNIT,SEX\ntablet,".utf8) + [0xFF] + Array("\n".utf8)
        let broken = Validator(standard: try loadStandard(yaml)).validate(bytes: bytes)
        #expect(broken.counts == ["table:invalid-utf8": 1])
    }

    @Test("a key that refers to a sensitive field is masked; a field that trims matches padded referenced values")
    func maskingAndTrimming() throws {
        let yaml = standardYAML(
            fields: "  NHS: { sensitive: true }\n  REF:",
            extra: "dataset: { foreign-keys: [{ fields: REF, reference: { fields: NHS } }] }")
        let report = try validate("NHS,REF\n9434765919,9434765918\n", against: yaml)
        #expect(report.rule("dataset:foreign-key:REF")?.examples.first?.value == "##########")
        #expect(!JSONReportWriter().render(report).contains("9434765918"))

        let directory = try makeTemporaryDirectory()
        try write("\"A81001  \",\"X\"\n\" A81002\",\"Y\"\n", to: directory + "/padded.csv")
        let padded = standardYAML(
            fields: "  P: { trim: true }\n  Q:",
            extra: """
                dataset:
                  foreign-keys:
                    - { fields: P, reference: { file: padded.csv, fields: 1, dialect: { has-header: false } } }
                    - { fields: Q, reference: { file: padded.csv, fields: 1, dialect: { has-header: false } } }
                """)
        let checked = Validator(standard: try Standard(yaml: padded, name: "standard.yaml", root: directory))
            .validate(bytes: Array("P,Q\nA81001,A81001\n A81002 ,A81002\n".utf8))
        #expect(checked.counts == ["dataset:foreign-key:Q": 2])
    }

    @Test("the keys of all referenced files are limited together, and the limit is a located error")
    func referenceKeyLimit() throws {
        let directory = try makeTemporaryDirectory()
        try write("1\n2\n3\n4\n", to: directory + "/codes.csv")
        var limits = Standard.Limits()
        limits.maxReferenceKeys = 3
        let yaml = standardYAML(
            fields: "  A:",
            extra:
                "dataset: { foreign-keys: [{ fields: A, reference: { file: codes.csv, fields: 1, dialect: { has-header: false } } }] }"
        )
        #expect(
            loadFailure { () throws(StandardError) in
                try Standard(yaml: yaml, name: "standard.yaml", root: directory, limits: limits)
            } == [
                "referenced file 'codes.csv': the standard's referenced files hold more than 3 keys together (maxReferenceKeys)"
            ])
        limits.maxReferenceKeys = 4
        #expect(throws: Never.self) { try Standard(yaml: yaml, name: "standard.yaml", root: directory, limits: limits) }
    }

    @Test("mistakes in a foreign key are located errors")
    func loadErrors() throws {
        let directory = try makeTemporaryDirectory()
        try write("1,2\n", to: directory + "/ref.csv")
        func errors(_ entry: String) -> [String] {
            diagnostics(
                of: standardYAML(
                    fields: "  A:\n  B:", extra: "codelists: { c: [x] }\ndataset:\n  foreign-keys:\n    - \(entry)"),
                root: directory)
        }
        #expect(errors("{ fields: C, reference: { fields: A } }") == ["standard.yaml:7:17: error: unknown field 'C'"])
        #expect(
            errors("{ fields: [A, B], reference: { fields: A } }") == [
                "standard.yaml:7:46: error: foreign key 'A+B' has 2 fields but its reference names 1; they pair up in order"
            ])
        #expect(
            errors("{ fields: [A, B], reference: { codes: c } }") == [
                "standard.yaml:7:45: error: foreign key 'A+B' has 2 fields, but a code list holds single codes; refer to a file's columns instead"
            ])
        #expect(
            errors("{ fields: A, reference: { codes: d } }") == [
                "standard.yaml:7:40: error: unknown code list 'd' for reference of foreign key 'A'; define it under 'codelists:' or name the file that does in 'uses:'"
            ])
        #expect(
            errors("{ fields: A }") == [
                "standard.yaml:7:7: error: foreign key 'A' needs a 'reference:': { codes: LIST }, { fields: [...] } in this table, or { file: PATH, fields: [...] }"
            ])
        #expect(
            errors("{ fields: A, reference: { fields: B, dialect: { has-header: false } } }") == [
                "standard.yaml:7:53: error: a dialect belongs to a reference with a 'file:'"
            ])
        #expect(
            errors("{ fields: A, reference: { file: ref.csv, fields: Code, dialect: { has-header: false } } }") == [
                "standard.yaml:7:56: error: a file without a header row names columns by position from 1, not 'Code'"
            ])
        #expect(
            errors("{ fields: A, reference: { file: ../ref.csv, fields: 1 } }").first?.contains(
                "resolves outside the standards root") == true)
        #expect(
            errors("{ fields: A, reference: { file: ref.csv, fields: 3, dialect: { has-header: false } } }") == [
                "standard.yaml:7:39: error: referenced file 'ref.csv': line 1 has 2 cells, too few for column '3'"
            ])
    }
}
