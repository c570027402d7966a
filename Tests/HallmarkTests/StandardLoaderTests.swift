import Foundation
import Testing

@testable import Hallmark

@Suite("Standards language v1: loading and located errors")
struct StandardLoaderTests {
    @Test("a complete standard loads with every key")
    func loadsCompleteStandard() throws {
        let standard = try loadStandard(
            """
            hallmark: 1
            id: demo.complete
            version: 2.1.0-beta.1+build.5
            title: Complete
            description: Every key.
            publisher: Tests
            formats:
              code: { title: A code, pattern: '[A-Z][0-9]{3}', normalize: [trim, uppercase] }
            codelists:
              colours: [red, green]
              sizes: { values: [S, M, L] }
            table:
              dialect: { delimiter: ";", quote: "'", double-quote: false, escape: "\\\\", has-header: true, encoding: UTF-8, line-ending: crlf, comment: "#" }
              missing: ["", "NA"]
              fields-match: subset
            fields:
              ID: { type: integer, required: true, unique: true, min: 1, exclusive-max: 1000 }
              CODE: { type: string, format: code, min-length: 4, max-length: 4, pattern: '[A-Z0-9]+' }
              COLOUR: { codes: colours, severity: warning, help: Pick one. }
              SIZE: { values: [S, M, L] }
              PRICE: { type: decimal, min: 0, max: 99.99, scale: 2 }
              RATIO: { type: number, exclusive-min: 0 }
              ACTIVE: { type: boolean, true-values: [Y], false-values: [N] }
              ON: { type: date, layout: DD/MM/YYYY, min: 2020-01-01 }
              AT: { type: datetime, max: 2030-01-01T00:00:00Z }
              TIME: { type: time }
              YEAR: { type: year, min: 1990 }
              MONTH: { type: yearmonth, max: 2030-12 }
              SECRET: { sensitive: true }
              NOTE:
            dataset:
              primary-key: [ID, CODE]
              rows: { min: 1, max: 10 }
              completeness: { COLOUR: 90% }
            """)
        #expect(standard.id == "demo.complete")
        #expect(standard.version == "2.1.0-beta.1+build.5")
        #expect(
            standard.fields.map(\.name) == [
                "ID", "CODE", "COLOUR", "SIZE", "PRICE", "RATIO", "ACTIVE", "ON", "AT", "TIME", "YEAR", "MONTH",
                "SECRET", "NOTE",
            ])
        #expect(standard.table.dialect.delimiter == UInt8(ascii: ";"))
        #expect(standard.table.dialect.quote == UInt8(ascii: "'"))
        #expect(standard.table.dialect.escape == UInt8(ascii: "\\"))
        #expect(standard.table.dialect.doubleQuote == false)
        #expect(standard.table.dialect.lineEnding == .crlf)
        #expect(standard.table.dialect.commentPrefix == UInt8(ascii: "#"))
        #expect(standard.table.missingValues == ["", "NA"])
        #expect(standard.table.fieldsMatch == .subset)
        #expect(standard.fields[0].isUnique && standard.fields[0].isRequired)
        #expect(standard.fields[2].severity == .warning)
        #expect(standard.fields[12].isSensitive)
        #expect(standard.fields[13].type == .string)
        #expect(standard.formats["code"]?.normalizations == [.trim, .uppercase])
        #expect(standard.codeLists["colours"]?.codes == ["red", "green"])
        #expect(standard.dataset.primaryKey == ["ID", "CODE"])
        #expect(standard.dataset.minimumRows == 1 && standard.dataset.maximumRows == 10)
        #expect(standard.dataset.completeness.first?.percent == 90)
    }

    @Test("every mistake is reported at once, in line order, with file:line:column")
    func reportsAllErrorsAtOnce() {
        let yaml = """
            hallmark: 1
            id: broken
            version: 1.0
            fields:
              A: { type: integr }
              B: { type: string, uniqe: true }
              C: { type: integer, min: 10, max: 5 }
              D: { type: string, pattern: '[a-z' }
              E: { type: string, format: nhs-numbr }
              F: { type: string, codes: nowhere }
              G: { type: string, min: 3 }
              H: { type: integer, min: one }
              I: { type: string, min-length: 5, max-length: 2 }
              J: { type: boolean, required: yes }
            dataset:
              primary-key: [A, Z]
            """
        #expect(
            diagnostics(of: yaml) == [
                "standard.yaml:3:10: error: version '1.0' is not a semantic version (MAJOR.MINOR.PATCH, such as 2.1.0)",
                "standard.yaml:5:14: error: unknown type 'integr' for field 'A' (did you mean 'integer'?)",
                "standard.yaml:6:22: error: unknown key 'uniqe' in field 'B' (did you mean 'unique'?)",
                "standard.yaml:7:23: error: min 10 is not below max 5, so no value of field 'C' can pass",
                "standard.yaml:8:31: error: pattern '[a-z' does not compile: missing terminating ] for character class at offset 4",
                "standard.yaml:9:30: error: unknown format 'nhs-numbr' for field 'E'; define it under 'formats:' or name the file that does in 'uses:'",
                "standard.yaml:10:29: error: unknown code list 'nowhere' for field 'F'; define it under 'codelists:' or name the file that does in 'uses:'",
                "standard.yaml:11:22: error: 'min' applies to numbers, dates, times and durations, not to string field 'G'",
                "standard.yaml:12:28: error: min of field 'H' must be an integer (digits with an optional sign), not 'one'",
                "standard.yaml:13:22: error: min-length 5 is greater than max-length 2, so no value of field 'I' can pass",
                "standard.yaml:14:33: error: required must be true or false, not 'yes'",
                "standard.yaml:16:20: error: unknown field 'Z'",
            ])
    }

    @Test("columns count characters, not bytes, after multi-byte text (bytes would give column 28)")
    func columnsCountCharacters() {
        let yaml = standardYAML(fields: "  PRÉNOM_ÉLÈVE: { type: strng }")
        #expect(
            diagnostics(of: yaml) == [
                "standard.yaml:6:25: error: unknown type 'strng' for field 'PRÉNOM_ÉLÈVE' (did you mean 'string'?)"
            ])
    }

    @Test("YAML syntax errors carry libyaml's words and place")
    func yamlSyntaxError() {
        #expect(
            diagnostics(of: "hallmark: 1\nid: x\nfields: [a, b\n") == [
                "standard.yaml:4:1: error: did not find expected ',' or ']' while parsing a flow sequence"
            ])
        #expect(
            diagnostics(of: "hallmark: 1\n  id: x\n") == [
                "standard.yaml:2:5: error: mapping values are not allowed in this context"
            ])
    }

    @Test("duplicate keys and duplicate field names are errors")
    func duplicates() {
        let yaml = """
            hallmark: 1
            id: dup
            id: again
            version: 1.0.0
            fields:
              A: { type: string }
              A: { type: integer }
            """
        #expect(
            diagnostics(of: yaml) == [
                "standard.yaml:3:1: error: duplicate key 'id' (first defined at line 2)",
                "standard.yaml:7:3: error: duplicate field 'A' (first defined at line 6)",
            ])
    }

    @Test("several documents are rejected")
    func multipleDocuments() {
        #expect(
            diagnostics(of: "hallmark: 1\n---\nhallmark: 1\n") == [
                "standard.yaml:2:1: error: a standard is one YAML document, but this file has several ('---' starts a second one)"
            ])
    }

    @Test("anchors, aliases and merge keys work")
    func anchorsAndMerge() throws {
        let standard = try loadStandard(
            """
            hallmark: 1
            id: anchors
            version: 1.0.0
            fields:
              A: &money { type: decimal, min: 0, scale: 2 }
              B: *money
              C: { <<: *money, max: 10 }
              D: { <<: *money, scale: 4 }
            """)
        #expect(standard.fields.map(\.type) == [.decimal, .decimal, .decimal, .decimal])
        #expect(standard.fields[1].constraints.scale == 2)
        #expect(standard.fields[2].constraints.upper?.text == "10")
        #expect(standard.fields[3].constraints.scale == 4)
    }

    @Test("an undefined alias and an alias bomb are errors, not hangs")
    func aliasProblems() {
        #expect(
            diagnostics(of: "hallmark: 1\nid: *nothing\n") == [
                "standard.yaml:2:5: error: alias '*nothing' refers to no anchor defined before it"
            ])
        var bomb = "hallmark: 1\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let previous = "*a\(level - 1)"
            bomb += "a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
        }
        let found = diagnostics(of: bomb)
        #expect(found.count == 1)
        #expect(found.first?.contains("expands to more than 1000000 nodes") == true)
    }

    @Test("missing required keys and an unsupported language version")
    func missingKeys() {
        #expect(
            diagnostics(of: "title: nothing else\n") == [
                "standard.yaml:1:1: error: missing 'hallmark:', the language version; write 'hallmark: 1' as the first line",
                "standard.yaml:1:1: error: missing 'id:'",
                "standard.yaml:1:1: error: missing 'version:', the standard's semantic version such as 1.0.0",
                "standard.yaml:1:1: error: the standard has no 'fields:'; list the table's columns there",
            ])
        #expect(
            diagnostics(of: "hallmark: 2\nid: x\nversion: 1.0.0\nfields: { A: }\n") == [
                "standard.yaml:1:11: error: language version 2 is not supported by this Hallmark; it reads version 1"
            ])
        #expect(diagnostics(of: "") == ["standard.yaml:1:1: error: the file is empty; a standard is a YAML mapping"])
    }

    @Test("rules: is a list of rules")
    func rulesAreAList() {
        #expect(diagnostics(of: standardYAML(fields: "  A:", extra: "rules: []")).isEmpty)
        #expect(
            diagnostics(of: standardYAML(fields: "  A:", extra: "rules: { r: A is missing }")) == [
                "standard.yaml:4:8: error: rules must be a list of rules (each '- id: …'), not a mapping"
            ])
    }

    @Test("dialect, table and dataset mistakes")
    func tableMistakes() {
        let yaml = """
            hallmark: 1
            id: t
            version: 1.0.0
            table:
              dialect: { delimiter: ",,", encoding: ebcdic1, line-ending: unix, has-header: maybe }
              fields-match: exactly
            fields:
              A: { type: integer }
            dataset:
              rows: { min: 5, max: 1 }
              completeness: { A: lots }
            """
        #expect(
            diagnostics(of: yaml) == [
                "standard.yaml:5:25: error: delimiter must be one ASCII character (not a line break), not ',,'",
                "standard.yaml:5:41: error: encoding 'ebcdic1' is not supported; use one of utf-8, windows-1252, iso-8859-1, utf-16, utf-16le, utf-16be",
                "standard.yaml:5:63: error: line-ending must be one of any, lf, crlf, cr, not 'unix'",
                "standard.yaml:5:81: error: has-header must be true or false, not 'maybe'",
                "standard.yaml:6:17: error: fields-match must be one of exact, ordered, subset, any-order, extra-columns, partial, not 'exactly' (did you mean 'exact'?)",
                "standard.yaml:10:11: error: rows min 5 is greater than rows max 1",
                "standard.yaml:11:22: error: completeness of 'A' must be a percentage such as 99%, not 'lots'",
            ])
    }

    @Test("keys renamed before language version 1 was frozen name their new spelling")
    func renamedKeys() {
        let yaml = """
            hallmark: 1
            id: t
            version: 1.0.0
            table:
              dialect: { header: false }
              header: subset
            fields:
              A: { type: date, format: DD/MM/YYYY }
              B: { type: string, layout: YYYY }
            """
        #expect(
            diagnostics(of: yaml) == [
                "standard.yaml:5:14: error: 'header' in dialect is now written 'has-header: true | false'",
                "standard.yaml:6:3: error: 'header' in table is now written 'fields-match: exact | ordered | subset'",
                "standard.yaml:8:20: error: 'format' names an identifier format; a date field's layout is written 'layout: DD/MM/YYYY'",
                "standard.yaml:9:22: error: 'layout' spells dates, times and geopoints; it does not apply to string field 'B'",
            ])
        #expect(codes(of: yaml) == ["renamed-key", "renamed-key", "renamed-key", "invalid-value"])
    }

    @Test("type-specific keys on the wrong type, and bad layouts")
    func typeSpecificKeys() {
        let yaml = standardYAML(
            fields: """
                  A: { type: integer, scale: 2 }
                  B: { type: string, true-values: [y] }
                  C: { type: date, layout: DD/MM/YYY }
                  D: { type: date, layout: QQ-MM }
                  E: { type: number, format: x }
                  F: { type: boolean, true-values: [y], false-values: [y] }
                """)
        #expect(
            diagnostics(of: yaml) == [
                "standard.yaml:6:23: error: 'scale' applies to decimal fields, not to integer field 'A'",
                "standard.yaml:7:22: error: 'true-values' applies to boolean fields, not to string field 'B'",
                "standard.yaml:8:28: error: 'YYY' is not a year token; write the year as YYYY, or YY for two digits",
                "standard.yaml:9:28: error: unknown token 'QQ' in layout 'QQ-MM'; tokens are YYYY, YY, MM, M, MMM, DD, D, hh, h, mm, m, ss, s and S (quote other text: 'T')",
                "standard.yaml:10:22: error: 'format' names an identifier format, for string and integer fields; it does not apply to number field 'E'",
                "standard.yaml:11:23: error: 'y' is both a true and a false value for field 'F'",
            ])
    }

    @Test("formats: unknown checksum and normalisation, and neither pattern nor checksum")
    func formatMistakes() {
        let yaml = standardYAML(
            fields: "  A:",
            extra: """
                formats:
                  a: { checksum: luhnn }
                  b: { pattern: 'x', normalize: [strip-space] }
                  c: { title: nothing to check }
                """)
        #expect(
            diagnostics(of: yaml) == [
                "standard.yaml:5:18: error: unknown checksum 'luhnn' (did you mean 'luhn'?)",
                "standard.yaml:6:34: error: unknown normalisation 'strip-space' (did you mean 'strip-spaces'?)",
                "standard.yaml:7:3: error: format 'c' needs a 'pattern', a 'checksum', or both",
            ])
    }
}

