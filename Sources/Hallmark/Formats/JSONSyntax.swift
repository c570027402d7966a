/// Strict RFC 8259 JSON, read from a cell's bytes: what Table Schema's `object`, `array`,
/// `geojson` and `geopoint` cells are written in.
///
/// Stricter than Python's `json`, which frictionless reads cells with, in one place: `NaN`,
/// `Infinity` and `-Infinity` are not JSON (RFC 8259 §6 has no such numbers, and no other JSON
/// reader writes or reads them), so a cell holding them is not valid JSON here. Numbers of any size
/// are (`1e999`: RFC 8259 sets no range). A `\u` escape of a lone surrogate (`"\ud800"`) is accepted,
/// as Python's `json` accepts it, although the text it stands for is not Unicode.
package enum JSONSyntax {
    /// How deep arrays and objects may nest by default: deeper than any real cell, shallow enough
    /// that code walking a tree (equality, schemas) never runs out of stack.
    package static let defaultMaxDepth = 64

    /// The kind of the one JSON value the cell holds, JSON whitespace around it allowed; `nil` when
    /// the cell is not exactly one valid JSON value, or nests arrays and objects deeper than
    /// `maxDepth`. Builds nothing and allocates nothing.
    package static func topLevelKind(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = defaultMaxDepth) -> JSONKind? {
        var events = IgnoredEvents()
        guard read(bytes, maxDepth: maxDepth, into: &events) else { return nil }
        var index = 0
        while isWhitespace(bytes[index]) { index += 1 }  // a valid document holds a value
        switch bytes[index] {
        case 0x7B: return .object
        case 0x5B: return .array
        case 0x22: return .string
        case 0x74, 0x66: return .bool
        case 0x6E: return .null
        default: return .number
        }
    }

    /// The deepest tree ``parse(_:maxDepth:)`` builds, whatever its `maxDepth`: a tree is compared,
    /// hashed, checked and freed by recursion, so its depth must stay well within a thread's stack.
    package static let treeDepthLimit = 256

    /// The cell's one JSON value as a tree, on the same terms as ``topLevelKind(_:maxDepth:)``, but
    /// never deeper than ``treeDepthLimit``.
    ///
    /// A lone surrogate escape becomes U+FFFD in the tree, since a Swift `String` cannot hold one.
    package static func parse(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = defaultMaxDepth) -> JSONNode? {
        var builder = TreeBuilder()
        guard read(bytes, maxDepth: min(maxDepth, treeDepthLimit), into: &builder) else { return nil }
        return builder.result
    }

    /// The text's one JSON value as a tree, read as its UTF-8 bytes are.
    package static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) -> JSONNode? {
        var text = text
        return text.withUTF8 { parse(UnsafeRawBufferPointer($0), maxDepth: maxDepth) }
    }

    /// Reads one whole document, telling `events` what it holds; `false` at the first byte that
    /// breaks the grammar.
    ///
    /// A loop with a stack of open containers rather than recursion, so that 100,000 `[` cost one
    /// byte of stack each at most, and only up to `maxDepth`.
    static func read<Events: JSONEvents>(
        _ bytes: UnsafeRawBufferPointer, maxDepth: Int, into events: inout Events
    ) -> Bool {
        guard maxDepth >= 0 else { return false }
        // Whether each open container is an object. Every container takes at least one byte, so
        // the cell's length bounds the stack as well as maxDepth does.
        let capacity = min(maxDepth, bytes.count) + 1
        return withUnsafeTemporaryAllocation(of: Bool.self, capacity: capacity) { isObject in
            let count = bytes.count
            var scanner = JSONScanner(bytes: bytes)
            var depth = 0
            scanner.skipWhitespace()
            values: while true {
                guard scanner.index < count else { return false }
                let byte = bytes[scanner.index]
                switch byte {
                case 0x7B, 0x5B:  // { [
                    guard depth < maxDepth else { return false }
                    let object = byte == 0x7B
                    isObject[depth] = object
                    depth += 1
                    scanner.index += 1
                    events.beginContainer(isObject: object)
                    scanner.skipWhitespace()
                    if scanner.index < count && bytes[scanner.index] == byte + 2 {  // } ]
                        scanner.index += 1
                        depth -= 1
                        events.endContainer()
                    } else {
                        if object { guard scanner.memberName(into: &events) else { return false } }
                        continue values
                    }
                case 0x22:
                    guard scanner.string(into: &events, isName: false) else { return false }
                case 0x2D, 0x30...0x39:
                    let start = scanner.index
                    guard scanner.number() else { return false }
                    events.number(UnsafeRawBufferPointer(rebasing: bytes[start..<scanner.index]))
                case 0x74:
                    guard scanner.literal("true") else { return false }
                    events.bool(true)
                case 0x66:
                    guard scanner.literal("false") else { return false }
                    events.bool(false)
                case 0x6E:
                    guard scanner.literal("null") else { return false }
                    events.null()
                default:
                    return false
                }
                // After a value: close what ends here, then find the next value.
                while true {
                    scanner.skipWhitespace()
                    guard depth > 0 else { return scanner.index == count }
                    guard scanner.index < count else { return false }
                    let next = bytes[scanner.index]
                    let object = isObject[depth - 1]
                    if next == 0x2C {  // ,
                        scanner.index += 1
                        scanner.skipWhitespace()
                        if object { guard scanner.memberName(into: &events) else { return false } }
                        continue values
                    }
                    guard next == (object ? 0x7D : 0x5D) else { return false }
                    scanner.index += 1
                    depth -= 1
                    events.endContainer()
                }
            }
        }
    }

    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}

