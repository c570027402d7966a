/// YAML read as the JSON it stands for, for the parts of a standard that hold JSON values (a
/// field's `jsonSchema`), and JSON Pointers found again in the YAML, so that an error a
/// ``JSONSchemaSubset`` reports at `/properties/name/pattern` is shown at its line and column.
extension YAMLNode {
    /// The node as a JSON value. Quoted scalars are strings whatever they hold (`"1"` stays text);
    /// plain ones are `null` (`null`, `~`, nothing), `true` or `false` (YAML 1.2's spellings only, as
    /// the loader reads booleans: `yes` is text), a number when written as YAML 1.2's core schema
    /// writes a decimal (`1`, `-2.5`, `1e3`, `.5`; not `0x1F`, `.inf` or `.nan`, which JSON cannot
    /// hold), and text otherwise. A name repeated in a mapping keeps its first place and its last
    /// value, as Python's `json` reads a repeated name.
    package func jsonNode() -> JSONNode {
        switch kind {
        case .scalar(let scalar):
            guard scalar.isPlain else { return .string(scalar.text) }
            if scalar.isNull { return .null }
            switch scalar.text {
            case "true", "True", "TRUE": return .bool(true)
            case "false", "False", "FALSE": return .bool(false)
            default: return JSONNumber(decimal: scalar.text).map(JSONNode.number) ?? .string(scalar.text)
            }
        case .sequence(let items):
            return .array(items.map { $0.jsonNode() })
        case .mapping(let pairs):
            // The parser takes only scalar keys.
            return JSONNode.deduplicatedObject(pairs.map { (key: $0.key.scalarText ?? "", value: $0.value.jsonNode()) })
        }
    }

    /// The node a JSON Pointer (RFC 6901) names from this one: `""` is this node, `/a/0` the first
    /// item under the key `a`; `~1` stands for `/` and `~0` for `~` in a name. Where a name is
    /// repeated, the last one, as ``jsonNode()`` keeps it. `nil` when there is no such node.
    package func node(atPointer pointer: String) -> YAMLNode? {
        guard !pointer.isEmpty else { return self }
        guard pointer.utf8.first == 0x2F else { return nil }  // /
        var node = self
        for token in pointer.utf8.dropFirst().split(separator: 0x2F, omittingEmptySubsequences: false) {
            guard let name = Self.unescape(token) else { return nil }
            switch node.kind {
            case .mapping(let pairs):
                guard let pair = pairs.last(where: { $0.key.scalarText?.utf8.elementsEqual(name.utf8) ?? false }) else {
                    return nil
                }
                node = pair.value
            case .sequence(let items):
                guard let index = Self.arrayIndex(name), index < items.count else { return nil }
                node = items[index]
            case .scalar:
                return nil
            }
        }
        return node
    }

    /// A reference token with `~1` and `~0` read; `nil` for a `~` followed by anything else.
    private static func unescape(_ token: Substring.UTF8View.SubSequence) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(token.count)
        var index = token.startIndex
        while index < token.endIndex {
            let byte = token[index]
            index = token.index(after: index)
            guard byte == 0x7E else {
                bytes.append(byte)
                continue
            }
            guard index < token.endIndex else { return nil }
            switch token[index] {
            case 0x30: bytes.append(0x7E)
            case 0x31: bytes.append(0x2F)
            default: return nil
            }
            index = token.index(after: index)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// An array index as RFC 6901 writes it: `0`, or digits without a leading zero.
    private static func arrayIndex(_ token: String) -> Int? {
        guard let first = token.utf8.first, token.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            first != 0x30 || token.utf8.count == 1, token.utf8.count <= 18
        else { return nil }
        return Int(token)
    }
}
