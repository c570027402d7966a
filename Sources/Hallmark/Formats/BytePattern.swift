/// A pattern compiled to a deterministic automaton over bytes, for the patterns standards mostly
/// use: literals and ASCII classes with bounded or unbounded repeats, groups and alternation
/// (`[A-Z][0-9]{5}`, the postcode shape, BNF and GSS codes). Matching is one table lookup per byte,
/// with no call into PCRE2, no backtracking and no limit to hit.
///
/// ``compile(_:)`` accepts only what it can decide exactly as PCRE2 does for a whole-value match,
/// and returns nil for anything else (negated classes, `.`, anchors, flags, atomic groups,
/// lookaround, back references, possessive quantifiers, non-ASCII text, or an automaton that would
/// be too large), which PCRE2 then serves. Whole-value matching makes greedy and lazy repeats the same language,
/// so both are accepted. Values are valid UTF-8 (the validator reports invalid UTF-8 before any
/// pattern runs), and every byte the automaton accepts is ASCII, so a multi-byte character fails
/// here as it fails an ASCII class in PCRE2.
///
/// The tables are read-only after construction and held in memory of the automaton's own, so the
/// loop reads them without bounds checks or reference counting: one instance serves every worker.
package final class BytePattern: @unchecked Sendable {
    /// Each byte's class (256 entries): bytes no part of the pattern tells apart share one.
    private let byteClass: UnsafeMutablePointer<UInt8>
    private let classCount: Int
    /// Indexed by a state's row (`state × classCount`) plus a byte's class: the next state's row,
    /// or ``dead``. Rows rather than state numbers save a multiplication per byte.
    private let transitions: UnsafeMutablePointer<UInt32>
    /// Whether each state accepts, by its row: every `classCount`th entry is a state's, so the match
    /// ends without dividing a row by `classCount` (a division costs more than a short value's
    /// walk through the table).
    private let acceptingRow: UnsafeMutablePointer<Bool>
    /// For a pattern whose values all have one length, each byte a class of its own position
    /// (`[A-Z][0-9]{5}`, an NHS number's `[0-9]{10}`): that length, else -1.
    let fixedLength: Int
    /// With ``fixedLength``: for each byte value, bit `i` set when position `i` may hold it. One
    /// lookup per byte still, but none waits for the one before, as a walk from state to state does.
    private let positionMasks: UnsafeMutablePointer<UInt64>

    private static let dead = UInt32.max
    /// The most states an automaton may have; beyond, the pattern stays with PCRE2.
    static let maxStates = 2048
    /// The most NFA positions a pattern may expand to (counted repeats are copies).
    static let maxPositions = 4096
    /// The most NFA states the construction may visit in all, so a pattern from a stranger cannot
    /// make loading a standard slow; past it PCRE2 serves the pattern. The worst pattern tried,
    /// `[a-z0-9]{1,999}[0-9]{1,999}`, reaches it after 0.3 s in a release build.
    static let maxConstructionSteps = 4_000_000

    private init(byteClass: [UInt8], classCount: Int, transitions: [UInt32], accepting: [Bool]) {
        self.classCount = classCount
        self.byteClass = .allocate(capacity: 256)
        self.byteClass.initialize(from: byteClass, count: 256)
        self.transitions = .allocate(capacity: transitions.count)
        self.transitions.initialize(from: transitions, count: transitions.count)
        acceptingRow = .allocate(capacity: max(accepting.count * classCount, 1))
        acceptingRow.initialize(repeating: false, count: max(accepting.count * classCount, 1))
        for (state, accepts) in accepting.enumerated() { acceptingRow[state * classCount] = accepts }
        positionMasks = .allocate(capacity: 256)
        positionMasks.initialize(repeating: 0, count: 256)
        fixedLength = Self.positions(
            byteClass: byteClass, classCount: classCount, transitions: transitions, accepting: accepting,
            into: positionMasks)
    }

    /// Whether the automaton is a chain (from each state every byte leads to one next state or
    /// nowhere; only the last accepts, and leads nowhere), writing each position's bytes into
    /// `masks`: the chain's length, or -1.
    private static func positions(
        byteClass: [UInt8], classCount: Int, transitions: [UInt32], accepting: [Bool],
        into masks: UnsafeMutablePointer<UInt64>
    ) -> Int {
        var state = 0
        for length in 0...64 {
            let row = transitions[state * classCount..<(state + 1) * classCount]
            let live = Set(row.filter { $0 != dead })
            if accepting[state] {
                if live.isEmpty { return length }
                break
            }
            guard length < 64, live.count == 1, let next = live.first else { break }
            for byte in 0..<256 where row[row.startIndex + Int(byteClass[byte])] != dead {
                masks[byte] |= 1 << UInt64(length)
            }
            state = Int(next) / classCount
        }
        masks.update(repeating: 0, count: 256)
        return -1
    }

    deinit {
        byteClass.deallocate()
        transitions.deallocate()
        acceptingRow.deallocate()
        positionMasks.deallocate()
    }

    /// Whether the whole of `bytes` matches.
    @inline(__always)
    package func matches(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if fixedLength >= 0 {
            guard bytes.count == fixedLength else { return false }
            guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return true }
            var missing: UInt64 = 0
            for index in 0..<fixedLength { missing |= ~positionMasks[Int(base[index])] & (1 &<< UInt64(index)) }
            return missing == 0
        }
        var row = 0
        if let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) {
            for index in 0..<bytes.count {
                let next = transitions[row &+ Int(byteClass[Int(base[index])])]
                if next == Self.dead { return false }
                row = Int(next)
            }
        }
        return acceptingRow[row]
    }

    /// The state after reading `byte` in `state`; nil when no value with this start matches.
    func next(from state: Int, on byte: UInt8) -> Int? {
        let next = transitions[state * classCount + Int(byteClass[Int(byte)])]
        return next == Self.dead ? nil : Int(next) / classCount
    }

    /// Whether a value that ends in `state` matches.
    func isAccepting(_ state: Int) -> Bool { acceptingRow[state * classCount] }

    /// The automaton for `source`, or nil when PCRE2 must serve it (see the type's summary).
    package static func compile(_ source: String) -> BytePattern? {
        var parser = Parser(bytes: Array(source.utf8))
        guard let tree = parser.parseWhole() else { return nil }
        var nfa = NFA()
        guard let fragment = nfa.build(tree), nfa.states.count <= maxPositions else { return nil }
        nfa.patch(fragment.ends, to: nfa.add(.accept))
        return determinize(nfa, start: fragment.start)
    }

    // MARK: Parsing

    /// The pattern's shape: what the automaton is built from.
    indirect enum Node: Equatable {
        /// One byte from the set.
        case set(ByteSet)
        case sequence([Node])
        case alternatives([Node])
        /// `node` at least `min` and at most `max` times (nil: unbounded).
        case repeated(Node, min: Int, max: Int?)
    }

    /// A set of ASCII bytes, as two 64-bit words.
    struct ByteSet: Equatable, Hashable {
        var low: UInt64 = 0
        var high: UInt64 = 0

        mutating func insert(_ byte: UInt8) {
            if byte < 64 { low |= 1 << UInt64(byte) } else { high |= 1 << UInt64(byte - 64) }
        }

        mutating func insert(_ range: ClosedRange<UInt8>) {
            for byte in range { insert(byte) }
        }

        mutating func formUnion(_ other: ByteSet) {
            low |= other.low
            high |= other.high
        }

        func contains(_ byte: UInt8) -> Bool {
            if byte >= 128 { return false }
            return byte < 64 ? low & (1 << UInt64(byte)) != 0 : high & (1 << UInt64(byte - 64)) != 0
        }

        /// The one byte of a set of one (an escaped character), or nil for a class escape such as `\d`.
        var single: UInt8? {
            switch (low.nonzeroBitCount, high.nonzeroBitCount) {
            case (1, 0): UInt8(low.trailingZeroBitCount)
            case (0, 1): UInt8(64 + high.trailingZeroBitCount)
            default: nil
            }
        }

        static func of(_ bytes: UInt8...) -> ByteSet {
            var set = ByteSet()
            for byte in bytes { set.insert(byte) }
            return set
        }
    }

    /// A recursive-descent parser for the subset; any construct outside it ends the parse with nil.
    struct Parser {
        let bytes: [UInt8]
        var position = 0
        /// Nesting, bounded so a hostile pattern cannot exhaust the stack.
        var depth = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func parseWhole() -> Node? {
            guard bytes.allSatisfy({ $0 < 128 }), let node = parseAlternatives(), position == bytes.count else {
                return nil
            }
            return node
        }

        private var next: UInt8? { position < bytes.count ? bytes[position] : nil }

        private mutating func parseAlternatives() -> Node? {
            depth += 1
            defer { depth -= 1 }
            guard depth <= 32 else { return nil }
            var options: [Node] = []
            while true {
                guard let sequence = parseSequence() else { return nil }
                options.append(sequence)
                guard next == UInt8(ascii: "|") else { break }
                position += 1
            }
            return options.count == 1 ? options[0] : .alternatives(options)
        }

        private mutating func parseSequence() -> Node? {
            var items: [Node] = []
            while let byte = next, byte != UInt8(ascii: "|"), byte != UInt8(ascii: ")") {
                guard let atom = parseAtom(), let item = parseQuantifier(on: atom) else { return nil }
                items.append(item)
            }
            return items.count == 1 ? items[0] : .sequence(items)
        }

        private mutating func parseAtom() -> Node? {
            guard let byte = next else { return nil }
            position += 1
            switch byte {
            case UInt8(ascii: "("):
                // `(?:` is a group that does not capture; any other `(?` is a flag or an assertion.
                if next == UInt8(ascii: "?") {
                    guard position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: ":") else { return nil }
                    position += 2
                }
                guard let inner = parseAlternatives(), next == UInt8(ascii: ")") else { return nil }
                position += 1
                return inner
            case UInt8(ascii: "["):
                return parseClass().map(Node.set)
            case UInt8(ascii: "\\"):
                return parseEscape().map(Node.set)
            // `.` matches any character but a newline, multi-byte ones included; `^` and `$` are
            // assertions (`$` also before a final newline): all stay with PCRE2.
            case UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "$"), UInt8(ascii: "*"), UInt8(ascii: "+"),
                UInt8(ascii: "?"), UInt8(ascii: "{"), UInt8(ascii: ")"), UInt8(ascii: "]"):
                return nil
            default:
                // PCRE2 reads `}` and other punctuation literally; controls are rare enough to leave.
                guard byte >= 0x20, byte < 0x7F else { return nil }
                return .set(.of(byte))
            }
        }

        /// `\d`, `\w`, `\s` (ASCII, as PCRE2 reads them without Unicode properties), `\t`, `\n`,
        /// `\r`, or escaped punctuation; letters and digits escape to something else in PCRE2.
        private mutating func parseEscape() -> ByteSet? {
            guard let byte = next else { return nil }
            position += 1
            var set = ByteSet()
            switch byte {
            case UInt8(ascii: "d"): set.insert(UInt8(ascii: "0")...UInt8(ascii: "9"))
            case UInt8(ascii: "w"):
                set.insert(UInt8(ascii: "0")...UInt8(ascii: "9"))
                set.insert(UInt8(ascii: "A")...UInt8(ascii: "Z"))
                set.insert(UInt8(ascii: "a")...UInt8(ascii: "z"))
                set.insert(UInt8(ascii: "_"))
            case UInt8(ascii: "s"): set = .of(0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D)
            case UInt8(ascii: "t"): set.insert(0x09)
            case UInt8(ascii: "n"): set.insert(0x0A)
            case UInt8(ascii: "r"): set.insert(0x0D)
            default:
                guard byte >= 0x21, byte < 0x7F, !Self.isAlphanumeric(byte) else { return nil }
                set.insert(byte)
            }
            return set
        }

        /// A class without negation: single characters, ranges and the escapes above.
        private mutating func parseClass() -> ByteSet? {
            // A negated class matches every other character, multi-byte ones included.
            guard next != UInt8(ascii: "^") else { return nil }
            var set = ByteSet()
            var first = true
            while let byte = next {
                // `]` first in a class is a literal in PCRE2.
                if byte == UInt8(ascii: "]"), !first {
                    position += 1
                    return set
                }
                first = false
                let low: UInt8
                if byte == UInt8(ascii: "\\") {
                    position += 1
                    guard let escaped = parseEscape() else { return nil }
                    guard let single = escaped.single else {
                        // A class escape (`\d`) cannot start a range.
                        guard next != UInt8(ascii: "-") || peek(1) == UInt8(ascii: "]") else { return nil }
                        set.formUnion(escaped)
                        continue
                    }
                    low = single
                } else if byte == UInt8(ascii: "["), peek(1) == UInt8(ascii: ":") {
                    return nil  // POSIX classes ([:alpha:]) stay with PCRE2.
                } else {
                    guard byte >= 0x20, byte < 0x7F else { return nil }
                    position += 1
                    low = byte
                }
                // `a-z` is a range; `-` last (or first) is a literal.
                if next == UInt8(ascii: "-"), let after = peek(1), after != UInt8(ascii: "]") {
                    position += 1
                    let high: UInt8
                    if after == UInt8(ascii: "\\") {
                        position += 1
                        guard let single = parseEscape()?.single else { return nil }
                        high = single
                    } else {
                        guard after >= 0x20, after < 0x7F, after != UInt8(ascii: "[") else { return nil }
                        position += 1
                        high = after
                    }
                    guard low <= high else { return nil }
                    set.insert(low...high)
                } else {
                    set.insert(low)
                }
            }
            return nil
        }

        private func peek(_ offset: Int) -> UInt8? {
            position + offset < bytes.count ? bytes[position + offset] : nil
        }

        /// `?`, `*`, `+`, `{n}`, `{n,}`, `{n,m}`, each optionally lazy (`?`). Possessive (`+`)
        /// changes what a whole value can match, and a second quantifier, or a `{` that is not a
        /// count (PCRE2 reads it literally), are rare: all stay with PCRE2.
        private mutating func parseQuantifier(on atom: Node) -> Node? {
            let bounds: (min: Int, max: Int?)
            switch next {
            case UInt8(ascii: "?"):
                position += 1
                bounds = (0, 1)
            case UInt8(ascii: "*"):
                position += 1
                bounds = (0, nil)
            case UInt8(ascii: "+"):
                position += 1
                bounds = (1, nil)
            case UInt8(ascii: "{"):
                guard let counted = parseCount() else { return nil }
                bounds = counted
            default:
                return atom
            }
            if next == UInt8(ascii: "?") { position += 1 }
            switch next {
            case UInt8(ascii: "+"), UInt8(ascii: "*"), UInt8(ascii: "?"), UInt8(ascii: "{"): return nil
            default: return .repeated(atom, min: bounds.min, max: bounds.max)
            }
        }

        /// `{n}`, `{n,}` or `{n,m}` from the `{` at `position`, leaving `position` after `}`.
        private mutating func parseCount() -> (Int, Int?)? {
            var index = position + 1
            func number() -> Int? {
                let start = index
                var value = 0
                while index < bytes.count, let digit = Self.digit(bytes[index]) {
                    value = value * 10 + digit
                    guard value <= 1000 else { return nil }
                    index += 1
                }
                return index > start ? value : nil
            }
            guard let low = number() else { return nil }
            var high: Int? = low
            if index < bytes.count, bytes[index] == UInt8(ascii: ",") {
                index += 1
                high = index < bytes.count && bytes[index] == UInt8(ascii: "}") ? nil : number()
                if high == nil, index < bytes.count, bytes[index] != UInt8(ascii: "}") { return nil }
            }
            guard index < bytes.count, bytes[index] == UInt8(ascii: "}") else { return nil }
            if let high, high < low { return nil }
            position = index + 1
            return (low, high)
        }

        private static func digit(_ byte: UInt8) -> Int? {
            byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
        }

        private static func isAlphanumeric(_ byte: UInt8) -> Bool {
            digit(byte) != nil || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
        }
    }

    // MARK: Automata

    /// A Thompson automaton: each state reads one byte from a set, or moves on without reading.
    struct NFA {
        /// What one state does.
        enum Step {
            case read(ByteSet, next: Int)
            case split(Int, Int)
            case accept
        }

        /// A piece under construction: where it starts, and the states whose exits are still open.
        struct Fragment {
            var start: Int
            var ends: [Exit]
        }

        enum Exit {
            case read(Int)
            case splitFirst(Int)
            case splitSecond(Int)
        }

        var states: [Step] = []
        private static let open = -1

        mutating func add(_ state: Step) -> Int {
            states.append(state)
            return states.count - 1
        }

        mutating func patch(_ exits: [Exit], to target: Int) {
            for exit in exits {
                switch exit {
                case .read(let index):
                    if case .read(let set, _) = states[index] { states[index] = .read(set, next: target) }
                case .splitFirst(let index):
                    if case .split(_, let second) = states[index] { states[index] = .split(target, second) }
                case .splitSecond(let index):
                    if case .split(let first, _) = states[index] { states[index] = .split(first, target) }
                }
            }
        }

        /// The fragment for `node`; nil when it grows past ``BytePattern/maxPositions``.
        mutating func build(_ node: Node) -> Fragment? {
            guard states.count <= BytePattern.maxPositions else { return nil }
            switch node {
            case .set(let set):
                let index = add(.read(set, next: Self.open))
                return Fragment(start: index, ends: [.read(index)])
            case .sequence(let items):
                guard !items.isEmpty else { return empty() }
                guard var whole = build(items[0]) else { return nil }
                for item in items.dropFirst() {
                    guard let piece = build(item) else { return nil }
                    patch(whole.ends, to: piece.start)
                    whole.ends = piece.ends
                }
                return whole
            case .alternatives(let options):
                guard var whole = build(options[0]) else { return nil }
                for option in options.dropFirst() {
                    guard let piece = build(option) else { return nil }
                    let split = add(.split(whole.start, piece.start))
                    whole = Fragment(start: split, ends: whole.ends + piece.ends)
                }
                return whole
            case .repeated(let inner, let min, let max):
                // The required copies, then optional ones (`x{1,3}` is `x x? x?`, the same
                // language as PCRE2's) or a loop (`x{2,}` is `x x x*`).
                var pieces: [Fragment] = []
                for _ in 0..<min {
                    guard let piece = build(inner) else { return nil }
                    pieces.append(piece)
                }
                if let max {
                    for _ in 0..<(max - min) {
                        guard let piece = build(inner) else { return nil }
                        let split = add(.split(piece.start, Self.open))
                        pieces.append(Fragment(start: split, ends: piece.ends + [.splitSecond(split)]))
                    }
                } else {
                    guard let piece = build(inner) else { return nil }
                    let split = add(.split(piece.start, Self.open))
                    patch(piece.ends, to: split)
                    pieces.append(Fragment(start: split, ends: [.splitSecond(split)]))
                }
                guard var whole = pieces.first else { return empty() }
                for piece in pieces.dropFirst() {
                    patch(whole.ends, to: piece.start)
                    whole.ends = piece.ends
                }
                return whole
            }
        }

        /// Matches the empty string.
        private mutating func empty() -> Fragment {
            let split = add(.split(Self.open, Self.open))
            return Fragment(start: split, ends: [.splitFirst(split), .splitSecond(split)])
        }
    }

    /// Subset construction over byte classes.
    private static func determinize(_ nfa: NFA, start: Int) -> BytePattern? {
        // Byte classes: bytes that every read state treats alike.
        var signatures: [Set<Int>] = Array(repeating: [], count: 256)
        for (index, state) in nfa.states.enumerated() {
            if case .read(let set, _) = state {
                for byte in 0..<128 where set.contains(UInt8(byte)) { signatures[byte].insert(index) }
            }
        }
        // At most 129 classes: one per ASCII byte and one for every byte above.
        var classOf: [Set<Int>: UInt8] = [:]
        var byteClass = [UInt8](repeating: 0, count: 256)
        for byte in 0..<256 {
            if let known = classOf[signatures[byte]] {
                byteClass[byte] = known
            } else {
                let next = UInt8(classOf.count)
                classOf[signatures[byte]] = next
                byteClass[byte] = next
            }
        }
        let classCount = classOf.count
        var representative = [UInt8](repeating: 0, count: classCount)
        for byte in (0..<256).reversed() { representative[Int(byteClass[byte])] = UInt8(byte) }

        var steps = 0
        func closure(_ seeds: [Int]) -> [Int]? {
            var seen = Set<Int>()
            var stack = seeds
            while let index = stack.popLast() {
                steps += 1
                guard steps <= maxConstructionSteps else { return nil }
                guard index >= 0, seen.insert(index).inserted else { continue }
                if case .split(let first, let second) = nfa.states[index] {
                    stack.append(first)
                    stack.append(second)
                }
            }
            return seen.sorted()
        }

        var ids: [[Int]: Int] = [:]
        var sets: [[Int]] = []
        var transitions: [UInt32] = []
        var accepting: [Bool] = []
        func id(of set: [Int]) -> Int? {
            if let known = ids[set] { return known }
            guard sets.count < maxStates else { return nil }
            ids[set] = sets.count
            sets.append(set)
            accepting.append(set.contains { if case .accept = nfa.states[$0] { true } else { false } })
            transitions.append(contentsOf: repeatElement(dead, count: classCount))
            return sets.count - 1
        }
        guard let first = closure([start]), id(of: first) != nil else { return nil }
        var next = 0
        while next < sets.count {
            let current = sets[next]
            for byteClassIndex in 0..<classCount {
                let byte = representative[byteClassIndex]
                var targets: [Int] = []
                for index in current {
                    if case .read(let set, let target) = nfa.states[index], set.contains(byte) {
                        targets.append(target)
                    }
                }
                guard !targets.isEmpty else { continue }
                guard let set = closure(targets), let target = id(of: set) else { return nil }
                transitions[next * classCount + byteClassIndex] = UInt32(target * classCount)
            }
            next += 1
        }
        return BytePattern(
            byteClass: byteClass, classCount: classCount, transitions: transitions, accepting: accepting)
    }
}
