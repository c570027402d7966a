/// Finds a repetition nested inside another in a PCRE2 pattern, such as `(a+)+` or `(\d+,?)*`: the
/// shape that lets a backtracking matcher try exponentially many ways to split one value.
///
/// This is advice for `hallmark lint`, not a guarantee: the match limit is what bounds the time a
/// pattern takes on a value. The scan is deliberately simple — it understands escapes, `\Q…\E`,
/// character classes, comments, verbs, atomic groups and possessive quantifiers, and ignores
/// alternation, so `(a|a)+` goes unnoticed while `(?>a+)+` and `(a++)+` are rightly left alone.
package enum NestedQuantifier {
    /// Where the outer quantifier of the first nested repetition starts (a byte offset into
    /// `pattern`'s UTF-8), or `nil` when there is none.
    package static func find(in pattern: String) -> Int? {
        var scanner = Scanner(Array(pattern.utf8))
        return scanner.run()
    }

    /// What a group holds, as far as backtracking goes.
    private struct Group {
        /// `(?>…)`: once matched, never re-entered, so what repeats inside cannot be re-split.
        var isAtomic: Bool
        /// Something inside it repeats a variable number of times and can give back characters.
        var repeatsInside = false
        /// Something inside it repeats without bound (`*`, `+`, `{n,}`).
        var repeatsUnboundedInside = false
    }

    /// The last thing a quantifier could apply to.
    private enum Atom {
        case none
        case single
        case group(Group)
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0
        var groups = [Group(isAtomic: false)]
        var atom = Atom.none

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        mutating func run() -> Int? {
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\\"):
                    skipEscape()
                    atom = .single
                case UInt8(ascii: "["):
                    skipClass()
                    atom = .single
                case UInt8(ascii: "("):
                    openGroup()
                case UInt8(ascii: ")"):
                    index += 1
                    if groups.count > 1 {
                        let group = groups.removeLast()
                        // What repeats inside counts for the enclosing group too, as in (x(a*))+.
                        if !group.isAtomic {
                            groups[groups.count - 1].repeatsInside =
                                groups[groups.count - 1].repeatsInside || group.repeatsInside
                            groups[groups.count - 1].repeatsUnboundedInside =
                                groups[groups.count - 1].repeatsUnboundedInside || group.repeatsUnboundedInside
                        }
                        atom = .group(group)
                    } else {
                        atom = .single
                    }
                case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"), UInt8(ascii: "{"):
                    let start = index
                    guard let repeatCount = readQuantifier() else {
                        atom = .single  // a `{` that is not a quantifier is a literal
                        continue
                    }
                    if let found = apply(repeatCount, at: start) { return found }
                case UInt8(ascii: "|"):
                    index += 1
                    atom = .none
                default:
                    index += 1
                    atom = .single
                }
            }
            return nil
        }

        /// Applies a quantifier to the atom before it; returns `start` when that nests repetitions.
        private mutating func apply(_ quantifier: (min: Int, max: Int?, possessive: Bool), at start: Int) -> Int? {
            // Many repetitions of anything that varies is exponential; a few of something unbounded,
            // such as (.*a){12}, is a polynomial of that degree: both are flagged.
            let many = quantifier.max.map { $0 > 16 } ?? true
            let several = quantifier.max.map { $0 >= 3 } ?? true
            let variable = quantifier.max.map { $0 > quantifier.min && $0 > 1 } ?? true
            if case .group(let group) = atom, !group.isAtomic, !quantifier.possessive,
                (many && group.repeatsInside) || (several && group.repeatsUnboundedInside)
            {
                return start
            }
            // What repeats inside a group counts for its enclosing group, unless the group is atomic.
            var repeats = variable && !quantifier.possessive
            var unbounded = quantifier.max == nil && !quantifier.possessive
            if case .group(let group) = atom, !group.isAtomic {
                repeats = repeats || group.repeatsInside
                unbounded = unbounded || group.repeatsUnboundedInside
            }
            if repeats { groups[groups.count - 1].repeatsInside = true }
            if unbounded { groups[groups.count - 1].repeatsUnboundedInside = true }
            atom = .none
            return nil
        }

        private mutating func openGroup() {
            // `(*VERB)` and `(?#comment)` hold no pattern; skip them whole.
            if peek(1) == UInt8(ascii: "*") || (peek(1) == UInt8(ascii: "?") && peek(2) == UInt8(ascii: "#")) {
                while index < bytes.count && bytes[index] != UInt8(ascii: ")") { index += 1 }
                index += 1
                atom = .none
                return
            }
            let atomic = peek(1) == UInt8(ascii: "?") && peek(2) == UInt8(ascii: ">")
            index += 1
            groups.append(Group(isAtomic: atomic))
            atom = .none
        }

        /// `*`, `+`, `?` or `{n}`, `{n,}`, `{n,m}`, with a lazy `?` or possessive `+` after it.
        private mutating func readQuantifier() -> (min: Int, max: Int?, possessive: Bool)? {
            var bounds: (min: Int, max: Int?)
            switch bytes[index] {
            case UInt8(ascii: "*"):
                bounds = (0, nil)
                index += 1
            case UInt8(ascii: "+"):
                bounds = (1, nil)
                index += 1
            case UInt8(ascii: "?"):
                bounds = (0, 1)
                index += 1
            default:
                guard let braced = readBraces() else {
                    index += 1
                    return nil
                }
                bounds = braced
            }
            var possessive = false
            if peek(0) == UInt8(ascii: "+") {
                possessive = true
                index += 1
            } else if peek(0) == UInt8(ascii: "?") {
                index += 1
            }
            return (bounds.min, bounds.max, possessive)
        }

        /// `{n}`, `{n,}` or `{n,m}` at `index`, moving past it; `nil` (not moving) for a literal brace.
        private mutating func readBraces() -> (min: Int, max: Int?)? {
            var cursor = index + 1
            func number() -> Int? {
                var value: Int?
                while cursor < bytes.count, bytes[cursor] >= 0x30, bytes[cursor] <= 0x39 {
                    value = min((value ?? 0) * 10 + Int(bytes[cursor] - 0x30), 1 << 20)
                    cursor += 1
                }
                return value
            }
            let low = number()
            var high = low
            if cursor < bytes.count, bytes[cursor] == UInt8(ascii: ",") {
                cursor += 1
                high = number()
                guard low != nil || high != nil else { return nil }
            }
            guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "}"), low != nil || high != nil else {
                return nil
            }
            index = cursor + 1
            return (low ?? 0, high)
        }

        private mutating func skipEscape() {
            // `\Q…\E` quotes everything up to `\E`.
            if peek(1) == UInt8(ascii: "Q") {
                index += 2
                while index < bytes.count && !(bytes[index] == UInt8(ascii: "\\") && peek(1) == UInt8(ascii: "E")) {
                    index += 1
                }
            }
            index += 2
        }

        private mutating func skipClass() {
            index += 1
            if peek(0) == UInt8(ascii: "^") { index += 1 }
            if peek(0) == UInt8(ascii: "]") { index += 1 }  // a leading `]` is a member
            while index < bytes.count && bytes[index] != UInt8(ascii: "]") {
                if bytes[index] == UInt8(ascii: "\\") {
                    index += 2
                } else if bytes[index] == UInt8(ascii: "["), peek(1) == UInt8(ascii: ":") {
                    // `[:alpha:]` inside a class
                    index += 2
                    while index < bytes.count && bytes[index] != UInt8(ascii: "]") { index += 1 }
                    index += 1
                } else {
                    index += 1
                }
            }
            index += 1
        }

        private func peek(_ offset: Int) -> UInt8? {
            index + offset < bytes.count ? bytes[index + offset] : nil
        }
    }
}