/// What a JSON document holds, in the order written: how ``JSONSyntax/read(_:maxDepth:into:)``
/// serves both the checks that build nothing and those that build a tree, with one grammar.
protocol JSONEvents {
    mutating func beginContainer(isObject: Bool)
    mutating func endContainer()
    /// Part of a string's text as written: valid UTF-8 without escapes.
    mutating func stringText(_ run: UnsafeRawBufferPointer)
    /// Part of a string's text that an escape stands for.
    mutating func stringText(_ scalar: Unicode.Scalar)
    /// The string whose text came before ends: a member's name, or a value.
    mutating func endString(isName: Bool)
    mutating func number(_ text: UnsafeRawBufferPointer)
    mutating func bool(_ value: Bool)
    mutating func null()
}

/// For checking syntax alone: every event costs nothing once specialized.
struct IgnoredEvents: JSONEvents {
    func beginContainer(isObject: Bool) {}
    func endContainer() {}
    func stringText(_ run: UnsafeRawBufferPointer) {}
    func stringText(_ scalar: Unicode.Scalar) {}
    func endString(isName: Bool) {}
    func number(_ text: UnsafeRawBufferPointer) {}
    func bool(_ value: Bool) {}
    func null() {}
}

/// The pieces of JSON's grammar, over a cell's bytes.
struct JSONScanner {
    let bytes: UnsafeRawBufferPointer
    var index = 0

    mutating func skipWhitespace() {
        while index < bytes.count && JSONSyntax.isWhitespace(bytes[index]) { index += 1 }
    }

    mutating func literal(_ word: StaticString) -> Bool {
        let length = word.utf8CodeUnitCount
        guard bytes.count - index >= length else { return false }
        let letters = word.utf8Start
        for offset in 0..<length where bytes[index + offset] != letters[offset] { return false }
        index += length
        return true
    }

