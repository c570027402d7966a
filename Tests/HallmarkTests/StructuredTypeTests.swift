import Foundation
import Testing

@testable import Hallmark

/// The types checked by their shape (Table Schema's durations, points, JSON, lists, URIs, base64),
/// and what came with them: `layout: any`, values compared by meaning, a field's own `missing:`,
/// the wider `fields-match`, and blank rows where values are required.
@Suite("Structured types and Table Schema's other settings")
struct StructuredTypeTests {
    @Test("duration: ISO 8601 in order, a fraction only last, no sign inside")
    func duration() throws {
        #expect(
            try failures(
                of: ["P1Y10M3DT5H11M7S", "P1Y", "PT1.5S", "P2W", "-P1D", "P1M1Y", "P-1Y", "year", "PT", "P1.5Y2M"],
                field: "{ type: duration }")
                == ["P1M1Y": ["type"], "P-1Y": ["type"], "year": ["type"], "PT": ["type"], "P1.5Y2M": ["type"]])
        // Ordered by length, a month being a twelfth of the Gregorian year's average.
        #expect(
            try failures(
                of: ["PT30M", "P1D", "P1M", "P31D", "P12M", "P1Y1D"], field: "{ type: duration, min: PT1H, max: P1Y }")
                == ["PT30M": ["min"], "P1Y1D": ["max"]])
    }

    @Test("geopoint: a pair by default, a JSON array or object by layout, within the Earth's degrees")
    func geopoint() throws {
        #expect(
            try failures(
                of: ["180,90", "180, -90", "181,90", "0,91", "3.14", "[180, -90]"], field: "{ type: geopoint }")
                == ["181,90": ["type"], "0,91": ["type"], "3.14": ["type"], "[180, -90]": ["type"]])
        #expect(
            try failures(of: ["[180, -90]", "180,90", "[1, 2, 3]"], field: "{ type: geopoint, layout: array }") == [
                "180,90": ["type"], "[1, 2, 3]": ["type"],
            ])
        #expect(
            try failures(
                of: [#"{"lon": 180, "lat": 90}"#, #"{"lon": 1}"#, "[180, -90]"],
                field: "{ type: geopoint, layout: object }")
                == [#"{"lon": 1}"#: ["type"], "[180, -90]": ["type"]])
        #expect(
            diagnostics(of: standardYAML(fields: "  V: { type: geopoint, layout: wkt }")) == [
                #"standard.yaml:6:32: error: layout of geopoint field 'V' is pair ("lon, lat"), array ([lon, lat]) or object ({"lon": …, "lat": …}), not 'wkt'"#
            ])
    }

    @Test("object and array: strict JSON of that kind, and a JSON Schema when given")
    func json() throws {
        #expect(
            try failures(
                of: ["{}", #"{"a": 1}"#, "[1]", "string", "{'a': 1}", "{\"a\": NaN}"], field: "{ type: object }")
                == ["[1]": ["type"], "string": ["type"], "{'a': 1}": ["type"], "{\"a\": NaN}": ["type"]])
        #expect(
            try failures(of: ["[]", "[1, 2]", "{}", "[1,]"], field: "{ type: array }") == [
                "{}": ["type"], "[1,]": ["type"],
            ])
        let schema =
            "{ type: object, json-schema: { type: object, required: [id], properties: { id: { type: integer, minimum: 1 } } } }"
        #expect(
            try failures(of: [#"{"id": 3}"#, #"{"id": 0}"#, #"{"name": "x"}"#, #"{"id": 2.5}"#], field: schema) == [
                #"{"id": 0}"#: ["type"], #"{"name": "x"}"#: ["type"], #"{"id": 2.5}"#: ["type"],
            ])
        let refused = diagnostics(
            of: standardYAML(fields: "  V: { type: object, json-schema: { patternProperties: {} } }"))
        #expect(
            refused.count == 1 && refused[0].contains("json-schema of field 'V': ")
                && refused[0].contains("patternProperties"), "\(refused)")
        #expect(
            diagnostics(of: standardYAML(fields: "  V: { type: string, json-schema: {} }")) == [
                "standard.yaml:6:22: error: 'json-schema' applies to object and array fields, not to string field 'V'"
            ])
    }

    @Test("geojson and topojson: the structure RFC 7946 and TopoJSON give")
    func geometry() throws {
        let feature = #"{"type": "Feature", "geometry": null, "properties": {"name": "x"}}"#
        let point = #"{"type": "Point", "coordinates": [-1.3, 54.5]}"#
        #expect(
            try failures(
                of: [feature, point, "{}", #"{"type": "Point", "coordinates": [1]}"#], field: "{ type: geojson }")
                == ["{}": ["type"], #"{"type": "Point", "coordinates": [1]}"#: ["type"]])
        #expect(
            try failures(of: [#"{"type": "LineString", "arcs": [42]}"#, point, "3.14"], field: "{ type: topojson }")
                == ["3.14": ["type"]])
    }

    @Test("list: items between the delimiter, each of the item type")
    func list() throws {
        #expect(
            try failures(of: ["1,2,3", "7", "1,x", "1,,2"], field: "{ type: list, item-type: integer }") == [
                "1,x": ["type"], "1,,2": ["type"],
            ])
        #expect(
            try failures(
                of: ["2024-01-01;2024-02-30", "2024-01-01;2024-02-01"],
                field: "{ type: list, item-type: date, delimiter: ';' }") == ["2024-01-01;2024-02-30": ["type"]])
        #expect(try failures(of: ["a,,b", "x"], field: "{ type: list }").isEmpty)
        #expect(
            diagnostics(of: standardYAML(fields: "  V: { type: list, item-type: list }")) == [
                "standard.yaml:6:31: error: a list's items are one of string, integer, decimal, number, boolean, date, time, datetime, year, yearmonth, duration, not list"
            ])
    }

    @Test("min-length and max-length count a list's, an array's or an object's items")
    func itemLengths() throws {
        #expect(
            try failures(
                of: ["55", "1,2", "1,2,3"], field: "{ type: list, item-type: integer, min-length: 2, max-length: 2 }")
                == ["55": ["min-length"], "1,2,3": ["max-length"]])
        #expect(
            try failures(of: ["[1]", "[1,2]", "[10,20,30]"], field: "{ type: array, min-length: 2, max-length: 2 }")
                == ["[1]": ["min-length"], "[10,20,30]": ["max-length"]])
        #expect(
            try failures(of: [#"{"a": 1}"#, #"{"a": 1, "b": 2}"#], field: "{ type: object, min-length: 2 }") == [
                #"{"a": 1}"#: ["min-length"]
            ])
    }

    @Test("uri and base64: RFC 3986 with a scheme; RFC 4648, padded")
    func uriAndBase64() throws {
        #expect(
            try failures(
                of: [
                    "https://example.org/a%20b?q=1#top", "mailto:someone@example.org", "urn:isbn:0451450523",
                    "example.com", "http://exa mple.com", "http://x/%zz",
                ], field: "{ type: uri }")
                == ["example.com": ["type"], "http://exa mple.com": ["type"], "http://x/%zz": ["type"]])
        #expect(
            try failures(of: ["dGVzdA==", "dGVzdA", "string", "dGV*dA=="], field: "{ type: base64 }") == [
                "dGVzdA": ["type"], "string": ["type"], "dGV*dA==": ["type"],
            ])
    }

    @Test("layout any: dates and times in common spellings, still real ones")
    func anyLayout() throws {
        #expect(
            try failures(
                of: ["2019-01-01", "10th Jan 1969", "January 10, 1969", "31/06/2019", "invalid", "10 Jan 69"],
                field: "{ type: date, layout: any, min: 1970-01-01 }")
                == [
                    "10th Jan 1969": ["min"], "January 10, 1969": ["min"], "31/06/2019": ["type"], "invalid": ["type"],
                    "10 Jan 69": ["type"],
                ])
        #expect(
            try failures(of: ["3:00 am", "06:00:00Z", "some night"], field: "{ type: time, layout: any }") == [
                "some night": ["type"]
            ])
        #expect(
            diagnostics(of: standardYAML(fields: "  V: { type: year, layout: any }")) == [
                "standard.yaml:6:28: error: layout 'any' reads dates, times and datetimes; spell a year or month with tokens"
            ])
    }

    @Test("values on numbers, dates and times compare what the values mean")
    func logicalValues() throws {
        #expect(
            try failures(
                of: ["4e4", "40000", "4E4", "-0", "0", "1", "NaN"], field: "{ type: number, values: [4e4, 0] }")
                == ["1": ["values"], "NaN": ["values"]])
        #expect(try failures(of: ["01", "+1", "2"], field: "{ type: integer, values: [1] }") == ["2": ["values"]])
        // Exactly, beyond what a double holds.
        #expect(
            try failures(
                of: ["2e400", "2E+400", "3e400", "1e999999", "1.00000000000000000001", "1", "0.005", "5e-3"],
                field: "{ type: number, values: ['2e400', '1.00000000000000000001', '0.5e-2'] }")
                == ["3e400": ["values"], "1e999999": ["values"], "1": ["values"]])
        #expect(
            try failures(of: ["1.50", "1.5", "01.5000", "-0.0", "1.05"], field: "{ type: decimal, values: [1.5, 0] }")
                == ["1.05": ["values"]])
        #expect(
            try failures(
                of: ["01/02/2024", "2/1/2024"], field: "{ type: date, layout: D/M/YYYY, values: [2024-02-01] }")
                == ["2/1/2024": ["values"]])
        #expect(
            try failures(
                of: ["£1,000", "£999"], field: "{ type: integer, currency: '£', group-char: ',', values: [1000] }")
                == ["£999": ["values"]])
        #expect(
            diagnostics(of: standardYAML(fields: "  V: { type: integer, values: [1, x] }")) == [
                "standard.yaml:6:35: error: values of field 'V' must each be an integer (digits with an optional sign), not 'x'"
            ])
        // Text stays text: 01 is not 1.
        #expect(try failures(of: ["01"], field: "{ values: ['1'] }") == ["01": ["values"]])
    }

    @Test("unique values and keys compare what numbers, dates and times mean; one-way spellings stay as written")
    func logicalKeys() async throws {
        let numbers = try await validateEveryWay(
            "N\n4e4\n40000\n1\n01\n-0\n0\n2\n", against: standardYAML(fields: "  N: { type: number, unique: true }"))
        #expect(numbers.rule("field:N:unique")?.examples.map(\.value) == ["40000", "1", "0"])
        let dates = try await validateEveryWay(
            "D,T\n1/2/2024,a\n01/02/2024,a\n2/1/2024,a\n",
            against: standardYAML(
                fields: "  D: { type: date, layout: D/M/YYYY }\n  T:", extra: "dataset: { primary-key: [D, T] }"))
        #expect(dates.rule("dataset:primary-key")?.examples.map(\.value) == ["D=2024-02-01, T=a"])
        let times = try await validateEveryWay(
            "T\n2024-01-01T01:00:00+01:00\n2024-01-01T00:00:00Z\n",
            against: standardYAML(fields: "  T: { type: datetime, unique: true }"))
        #expect(times.rule("field:T:unique")?.examples.map(\.value) == ["2024-01-01T00:00:00Z"])
        // Durations: months and seconds apart, so P1D is PT24H and P1W is P7D, but P1M is not P30D.
        let durations = try await validateEveryWay(
            "D\nP1D\nPT24H\nP7D\nP1W\nP1M\nP30D\n",
            against: standardYAML(fields: "  D: { type: duration, unique: true }"))
        #expect(durations.rule("field:D:unique")?.examples.map(\.row) == [3, 5])
        // A layout with one spelling per value keys the text as written: reports show it so.
        let months = try await validateEveryWay(
            "M\n201401\n201401\n",
            against: standardYAML(fields: "  M: { type: yearmonth, layout: YYYYMM, unique: true }"))
        #expect(months.rule("field:M:unique")?.examples.map(\.value) == ["201401"])
    }

    @Test("a field's own missing values replace the table's, in checks, keys and rules")
    func fieldMissing() throws {
        let yaml = standardYAML(
            fields:
                "  A: { type: integer, required: true, missing: ['-', 'n/a'] }\n  B: { type: integer, required: true }",
            extra: "table: { missing: ['', 'NA'] }\ndataset: { primary-key: [A] }")
        let report = try validate("A,B\n-,NA\nn/a,1\nNA,2\n5,\n", against: yaml)
        // A's '-' and 'n/a' are missing (required), 'NA' is not an integer; B's 'NA' and '' are missing.
        #expect(
            report.counts == ["field:A:required": 2, "field:A:type": 1, "field:B:required": 2],
            "\(report.counts)")
    }

    @Test("fields-match any-order, extra-columns and partial")
    func fieldsMatchModes() throws {
        func labels(_ header: String, _ match: String) throws -> [String: Int] {
            try validate(
                header + "\n", against: standardYAML(fields: "  A:\n  B:", extra: "table: { fields-match: \(match) }")
            ).counts
        }
        #expect(try labels("B,A", "any-order") == [:])
        #expect(try labels("B,A,C", "any-order") == ["table:extra-label": 1])
        #expect(try labels("A", "any-order") == ["table:missing-label": 1])
        #expect(try labels("C,B,A", "extra-columns") == [:])
        #expect(try labels("C,A", "extra-columns") == ["table:missing-label": 1])
        #expect(try labels("C,B", "partial") == [:])
        #expect(try labels("C,D", "partial") == ["table:missing-label": 2])
        #expect(try labels("B,A", "exact") == ["table:label-order": 1])
    }

    @Test("a blank row is an error where the standard requires values, a warning elsewhere")
    func blankRows() throws {
        let required = try validate("A,B\n1,x\n,\n", against: standardYAML(fields: "  A: { required: true }\n  B:"))
        #expect(required.rule("table:blank-row")?.severity == .error)
        #expect(!required.isValid && required.totals.rowsWithErrors == 1)
        let keyed = try validate(
            "A,B\n1,x\n,\n", against: standardYAML(fields: "  A:\n  B:", extra: "dataset: { primary-key: [A] }"))
        #expect(keyed.rule("table:blank-row")?.severity == .error)
        let optional = try validate("A,B\n1,x\n,\n", against: standardYAML(fields: "  A:\n  B:"))
        #expect(optional.rule("table:blank-row")?.severity == .warning && optional.isValid)
    }

    @Test("every new type and setting reads back from a converted Table Schema and checks the same")
    func tableSchemaRoundTrip() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try write(
            """
            {"fieldsMatch": "equal", "fields": [
              {"name": "d", "type": "duration"},
              {"name": "p", "type": "geopoint", "format": "array"},
              {"name": "o", "type": "object", "constraints": {"jsonSchema": {"required": ["a"]}}},
              {"name": "g", "type": "geojson", "format": "topojson"},
              {"name": "l", "type": "list", "delimiter": ";", "itemType": "number"},
              {"name": "u", "type": "string", "format": "uri"},
              {"name": "b", "type": "string", "format": "binary"},
              {"name": "t", "type": "datetime", "format": "%d/%m/%y %H:%M"},
              {"name": "a", "type": "date", "format": "any"},
              {"name": "n", "type": "number", "constraints": {"enum": ["4e4"]}, "missingValues": ["-"]}
            ]}
            """, to: directory + "/schema.json")
        let csv =
            "n,d,p,o,g,l,u,b,t,a\n"
            + "4E4,P1D,\"[1, 2]\",\"{\"\"a\"\": 1}\",\"{\"\"type\"\": \"\"LineString\"\", \"\"arcs\"\": [0]}\",1;2.5,urn:x,dGVzdA==,21/11/06 16:30,10th Jan 1969\n"
            + "-,P,\"1, 2\",{},{},1;x,x,dGVzdA,21/11/2006 16:30,soon\n"
        let schema = try Standard(contentsOfFile: directory + "/schema.json", root: directory)
        let yaml = try Standard.hallmarkYAML(convertingFileAt: directory + "/schema.json", root: directory)
        let converted = try Standard(yaml: yaml, name: "converted.yaml", root: directory)
        let expected = [
            "field:d:type": 1, "field:p:type": 1, "field:o:type": 1, "field:g:type": 1, "field:l:type": 1,
            "field:u:type": 1, "field:b:type": 1, "field:t:type": 1, "field:a:type": 1,
        ]
        for standard in [schema, converted] {
            let report = Validator(standard: standard).validate(bytes: Array(csv.utf8))
            #expect(report.counts == expected, "\(report.counts)")
        }
        #expect(yaml.contains("fields-match: any-order") && yaml.contains("layout: any"))
    }
}
