import Testing

@testable import Hallmark

/// Cells of Table Schema's JSON-based types: `object`, `array`, `geojson` (and TopoJSON),
/// `geopoint`, and the `jsonSchema` constraint. The frictionless cases are those of
/// frictionless-py's field tests, with the results frictionless gives.
@Suite("JSON cells")
struct JSONCellTests {
    static func kind(_ text: String, maxDepth: Int = JSONSyntax.defaultMaxDepth) -> JSONKind? {
        Array(text.utf8).withUnsafeBytes { JSONSyntax.topLevelKind($0, maxDepth: maxDepth) }
    }

    static func kind(bytes: [UInt8]) -> JSONKind? {
        bytes.withUnsafeBytes { JSONSyntax.topLevelKind($0) }
    }

    static func parse(_ text: String) -> JSONNode? { JSONSyntax.parse(text) }

    static func number(_ text: String) throws -> JSONNumber { try #require(JSONNumber(json: text), "\(text)") }

    // MARK: Syntax

    @Test(
        "valid JSON, and its kind",
        arguments: [
            ("{}", JSONKind.object), ("[]", .array), (#""x""#, .string), ("0", .number), ("-0.5e+3", .number),
            ("true", .bool), ("false", .bool), ("null", .null), ("  \t\r\n[1, {\"a\": [true, null]}] \n", .array),
            (#""\u00e9\ud83d\ude00 \" \\ \/ \b\f\n\r\t""#, .string), ("1e999", .number), ("-1E-999", .number),
            ("[[[]], {}, \"\", 0, -0, 0.0]", .array), (#"{"": {"a": {"b": []}}}"#, .object), ("\"Ã€\"", .string),
        ])
    func validSyntax(_ text: String, _ expected: JSONKind) {
        #expect(Self.kind(text) == expected, "\(text)")
        #expect(Self.parse(text)?.kind == expected, "\(text)")
    }

    @Test(
        "invalid JSON",
        arguments: [
            "", " ", "\n", "[1,]", #"{"a": 1,}"#, "[1 2]", "01", "-01", "00", "-", ".5", "1.", "+1", "1e", "1e+",
            "1.e3", "0x10", "NaN", "Infinity", "-Infinity", "nan", "tru", "True", "nul", "NULL", #""abc"#, "[",
            "]", #"{"a""#, #"{"a":}"#, "{a: 1}", "'a'", "[1]]", "{}{}", "1 2", #""\x""#, #""\u12""#, #""\u12G4""#,
            "\"tab\there\"", "\"line\nbreak\"", "\"\u{1F}\"", "// note\n1", "[1] x", "string", "3.14 x",
            #"{"a" 1}"#, "{,}", "[,1]", #"{"a":1 "b":2}"#, #"{1: 2}"#, "[1,,2]", "\u{FEFF}1", #""\"#, #""\u"#,
        ])
    func invalidSyntax(_ text: String) {
        #expect(Self.kind(text) == nil, "\(text)")
        #expect(Self.parse(text) == nil, "\(text)")
    }

    @Test(
        "invalid UTF-8 is not JSON, in a string or out of one",
        arguments: [
            [0x22, 0xC3, 0x28, 0x22],  // a lead byte without its continuation
            [0x22, 0xC0, 0xAF, 0x22],  // overlong "/"
            [0x22, 0xED, 0xA0, 0x80, 0x22],  // a surrogate encoded
            [0x22, 0xE2, 0x82, 0x22],  // truncated by the closing quote
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // above U+10FFFF
            [0x22, 0x80, 0x22],  // a stray continuation byte
            [0x22, 0xE2, 0x82],  // truncated by the end of the cell
            [0xFF], [0x5B, 0xC3, 0xA9, 0x5D],  // outside strings, even valid UTF-8 is no value
        ] as [[UInt8]])
    func invalidUTF8(_ bytes: [UInt8]) {
        #expect(Self.kind(bytes: bytes) == nil, "\(bytes)")
    }

    @Test("valid UTF-8 in strings passes, with every sequence length")
    func validUTF8() {
        #expect(Self.kind(bytes: [0x22, 0xC3, 0x83, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80, 0x22]) == .string)
        #expect(Self.parse("\"Ã€😀\"") == .string("Ã€😀"))
    }

    @Test("nesting deeper than maxDepth is refused, without recursion")
    func depth() {
        let nested = { (depth: Int) in String(repeating: "[", count: depth) + String(repeating: "]", count: depth) }
        #expect(Self.kind(nested(64)) == .array)
        #expect(Self.kind(nested(65)) == nil)
        #expect(Self.kind(nested(3), maxDepth: 3) == .array)
        #expect(Self.kind(nested(4), maxDepth: 3) == nil)
        #expect(Self.kind("1", maxDepth: 0) == .number)
        #expect(Self.kind("[]", maxDepth: 0) == nil)
        #expect(Self.kind("[]", maxDepth: -1) == nil)
        #expect(Self.parse(nested(64)) != nil)
        #expect(Self.parse(nested(65)) == nil)
        // Hostile cells: 100,000 levels. Reading them is a loop, so any maxDepth is safe for
        // topLevelKind; parse never builds a tree deeper than treeDepthLimit.
        let hostile = String(repeating: "[", count: 100_000)
        #expect(Self.kind(hostile) == nil)
        #expect(Self.kind(hostile, maxDepth: .max) == nil)
        #expect(Self.kind(nested(100_000), maxDepth: .max) == .array)
        #expect(Self.kind(String(repeating: #"{"a":"#, count: 100_000)) == nil)
        #expect(JSONSyntax.parse(nested(100_000), maxDepth: .max) == nil)
        #expect(JSONSyntax.parse(nested(JSONSyntax.treeDepthLimit), maxDepth: .max) != nil)
    }

    // MARK: Strings and numbers in the tree

    @Test("escapes are read; a lone surrogate escape is accepted as U+FFFD")
    func escapes() {
        #expect(Self.parse(#""a\"\\\/\b\f\n\r\t""#) == .string("a\"\\/\u{08}\u{0C}\n\r\t"))
        #expect(Self.parse(#""\u00C3\u00c3""#) == .string("ÃÃ"))
        #expect(Self.parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(Self.parse(#""\u0000""#) == .string("\u{0}"))
        // Python's json accepts lone surrogates; a String cannot hold them.
        #expect(Self.parse(#""\ud800""#) == .string("\u{FFFD}"))
        #expect(Self.parse(#""\udc00x""#) == .string("\u{FFFD}x"))
        #expect(Self.parse(#""\ud800\u0041""#) == .string("\u{FFFD}A"))
        #expect(Self.parse(#""\ud800\ud800""#) == .string("\u{FFFD}\u{FFFD}"))
        #expect(Self.parse(#""\ud800\u00""#) == nil)
    }

    @Test("a repeated member name keeps its first place and last value, as Python's json does")
    func duplicateNames() throws {
        let node = try #require(Self.parse(#"{"a": 1, "b": 2, "a": 3}"#))
        guard case .object(let members) = node else {
            Issue.record("not an object: \(node)")
            return
        }
        #expect(members.map(\.key) == ["a", "b"])
        #expect(node["a"] == .number(JSONNumber(3)))
        // Past the small-object scan, the same through a hash table.
        let many = (0..<40).map { #""k\#($0 % 20)": \#($0)"# }.joined(separator: ",")
        let large = try #require(Self.parse("{" + many + "}"))
        guard case .object(let kept) = large else { return }
        #expect(kept.count == 20)
        #expect(kept.first?.key == "k0")
        #expect(large["k0"] == .number(JSONNumber(20)))
        // Names are compared scalar by scalar: "é" as one scalar and as two are two names.
        let names = try #require(Self.parse("{\"\u{E9}\": 1, \"e\u{301}\": 2}"))
        guard case .object(let distinct) = names else { return }
        #expect(distinct.count == 2)
    }

    @Test("JSON equality: numbers by value, strings by scalars, objects in any order")
    func equality() throws {
        #expect(Self.parse("1") == Self.parse("1.0"))
        #expect(Self.parse("1") == Self.parse("10e-1"))
        #expect(Self.parse("-0") == Self.parse("0"))
        #expect(Self.parse("9007199254740993") != Self.parse("9007199254740992"))
        #expect(Self.parse(#"{"a": 1, "b": [2]}"#) == Self.parse(#"{"b": [2.0], "a": 1}"#))
        #expect(Self.parse(#"{"a": 1}"#) != Self.parse(#"{"a": 1, "b": 2}"#))
        #expect(Self.parse("[1, 2]") != Self.parse("[2, 1]"))
        #expect(Self.parse("true") != Self.parse("1"))
        #expect(Self.parse("null") != Self.parse("false"))
        #expect(JSONNode.string("\u{E9}") != JSONNode.string("e\u{301}"))
        let set: Set<JSONNode> = [
            try #require(Self.parse(#"{"a": 1, "b": 2}"#)), try #require(Self.parse(#"{"b": 2, "a": 1.0}"#)),
            .number(try Self.number("100")), .number(try Self.number("1e2")),
        ]
        #expect(set.count == 2)
    }

    @Test("numbers are held exactly; 1e999 is a number, infinite as a double")
    func numbers() throws {
        #expect(try Self.number("1.0").isInteger)
        #expect(try Self.number("1e3").isInteger)
        #expect(try Self.number("1.5e1").isInteger)
        #expect(try !Self.number("1.5").isInteger)
        #expect(try !Self.number("1e-2").isInteger)
        #expect(try Self.number("0.0").isInteger)
        #expect(try Self.number("-12.50").description == "-12.5")
        #expect(try Self.number("0.000125").description == "0.000125")
        #expect(try Self.number("1e999").description == "1e+999")
        #expect(try Self.number("1e999").double == .infinity)
        #expect(try Self.number("-1e999").double == -.infinity)
        #expect(try Self.number("1e999").isInteger)
        #expect(try Self.number("1e-999").double == 0)
        #expect(try Self.number("0.1000000000000000001") > Self.number("0.1"))
        #expect(try Self.number("0.1000000000000000001").double == 0.1)
        #expect(try Self.number("-2") < Self.number("-1.5"))
        #expect(try Self.number("-0") == Self.number("0e10"))
        #expect(try Self.number("123").integer == 123)
        #expect(try Self.number("-4.0e2").integer == -400)
        #expect(try Self.number("1e30").integer == nil)
        #expect(try Self.number("1" + String(repeating: "0", count: 400)) == Self.number("1e400"))
        // Exponents past 10^15 saturate rather than overflow.
        #expect(try Self.number("1e99999999999999999999999") > Self.number("1e999"))
        #expect(try Self.number("1e-99999999999999999999999") < Self.number("1e-999"))
        #expect(JSONNumber(json: "+1") == nil)
        #expect(JSONNumber(decimal: "+1") == JSONNumber(1))
        #expect(JSONNumber(decimal: ".5") == JSONNumber(json: "0.5"))
        #expect(JSONNumber(decimal: "007") == JSONNumber(7))
        #expect(JSONNumber(decimal: "1.") == JSONNumber(1))
        #expect(JSONNumber(decimal: "0x1F") == nil)
        #expect(JSONNumber(decimal: ".inf") == nil)
        #expect(JSONNumber(decimal: ".") == nil)
    }

    @Test(
        "multipleOf is exact",
        arguments: [
            ("0.3", "0.1", true), ("7.5", "2.5", true), ("10", "0.5", true), ("0.0075", "0.0001", true),
            ("0.5", "10", false), ("5", "10", false), ("20", "10", true), ("0", "7", true), ("-21", "7", true),
            ("1e999", "7", false), ("7e999", "7", true), ("19.99", "0.01", true), ("19.999", "0.01", false),
            ("123456789012345678901234567890", "3", true), ("123456789012345678901234567891", "3", false),
            ("4.5", "1.5", true), ("4.6", "1.5", false),
        ])
    func multipleOf(_ value: String, _ divisor: String, _ expected: Bool) throws {
        #expect(try Self.number(value).isMultiple(of: Self.number(divisor)) == expected, "\(value) / \(divisor)")
    }

    // MARK: object and array (frictionless' cases)

    @Test(
        "object",
        arguments: [
            ("{}", true), (#"{"key": "value"}"#, true), (#"["key", "value"]"#, false), ("string", false),
            ("1", false), ("3.14", false),
        ])
    func object(_ cell: String, _ valid: Bool) {
        #expect((Self.kind(cell) == .object) == valid, "\(cell)")
    }

    @Test(
        "array",
        arguments: [
            ("[]", true), (#"["val1", "val2"]"#, true), (#"{"key": "value"}"#, false), ("string", false),
            ("3.14", false),
        ])
    func array(_ cell: String, _ valid: Bool) {
        #expect((Self.kind(cell) == .array) == valid, "\(cell)")
    }

    // MARK: GeoJSON and TopoJSON

    static func isGeoJSON(_ cell: String) -> Bool { Self.parse(cell).map(GeoJSONShape.isGeoJSON) ?? false }
    static func isTopoJSON(_ cell: String) -> Bool { Self.parse(cell).map(GeoJSONShape.isTopoJSON) ?? false }

    @Test(
        "geojson",
        arguments: [
            // frictionless
            (#"{"geometry": null, "type": "Feature", "properties": {"\u00c3": "\u00c3"}}"#, true),
            ("string", false), ("3.14", false), ("{}", false),
            // geometries
            (#"{"type": "Point", "coordinates": [1, 2]}"#, true),
            (#"{"type": "Point", "coordinates": [1, 2, 3.5]}"#, true),
            (#"{"type": "Point", "coordinates": [1]}"#, false),
            (#"{"type": "Point", "coordinates": [1, "2"]}"#, false),
            (#"{"type": "Point"}"#, false),
            (#"{"type": "Point", "coordinates": [1, 2], "bbox": [0, 0, 1, 1]}"#, true),
            (#"{"type": "Point", "coordinates": [1, 2], "bbox": [0, 0, 1]}"#, false),
            (#"{"type": "Point", "coordinates": [1, 2], "bbox": null}"#, false),
            (#"{"type": "Point", "coordinates": [1, 2], "extra": {"any": "thing"}}"#, true),
            (#"{"type": "point", "coordinates": [1, 2]}"#, false),
            (#"{"type": "Circle", "coordinates": [1, 2]}"#, false),
            (#"{"type": "MultiPoint", "coordinates": [[1, 2], [3, 4]]}"#, true),
            (#"{"type": "MultiPoint", "coordinates": []}"#, true),
            (#"{"type": "MultiPoint", "coordinates": [1, 2]}"#, false),
            (#"{"type": "LineString", "coordinates": [[1, 2], [3, 4]]}"#, true),
            (#"{"type": "LineString", "coordinates": [[1, 2]]}"#, false),
            (#"{"type": "MultiLineString", "coordinates": [[[1, 2], [3, 4]]]}"#, true),
            (#"{"type": "MultiLineString", "coordinates": [[[1, 2]]]}"#, false),
            // rings need four positions; like geojson.org's schema, closure is not checked
            (#"{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}"#, true),
            (#"{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}"#, true),
            (#"{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]}"#, false),
            (#"{"type": "Polygon", "coordinates": []}"#, true),
            (#"{"type": "MultiPolygon", "coordinates": [[[[0, 0], [1, 0], [1, 1], [0, 0]]]]}"#, true),
            (#"{"type": "MultiPolygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}"#, false),
            (#"{"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [1, 2]}]}"#, true),
            (#"{"type": "GeometryCollection", "geometries": []}"#, true),
            (#"{"type": "GeometryCollection"}"#, false),
            (
                #"{"type": "GeometryCollection", "geometries": [{"type": "GeometryCollection", "geometries": []}]}"#,
                false
            ),
            (#"{"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [1]}]}"#, false),
            // features
            (#"{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 2]}, "properties": null}"#, true),
            (#"{"type": "Feature", "geometry": null, "properties": null, "id": 7}"#, true),
            (#"{"type": "Feature", "geometry": null, "properties": null, "id": "a"}"#, true),
            (#"{"type": "Feature", "geometry": null, "properties": null, "id": true}"#, false),
            (#"{"type": "Feature", "geometry": null, "properties": null, "id": {}}"#, false),
            (#"{"type": "Feature", "geometry": null}"#, false),
            (#"{"type": "Feature", "properties": {}}"#, false),
            (#"{"type": "Feature", "geometry": null, "properties": []}"#, false),
            (#"{"type": "Feature", "geometry": {"type": "Point"}, "properties": {}}"#, false),
            (
                #"{"type": "Feature", "properties": {}, "geometry": {"type": "GeometryCollection", "geometries": []}}"#,
                true
            ),
            (#"{"type": "FeatureCollection", "features": []}"#, true),
            (
                #"{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null, "properties": {}}]}"#,
                true
            ),
            (#"{"type": "FeatureCollection", "features": [{"type": "Point", "coordinates": [1, 2]}]}"#, false),
            (#"{"type": "FeatureCollection"}"#, false),
            (#"[{"type": "Point", "coordinates": [1, 2]}]"#, false),
        ])
    func geoJSON(_ cell: String, _ valid: Bool) {
        #expect(Self.isGeoJSON(cell) == valid, "\(cell)")
    }

    @Test(
        "topojson",
        arguments: [
            // frictionless
            (#"{"type": "LineString", "arcs": [42]}"#, true), ("string", false), ("3.14", false),
            // geometries
            (#"{"type": "LineString", "arcs": [0, -1]}"#, true),
            (#"{"type": "LineString", "arcs": [1.5]}"#, false),
            (#"{"type": "LineString", "arcs": [[0]]}"#, false),
            (#"{"type": "LineString"}"#, false),
            (#"{"type": "MultiLineString", "arcs": [[0], [1, 2]]}"#, true),
            (#"{"type": "Polygon", "arcs": [[0, 1, 2]]}"#, true),
            (#"{"type": "Polygon", "arcs": [0]}"#, false),
            (#"{"type": "MultiPolygon", "arcs": [[[0]], [[1], [2]]]}"#, true),
            (#"{"type": "MultiPolygon", "arcs": [[0]]}"#, false),
            (#"{"type": "Point", "coordinates": [1, 2]}"#, true),
            (#"{"type": "Point", "arcs": [0]}"#, false),
            (#"{"type": "MultiPoint", "coordinates": [[1, 2]]}"#, true),
            (#"{"type": null}"#, true),
            (#"{"type": null, "properties": {"name": "nowhere"}, "id": 3}"#, true),
            (#"{"type": null, "properties": 1}"#, false),
            (#"{"type": null, "id": 1.5}"#, false),
            (
                #"{"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [0, 0]}, {"type": null}]}"#,
                true
            ),
            (#"{"type": "GeometryCollection", "geometries": [{"type": "LineString"}]}"#, false),
            (#"{"type": "Feature", "geometry": null, "properties": null}"#, false),
            ("{}", false),
            // topologies
            (#"{"type": "Topology", "objects": {}, "arcs": []}"#, true),
            (
                #"{"type": "Topology", "objects": {"a": {"type": "LineString", "arcs": [0]}}, "arcs": [[[0, 0], [1, 1]]], "#
                    + #""transform": {"scale": [1, 1], "translate": [0, 0]}, "bbox": [0, 0, 1, 1]}"#, true
            ),
            (#"{"type": "Topology", "objects": {}}"#, false),
            (#"{"type": "Topology", "arcs": []}"#, false),
            (#"{"type": "Topology", "objects": {"a": {"type": "LineString"}}, "arcs": []}"#, false),
            (#"{"type": "Topology", "objects": {}, "arcs": [[[0, 0]]]}"#, false),
            (#"{"type": "Topology", "objects": {}, "arcs": [[[0, 0], null]]}"#, false),
            (#"{"type": "Topology", "objects": {}, "arcs": [], "transform": {"scale": [1, 1]}}"#, false),
            (
                #"{"type": "Topology", "objects": {}, "arcs": [], "transform": {"scale": [1], "translate": [0, 0]}}"#,
                false
            ),
        ])
    func topoJSON(_ cell: String, _ valid: Bool) {
        #expect(Self.isTopoJSON(cell) == valid, "\(cell)")
    }

    // MARK: geopoint (frictionless' cases, then the edges)

    @Test(
        "geopoint",
        arguments: [
            (GeopointSyntax.pair, "180,90", true), (.pair, "180, -90", true), (.pair, "181,90", false),
            (.pair, "0,91", false), (.pair, "string", false), (.pair, "3.14", false),
            (.array, "[180, -90]", true), (.array, "180,90", false), (.array, "string", false), (.array, "3.14", false),
            (.object, #"{"lon": 180, "lat": 90}"#, true), (.object, "[180, -90]", false), (.object, "180,90", false),
            (.object, "string", false), (.object, "3.14", false),
            // pair
            (.pair, " 180 , 90 ", true), (.pair, "-180.0,-90.0", true), (.pair, "+1.5,.5", true),
            (.pair, "180.0000000000000001,0", false), (.pair, "-180.5,0", false), (.pair, "1e2,0", false),
            (.pair, "1,2,3", false), (.pair, ",", false), (.pair, "1,", false), (.pair, "", false),
            (.pair, "NaN,0", false), (.pair, "1;2", false), (.pair, "1 2", false),
            // array: bounds on the nearest double, as frictionless reads JSON numbers as floats
            (.array, " [ 0 , 0 ] ", true), (.array, "[180.0000000000000001, 0]", true), (.array, "[180.001, 0]", false),
            (.array, "[0, -90.5]", false), (.array, "[1, 2, 3]", false), (.array, "[1]", false),
            (.array, #"["1", "2"]"#, false), (.array, "[1, 2,]", false), (.array, "[1e999, 0]", false),
            (.array, "[NaN, 0]", false), (.array, "[01, 0]", false), (.array, "[1, 2] x", false),
            // object
            (.object, #"{"lat": -90, "lon": -180}"#, true), (.object, #" { "lon" : 0 , "lat" : 0 } "#, true),
            (.object, #"{"\u006con": 1, "lat": 2}"#, true), (.object, #"{"lon": 999, "lon": 1, "lat": 2}"#, true),
            (.object, #"{"lon": 1, "lat": 2, "x": 3}"#, false), (.object, #"{"lon": 1}"#, false),
            (.object, #"{"lon": 1, "lat": 91}"#, false), (.object, #"{"lon": "1", "lat": 2}"#, false),
            (.object, #"{"longitude": 1, "lat": 2}"#, false), (.object, #"{"lo": 1, "lat": 2}"#, false),
            (.object, "{}", false), (.object, #"{"lon": 1, "lat": 2,}"#, false),
        ])
    func geopoint(_ syntax: GeopointSyntax, _ cell: String, _ valid: Bool) {
        #expect(Array(cell.utf8).withUnsafeBytes { syntax.accepts($0) } == valid, "\(syntax) \(cell)")
    }

    @Test("geopoint formats are Table Schema's names")
    func geopointNames() {
        #expect(GeopointSyntax(rawValue: "default") == .pair)
        #expect(GeopointSyntax(rawValue: "array") == .array)
        #expect(GeopointSyntax(rawValue: "object") == .object)
    }
}

extension JSONCellTests {
    /// The `jsonSchema` subset: each keyword passing and failing, and each refusal's exact error.
    /// Nested, so that `--filter JSONCellTests` runs it too.
    @Suite("JSON Schema subset")
    struct SchemaSubset {
        static func schema(_ json: String) throws -> JSONSchemaSubset {
            try JSONSchemaSubset(try #require(JSONSyntax.parse(json), "schema \(json)"))
        }

        static func value(_ json: String) throws -> JSONNode { try #require(JSONSyntax.parse(json), "value \(json)") }

        @Test(
            "each keyword passes and fails",
            arguments: [
                (#"true"#, ["1", "null", "{}"], []),
                (#"false"#, [], ["1", "null", "{}"]),
                (#"{}"#, ["1", "\"a\"", "[]"], []),
                (#"{"type": "integer"}"#, ["1", "1.0", "-3", "1e3", "1e999"], ["1.5", "\"1\"", "true", "null"]),
                (#"{"type": "number"}"#, ["1", "1.5", "-1e-5"], ["\"1\"", "[]"]),
                (#"{"type": ["string", "null"]}"#, ["\"a\"", "null"], ["1", "false", "{}"]),
                (#"{"type": "boolean"}"#, ["true", "false"], ["0", "\"true\""]),
                (#"{"type": "object"}"#, ["{}"], ["[]", "null"]),
                (#"{"type": "array"}"#, ["[]", "[1]"], ["{}", "\"[]\""]),
                (#"{"type": "null"}"#, ["null"], ["0", "false", "\"\""]),
                (
                    #"{"enum": [1, "a", [true], {"k": null}]}"#, ["1", "1.0", "\"a\"", "[true]", #"{"k": null}"#],
                    ["2", "\"A\"", "[1]", "true", #"{"k": 0}"#]
                ),
                (#"{"enum": []}"#, [], ["1", "null"]),
                (#"{"const": {"a": [1, 2]}}"#, [#"{"a": [1.0, 2]}"#], [#"{"a": [2, 1]}"#, #"{"a": [1, 2], "b": 0}"#]),
                (#"{"const": false}"#, ["false"], ["0", "null"]),
                (
                    #"{"properties": {"a": {"type": "string"}, "b": {"minimum": 0}}}"#,
                    [#"{"a": "x"}"#, #"{"b": 1, "c": null}"#, "{}", "[1]", "1"],
                    [#"{"a": 1}"#, #"{"a": "x", "b": -1}"#]
                ),
                (#"{"required": ["a", "b"]}"#, [#"{"a": 1, "b": null}"#, "[]", "\"a\""], [#"{"a": 1}"#, "{}"]),
                (#"{"required": []}"#, ["{}"], []),
                (
                    #"{"properties": {"a": {}}, "additionalProperties": false}"#, [#"{"a": 1}"#, "{}"],
                    [#"{"a": 1, "b": 2}"#]
                ),
                (
                    #"{"properties": {"a": {}}, "additionalProperties": {"type": "integer"}}"#,
                    [#"{"a": "x", "b": 2}"#], [#"{"a": 1, "b": "x"}"#]
                ),
                (#"{"additionalProperties": {"type": "string"}}"#, [#"{"x": "1"}"#, "{}"], [#"{"x": 1}"#]),
                (#"{"items": {"type": "integer"}}"#, ["[]", "[1, 2]", "{}"], ["[1, \"2\"]", "[1.5]"]),
                (#"{"items": false}"#, ["[]"], ["[1]"]),
                (
                    #"{"prefixItems": [{"type": "string"}, {"type": "integer"}]}"#,
                    ["[\"a\", 1]", "[\"a\"]", "[\"a\", 1, {}]", "[]"],
                    ["[1, 1]", "[\"a\", \"b\"]"]
                ),
                (#"{"prefixItems": [{"type": "string"}], "items": false}"#, ["[\"a\"]", "[]"], ["[\"a\", 1]"]),
                (#"{"prefixItems": [{}], "items": {"type": "integer"}}"#, ["[\"a\", 1, 2]"], ["[\"a\", 1, \"b\"]"]),
                (
                    #"{"items": [{"type": "string"}, {"type": "integer"}]}"#, ["[\"a\", 1]", "[\"a\", 1, null]"],
                    ["[1]"]
                ),
                (#"{"minItems": 2}"#, ["[1, 2]", "[1, 2, 3]", "{}"], ["[]", "[1]"]),
                (#"{"maxItems": 1.0}"#, ["[]", "[1]", "\"ab\""], ["[1, 2]"]),
                (
                    #"{"uniqueItems": true}"#, ["[]", "[1, 2]", "[{\"a\": 1}, {\"a\": 2}]", "[1, true]", "[0, false]"],
                    ["[1, 1.0]", #"[{"a": 1, "b": 2}, {"b": 2, "a": 1}]"#, "[[1], [1]]", "[null, null]"]
                ),
                (#"{"uniqueItems": false}"#, ["[1, 1]"], []),
                (#"{"minLength": 2}"#, ["\"ab\"", "\"😀😀\"", "1"], ["\"a\"", "\"😀\"", "\"\""]),
                (#"{"maxLength": 2}"#, ["\"ab\"", "\"é😀\"", "[1, 2, 3]"], ["\"abc\"", "\"e\\u0301e\\u0301\""]),
                (#"{"minimum": 1.5}"#, ["1.5", "2", "\"0\""], ["1.4999999999999999999", "-2"]),
                (#"{"maximum": 0.1}"#, ["0.1", "0.09", "-1e999"], ["0.1000000000000000001", "1e999"]),
                (#"{"exclusiveMinimum": 0}"#, ["1e-999", "1"], ["0", "-0.0", "-1"]),
                (#"{"exclusiveMaximum": 10}"#, ["9.999"], ["10", "10.0", "11"]),
                (#"{"multipleOf": 0.01}"#, ["19.99", "0", "-3", "\"1.001\""], ["19.999", "0.005"]),
                (#"{"multipleOf": 2}"#, ["4", "4.0", "-8e3"], ["3", "4.5"]),
                (#"{"minProperties": 1}"#, [#"{"a": 1}"#, "[]"], ["{}"]),
                (#"{"maxProperties": 1}"#, [#"{"a": 1}"#, "{}"], [#"{"a": 1, "b": 2}"#]),
                (#"{"allOf": [{"type": "integer"}, {"minimum": 2}]}"#, ["2", "3"], ["1", "2.5"]),
                (#"{"anyOf": [{"type": "string"}, {"minimum": 2}]}"#, ["\"a\"", "3", "null"], ["1", "1.99"]),
                (#"{"oneOf": [{"type": "integer"}, {"minimum": 2}]}"#, ["1", "2.5"], ["3", "1.5"]),
                (#"{"not": {"type": "null"}}"#, ["0", "{}"], ["null"]),
                (
                    #"{"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "x", "title": "t", "#
                        + #""description": "d", "$comment": "c", "default": 1, "examples": [1], "format": "email", "#
                        + #""deprecated": true, "readOnly": false, "writeOnly": false, "type": "string"}"#,
                    ["\"not an email\""], ["1"]
                ),
                (
                    #"{"type": "object", "required": ["name"], "properties": {"name": {"type": "string", "minLength": 1},"#
                        + #" "tags": {"type": "array", "items": {"enum": ["a", "b"]}, "uniqueItems": true}},"#
                        + #" "additionalProperties": false}"#,
                    [#"{"name": "x"}"#, #"{"name": "x", "tags": ["a", "b"]}"#],
                    [
                        #"{"name": ""}"#, #"{"tags": []}"#, #"{"name": "x", "tags": ["a", "a"]}"#,
                        #"{"name": "x", "z": 1}"#,
                    ]
                ),
            ] as [(String, [String], [String])])
        func keywords(_ schemaText: String, _ valid: [String], _ invalid: [String]) throws {
            let schema = try Self.schema(schemaText)
            for text in valid {
                #expect(schema.validate(try Self.value(text)), "\(schemaText) should accept \(text)")
            }
            for text in invalid {
                #expect(!schema.validate(try Self.value(text)), "\(schemaText) should refuse \(text)")
            }
        }

        @Test(
            "keywords outside the subset, and wrong values, are refused where they stand",
            arguments: [
                (
                    #"{"properties": {"name": {"pattern": "^a"}}}"#, "/properties/name/pattern",
                    "the JSON Schema keyword 'pattern' is not supported: regular expressions are not supported in a jsonSchema"
                ),
                (
                    #"{"patternProperties": {}}"#, "/patternProperties",
                    "the JSON Schema keyword 'patternProperties' is not supported: regular expressions are not supported in a jsonSchema"
                ),
                (
                    ##"{"items": {"$ref": "#/$defs/a"}}"##, "/items/$ref",
                    "the JSON Schema keyword '$ref' is not supported: references are not supported; write the schema it refers to in its place"
                ),
                (
                    #"{"$defs": {}}"#, "/$defs",
                    "the JSON Schema keyword '$defs' is not supported: it serves references, which are not supported"
                ),
                (
                    #"{"anyOf": [{}, {"if": {}}]}"#, "/anyOf/1/if",
                    "the JSON Schema keyword 'if' is not supported: conditionals are not supported; anyOf or oneOf can often say the same"
                ),
                (
                    #"{"dependentRequired": {}}"#, "/dependentRequired",
                    "the JSON Schema keyword 'dependentRequired' is not supported: it is outside the subset Hallmark checks"
                ),
                (
                    #"{"items": [{}], "additionalItems": false}"#, "/additionalItems",
                    "the JSON Schema keyword 'additionalItems' is not supported: it is draft-07's; use prefixItems with items (draft 2020-12)"
                ),
                (
                    #"{"id": "x"}"#, "/id",
                    "the JSON Schema keyword 'id' is not supported: it is draft-04's spelling of $id, and means nothing in later drafts"
                ),
                (#"{"minimun": 1}"#, "/minimun", "'minimun' is not a JSON Schema keyword"),
                (
                    #"{"properties": {"a/b~c": {"tpye": "x"}}}"#, "/properties/a~1b~0c/tpye",
                    "'tpye' is not a JSON Schema keyword"
                ),
                (#"{"typ\u00e9": 1}"#, "/typé", "'typé' is not a JSON Schema keyword"),
                ("1", "", "a schema must be an object, true or false, not the number 1"),
                (#"{"not": null}"#, "/not", "a schema must be an object, true or false, not null"),
                (#"{"allOf": [{}, []]}"#, "/allOf/1", "a schema must be an object, true or false, not a list"),
                (
                    #"{"type": "float"}"#, "/type",
                    "'type' must be a type name (null, boolean, object, array, number, string, integer) or a non-empty list of them, not the string 'float'"
                ),
                (
                    #"{"type": ["string", 1]}"#, "/type/1",
                    "'type' must be a type name (null, boolean, object, array, number, string, integer) or a non-empty list of them, not the number 1"
                ),
                (
                    #"{"type": []}"#, "/type",
                    "'type' must be a type name (null, boolean, object, array, number, string, integer) or a non-empty list of them, not a list"
                ),
                (#"{"type": ["string", "string"]}"#, "/type/1", "'type' names the string 'string' twice"),
                (#"{"enum": 1}"#, "/enum", "'enum' must be a list of values, not the number 1"),
                (#"{"required": "a"}"#, "/required", "'required' must be a list of property names, not the string 'a'"),
                (#"{"required": ["a", 1]}"#, "/required/1", "'required' must be a list of property names, not a list"),
                (#"{"required": ["a", "a"]}"#, "/required/1", "'required' names 'a' twice"),
                (#"{"properties": []}"#, "/properties", "'properties' must be an object of schemas, not a list"),
                (
                    #"{"minItems": -1}"#, "/minItems",
                    "'minItems' must be a whole number of zero or more, not the number -1"
                ),
                (
                    #"{"maxLength": 1.5}"#, "/maxLength",
                    "'maxLength' must be a whole number of zero or more, not the number 1.5"
                ),
                (
                    #"{"minProperties": "1"}"#, "/minProperties",
                    "'minProperties' must be a whole number of zero or more, not the string '1'"
                ),
                (#"{"uniqueItems": 1}"#, "/uniqueItems", "'uniqueItems' must be true or false, not the number 1"),
                (#"{"maximum": "9"}"#, "/maximum", "'maximum' must be a number, not the string '9'"),
                (
                    #"{"maximum": 9, "exclusiveMaximum": true}"#, "/exclusiveMaximum",
                    "'exclusiveMaximum' must be a number, the bound itself; the true/false form is draft-04's and not supported"
                ),
                (#"{"multipleOf": 0}"#, "/multipleOf", "'multipleOf' must be a number above zero, not the number 0"),
                (#"{"multipleOf": -2}"#, "/multipleOf", "'multipleOf' must be a number above zero, not the number -2"),
                (#"{"oneOf": []}"#, "/oneOf", "'oneOf' must be a non-empty list of schemas, not a list"),
                (#"{"items": []}"#, "/items", "'items' must be a schema or a non-empty list of schemas, not a list"),
                (
                    #"{"prefixItems": {}}"#, "/prefixItems",
                    "'prefixItems' must be a non-empty list of schemas, not an object"
                ),
                (
                    #"{"items": [{}], "prefixItems": [{}]}"#, "/items",
                    "'items' as a list is draft-07's form of 'prefixItems'; give one of the two"
                ),
                (
                    #"{"prefixItems": [{}], "items": [{}]}"#, "/items",
                    "'items' as a list is draft-07's form of 'prefixItems'; give one of the two"
                ),
            ])
        func refusals(_ schemaText: String, _ pointer: String, _ message: String) throws {
            let node = try #require(JSONSyntax.parse(schemaText))
            #expect(throws: JSONSchemaError(at: pointer, message)) { try JSONSchemaSubset(node) }
        }

        @Test("every keyword the subset names is read, and no keyword is both checked and ignored")
        func keywordLists() throws {
            #expect(JSONSchemaSubset.assertionKeywords.isDisjoint(with: JSONSchemaSubset.annotationKeywords))
            for keyword in JSONSchemaSubset.annotationKeywords {
                _ = try JSONSchemaSubset(.object([(key: keyword, value: .null)]))
            }
        }

        @Test("an error's description puts the pointer first")
        func errorDescription() {
            #expect(JSONSchemaError(at: "/a", "wrong").description == "/a: wrong")
            #expect(JSONSchemaError(at: "", "wrong").description == "wrong")
        }

        // MARK: From the standard's YAML

        static func yaml(_ text: String) throws -> YAMLNode { try YAMLParser.parse(Array(text.utf8), file: "s.yaml") }

        @Test("YAML as JSON: quoted scalars are text, plain ones null, booleans, numbers or text")
        func yamlAsJSON() throws {
            let node = try Self.yaml(
                """
                a: "1"
                b: 1
                c: -2.5e3
                d: true
                e: 'false'
                f: ~
                g:
                h: yes
                i: 0x1F
                j: [1, "two", null]
                k: {x: .5}
                a: last
                """)
            let expected = try #require(
                JSONSyntax.parse(
                    #"{"a": "last", "b": 1, "c": -2500, "d": true, "e": "false", "f": null, "g": null, "h": "yes", "#
                        + #""i": "0x1F", "j": [1, "two", null], "k": {"x": 0.5}}"#))
            #expect(node.jsonNode() == expected)
            guard case .object(let members) = node.jsonNode() else { return }
            #expect(members.first?.key == "a", "a repeated key keeps its first place")
        }

        @Test("a JSON Pointer finds its YAML node, so an error shows where it stands")
        func pointers() throws {
            let text = """
                type: object
                properties:
                  name:
                    type: string
                    pattern: "^[A-Z]"
                  a/b~c: {type: integer}
                anyOf:
                  - {}
                  - required: [name]
                """
            let node = try Self.yaml(text)
            var failure: JSONSchemaError?
            do {
                _ = try JSONSchemaSubset(node.jsonNode())
            } catch {
                failure = error
            }
            let error = try #require(failure)
            #expect(error.pointer == "/properties/name/pattern")
            let found = try #require(node.node(atPointer: error.pointer))
            #expect(found.location.line == 5 && found.location.column == 14)
            #expect(node.node(atPointer: "")?.location.line == 1)
            #expect(node.node(atPointer: "/properties/a~1b~0c/type")?.scalarText == "integer")
            #expect(node.node(atPointer: "/anyOf/1/required/0")?.scalarText == "name")
            #expect(node.node(atPointer: "/anyOf/1/required/0")?.location.line == 9)
            for missing in [
                "/nothing", "properties", "/anyOf/2", "/anyOf/01", "/anyOf/-1", "/type/x", "/properties/a~2",
            ] {
                #expect(node.node(atPointer: missing) == nil, "\(missing)")
            }
            let repeated = try Self.yaml("a: 1\na: 2\n")
            #expect(repeated.node(atPointer: "/a")?.location.line == 2, "the last of a repeated key, as jsonNode keeps")
        }
    }
}
