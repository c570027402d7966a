import Foundation
import Testing

@testable import Hallmark

/// Files as councils and trusts publish them (#10): title blocks, footers, other encodings,
/// written-out numbers, padded labels.
@Suite("Published files as they are")
struct PublishedFileTests {
    func located(_ report: Report) -> Set<String> {
        Set(
            report.findingsByRule.flatMap { rule in
                rule.examples.map {
                    "\(rule.ruleID) row \($0.row.map(String.init) ?? "-") line \($0.line.map(String.init) ?? "-") \($0.value ?? "∅")"
                }
            })
    }

    // MARK: Where the table is

    @Test("header-row: the title block above the header is skipped; rows and lines keep the file's numbers")
    func headerRow() async throws {
        let yaml = standardYAML(
            fields: "  CODE: { required: true }\n  AMOUNT: { type: integer }",
            extra: "table: { dialect: { header-row: 4 } }")
        // A title block whose lines have quotes and commas of their own, CRLF endings and a BOM.
        let csv = "\u{FEFF}Anytown Council, \"payments\r\n\r\nReport date: 02/07/2026,,\r\nCODE,AMOUNT\r\nA,1\r\n,x\r\n"
        let report = try await validateEveryWay(csv, against: yaml)
        #expect(report.totals.rows == 2)
        #expect(report.table?.headerRow == 4)
        #expect(located(report) == ["field:CODE:required row 6 line 6 ", "field:AMOUNT:type row 6 line 6 x"])
    }

    @Test("skip-rows skips lines above a table without a header; a file that ends above its header is empty")
    func skipRowsAndShortFile() async throws {
        let headerless = standardYAML(
            fields: "  CODE: { required: true }\n  AMOUNT: { type: integer }",
            extra: "table: { dialect: { skip-rows: 2, has-header: false } }")
        let report = try await validateEveryWay("title\nsubtitle\nA,1\nB,x\n", against: headerless)
        #expect(report.totals.rows == 2)
        #expect(report.table?.headerRow == nil)
        #expect(located(report) == ["field:AMOUNT:type row 4 line 4 x"])

        let short = standardYAML(fields: "  CODE:", extra: "table: { dialect: { header-row: 9 } }")
        let empty = try await validateEveryWay("title\n\nmore\n", against: short)
        #expect(located(empty) == ["table:empty-file row - line - ∅"])
    }

    @Test("skip-blank-rows leaves blank rows out of the table, and the report counts them")
    func skipBlankRows() async throws {
        let yaml = standardYAML(
            fields: "  A: { type: integer }\n  B:", extra: "table: { dialect: { skip-blank-rows: true } }")
        let report = try await validateEveryWay("A,B\n1,x\n,\n\n2,y\nz,w\n", against: yaml)
        #expect(report.totals.rows == 3)
        #expect(report.table?.blankRowsSkipped == 2)
        #expect(located(report) == ["field:A:type row 6 line 6 z"])
    }

    @Test("a footer ends the table: its rows are counted, not checked, whatever blocks they fall in")
    func footer() async throws {
        let yaml = standardYAML(
            fields: "  NAME: { required: true }\n  AMOUNT: { type: integer, required: true }",
            extra: "table: { footer: '(Grand )?Total' }")
        let csv = "NAME,AMOUNT\na,1\nb,x\n,\n  Total  ,3\n,\nNotes: provisional,\n"
        let report = try await validateEveryWay(csv, against: yaml)
        // The blank row before the footer is data (a blank row); everything from "Total" on is footer.
        #expect(report.totals.rows == 3)
        #expect(report.table?.footer == Report.TableInfo.Footer(row: 5, line: 5, rows: 3))
        #expect(located(report) == ["field:AMOUNT:type row 3 line 3 x", "table:blank-row row 4 line 4 ∅"])
    }

    @Test("--max-errors with a footer stops at the same row for any jobs and block size (found in a stranger's trial)")
    func footerWithErrorLimit() async throws {
        let yaml = standardYAML(
            fields: "  id: { type: integer }\n  amount: { type: integer }", extra: "table: { footer: Total }")
        var csv = "id,amount\n"
        for index in 0..<300 { csv += "\(index),\(index % 3 == 0 ? "x" : String(index))\n" }
        csv += "Total,5\n\nNotes,\n"
        let path = try makeTemporaryDirectory() + "/d.csv"
        try write(csv, to: path)
        for limit in [1, 50, 99] {
            var reports: [Report] = []
            for (jobs, blockSize) in [(1, 4 << 20), (2, 64), (3, 7), (1, 1)] {
                var options = Validator.Options()
                options.maxErrors = limit
                options.jobs = jobs
                options.blockSize = blockSize
                reports.append(
                    try await Validator(standard: try loadStandard(yaml), options: options).validate(fileAt: path))
            }
            for report in reports {
                #expect(report.totals == reports[0].totals, "limit \(limit)")
                #expect(report.totals.findings.error == limit && report.totals.stopReason == .errorLimit)
                #expect(!report.isValid)
            }
        }
    }