    /// `"name"`, whitespace, `:` and whitespace, before a member's value.
    mutating func memberName<Events: JSONEvents>(into events: inout Events) -> Bool {
        guard index < bytes.count, bytes[index] == 0x22, string(into: &events, isName: true) else { return false }
        skipWhitespace()
        guard index < bytes.count, bytes[index] == 0x3A else { return false }
        index += 1
        skipWhitespace()
        return true
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`: no `+`, no leading zero (`01`), no bare
    /// point (`.5`, `1.`), no `NaN` or `Infinity`.
    mutating func number() -> Bool {
        let count = bytes.count
        if index < count && bytes[index] == 0x2D { index += 1 }
        guard index < count else { return false }
        if bytes[index] == 0x30 {
            index += 1
        } else if isDigit(bytes[index]) {
            while index < count && isDigit(bytes[index]) { index += 1 }
        } else {
            return false
        }
        if index < count && bytes[index] == 0x2E {
            index += 1
            let start = index
            while index < count && isDigit(bytes[index]) { index += 1 }
            guard index > start else { return false }
        }
        if index < count && bytes[index] | 0x20 == 0x65 {  // e E
            index += 1
            if index < count && (bytes[index] == 0x2B || bytes[index] == 0x2D) { index += 1 }
            let start = index
            while index < count && isDigit(bytes[index]) { index += 1 }
            guard index > start else { return false }
        }
        return true
    }

    /// A string, from its opening quote to just past its closing one. Control characters below
    /// U+0020 must be escaped, escapes must be JSON's eight and `\uXXXX`, and the rest must be
    /// valid UTF-8.
    mutating func string<Events: JSONEvents>(into events: inout Events, isName: Bool) -> Bool {
        let count = bytes.count
        index += 1
        while true {
            let runStart = index
            var bits: UInt8 = 0
            while index < count {
                let byte = bytes[index]
                if byte == 0x22 || byte == 0x5C || byte < 0x20 { break }
                bits |= byte
                index += 1
            }
            if index > runStart {
                let run = UnsafeRawBufferPointer(rebasing: bytes[runStart..<index])
                // A run ends only at an ASCII byte, never inside a whole UTF-8 sequence, so each
                // run must be valid UTF-8 by itself.
                if bits >= 0x80 && !UTF8Bytes.isValid(run) { return false }
                events.stringText(run)
            }
            guard index < count else { return false }
            let byte = bytes[index]
            if byte == 0x22 {
                index += 1
                events.endString(isName: isName)
                return true
            }
            guard byte == 0x5C, index + 1 < count else { return false }  // a raw control character
            let escaped = bytes[index + 1]
            index += 2
            let scalar: Unicode.Scalar
            switch escaped {
            case 0x22, 0x5C, 0x2F: scalar = Unicode.Scalar(escaped)
            case 0x62: scalar = "\u{08}"  // b
            case 0x66: scalar = "\u{0C}"  // f
            case 0x6E: scalar = "\n"
            case 0x72: scalar = "\r"
            case 0x74: scalar = "\t"
            case 0x75:  // u
                guard let escape = unicodeEscape() else { return false }
                scalar = escape
            default: return false
            }
            events.stringText(scalar)
        }
    }

    /// Just after `\u`: four hex digits, and the `\uXXXX` after them when they are a high
    /// surrogate and it is the low one. A lone surrogate is accepted, as Python's `json` accepts
    /// it (it keeps it in a `str`); it stands for U+FFFD here, which a `String` can hold.
    private mutating func unicodeEscape() -> Unicode.Scalar? {
        guard let unit = hex4(at: index) else { return nil }
        index += 4
        switch unit {
        case 0xD800...0xDBFF:
            if index + 6 <= bytes.count, bytes[index] == 0x5C, bytes[index + 1] == 0x75,
                let low = hex4(at: index + 2), (0xDC00...0xDFFF).contains(low)
            {
                index += 6
                return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
            }
            return "\u{FFFD}"
        case 0xDC00...0xDFFF:
            return "\u{FFFD}"
        default:
            return Unicode.Scalar(unit)
        }
    }

    private func hex4(at start: Int) -> UInt32? {
        guard start + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = bytes[start + offset]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}

/// Builds a ``JSONNode`` tree from the reader's events, with a stack of the open containers
/// (never recursion, like the reader).
private struct TreeBuilder: JSONEvents {
    private struct Open {
        var isObject: Bool
        var items: [JSONNode] = []
        var members: [(key: String, value: JSONNode)] = []
        var name = ""
    }

    private var open: [Open] = []
    /// The string being read, as UTF-8: reused for every string.
    private var text: [UInt8] = []
    private(set) var result: JSONNode?

    mutating func beginContainer(isObject: Bool) { open.append(Open(isObject: isObject)) }

    mutating func endContainer() {
        let container = open.removeLast()
        add(container.isObject ? JSONNode.deduplicatedObject(container.members) : .array(container.items))
    }

    mutating func stringText(_ run: UnsafeRawBufferPointer) { text.append(contentsOf: run) }

    mutating func stringText(_ scalar: Unicode.Scalar) {
        UTF8.encode(scalar) { text.append($0) }
    }

    mutating func endString(isName: Bool) {
        let string = String(decoding: text, as: UTF8.self)
        text.removeAll(keepingCapacity: true)
        if isName {
            open[open.count - 1].name = string
        } else {
            add(.string(string))
        }
    }

    mutating func number(_ text: UnsafeRawBufferPointer) { add(.number(JSONNumber(validated: text))) }

    mutating func bool(_ value: Bool) { add(.bool(value)) }

    mutating func null() { add(.null) }

    private mutating func add(_ node: JSONNode) {
        guard let last = open.indices.last else {
            result = node
            return
        }
        if open[last].isObject {
            open[last].members.append((key: open[last].name, value: node))
        } else {
            open[last].items.append(node)
        }
    }
}
