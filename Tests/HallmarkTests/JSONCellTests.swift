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