    @Test("a footer that starts mid-table, longer than max-rows, is reported: the rows after it were not checked")
    func longFooter() async throws {
        let yaml = standardYAML(
            fields: "  NAME:\n  AMOUNT: { type: integer }",
            extra: "table: { footer: { pattern: 'Sub-?total', max-rows: 2 } }")
        let csv = "NAME,AMOUNT\na,1\nSubtotal,1\nb,x\nc,y\nd,z\n"
        let report = try await validateEveryWay(csv, against: yaml)
        #expect(report.totals.rows == 1)
        #expect(report.table?.footer?.rows == 4)
        #expect(located(report) == ["table:long-footer row 3 line 3 4"])
        // Like every finding with a row, it has a row key, so its ticket can follow it between runs.
        #expect(report.rule("table:long-footer")?.examples.first?.rowKey != nil)
        #expect(!report.isValid)
    }

    // MARK: Encodings

    @Test("windows-1252 and ISO 8859-1 are read as UTF-8; the digest is of the bytes as stored")
    func singleByteEncodings() async throws {
        // "O’Brien" and "£5" in windows-1252: 0x92 and 0xA3.
        let bytes: [UInt8] = Array("NAME,AMOUNT\nO".utf8) + [0x92] + Array("Brien,".utf8) + [0xA3] + Array("5\n".utf8)
        let yaml = standardYAML(
            fields: "  NAME: { max-length: 3 }\n  AMOUNT: { type: integer, currency: '£' }",
            extra: "table: { dialect: { encoding: windows-1252 } }")
        let report = try await validateEveryWay(bytes, against: try loadStandard(yaml))
        #expect(located(report) == ["field:NAME:max-length row 2 line 2 O’Brien"])
        #expect(report.table?.encoding == "windows-1252")
        #expect(report.input.bytes == bytes.count)
        let latin1 = try await validateEveryWay(
            bytes, against: try loadStandard(yaml.replacingOccurrences(of: "windows-1252", with: "iso-8859-1")))
        // In ISO 8859-1, 0x92 is a C1 control, not a quotation mark.
        #expect(located(latin1) == ["field:NAME:max-length row 2 line 2 O\u{92}Brien"])
    }

