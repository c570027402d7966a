import Foundation
import Testing

@testable import Hallmark

@Suite("Frictionless Table Schemas read as standards")
struct TableSchemaTests {
    func load(_ text: String, name: String = "schema.json") throws -> Standard {
        try Standard(yaml: text, name: name, root: packageRoot)
    }

    /// The messages of a schema that must fail to load, each with its location.
    func errors(_ text: String, name: String = "schema.json") -> [String] {
        do {
            _ = try Standard(yaml: text, name: name, root: packageRoot)
            Issue.record("the schema loaded")
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test("a JSON schema's fields, types and constraints become a standard's, checked the same way")
    func translation() throws {
        let schema = """
            {
              "name": "practices",
              "title": "GP practices",
              "fields": [
                {"name": "code", "type": "string", "constraints": {"required": true, "unique": true, "pattern": "[A-Z][0-9]{5}"}},
                {"name": "opened", "type": "date", "format": "%d/%m/%Y"},
                {"name": "patients", "type": "integer", "constraints": {"minimum": 0, "maximum": 100000}},
                {"name": "share", "type": "number", "decimalChar": ",", "constraints": {"exclusiveMaximum": 1}},
                {"name": "status", "constraints": {"enum": ["A", "C"]}},
                {"name": "open", "type": "boolean", "trueValues": ["Y"], "falseValues": ["N"]},
                {"name": "email", "format": "email", "description": "a contact"},
                {"name": "notes", "type": "any"}
              ],
              "missingValues": ["", "NA"],
              "primaryKey": "code"
            }
            """
        let standard = try load(schema)
        #expect(standard.origin == .tableSchema)
        #expect(standard.id == "practices" && standard.title == "GP practices")
        #expect(
            standard.fields.map(\.type) == [.string, .date, .integer, .number, .string, .boolean, .string, .string])
        #expect(standard.table.missingValues == ["", "NA"])
        #expect(standard.dataset.primaryKey == ["code"])
        let csv = """
            code,opened,patients,share,status,open,email,notes
            A81001,01/04/1974,5000,"0,25",A,Y,a@example.org,x
            A81001,31/04/1974,-1,"1,5",X,maybe,nobody,NA
            b1,NA,NA,NA,NA,NA,NA,NA

            """
        let report = Validator(standard: standard).validate(bytes: Array(csv.utf8))
        #expect(
            report.counts == [
                "dataset:primary-key": 1, "field:code:unique": 1, "field:opened:type": 1, "field:patients:min": 1,
                "field:share:exclusive-max": 1, "field:status:values": 1, "field:open:type": 1,
                "field:email:pattern": 1,
                "field:code:pattern": 1,
            ])
    }

