import Testing

@testable import Hallmark

/// Every shipped format and code list, used from a standard as a publisher would, on real published
/// examples and near misses.
@Suite("Shipped formats and code lists")
struct FormatPackTests {
    static let uses =
        "uses: [Standards/uk/identifiers.yaml, Standards/international/identifiers.yaml, "
        + "Standards/codelists/iso.yaml, Standards/codelists/uk.yaml]"

    /// (format, values that pass, values that fail)
    static let cases: [(String, [String], [String])] = [
        ("nhs-number", ["9434765919", "4010232137"], ["9434765918", "943 476 5919", "943476591", "1234567890"]),
        ("nhs-number-spaced", ["943 476 5919", "9434765919"], ["943 476 5918", "943-476-5919"]),
        ("chi-number", ["0101011237", "1404561234"], ["0101011236", "3202011234", "010101123"]),
        ("gmc-number", ["1234567"], ["123456", "12345678", "A123456"]),
        ("ods-gp-practice", ["A81001", "N81646"], ["a81001", "A8100", "A810011"]),
        ("ods-nhs-trust", ["RXH", "TAJ", "R1A"], ["AXH", "RX", "RXH01"]),
        ("ods-nhs-trust-site", ["RXH01", "RR8A1"], ["RXH", "RXH0"]),
        ("ods-pharmacy", ["FA123", "FXX99"], ["A1234", "FA12"]),
        ("ods-sub-icb-location", ["00L", "99A", "15N"], ["0L0", "QE1"]),
        ("ods-icb", ["QE1", "QHG"], ["Q1", "RE1"]),
        ("ods-nhs-region", ["Y56", "Y63"], ["Y5", "X56"]),
        ("bnf-presentation-code", ["0407010H0AAAMAM", "0102000N0AAABAB"], ["0407010H0AAAMA", "0407010h0AAAMAM"]),
        (
            "uk-postcode", ["SW1A 1AA", "M1 1AE", "GIR 0AA", "EC1A 1BB", "B33 8TH", "CR2 6XH", "DN55 1PT"],
            ["SW1A1AA", "sw1a 1aa", "QA1 1AA", "SW1A 1CA", "M1 1AEE"]
        ),
        ("uk-postcode-outward", ["SW1A", "M1", "GIR", "DN55"], ["SW1A 1AA", "QA1", "1AA"]),
        (
            "gss-code", ["E06000001", "W06000015", "S12000033", "N09000002", "K04000001"],
            ["E0600001", "X06000001", "e06000001"]
        ),
        (
            "gss-local-authority",
            ["E06000001", "E07000223", "E08000025", "E09000033", "W06000015", "S12000033", "N09000002"],
            ["E10000002", "E12000001", "E05000001"]
        ),
        ("gss-westminster-constituency", ["E14000530", "W07000049", "S14000001", "N06000001"], ["E12000001"]),
        ("uprn", ["100023336956", "10033544614", "1"], ["0100023336956", "1000233369561", "UPRN1"]),
        ("usrn", ["8400709", "1"], ["08400709", "123456789"]),
        (
            "companies-house-number", ["00000006", "SC123456", "NI000001", "OC300001", " sc123456 "],
            ["1234567", "XX123456", "SC12345"]
        ),
        ("charity-number-england-wales", ["1123456", "202918", "1123456-1"], ["12345", "1123456-"]),
        ("charity-number-scotland", ["SC012345"], ["SC12345", "SO012345"]),
        ("charity-number-northern-ireland", ["NIC100002"], ["NI100002", "NIC10000"]),
        (
            "national-insurance-number", ["AB123456C", "JG 10 37 59 A", "ab123456d"],
            ["QQ123456C", "AB123456E", "GB123456A", "BG123456A", "DA123456A", "AO123456A", "AB12345C"]
        ),
        (
            "uk-vat-number", ["GB980780684", "980 7806 84", "GB434031494", "GD001", "HA500", "123456782123"],
            ["GB980780685", "98078068", "GD500", "HA499"]
        ),
        ("school-urn", ["100000", "137845"], ["012345", "1234567"]),
        (
            "iban",
            [
                "GB82WEST12345698765432", "GB82 WEST 1234 5698 7654 32", "DE89370400440532013000",
                "gb82west12345698765432", "NO9386011117947",
            ],
            ["GB82WEST12345698765431", "GB82WEST1234569876543", "XX82WEST12345698765432", "DE89370400440532013001"]
        ),
        ("lei", ["5493001KJTIIGC8Y1R12", "529900T8BM49AURSDO55"], ["5493001KJTIIGC8Y1R13", "5493001KJTIIGC8Y1R1"]),
        ("isin", ["US0378331005", "GB0002634946", "AU0000XVGZA3"], ["US0378331006", "U50378331005"]),
        (
            "isbn", ["978-0-306-40615-7", "0306406152", "080442957X", "9780306406157"],
            ["978-0-306-40615-8", "0306406153", "4006381333931"]
        ),
        ("issn", ["0378-5955", "2049-3630", "1050-124X", "03785955"], ["0378-5956", "0378-595"]),
        (
            "gtin", ["4006381333931", "73513537", "036000291452", "10614141000415"],
            ["4006381333932", "1234567", "40063813339310"]
        ),
        ("orcid", ["0000-0002-1825-0097", "0000-0002-1694-233X"], ["0000-0002-1825-0098", "0000000218250097"]),
        (
            "doi", ["10.1000/182", "10.1038/nphys1170", "10.5555/12345678"],
            ["11.1000/182", "10.1000", "doi:10.1000/182"]
        ),
        (
            "email", ["data@example.org", "first.last+tag@sub.example.co.uk", "o'brien@example.ie"],
            ["no-at-sign.example.org", "a@b", "a b@example.org", "a@example.c0m"]
        ),
        (
            "url", ["https://www.gov.uk/", "http://example.org:8080/path?q=1#top", "https://data.gov.uk"],
            ["ftp://example.org", "https://", "www.gov.uk"]
        ),
        (
            "uuid", ["123e4567-e89b-12d3-a456-426614174000", "123E4567-E89B-12D3-A456-426614174000"],
            ["123e4567e89b12d3a456426614174000", "123e4567-e89b-12d3-a456-42661417400g"]
        ),
    ]