    @Test("UTF-16 with either byte-order mark, or none; a lone surrogate is invalid text, not lost")
    func utf16() async throws {
        let yaml = standardYAML(
            fields: "  NAME: { max-length: 3 }\n  N: { type: integer }",
            extra: "table: { dialect: { encoding: utf-16 } }")
        let text = "NAME,N\r\nZoë,1\r\nÅsa😀,x\r\n"
        let units = Array(text.utf16)
        func littleEndian(_ units: [UInt16]) -> [UInt8] { units.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } }
        let little: [UInt8] = [0xFF, 0xFE] + littleEndian(units)
        let big: [UInt8] = [0xFE, 0xFF] + units.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let bare = littleEndian(units)
        for bytes in [little, big, bare] {
            let report = try await validateEveryWay(bytes, against: try loadStandard(yaml))
            #expect(
                located(report) == ["field:NAME:max-length row 3 line 3 Åsa😀", "field:N:type row 3 line 3 x"])
        }
        // A high surrogate with no low half.
        let broken: [UInt8] = [0xFF, 0xFE] + littleEndian(Array("N,N\nA".utf16) + [0xD800] + Array(",1\n".utf16))
        let report = try await validateEveryWay(
            broken,
            against: try loadStandard(yaml.replacingOccurrences(of: "NAME: { max-length: 3 }\n  N:", with: "N:")))
        #expect(report.counts["table:invalid-utf8"] == 1)
    }

    @Test("a UTF-8 standard on a windows-1252 file: invalid-utf8 findings and a hint to say the encoding")
    func windows1252Hint() throws {
        let bytes: [UInt8] = Array("NAME\nO".utf8) + [0x92] + Array("Brien\n".utf8)
        let report = Validator(standard: try loadStandard(standardYAML(fields: "  NAME:"))).validate(bytes: bytes)
        #expect(report.counts["table:invalid-utf8"] == 1)
        #expect(report.hints.contains { $0.contains("--encoding windows-1252") })
        // Broken UTF-8 (a lead byte cut short) is not windows-1252.
        let cut = Validator(standard: try loadStandard(standardYAML(fields: "  NAME:")))
            .validate(bytes: Array("NAME\nab".utf8) + [0xE2, 0x80] + Array("c\n".utf8))
        #expect(cut.counts["table:invalid-utf8"] == 1)
        #expect(cut.hints.isEmpty)
    }

    // MARK: Numbers and text

    @Test("currency, group and decimal characters, parentheses and percent: checked in plain form")
    func numberSyntax() throws {
        let yaml = standardYAML(
            fields: """
                  AMOUNT: { type: decimal, currency: '£', group-char: ',', negative: parentheses, scale: 2, min: -100 }
                  EURO: { type: decimal, group-char: ' ', decimal-char: ',' }
                  SHARE: { type: number, percent: true, max: 100 }
                """)
        let csv = """
            AMOUNT,EURO,SHARE
            "£1,234.50","1 234,5",12.5%
            (£5.00),"12,75",100
            -£5,0,1e2%
            "£1,23.50",12.5,101%
            "(£500.00)","1 2345,0",x%
            "£-5.001",",5",50
            """
        let report = try validate(csv + "\n", against: yaml)
        #expect(
            Set(
                report.findingsByRule.flatMap { rule in
                    rule.examples.map { "\(rule.ruleID) row \($0.row!) \($0.value!)" }
                })
                == [
                    "field:AMOUNT:type row 5 £1,23.50", "field:EURO:type row 5 12.5", "field:SHARE:max row 5 101%",
                    "field:AMOUNT:min row 6 (£500.00)", "field:EURO:type row 6 1 2345,0", "field:SHARE:type row 6 x%",
                    // Under negative: parentheses, a minus sign is not how negatives are written.
                    "field:AMOUNT:type row 4 -£5", "field:AMOUNT:type row 7 £-5.001",
                ])
        #expect(
            report.rule("field:AMOUNT:type")?.message
                == "AMOUNT must be a number written like £1,234.50 or (£1,234.50) when negative")
    }

    @Test("bare-number: false allows text before and after a number, which is checked without it")
    func bareNumber() throws {
        let yaml = standardYAML(
            fields: "  N: { type: decimal, bare-number: false, max: 100 }\n  I: { type: integer, bare-number: false }")
        let report = try validate("N,I\n€95,95 EUR\n12.5%,-7 units\nEUR 150,x\nabc,1.5 kg\n", against: yaml)
        #expect(report.counts == ["field:N:max": 1, "field:N:type": 1, "field:I:type": 2])
        #expect(report.rule("field:N:max")?.examples.first?.value == "EUR 150")
    }

    @Test("trim: padded values are checked trimmed and reported as written; whitespace: report makes padding a finding")
    func trimAndWhitespace() throws {
        let yaml = standardYAML(
            fields: """
                  CODE: { pattern: '[A-Z][0-9]{5}', trim: true }
                  NAME: { whitespace: report }
                  BOTH: { type: integer, trim: true, whitespace: report }
                """)
        let report = try validate("CODE,NAME,BOTH\n A81001  ,Acorn ,  7\nA81002,Elm,x \n", against: yaml)
        #expect(
            Set(
                report.findingsByRule.flatMap { rule in
                    rule.examples.map { "\(rule.ruleID) row \($0.row!) '\($0.value!)'" }
                })
                == [
                    "field:NAME:whitespace row 2 'Acorn '", "field:BOTH:whitespace row 2 '  7'",
                    // One finding per cell: the type failure, not the padding as well.
                    "field:BOTH:type row 3 'x '",
                ])
        #expect(report.counts["field:CODE:pattern"] == nil)
    }

    @Test("cell-findings: a cell failing several checks gives its most specific finding, or all under 'all'")
    func cellFindings() throws {
        let fields = """
              PRACTICE: { format: ods-gp-practice, max-length: 6, pattern: '[A-Z].*' }
            """
        let fused = "PRACTICE\n\"e12345 ,N81646\"\n"
        let first = try validate(
            fused, against: standardYAML(fields: fields, extra: "uses: [Standards/uk/health.yaml]"))
        #expect(first.counts == ["field:PRACTICE:format": 1])
        let all = try validate(
            fused,
            against: standardYAML(
                fields: fields, extra: "uses: [Standards/uk/health.yaml]\ntable: { cell-findings: all }"))
        #expect(
            all.counts == ["field:PRACTICE:format": 1, "field:PRACTICE:pattern": 1, "field:PRACTICE:max-length": 1])
    }

    @Test("an impossible date says which day does not exist")
    func impossibleDates() throws {
        let yaml = standardYAML(
            fields: """
                  UK: { type: date, layout: DD/MM/YYYY }
                  EXTRACT: { type: date, layout: DDMMMYYYY }
                  ISO: { type: date }
                """)
        let report = try validate(
            "UK,EXTRACT,ISO\n31/06/2012,31SEP2017,2017-02-29\n32/01/2012,01SEP2017,2017-13-01\n", against: yaml)
        let notes = Set(report.findingsByRule.flatMap { $0.examples.map { "\($0.value!): \($0.note ?? "-")" } })
        #expect(
            notes == [
                "31/06/2012: there is no 31 June", "31SEP2017: there is no 31 September",
                "2017-02-29: there is no 29 February in 2017", "32/01/2012: there is no 32 January",
                "2017-13-01: there is no month 13",
            ])
    }

    // MARK: Labels

    @Test(
        "header-match trimmed and case-insensitive; under exact, a label off by case is one finding and still checked")
    func headerMatch() throws {
        let fields = "  POSTCODE: { max-length: 8 }\n  BNF NAME:"
        let csv = " Postcode ,BNF NAME   \nTOO LONG POSTCODE,x\n"
        let exact = try validate(csv, against: standardYAML(fields: fields))
        #expect(exact.counts == ["table:label-spelling": 2, "field:POSTCODE:max-length": 1])
        let example = try #require(exact.rule("table:label-spelling")?.examples.first)
        #expect(example.note == "label ' Postcode ' should be 'POSTCODE'")
        #expect(example.field == "POSTCODE")

        let trimmed = try validate(
            csv, against: standardYAML(fields: fields, extra: "table: { header-match: trimmed }"))
        #expect(trimmed.counts == ["table:label-spelling": 1, "field:POSTCODE:max-length": 1])
        let loose = try validate(
            csv, against: standardYAML(fields: fields, extra: "table: { header-match: case-insensitive }"))
        #expect(loose.counts == ["field:POSTCODE:max-length": 1])
    }

    @Test("trailing-empty-column: allow takes a comma at the end of every line; a value there is still reported")
    func trailingEmptyColumn() throws {
        let yaml = standardYAML(fields: "  A:\n  B:", extra: "table: { trailing-empty-column: allow }")
        let report = try validate("A,B,\n1,2,\n3,4\n5,6,7\n", against: yaml)
        #expect(located(report) == ["table:extra-cell row 4 line 4 7"])
        let reported = try validate("A,B,\n1,2,\n", against: standardYAML(fields: "  A:\n  B:"))
        #expect(reported.counts == ["table:blank-label": 1])
        let headerless = try validate(
            "1,2,\n3,4\n",
            against: standardYAML(
                fields: "  A:\n  B:", extra: "table: { trailing-empty-column: allow, dialect: { has-header: false } }"))
        #expect(headerless.findingsByRule.isEmpty)
    }

    @Test("a field named \"\" matches the blank label")
    func emptyFieldName() throws {
        let report = try validate(",B\nx,y\n", against: standardYAML(fields: "  \"\": { required: true }\n  B:"))
        #expect(report.findingsByRule.isEmpty)
    }

    @Test("a header that matches nothing: hints for another delimiter, or a first row of data")
    func headerHints() throws {
        let fields = "  CODE:\n  NAME:\n  AMOUNT:"
        let semicolons = try validate("CODE;NAME;AMOUNT\nA;b;1\n", against: standardYAML(fields: fields))
        #expect(semicolons.hints == ["the file looks semicolon-delimited; try --delimiter ';'"])
        let data = try validate("A81001,Acorn,12\nA81002,Elm,3\n", against: standardYAML(fields: fields))
        #expect(data.hints == ["the first row looks like data, not a header; if the file has none, try --no-header"])
        let fine = try validate("CODE,NAME,AMOUNT\nA,b,1\n", against: standardYAML(fields: fields))
        #expect(fine.hints.isEmpty)
    }

    // MARK: Found in a stranger's trial

    @Test("under trim, keys are trimmed too: ' 3' and '3 ' are one primary key, as they are one unique value")
    func trimmedKeys() throws {
        let yaml = standardYAML(
            fields: "  K:\n  V:", extra: "table: { trim: true }\ndataset: { primary-key: [K] }")
        let report = try validate("K,V\n 3,a\n3 ,b\n3,c\n", against: yaml)
        #expect(report.counts == ["dataset:primary-key": 2])
    }

    @Test("header findings keep the file's line under header-row; a row of spaces is blank under trim")
    func headerLineAndSpaceRows() async throws {
        let yaml = standardYAML(
            fields: "  Body:\n  N: { required: true }",
            extra: "table: { trim: true, dialect: { header-row: 3, skip-blank-rows: true } }")
        let report = try await validateEveryWay("t\n\nbody,N\nx,1\n  ,  \n", against: yaml)
        let example = try #require(report.rule("table:label-spelling")?.examples.first)
        #expect(example.row == 3 && example.line == 3 && example.cellLine == 3)
        #expect(report.table?.blankRowsSkipped == 1)
        #expect(report.counts == ["table:label-spelling": 1])
    }

    @Test("blank rows after the footer do not count towards max-rows; a footer never found is a hint")
    func footerPadding() throws {
        let yaml = standardYAML(fields: "  A:\n  B:", extra: "table: { footer: { pattern: Total, max-rows: 2 } }")
        let padded = try validate("A,B\na,1\nTotal,1\n" + String(repeating: ",\n", count: 15) + "\n\n", against: yaml)
        #expect(padded.findingsByRule.isEmpty)
        #expect(padded.table?.footer?.rows == 18)
        let none = try validate("A,B\na,1\n", against: yaml)
        #expect(none.hints == ["no row matched the footer pattern 'Total': every row to the end was checked as data"])
    }

    @Test("footer patterns that match an empty cell are refused; ones that match any text are flagged")
    func footerPatterns() throws {
        #expect(
            diagnostics(of: standardYAML(fields: "  A:", extra: "table: { footer: '(Total)?' }")) == [
                "standard.yaml:4:18: error: the footer pattern '(Total)?' matches an empty cell; write what the footer's first cell says, such as 'Total'"
            ])
        let anything = try loadStandard(standardYAML(fields: "  A:", extra: "table: { footer: '.+' }"))
        #expect(
            anything.warnings.map(\.message) == [
                "the footer pattern '.+' matches any text: the first data row would end the table"
            ])
    }

    @Test("spaces after the currency symbol with a space as group character; minus refused under parentheses")
    func currencySpaces() throws {
        let yaml = standardYAML(
            fields: "  A: { type: decimal, currency: '£', group-char: ' ', negative: parentheses }")
        let report = try validate("A\n£ 123.00\n£   612.00\n£ 1 234.00\n(£ 5.00)\n£-5\n-£5\n£12 34\n", against: yaml)
        #expect(report.rule("field:A:type")?.examples.map(\.value) == ["£-5", "-£5", "£12 34"])
        #expect(
            diagnostics(of: standardYAML(fields: "  A: { type: decimal, currency: '(' }")) == [
                "standard.yaml:6:33: error: currency must be a short symbol such as '£' or 'EUR', not '('"
            ])
    }

    @Test("utf-16be and utf-16le take the byte order they name, whatever the first character")
    func namedByteOrder() throws {
        let units = Array("Ŵyr,B\nx,1\n".utf16)
        let big = units.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let little = units.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        for (name, bytes) in [("utf-16be", big), ("utf-16le", little)] {
            let yaml = standardYAML(
                fields: "  Ŵyr:\n  B: { type: integer }", extra: "table: { dialect: { encoding: \(name) } }")
            let report = Validator(standard: try loadStandard(yaml)).validate(bytes: bytes)
            #expect(report.findingsByRule.isEmpty, "\(name)")
        }
    }

    @Test(
        "encoding hints from the header's bytes; a first row of data among empty cells; lines skipped above a headerless table are said"
    )
    func moreHints() throws {
        let utf16: [UInt8] = [0xFF, 0xFE] + Array("A,B\n1,2\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let asUTF8 = Validator(standard: try loadStandard(standardYAML(fields: "  A:\n  B:"))).validate(bytes: utf16)
        #expect(asUTF8.hints == ["the file looks UTF-16 (a zero byte beside each character); try --encoding utf-16"])
        let bom = Validator(
            standard: try loadStandard(
                standardYAML(fields: "  A:\n  B:", extra: "table: { dialect: { encoding: windows-1252 } }"))
        ).validate(bytes: [0xEF, 0xBB, 0xBF] + Array("A,B\n1,2\n".utf8))
        #expect(bom.hints == ["the file starts with a UTF-8 byte-order mark, so it is UTF-8; try --encoding utf-8"])
        let ods = try validate(
            "\"L84073\",\"A PRACTICE\",\"Y57\",\"\",\"\",\"GL11 4AB\",\"19740401\"\n",
            against: standardYAML(fields: "  Code:\n  Name:\n  Group:\n  A1:\n  A2:\n  Postcode:\n  Opened:"))
        #expect(ods.hints == ["the first row looks like data, not a header; if the file has none, try --no-header"])
        let headerless = try validate(
            "title\nA,1\n",
            against: standardYAML(
                fields: "  C:\n  N:", extra: "table: { dialect: { has-header: false, skip-rows: 1 } }"))
        #expect(headerless.table?.linesSkipped == 1)
        #expect(headerless.readingSummary == "1 line above the table skipped")
        let short = try validate(
            "title\n", against: standardYAML(fields: "  C:", extra: "table: { dialect: { header-row: 5 } }"))
        #expect(short.table?.headerRow == nil)
        #expect(
            short.rule("table:empty-file")?.examples.first?.note
                == "the file ends before line 5, where the header was expected")
    }

    @Test(
        "untrimmed padding is named first; labels off by inner spacing are label-spelling; notes are not escaped twice")
    func paddingLabelsAndNotes() throws {
        let yaml = standardYAML(fields: "  Supplier Name: { values: [A12345], whitespace: report }")
        let report = try validate("Supplier  Name\n A12345\n", against: yaml)
        #expect(report.counts == ["table:label-spelling": 1, "field:Supplier Name:whitespace": 1])
        let tabbed = try validate("S\t\nx\n", against: standardYAML(fields: "  S:"))
        #expect(tabbed.rule("table:label-spelling")?.examples.first?.note == "label 'S\t' should be 'S'")
        #expect(TextExcerpt.escaped("\u{200B}5\u{A0}") == "\\u{200B}5\\u{A0}")
    }

    // MARK: The standard

    @Test("mistakes in the new keys are located")
    func loaderMistakes() {
        #expect(
            diagnostics(
                of: standardYAML(
                    fields: "  A: { group-char: ',' }\n  B: { type: decimal, group-char: ',', decimal-char: ',' }",
                    extra: "table: { dialect: { header-row: 3, skip-rows: 1 }, footer: { max-rows: 2 } }"))
                == [
                    "standard.yaml:4:36: error: header-row 3 and skip-rows 1 disagree; give one (header-row: N skips N - 1 lines)",
                    "standard.yaml:4:60: error: footer needs a pattern for its first cell, such as 'Total'",
                    "standard.yaml:6:8: error: 'group-char' says how numbers are written; it does not apply to string field 'A'",
                    "standard.yaml:7:23: error: group-char and decimal-char must differ for field 'B'",
                ])
        let badExample = """
            hallmark: 1
            id: t
            version: 1.0.0
            formats:
              code: { pattern: '[A-Z][0-9]', example: 'A12' }
            fields:
              A: { format: code }
            """
        #expect(
            diagnostics(of: badExample) == [
                "standard.yaml:5:43: error: example 'A12' is not a valid code by the format's own rules"
            ])
    }

    @Test("messages that send the writer of a standard the right way: commas in { }, where a uses: file was looked for")
    func standardMessages() throws {
        let comma = standardYAML(fields: "  D: { type: date, help: Dates as DD/MM/YYYY, as written }")
        #expect(
            diagnostics(of: comma) == [
                "standard.yaml:6:47: error: unknown key 'as written' in field 'D' (text with commas in { } must be quoted: help: 'a, b')"
            ])
        let directory = try makeTemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory + "/sub", withIntermediateDirectories: true)
        try write(standardYAML(fields: "  A:", extra: "uses: [lib.yaml]"), to: directory + "/sub/s.yaml")
        #expect(
            loadFailure { () throws(StandardError) in
                try Standard(contentsOfFile: directory + "/sub/s.yaml", root: directory)
            } == [
                "cannot read 'lib.yaml' named in uses (looked for '\(directory)/sub/lib.yaml', relative to the file that names it): no such file or directory"
            ])
    }

    @Test("every shipped identifier format has an example that passes it, shown in its message")
    func shippedExamples() throws {
        for file in ["uk/health.yaml", "uk/geography.yaml", "uk/government.yaml", "international/identifiers.yaml"] {
            let library = try StandardLibrary(contentsOfFile: packageRoot + "/Standards/" + file, root: packageRoot)
            for (name, format) in library.formats {
                let example = try #require(format.example, "\(file): \(name)")
                #expect(format.accepts(example), "\(file): \(name)")
            }
        }
    }
}

