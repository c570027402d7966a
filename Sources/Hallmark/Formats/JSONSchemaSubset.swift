/// Why a schema cannot be used, and where in it: a JSON Pointer (RFC 6901) that the loader maps
/// back to a place in the standard's file.
package struct JSONSchemaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The value at fault, from the schema's root: `/properties/name/pattern` is the value of the
    /// `pattern` keyword under the `name` property. Empty for the root itself.
    package var pointer: String
    /// What is wrong, naming the keyword: "the JSON Schema keyword 'pattern' is not supported: …".
    package var message: String

    /// An error at `pointer`.
    package init(at pointer: String, _ message: String) {
        self.pointer = pointer
        self.message = message
    }

    /// `pointer: message`, or the message alone at the root.
    package var description: String { pointer.isEmpty ? message : "\(pointer): \(message)" }
}

/// A JSON Schema for Table Schema's `jsonSchema` constraint, limited to the keywords that can be
/// checked exactly without a regular expression engine or references; any other keyword is refused
/// when the schema is read, never ignored, since ignoring one would pass values the author meant
/// to fail.
///
/// Draft 2020-12 semantics, which draft-07 schemas of these keywords share:
/// - assertions: `type` (a name or a list; `integer` is a number without a fraction, so `1.0` is one),
///   `enum`, `const`, `properties`, `required`, `additionalProperties` (`true`, `false` or a schema),
///   `items` (a schema for every item, or draft-07's list form, which means `prefixItems`),
///   `prefixItems`, `minItems`, `maxItems`, `uniqueItems`, `minLength` and `maxLength` (in Unicode
///   scalars), `minimum`, `maximum`, `exclusiveMinimum` and `exclusiveMaximum` (numbers, as since
///   draft-06), `multipleOf`, `minProperties`, `maxProperties`, `allOf`, `anyOf`, `oneOf`, `not`,
///   and the schemas `true` and `false`;
/// - annotations, read and ignored: `title`, `description`, `$schema`, `$id`, `$comment`, `default`,
///   `examples`, `deprecated`, `readOnly`, `writeOnly`, and `format` (an annotation in 2020-12);
/// - refused: everything else, `pattern` and `$ref` included.
///
/// Numbers compare exactly (see ``JSONNumber``), and values are equal as JSON says (see ``JSONNode``).
package struct JSONSchemaSubset: Sendable {
    /// Both `items` as a list and `prefixItems` given: they say the same, so one must go.
    private static let itemsOrPrefixItems = "'items' as a list is draft-07's form of 'prefixItems'; give one of the two"

    private let root: Subschema

    /// Reads a schema, refusing any keyword outside the subset and any keyword whose value is not
    /// what JSON Schema's meta-schema allows.
    package init(_ schema: JSONNode) throws(JSONSchemaError) {
        root = try Self.compile(schema, at: "")
    }

    /// Whether the value matches the schema.
    package func validate(_ value: JSONNode) -> Bool { root.accepts(value) }

    /// Keywords checked.
    package static let assertionKeywords: Set<String> = [
        "type", "enum", "const", "properties", "required", "additionalProperties", "items", "prefixItems",
        "minItems", "maxItems", "uniqueItems", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum",
        "exclusiveMaximum", "multipleOf", "minProperties", "maxProperties", "allOf", "anyOf", "oneOf", "not",
    ]

    /// Keywords read and ignored: they assert nothing.
    package static let annotationKeywords: Set<String> = [
        "title", "description", "$schema", "$id", "$comment", "default", "examples", "deprecated", "readOnly",
        "writeOnly", "format",
    ]

    /// Why each keyword of drafts 4 to 2020-12 outside the subset is refused.
    private static let refusals: [String: String] = {
        var reasons: [String: String] = [:]
        for keyword in ["$ref", "$dynamicRef", "$recursiveRef"] {
            reasons[keyword] = "references are not supported; write the schema it refers to in its place"
        }
        for keyword in ["$defs", "definitions", "$anchor", "$dynamicAnchor", "$recursiveAnchor", "$vocabulary"] {
            reasons[keyword] = "it serves references, which are not supported"
        }
        for keyword in ["pattern", "patternProperties"] {
            reasons[keyword] = "regular expressions are not supported in a jsonSchema"
        }
        for keyword in ["if", "then", "else"] {
            reasons[keyword] = "conditionals are not supported; anyOf or oneOf can often say the same"
        }
        reasons["additionalItems"] = "it is draft-07's; use prefixItems with items (draft 2020-12)"
        reasons["id"] = "it is draft-04's spelling of $id, and means nothing in later drafts"
        for keyword in [
            "dependentRequired", "dependentSchemas", "dependencies", "propertyNames", "contains", "minContains",
            "maxContains", "unevaluatedItems", "unevaluatedProperties", "contentEncoding", "contentMediaType",
            "contentSchema",
        ] {
            reasons[keyword] = "it is outside the subset Hallmark checks"
        }
        return reasons
    }()

    // MARK: Reading the schema

    private static func compile(_ node: JSONNode, at pointer: String) throws(JSONSchemaError) -> Subschema {
        let members: [(key: String, value: JSONNode)]
        switch node {
        case .bool(let value): return .boolean(value)
        case .object(let list): members = list
        default: throw JSONSchemaError(at: pointer, "a schema must be an object, true or false, not \(describe(node))")
        }
        var assertions: [Assertion] = []
        var named: [JSONKey: Subschema]?
        var additional: Subschema?
        var prefix: [Subschema]?
        var prefixPointer = ""
        var rest: Subschema?
        for (keyword, value) in members {
            let here = pointer + "/" + escape(keyword)
            // Only ASCII names can be keywords; checking that first makes `switch` (which compares
            // canonical equivalents equal) exact.
            guard keyword.utf8.allSatisfy({ $0 < 0x80 }) else {
                throw JSONSchemaError(at: here, "\(TextExcerpt.quoted(keyword)) is not a JSON Schema keyword")
            }
            switch keyword {
            case "type":
                assertions.append(.type(try types(value, at: here)))
            case "enum":
                guard case .array(let values) = value else { throw mustBe("a list of values", keyword, value, here) }
                assertions.append(.enumeration(values))
            case "const":
                assertions.append(.constant(value))
            case "properties":
                guard case .object(let properties) = value else {
                    throw mustBe("an object of schemas", keyword, value, here)
                }
                var schemas: [JSONKey: Subschema] = [:]
                for (name, schema) in properties {
                    schemas[JSONKey(name)] = try compile(schema, at: here + "/" + escape(name))
                }
                named = schemas
            case "required":
                assertions.append(.required(try names(value, keyword, at: here)))
            case "additionalProperties":
                additional = try compile(value, at: here)
            case "items":
                if case .array(let schemas) = value {
                    guard !schemas.isEmpty else {
                        throw mustBe("a schema or a non-empty list of schemas", keyword, value, here)
                    }
                    guard prefix == nil else {
                        throw JSONSchemaError(
                            at: here, Self.itemsOrPrefixItems)
                    }
                    prefix = try subschemas(schemas, at: here)
                    prefixPointer = here
                } else {
                    rest = try compile(value, at: here)
                }
            case "prefixItems":
                guard case .array(let schemas) = value, !schemas.isEmpty else {
                    throw mustBe("a non-empty list of schemas", keyword, value, here)
                }
                guard prefix == nil else {
                    throw JSONSchemaError(
                        at: prefixPointer, Self.itemsOrPrefixItems)
                }
                prefix = try subschemas(schemas, at: here)
                prefixPointer = here
            case "minItems": assertions.append(.minItems(try count(value, keyword, at: here)))
            case "maxItems": assertions.append(.maxItems(try count(value, keyword, at: here)))
            case "minLength": assertions.append(.minLength(try count(value, keyword, at: here)))
            case "maxLength": assertions.append(.maxLength(try count(value, keyword, at: here)))
            case "minProperties": assertions.append(.minProperties(try count(value, keyword, at: here)))
            case "maxProperties": assertions.append(.maxProperties(try count(value, keyword, at: here)))
            case "uniqueItems":
                guard case .bool(let unique) = value else { throw mustBe("true or false", keyword, value, here) }
                if unique { assertions.append(.uniqueItems) }
            case "minimum": assertions.append(.minimum(try number(value, keyword, at: here)))
            case "maximum": assertions.append(.maximum(try number(value, keyword, at: here)))
            case "exclusiveMinimum": assertions.append(.exclusiveMinimum(try number(value, keyword, at: here)))
            case "exclusiveMaximum": assertions.append(.exclusiveMaximum(try number(value, keyword, at: here)))
            case "multipleOf":
                let divisor = try number(value, keyword, at: here)
                guard !divisor.isZero && !divisor.isNegative else {
                    throw mustBe("a number above zero", keyword, value, here)
                }
                assertions.append(.multipleOf(divisor))
            case "allOf", "anyOf", "oneOf":
                guard case .array(let schemas) = value, !schemas.isEmpty else {
                    throw mustBe("a non-empty list of schemas", keyword, value, here)
                }
                let compiled = try subschemas(schemas, at: here)
                assertions.append(
                    keyword == "allOf" ? .allOf(compiled) : keyword == "anyOf" ? .anyOf(compiled) : .oneOf(compiled))
            case "not":
                assertions.append(.not(try compile(value, at: here)))
            default:
                if annotationKeywords.contains(keyword) { continue }
                if let reason = refusals[keyword] {
                    throw JSONSchemaError(
                        at: here, "the JSON Schema keyword \(TextExcerpt.quoted(keyword)) is not supported: \(reason)")
                }
                throw JSONSchemaError(at: here, "\(TextExcerpt.quoted(keyword)) is not a JSON Schema keyword")
            }
        }
        if named != nil || additional != nil {
            assertions.append(.properties(named: named ?? [:], additional: additional))
        }
        if prefix != nil || rest != nil {
            assertions.append(.items(prefix: prefix ?? [], rest: rest))
        }
        return .assertions(assertions)
    }

    private static func subschemas(_ nodes: [JSONNode], at pointer: String) throws(JSONSchemaError) -> [Subschema] {
        var compiled: [Subschema] = []
        for (index, node) in nodes.enumerated() {
            compiled.append(try compile(node, at: pointer + "/" + String(index)))
        }
        return compiled
    }

    private static func types(_ value: JSONNode, at pointer: String) throws(JSONSchemaError) -> JSONTypes {
        let expected =
            "a type name (\(JSONTypes.names.map(\.name).joined(separator: ", "))) or a non-empty list of them"
        func one(_ node: JSONNode, at pointer: String) throws(JSONSchemaError) -> JSONTypes {
            guard case .string(let name) = node,
                let type = JSONTypes.names.first(where: { $0.name.utf8.elementsEqual(name.utf8) })?.type
            else { throw mustBe(expected, "type", node, pointer) }
            return type
        }
        guard case .array(let list) = value else { return try one(value, at: pointer) }
        guard !list.isEmpty else { throw mustBe(expected, "type", value, pointer) }
        var all: JSONTypes = []
        for (index, node) in list.enumerated() {
            let type = try one(node, at: pointer + "/" + String(index))
            guard !all.contains(type) else {
                throw JSONSchemaError(at: pointer + "/" + String(index), "'type' names \(describe(node)) twice")
            }
            all.insert(type)
        }
        return all
    }

    private static func names(
        _ value: JSONNode, _ keyword: String, at pointer: String
    ) throws(JSONSchemaError) -> [String] {
        guard case .array(let list) = value else { throw mustBe("a list of property names", keyword, value, pointer) }
        var seen: Set<JSONKey> = []
        var names: [String] = []
        for (index, node) in list.enumerated() {
            guard case .string(let name) = node else {
                throw mustBe("a list of property names", keyword, value, pointer + "/" + String(index))
            }
            guard seen.insert(JSONKey(name)).inserted else {
                throw JSONSchemaError(
                    at: pointer + "/" + String(index),
                    "\(TextExcerpt.quoted(keyword)) names \(TextExcerpt.quoted(name)) twice")
            }
            names.append(name)
        }
        return names
    }

    /// A count (`minItems`, `maxLength`…): an integer of zero or more, `2.0` included; one too
    /// large for an `Int` is as good as infinite.
    private static func count(_ value: JSONNode, _ keyword: String, at pointer: String) throws(JSONSchemaError) -> Int {
        guard case .number(let number) = value, number.isInteger, !number.isNegative else {
            throw mustBe("a whole number of zero or more", keyword, value, pointer)
        }
        return number.integer ?? Int.max
    }

    private static func number(
        _ value: JSONNode, _ keyword: String, at pointer: String
    ) throws(JSONSchemaError) -> JSONNumber {
        if case .number(let number) = value { return number }
        if case .bool = value, keyword.hasPrefix("exclusive") {
            throw JSONSchemaError(
                at: pointer,
                "\(TextExcerpt.quoted(keyword)) must be a number, the bound itself; the true/false form is draft-04's "
                    + "and not supported")
        }
        throw mustBe("a number", keyword, value, pointer)
    }

    private static func mustBe(
        _ expected: String, _ keyword: String, _ value: JSONNode, _ pointer: String
    ) -> JSONSchemaError {
        JSONSchemaError(at: pointer, "\(TextExcerpt.quoted(keyword)) must be \(expected), not \(describe(value))")
    }

    /// A JSON Pointer reference token: `~` and `/` escaped as `~0` and `~1` (RFC 6901).
    private static func escape(_ name: String) -> String {
        guard name.utf8.contains(where: { $0 == 0x7E || $0 == 0x2F }) else { return name }
        var escaped = ""
        for scalar in name.unicodeScalars {
            switch scalar {
            case "~": escaped += "~0"
            case "/": escaped += "~1"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// A value for a message: its kind, or itself when short.
    private static func describe(_ node: JSONNode) -> String {
        switch node {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .number(let number): "the number \(number)"
        case .string(let text): "the string \(TextExcerpt.quoted(text))"
        case .array: "a list"
        case .object: "an object"
        }
    }
}

/// JSON Schema's seven type names.
private struct JSONTypes: OptionSet, Sendable {
    let rawValue: UInt8

    static let null = JSONTypes(rawValue: 1 << 0)
    static let boolean = JSONTypes(rawValue: 1 << 1)
    static let object = JSONTypes(rawValue: 1 << 2)
    static let array = JSONTypes(rawValue: 1 << 3)
    static let number = JSONTypes(rawValue: 1 << 4)
    static let string = JSONTypes(rawValue: 1 << 5)
    static let integer = JSONTypes(rawValue: 1 << 6)

    static let names: [(name: String, type: JSONTypes)] = [
        ("null", .null), ("boolean", .boolean), ("object", .object), ("array", .array), ("number", .number),
        ("string", .string), ("integer", .integer),
    ]

    func matches(_ value: JSONNode) -> Bool {
        switch value {
        case .null: contains(.null)
        case .bool: contains(.boolean)
        case .object: contains(.object)
        case .array: contains(.array)
        case .string: contains(.string)
        case .number(let number): contains(.number) || (contains(.integer) && number.isInteger)
        }
    }
}

/// A schema read: `true`, `false`, or assertions that must all hold.
private indirect enum Subschema: Sendable {
    case boolean(Bool)
    case assertions([Assertion])

    /// Recursion follows the schema and the value together, so it is as deep as the shallower of
    /// the two: both are trees from readers that bound their depth.
    func accepts(_ value: JSONNode) -> Bool {
        switch self {
        case .boolean(let result): return result
        case .assertions(let assertions):
            for assertion in assertions where !assertion.holds(for: value) { return false }
            return true
        }
    }
}

/// One keyword, or two that work together (`properties` with `additionalProperties`,
/// `prefixItems` with `items`). Each applies to values of its own kind and passes any other,
/// as in JSON Schema: `minimum` says nothing about a string.
private enum Assertion: Sendable {
    case type(JSONTypes)
    case enumeration([JSONNode])
    case constant(JSONNode)
    case properties(named: [JSONKey: Subschema], additional: Subschema?)
    case required([String])
    case items(prefix: [Subschema], rest: Subschema?)
    case minItems(Int)
    case maxItems(Int)
    case uniqueItems
    case minLength(Int)
    case maxLength(Int)
    case minimum(JSONNumber)
    case maximum(JSONNumber)
    case exclusiveMinimum(JSONNumber)
    case exclusiveMaximum(JSONNumber)
    case multipleOf(JSONNumber)
    case minProperties(Int)
    case maxProperties(Int)
    case allOf([Subschema])
    case anyOf([Subschema])
    case oneOf([Subschema])
    case not(Subschema)

    func holds(for value: JSONNode) -> Bool {
        switch self {
        case .type(let types): return types.matches(value)
        case .enumeration(let values): return values.contains(value)
        case .constant(let constant): return value == constant
        case .allOf(let schemas): return schemas.allSatisfy { $0.accepts(value) }
        case .anyOf(let schemas): return schemas.contains { $0.accepts(value) }
        case .oneOf(let schemas):
            var passed = 0
            for schema in schemas where schema.accepts(value) {
                passed += 1
                if passed > 1 { return false }
            }
            return passed == 1
        case .not(let schema): return !schema.accepts(value)
        default: break
        }
        switch value {
        case .object(let members): return holds(forObject: members)
        case .array(let items): return holds(forArray: items)
        case .string(let text):
            switch self {
            case .minLength(let limit): return text.unicodeScalars.count >= limit
            case .maxLength(let limit): return text.unicodeScalars.count <= limit
            default: return true
            }
        case .number(let number):
            switch self {
            case .minimum(let bound): return JSONNumber.compare(number, bound) >= 0
            case .maximum(let bound): return JSONNumber.compare(number, bound) <= 0
            case .exclusiveMinimum(let bound): return JSONNumber.compare(number, bound) > 0
            case .exclusiveMaximum(let bound): return JSONNumber.compare(number, bound) < 0
            case .multipleOf(let divisor): return number.isMultiple(of: divisor)
            default: return true
            }
        case .null, .bool: return true
        }
    }

    private func holds(forObject members: [(key: String, value: JSONNode)]) -> Bool {
        switch self {
        case .properties(let named, let additional):
            for member in members {
                if let schema = named[JSONKey(member.key)] {
                    guard schema.accepts(member.value) else { return false }
                } else if let additional {
                    guard additional.accepts(member.value) else { return false }
                }
            }
            return true
        case .required(let names):
            return names.allSatisfy { name in members.contains { $0.key.utf8.elementsEqual(name.utf8) } }
        case .minProperties(let limit): return members.count >= limit
        case .maxProperties(let limit): return members.count <= limit
        default: return true
        }
    }

    private func holds(forArray items: [JSONNode]) -> Bool {
        switch self {
        case .items(let prefix, let rest):
            for (index, item) in items.enumerated() {
                if index < prefix.count {
                    guard prefix[index].accepts(item) else { return false }
                } else if let rest {
                    guard rest.accepts(item) else { return false }
                } else {
                    break
                }
            }
            return true
        case .minItems(let limit): return items.count >= limit
        case .maxItems(let limit): return items.count <= limit
        case .uniqueItems:
            var seen: Set<JSONNode> = []
            seen.reserveCapacity(items.count)
            return items.allSatisfy { seen.insert($0).inserted }
        default: return true
        }
    }
}