    @Test("each format takes its examples and refuses its near misses", arguments: cases)
    func format(_ name: String, valid: [String], invalid: [String]) throws {
        let found = try failures(of: valid + invalid, field: "{ format: \(name) }", extra: Self.uses)
        for value in valid { #expect(found[value] == nil, "\(name) should accept '\(value)'") }
        for value in invalid { #expect(found[value] == ["format"], "\(name) should refuse '\(value)'") }
    }

    @Test("ISO and UK code lists: real codes pass, others fail; case-insensitive where declared")
    func codeLists() throws {
        let cases: [(String, [String], [String])] = [
            ("iso-3166-1-alpha-2", ["GB", "FR", "US", "NZ"], ["UK", "gb", "XX"]),
            ("iso-3166-1-alpha-3", ["GBR", "FRA", "USA"], ["GB", "UKR1", "gbr"]),
            ("iso-4217", ["GBP", "EUR", "USD", "JPY"], ["UKP", "gbp", "EURO"]),
            ("iso-639-1", ["en", "cy", "gd", "ga"], ["eng", "EN", "xx"]),
            ("nhs-person-stated-gender", ["1", "2", "9", "X", "x"], ["0", "M", "F"]),
            (
                "uk-local-authority-gss", ["E06000001", "S12000033", "N09000002", "E06000028"],
                ["E06000999", "E0600001"]
            ),
        ]
        for (list, valid, invalid) in cases {
            let found = try failures(of: valid + invalid, field: "{ codes: \(list) }", extra: Self.uses)
            for value in valid { #expect(found[value] == nil, "\(list) should accept '\(value)'") }
            for value in invalid { #expect(found[value] == ["codes"], "\(list) should refuse '\(value)'") }
        }
    }

    @Test("a code list file's label column is read; inline values cannot have one")
    func labels() throws {
        let standard = try loadStandard(
            standardYAML(fields: "  V: { codes: nhs-person-stated-gender }", extra: Self.uses))
        let list = try #require(standard.fields[0].constraints.codeList)
        #expect(list.codes == ["1", "2", "9", "X"] && list.labels?.first == "Male" && !list.isCaseSensitive)
        #expect(
            diagnostics(
                of: standardYAML(fields: "  V: { codes: l }", extra: "codelists:\n  l: { values: [a], label: name }"))
                == ["standard.yaml:5:28: error: 'label' names a column of a code-list file; inline values have none"])
    }

    @Test("codes-as-of: a code used outside the dates it was in force is flagged")
    func codesInForce() throws {
        let yaml = standardYAML(
            fields: """
                  LA: { codes: uk-local-authority-gss, codes-as-of: PERIOD }
                  PERIOD: { type: yearmonth, layout: YYYYMM }
                """, extra: Self.uses)
        let csv =
            "LA,PERIOD\nE06000028,201801\nE06000028,202401\nE06000058,202401\nE06000058,201801\nE06000999,202401\nE06000028,2024-1\n,202401\n"
        let report = try validate(csv, against: yaml)
        #expect(report.counts == ["field:LA:codes-in-force": 2, "field:LA:codes": 1, "field:PERIOD:type": 1])
        #expect(report.rule("field:LA:codes-in-force")?.examples.map(\.row) == [3, 5])
        #expect(
            report.rule("field:LA:codes-in-force")?.message
                == "LA must be a code in force on the row's PERIOD (the 'uk-local-authority-gss' list dates each code)")

        // The date field must be temporal, and the list must carry dates.
        #expect(
            diagnostics(
                of: standardYAML(
                    fields: "  LA: { codes: uk-local-authority-gss, codes-as-of: N }\n  N: { type: integer }",
                    extra: Self.uses))
                == [
                    "standard.yaml:6:40: error: codes-as-of of 'LA' names 'N', which is integer; it must be a date, datetime, year or yearmonth field"
                ])
        #expect(
            diagnostics(
                of: standardYAML(
                    fields: "  C: { codes: iso-4217, codes-as-of: D }\n  D: { type: date }", extra: Self.uses))
                == [
                    "standard.yaml:6:38: error: 'codes-as-of' needs a code list with 'valid-from' or 'valid-to' columns; 'iso-4217' has neither"
                ])
    }
}