/// The fixtures modelled on real published files: each validates with no finding when clean, and
/// with exactly its planted findings when not.
@Suite("Shipped fixtures in the shapes of real published files")
struct PublishedFixtureTests {
    func report(_ fixture: String, _ standard: String) async throws -> Report {
        let loaded = try Standard(contentsOfFile: packageRoot + "/Standards/" + standard, root: packageRoot)
        return try await Validator(standard: loaded).validate(fileAt: packageRoot + "/Fixtures/" + fixture)
    }

    /// The fixtures of rules across fields and rows (`scripts/rule-fixtures.py`): clean, then planted.
    @Test(
        "rules across rows on files shaped like mySociety's councils, NHS registered patients and HSCIC prescribing",
        arguments: [
            (
                "local-government/local-authorities.yaml", "rules/local-authorities",
                [
                    "dataset:foreign-key:county-la row 8 col 12 WSC",
                    "field:region:required-when row 5 col 9 ",
                    "rule:ends-after-start row 3 col 6 2023-03-31",
                ]
            ),
            (
                "nhs/registered-patients.yaml", "rules/registered-patients",
                [
                    "dataset:aggregate:bands-add-up row 23 col - ORG_CODE=A81001, SEX=FEMALE (bands = 1145, all = 1140)",
                    "dataset:aggregate:bands-add-up row 107 col - ORG_CODE=A81002, SEX=MALE (bands = 1118, all = 1120)",
                    "dataset:aggregate:sexes-add-up row 5 col - ORG_CODE=A81001, AGE_GROUP_5=10_14 (male = 82, female = 83, all = 160)",
                    "dataset:aggregate:sexes-add-up row 70 col - ORG_CODE=A81002, AGE_GROUP_5=20_24 (male = 55, female = 53, all = 110)",
                ]
            ),
            (
                "../Fixtures/rules/prescribing-practices/practices.yaml", "rules/prescribing-practices/pdpi",
                ["dataset:foreign-key:PRACTICE row 5 col 3 B85011"]
            ),
        ])
    func rulesAcrossRows(standard: String, fixture: String, expected: [String]) async throws {
        let clean = try await report(fixture + ".csv", standard)
        #expect(clean.findingsByRule.isEmpty)
        let planted = try await report(fixture + "-planted.csv", standard)
        #expect(located(planted) == Set(expected))
    }