@Suite("uses: and code-list files")
struct StandardFilesTests {
    @Test("formats and code lists come from used files, transitively, and from CSV columns")
    func usesAndCodeListFiles() throws {
        let directory = try makeTemporaryDirectory()
        try FileManagerShim.makeDirectory(directory + "/lib")
        try write(
            "hallmark: 1\nuses: [base.yaml]\ncodelists:\n  la: { file: la.csv, column: code }\n",
            to: directory + "/lib/uk.yaml")
        try write(
            "hallmark: 1\nformats:\n  nhs: { pattern: '[0-9]{10}', checksum: nhs-modulus-11 }\n",
            to: directory + "/lib/base.yaml")
        try write("code,name\nE06000001,Hartlepool\n\"E06000002\",Middlesbrough\n", to: directory + "/lib/la.csv")
        try write(
            standardYAML(fields: "  N: { format: nhs }\n  L: { codes: la }", extra: "uses: [lib/uk.yaml]"),
            to: directory + "/std.yaml")
        let standard = try Standard(contentsOfFile: directory + "/std.yaml", root: directory)
        #expect(standard.formats["nhs"]?.checksum == .nhsModulus11)
        #expect(standard.codeLists["la"]?.codes == ["E06000001", "E06000002"])
    }

    @Test("a uses cycle, a missing used file and a missing code-list column are located errors")
    func usesProblems() throws {
        let directory = try makeTemporaryDirectory()
        try write("hallmark: 1\nuses: [b.yaml]\n", to: directory + "/a.yaml")
        try write("hallmark: 1\nuses: [a.yaml]\n", to: directory + "/b.yaml")
        try write("code\nX\n", to: directory + "/list.csv")
        try write(
            standardYAML(
                fields: "  A:",
                extra: """
                    uses: [a.yaml, missing.yaml]
                    codelists:
                      l: { file: list.csv, column: label }
                      m: { file: nofile.csv, column: code }
                    """), to: directory + "/std.yaml")
        let found: [String]
        do {
            _ = try Standard(contentsOfFile: directory + "/std.yaml", root: directory)
            found = []
        } catch {
            found = error.diagnostics.map { $0.description.replacingOccurrences(of: directory + "/", with: "") }
        }
        #expect(
            found == [
                "std.yaml:4:16: error: cannot read 'missing.yaml' named in uses (looked for 'missing.yaml', relative to the file that names it): no such file or directory",
                "std.yaml:6:32: error: code list file 'list.csv' has no column 'label'",
                "std.yaml:7:14: error: cannot read code list file 'nofile.csv' (looked for 'nofile.csv', relative to the file that names it): no such file or directory",
                "b.yaml:2:8: error: 'uses' forms a cycle: a.yaml → b.yaml → a.yaml",
            ])
    }

    @Test("a used file may not define a table")
    func libraryCannotDefineFields() throws {
        let directory = try makeTemporaryDirectory()
        try write("hallmark: 1\nfields: { A: }\n", to: directory + "/lib.yaml")
        let found = diagnostics(of: standardYAML(fields: "  A:", extra: "uses: [lib.yaml]"), root: directory)
            .map { $0.replacingOccurrences(of: directory + "/", with: "") }
        #expect(
            found == [
                "lib.yaml:2:1: error: unknown key 'fields' in 'lib.yaml'; a file named in 'uses' shares its formats and codelists only; it cannot define a table"
            ])
    }

    @Test("an unreadable standard is one error without a location")
    func unreadableStandard() {
        #expect(throws: StandardError.self) { try Standard(contentsOfFile: "/nonexistent/standard.yaml") }
        do {
            _ = try Standard(contentsOfFile: "/nonexistent/standard.yaml")
        } catch {
            #expect(
                error.description
                    == "error: cannot read standard '/nonexistent/standard.yaml': no such file or directory")
        }
    }

    @Test("the shipped standards load")
    func shippedStandardsLoad() throws {
        let standard = try Standard(
            contentsOfFile: packageRoot + "/Standards/nhs/practice-prescribing.yaml", root: packageRoot)
        #expect(standard.fields.count == 16)
        #expect(standard.formats["nhs-number"]?.checksum == .nhsModulus11)
        let library = try StandardLibrary(
            contentsOfFile: packageRoot + "/Standards/uk/identifiers.yaml", root: packageRoot)
        #expect(library.formats.count >= 8)
    }
    @Test("the language article's full example loads as written (escape: null included)")
    func articleExample() throws {
        let article = try String(
            contentsOfFile: packageRoot + "/Sources/Hallmark/Documentation.docc/StandardsLanguage.md", encoding: .utf8)
        let start = try #require(article.range(of: "```yaml\n"))
        let end = try #require(article.range(of: "```", range: start.upperBound..<article.endIndex))
        let yaml = String(article[start.upperBound..<end.lowerBound])
        // Its neighbours: the shipped UK library one folder up, and the departments list beside it.
        let directory = try makeTemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory + "/council", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: packageRoot + "/Standards/uk", toPath: directory + "/uk")
        try write("code,name\nFIN,Finance\n", to: directory + "/council/departments.csv")
        try write(yaml, to: directory + "/council/payments.yaml")
        let standard = try Standard(contentsOfFile: directory + "/council/payments.yaml", root: directory)
        #expect(standard.id == "council.payments" && standard.table.dialect.escape == nil)
    }

    @Test("a definition or a uses: file that fails is reported once, without a spurious unknown name")
    func noCascadeAfterFailedDefinition() throws {
        let directory = try makeTemporaryDirectory()
        let yaml = standardYAML(
            fields: "  A: { codes: depts }\n  B: { format: broken }\n  C: { format: nhs-number }",
            extra: "uses: [missing.yaml]\ncodelists:\n  depts: { file: nowhere.csv, column: code }\n"
                + "formats:\n  broken: { pattern: '(' }")
        #expect(codes(of: yaml, root: directory) == ["unreadable-file", "unreadable-file", "invalid-pattern"])
        // A name that is simply not defined anywhere is still reported.
        #expect(codes(of: standardYAML(fields: "  A: { codes: nothing }")) == ["unknown-code-list"])
    }

    @Test("lint takes a file with a typo of fields: for a standard, and libraries for libraries")
    func libraryOrStandard() throws {
        let directory = try makeTemporaryDirectory()
        try write("hallmark: 1\nid: t\nversion: 1.0.0\nfeilds:\n  A:\n", to: directory + "/typo.yaml")
        try write("hallmark: 1\ntitle: Formats\nformats: { x: { pattern: 'a' } }\n", to: directory + "/lib.yaml")
        #expect(!StandardLibrary.isLibrary(path: directory + "/typo.yaml"))
        #expect(StandardLibrary.isLibrary(path: directory + "/lib.yaml"))
        #expect(StandardLibrary.isLibrary(path: packageRoot + "/Standards/uk/identifiers.yaml"))
    }

    @Test("the rows rule speaks of one data row in the singular")
    func rowsGrammar() throws {
        let report = try validate("A\n", against: standardYAML(fields: "  A:", extra: "dataset: { rows: { min: 1 } }"))
        #expect(report.rule("dataset:rows")?.message == "the table must have at least 1 data row")
    }
}

enum FileManagerShim {
    static func makeDirectory(_ path: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

}