    @Test("a tabular resource in YAML: its dialect and encoding come with its schema")
    func resource() throws {
        let standard = try load(
            """
            name: councils
            path: councils.csv
            encoding: utf-8
            dialect: { delimiter: ";", header: true }
            schema:
              fields:
                - { name: code, type: string, constraints: { required: true } }
                - { name: parent, type: string }
              foreignKeys:
                - { fields: parent, reference: { resource: "", fields: code } }
            """, name: "councils.resource.yaml")
        #expect(standard.origin == .tableSchemaResource)
        #expect(standard.table.dialect.delimiter == UInt8(ascii: ";"))
        let report = Validator(standard: standard).validate(bytes: Array("code;parent\nA;\nB;A\nC;Z\n".utf8))
        #expect(report.counts == ["dataset:foreign-key:parent": 1])
        #expect(
            report.hints == [
                "the standard is a Frictionless tabular data resource, checked as the Hallmark standard that 'hallmark convert' prints for it"
            ])
    }

    @Test("what Hallmark cannot express is a located error, never dropped")
    func unsupported() {
        #expect(
            errors(
                """
                {"fields": [
                  {"name": "when", "type": "time", "format": "%I:%M %p"},
                  {"name": "n", "type": "number", "groupChar": "7"},
                  {"name": "j", "type": "object", "constraints": {"jsonSchema": {"properties": {"a": {"$ref": "#/x"}}}}},
                  {"name": "g", "type": "geopoint", "format": "wkt"},
                  {"name": "l", "type": "list", "itemType": "object"},
                  {"name": "r", "rdfType": "http://schema.org/Thing", "delimiter": ";"}
                ],
                 "foreignKeys": [{"fields": "r", "reference": {"resource": "other", "fields": "id"}}]}
                """) == [
                    "schema.json:2:46: error: the Table Schema time format '%I:%M %p' has no Hallmark equivalent yet",
                    "schema.json:3:48: error: group-char must be one sign that is not a digit, letter or sign, such as ',' or ' ', not '7'",
                    "schema.json:4:95: error: json-schema of field 'j': the JSON Schema keyword '$ref' is not supported: references are not supported; write the schema it refers to in its place",
                    "schema.json:5:47: error: the Table Schema geopoint format 'wkt' has no Hallmark equivalent yet",
                    "schema.json:6:45: error: a list's items are one of string, integer, decimal, number, boolean, date, time, datetime, year, yearmonth, duration, not object",
                    "schema.json:7:68: error: 'delimiter' applies to list fields, not to string field 'r'",
                    "schema.json:9:60: error: a foreign key to another resource ('other') needs the data package that holds both: validate the package (hallmark validate datapackage.json); a reference to this table has resource \"\"",
                ])
        #expect(
            errors(#"{"fields": [{"name": "d", "type": "date", "format": "invalid"}]}"#) == [
                "schema.json:1:53: error: the Table Schema date format 'invalid' has no strptime directive (%Y, %m, %d, %H, …): no date can be written in it; give a pattern such as %d/%m/%Y, or 'any'"
            ])
        #expect(
            errors("{\"resources\": [{\"name\": \"a\"}]}", name: "datapackage.json").first?.contains(
                "this is a Frictionless data package, which carries its own schemas") == true)
    }

    @Test("v2: categories, missing values with labels, headerRows and utf-8-sig")
    func version2() throws {
        let standard = try load(
            """
            name: grades
            path: grades.csv
            encoding: utf-8-sig
            dialect: { headerRows: [2] }
            schema:
              missingValues: [{ value: "-", label: not asked }, ""]
              fields:
                - { name: grade, type: string, categories: [A, { value: B, label: good }], categoriesOrdered: true }
                - { name: n, type: integer, missingValues: [{ value: "n/a" }] }
            """, name: "grades.resource.yaml")
        let report = Validator(standard: standard).validate(bytes: Array("title\ngrade,n\nA,1\nC,n/a\n-,-\n".utf8))
        // A unique key of one field is that field's unique; of two, a unique key.
        let keyed = try load(
            #"{"fields": [{"name": "a"}, {"name": "b"}], "uniqueKeys": [["a"], ["a", "b"]]}"#)
        #expect(keyed.fields[0].isUnique && keyed.dataset.uniqueKeys == [["a", "b"]])
        #expect(report.counts == ["field:grade:values": 1, "field:n:type": 1], "\(report.counts)")
        #expect(
            errors(#"{"fields": [{"name": "a"}], "x": 1}"#) == [
                "schema.json:1:29: error: the schema's 'x' has no Hallmark equivalent yet"
            ])
    }

    @Test("a schema's own mistakes are found by the standard's loader, at the schema's place")
    func mistakesLocated() {
        #expect(
            errors(
                """
                {"fields": [
                  {"name": "a", "type": "integer", "constraints": {"minimum": "x"}},
                  {"name": "b", "constraints": {"pattern": "[a-"}}
                ]}
                """
            ).map { $0.components(separatedBy: ": error:").first ?? "" } == ["schema.json:2:63", "schema.json:3:44"])
    }

    @Test("convert writes YAML that loads as a standard giving the same report as the schema, quoting kept")
    func convertRoundTrip() throws {
        let directory = try makeTemporaryDirectory()
        let schema = """
            {
              "fields": [
                {"name": "code", "constraints": {"required": true, "enum": ["01", "02"]}},
                {"name": "when: it was", "type": "date", "format": "%d/%m/%Y", "description": "line one\\nline 'two' \\"x\\""},
                {"name": "n", "type": "integer", "constraints": {"minimum": 0}},
                {"name": "ok", "type": "boolean", "constraints": {"enum": [true]}}
              ],
              "missingValues": ["", "-"],
              "primaryKey": ["code"]
            }
            """
        try write(schema, to: directory + "/schema.json")
        let yaml = try Standard.hallmarkYAML(convertingFileAt: directory + "/schema.json", root: directory)
        try write(yaml, to: directory + "/converted.yaml")
        let converted = try Standard(contentsOfFile: directory + "/converted.yaml", root: directory)
        let original = try Standard(contentsOfFile: directory + "/schema.json", root: directory)
        #expect(converted.origin == .hallmark && original.origin == .tableSchema)
        #expect(converted.fields.first { $0.name == "when: it was" } != nil)
        let csv = "code,when: it was,n,ok\n01,31/12/2024,1,true\n1,31/02/2024,-1,false\n01,-,x,1\n"
        let reports = [converted, original].map { Validator(standard: $0).validate(bytes: Array(csv.utf8)) }
        #expect(reports[0].counts == reports[1].counts)
        #expect(
            reports[0].counts == [
                "field:code:values": 1, "field:when: it was:type": 1, "field:n:min": 1, "field:n:type": 1,
                "field:ok:values": 1, "dataset:primary-key": 1,
            ])
        #expect(
            loadFailure { () throws(StandardError) in
                try Standard(
                    yaml: try Standard.hallmarkYAML(convertingFileAt: directory + "/converted.yaml", root: directory))
            } == [
                "'\(directory)/converted.yaml' is a Hallmark standard already; convert reads a Frictionless Table Schema or resource"
            ])
    }

    @Test("found in a stranger's trial: what is not a plain value, given twice, or changes reading is refused")
    func strangersTrial() throws {
        func first(_ schema: String, name: String = "schema.json") -> String {
            errors(schema, name: name).first.map { $0.components(separatedBy: "error: ").last ?? $0 } ?? "loaded"
        }
        #expect(first(#"{"fields":[{"name":"a","type":["integer"]}]}"#) == "a field's type must be text, not a list")
        #expect(first(#"{"fields":[{"name":"b","format":{"f":1}}]}"#) == "a field's format must be text, not a mapping")
        #expect(first(#"{"fields":[{"name":"a","type":"integer","type":"date"}]}"#) == "'type' is given twice")
        #expect(
            first(#"{"fields":[{"name":"c","type":"boolean","constraints":{"enum":"true"}}]}"#)
                == "an enum lists at least one value, not 'true'")
        #expect(
            errors(#"{"fields":[{"name":{"a":1}}]}"#).contains(
                "schema.json:1:20: error: a field's name must be text, not a mapping"))
        #expect(
            first("name: r\npath: r.xlsx\nformat: xlsx\nschema: { fields: [{ name: a }] }\n", name: "r.yaml")
                == "the Table Schema resource format 'xlsx' has no Hallmark equivalent yet")
        #expect(
            first("name: r\ncompression: zip\nschema: { fields: [{ name: a }] }\n", name: "r.yaml")
                == "the Table Schema resource key 'compression' has no Hallmark equivalent yet")
        #expect(
            first(#"{"fields":[{"name":"a"},{"type":"integer"}]}"#)
                == "each field of a Table Schema is a mapping with a 'name'")
        // frictionless v5 writes a dialect's CSV settings under csv:, beside the others.
        let v5 = try load(
            "name: r\ndialect: { header: false, csv: { delimiter: ';' } }\nschema: { fields: [{ name: a }, { name: b }] }\n",
            name: "r.yaml")
        #expect(v5.table.dialect.delimiter == UInt8(ascii: ";") && !v5.table.dialect.hasHeader)
        // strptime reads a day, month and hour of one digit.
        let dates = try load(
            #"{"name": "Open Referral HSDS", "fields":[{"name":"d","type":"date","format":"%d/%m/%Y"}]}"#)
        #expect(dates.id == "Open-Referral-HSDS")
        #expect(Validator(standard: dates).validate(bytes: Array("d\n1/4/2024\n31/12/2024\n".utf8)).isValid)
    }

    @Test("convert writes names YAML reads back: long ones, line and paragraph separators, C1 controls")
    func convertAwkwardNames() throws {
        let directory = try makeTemporaryDirectory()
        let names = [String(repeating: "L", count: 1100), "x\u{85}y", "a\u{2028}b", "p\u{80}q", "tab\there"]
        let fields = names.map { name in
            let escaped = name.unicodeScalars.map {
                $0.value < 0x20 || $0.value > 0x7E ? String(format: "\\u%04X", $0.value) : String($0)
            }
            .joined()
            return #"{"name": ""# + escaped + #""}"#
        }
        try write(#"{"fields": ["# + fields.joined(separator: ", ") + "]}", to: directory + "/schema.json")
        let yaml = try Standard.hallmarkYAML(convertingFileAt: directory + "/schema.json", root: directory)
        let converted = try Standard(yaml: yaml, name: "converted.yaml", root: directory)
        #expect(converted.fields.map(\.name) == names)
    }

    @Test("strptime formats become layouts; a directive without an equivalent is refused")
    func layouts() {
        #expect(TableSchemaTranslation.layout(fromStrptime: "%d/%m/%Y") == "D/M/YYYY")
        #expect(TableSchemaTranslation.layout(fromStrptime: "fmt:%Y-%m-%d %H:%M:%S") == "YYYY-M-D h:m:s")
        #expect(TableSchemaTranslation.layout(fromStrptime: "%d %b %Y") == "D MMM YYYY")
        #expect(TableSchemaTranslation.layout(fromStrptime: "%y%m%d") == "YYMD")
        #expect(TableSchemaTranslation.layout(fromStrptime: "%Y-%m-%dT%H:%M") == "YYYY-M-D'T'h:m")
        #expect(TableSchemaTranslation.layout(fromStrptime: "%H:%M o'clock") == "h:m 'o''clock'")
        #expect(TableSchemaTranslation.layout(fromStrptime: "%d%%") == "D%")
        #expect(TableSchemaTranslation.layout(fromStrptime: "%I:%M %p") == nil)
    }

    @Test(
        "mySociety's own resource file validates its real councils file",
        .enabled(
            if: FileManager.default.fileExists(atPath: PublishedFixtureTests.realData),
            "needs ../shared/realdata beside the project (present in CI)"))
    func mySocietyResource() async throws {
        let folder = PublishedFixtureTests.realData + "/mysociety-uk-local-authorities"
        let standard = try Standard(
            contentsOfFile: folder + "/uk_local_authorities_current.resource.yaml", root: folder)
        #expect(standard.origin == .tableSchemaResource)
        #expect(standard.fields.count == 38)
        let report = try await Validator(standard: standard).validate(
            fileAt: folder + "/uk_local_authorities_current.csv")
        #expect(report.totals.rows == 470)
        #expect(report.isValid, "\(report.counts)")
        // Converted, it is a standard giving the same report; and so on a copy with planted mistakes.
        let yaml = try Standard.hallmarkYAML(
            convertingFileAt: folder + "/uk_local_authorities_current.resource.yaml", root: folder)
        let converted = try Standard(yaml: yaml, name: "converted.yaml", root: folder)
        let again = try await Validator(standard: converted).validate(
            fileAt: folder + "/uk_local_authorities_current.csv")
        // Rules point into the file they were written in, so compare everything but where.
        func findings(_ report: Report) -> [String] {
            report.findingsByRule.map { "\($0.ruleID) \($0.severity) \($0.count) \($0.message) \($0.examples)" }
        }
        #expect(findings(again) == findings(report) && again.totals == report.totals)
        var lines = try String(contentsOfFile: folder + "/uk_local_authorities_current.csv", encoding: .utf8)
            .components(separatedBy: "\n")
        lines[3] = lines[3].replacingOccurrences(of: ",", with: ",x", options: [], range: nil)
        lines.insert(lines[5], at: 6)
        let planted = Array(lines.joined(separator: "\n").utf8)
        let fromSchema = Validator(standard: standard).validate(bytes: planted)
        let fromConverted = Validator(standard: converted).validate(bytes: planted)
        #expect(!fromSchema.isValid)
        #expect(findings(fromSchema) == findings(fromConverted), "\(fromSchema.counts)")
        #expect(fromSchema.counts.count >= 5, "\(fromSchema.counts)")
    }
}