    /// The real files of ../shared/realdata (beside the project in CI, not in a user's clone).
    static let realData = packageRoot + "/../shared/realdata"

    @Test(
        "the real mySociety councils file and NHS registered patients meet the shipped standards' rules across rows",
        .enabled(
            if: FileManager.default.fileExists(atPath: realData),
            "needs ../shared/realdata beside the project (present in CI)"))
    func realFiles() async throws {
        let councils = try await Validator(
            standard: try Standard(
                contentsOfFile: packageRoot + "/Standards/local-government/local-authorities.yaml", root: packageRoot)
        ).validate(fileAt: Self.realData + "/mysociety-uk-local-authorities/uk_local_authorities_current.csv")
        #expect(councils.totals.rows == 470)
        #expect(councils.findingsByRule.isEmpty, "\(councils.counts)")
        // The 2017 file's layout predates the shipped standard's; its sums are checked with the same aggregate.
        let yaml = standardYAML(
            fields: """
                  PUBLICATION:
                  EXTRACT_DATE: { type: date, layout: DDMMMYYYY }
                  ORG_TYPE:
                  ORG_CODE:
                  ONS_CODE:
                  POSTCODE:
                  SEX: { values: [ALL, MALE, FEMALE] }
                  AGE_GROUP_5:
                  NUMBER_OF_PATIENTS: { type: integer, min: 0 }
                """,
            extra: """
                dataset:
                  aggregates:
                    - id: bands-add-up
                      group-by: ORG_CODE
                      values:
                        bands: { sum: NUMBER_OF_PATIENTS, where: 'SEX != "ALL" and AGE_GROUP_5 != "ALL"' }
                        all: { sum: NUMBER_OF_PATIENTS, where: 'SEX = "ALL" and AGE_GROUP_5 = "ALL"' }
                      assert: bands != all
                      message: inverted, so that every practice's sums show in a finding
                """)
        let patients = try await Validator(standard: try loadStandard(yaml)).validate(
            fileAt: Self.realData + "/openprescribing/gp-reg-pat-prac-quin-age.csv")
        #expect(
            patients.rule("dataset:aggregate:bands-add-up")?.examples.map(\.note) == [
                "bands = 6939, all = 6939", "bands = 10529, all = 10529", "bands = 6632, all = 6632",
                "bands = 4181, all = 4181",
            ])
    }

    func located(_ report: Report) -> Set<String> {
        Set(
            report.findingsByRule.flatMap { rule in
                rule.examples.map {
                    "\(rule.ruleID) row \($0.row.map(String.init) ?? "-") col \($0.column.map(String.init) ?? "-") \($0.value ?? "∅")"
                        + ($0.note.map { " (\($0))" } ?? "")
                }
            })
    }

    @Test("a council's spend file: windows-1252, a nine-line title block, £1,234.50 amounts, a Total footer")
    func councilSpend() async throws {
        let standard = "local-government/council-spend.yaml"
        let clean = try await report("council-spend/payments-2026-06.csv", standard)
        #expect(clean.findingsByRule.isEmpty)
        #expect(clean.totals.rows == 15)
        #expect(
            clean.table
                == Report.TableInfo(
                    encoding: "windows-1252", headerRow: 10, linesSkipped: 9, blankRowsSkipped: 1,
                    footer: .init(row: 27, line: 27, rows: 3)))
        let planted = try await report("council-spend/payments-2026-06-planted.csv", standard)
        #expect(
            located(planted) == [
                "field:Invoice Date:type row 13 col 4 31/06/2026 (there is no 31 June)",
                "field:Amount:type row 15 col 6 £12,42.58",
                "field:Amount:scale row 17 col 6 £2,100.005",
                "field:Supplier Name:required row 20 col 3 ",
                "dataset:primary-key row 22 col - Transaction Number=4100241 (repeats row 21)",
                "field:Expense Type:values row 24 col 7 Residential Care",
                // One check of a field as a warning, the field's others errors (#11).
                "field:Supplier Name:pattern row 18 col 3 Café Nero Catering †",
            ])
        #expect(planted.totals.findings.error == 6)
        #expect(planted.totals.findings.warning == 1)
        #expect(planted.rule("field:Supplier Name:pattern")?.severity == .warning)
    }

    @Test("an ODS-style file: no header, every value quoted")
    func odsPractices() async throws {
        let standard = "nhs/ods-gp-practices.yaml"
        let clean = try await report("ods/practices.csv", standard)
        #expect(clean.findingsByRule.isEmpty)
        #expect(clean.totals.rows == 8)
        let planted = try await report("ods/practices-planted.csv", standard)
        #expect(
            located(planted) == [
                "field:Organisation Code:format row 2 col 1 a81002",
                "field:Postcode:format row 3 col 10 HD58AB",
                "field:Open Date:type row 4 col 11 19740231 (there is no 31 February)",
                "field:Status Code:values row 5 col 13 X",
                "dataset:primary-key row 7 col - Organisation Code=A81001 (repeats row 1)",
                "table:missing-cell row 8 col 27 ∅",
                // Rules across fields (#11): closed with no close date, closed before it opened.
                "field:Close Date:required-when row 1 col 12 ",
                "rule:close-after-open row 6 col 12 19700101",
            ])
        #expect(planted.totals.findings.error == 8)
    }

    @Test("an HSCIC prescribing file: space-padded labels and names, zero-padded counts, a trailing comma")
    func hscicPrescribing() async throws {
        let standard = "nhs/hscic-prescribing.yaml"
        let clean = try await report("hscic-prescribing/pdpi-2014-10.csv", standard)
        #expect(clean.findingsByRule.isEmpty)
        #expect(clean.totals.rows == 18)
        let planted = try await report("hscic-prescribing/pdpi-2014-10-planted.csv", standard)
        #expect(
            located(planted) == [
                "field:ITEMS:min row 4 col 6 0000000",
                "field:NIC:scale row 7 col 7 00000001.605",
                "field:PERIOD:type row 10 col 10 201413 (there is no month 13)",
                "field:PRACTICE:pattern row 13 col 3 N8101",
                "table:extra-cell row 16 col 11 stray",
            ])
        #expect(planted.totals.findings.error == 5)
    }
}
