/// A non-ISO layout such as `DD/MM/YYYY` or `DDMMMYYYY`, from a temporal field's `layout:`.
///
/// Tokens: `YYYY` year; `YY` a year in two digits (69–99 are 1969–1999, 00–68 are 2000–2068, as
/// POSIX `%y` reads them); `MM` month, `M` month in one or two digits, `MMM` month name (`Jan`, any
/// case); `DD` day, `D` one or two digits; `hh` hour (00-23), `h` one or two digits; `mm` minute,
/// `m` one or two digits; `ss` second, `s` one or two digits; `S`… fraction digits (as many as
/// written). Any character that is not a letter stands for itself, and so does text in single
/// quotes (`'T'`; `''` is a quote). Other letters are rejected, so a typo cannot become a literal.
package struct TemporalLayout: Sendable {
    package enum Token: Sendable, Equatable {
        case year, twoDigitYear, month, monthLoose, monthName, day, dayLoose, hour, hourLoose
        case minute, minuteLoose, second, secondLoose
        case fraction(Int)
        case literal(UInt8)
    }

    package let source: String
    package let tokens: [Token]
    /// `any`: the kind of value read in any common spelling, instead of tokens.
    let flexible: TemporalKind?

    private init(source: String, tokens: [Token], flexible: TemporalKind?) {
        self.source = source
        self.tokens = tokens
        self.flexible = flexible
    }

    /// A layout read in place, for one worker's hot path: its tokens at an address the worker keeps
    /// alive (``PinnedElements``). Parsing through a ``TemporalLayout`` value retains and releases
    /// its storage for every cell; through this, nothing.
    struct InPlace {
        let tokens: UnsafeBufferPointer<Token>
        let flexible: TemporalKind?

        @inline(__always)
        func parse(_ bytes: UnsafeRawBufferPointer) -> TemporalKey? {
            TemporalLayout.parse(bytes, tokens: tokens, flexible: flexible)
        }
    }

    /// - Throws: a message saying what is wrong with the layout.
    package init(_ source: String, for kind: TemporalKind) throws(LayoutError) {
        self.source = source
        if source == "any" {
            guard kind == .date || kind == .time || kind == .dateTime else {
                throw LayoutError("layout 'any' reads dates, times and datetimes; spell a year or month with tokens")
            }
            flexible = kind
            tokens = []
            return
        }
        flexible = nil
        var tokens: [Token] = []
        let chars = Array(source.utf8)
        var index = 0
        func run(of byte: UInt8) -> Int {
            var end = index
            while end < chars.count && chars[end] == byte { end += 1 }
            return end - index
        }
        while index < chars.count {
            let byte = chars[index]
            if byte == 0x27 {  // ' opens quoted text; '' inside or outside quotes is a quote
                index += 1
                if index < chars.count && chars[index] == 0x27 {
                    tokens.append(.literal(0x27))
                    index += 1
                    continue
                }
                while true {
                    guard index < chars.count else {
                        throw LayoutError("layout '\(source)' opens quoted text with ' and does not close it")
                    }
                    if chars[index] == 0x27 {
                        guard index + 1 < chars.count && chars[index + 1] == 0x27 else { break }
                        index += 1
                    }
                    tokens.append(.literal(chars[index]))
                    index += 1
                }
                index += 1
                continue
            }
            let length = run(of: byte)
            switch (byte, length) {
            case (0x59, 4): tokens.append(.year)  // YYYY
            case (0x59, 2): tokens.append(.twoDigitYear)  // YY
            case (0x59, _):
                throw LayoutError(
                    "'\(String(repeating: "Y", count: length))' is not a year token; write the year as YYYY, or YY for two digits"
                )
            case (0x4D, 1): tokens.append(.monthLoose)  // M
            case (0x4D, 2): tokens.append(.month)  // MM
            case (0x4D, 3): tokens.append(.monthName)  // MMM
            case (0x44, 1): tokens.append(.dayLoose)  // D
            case (0x44, 2): tokens.append(.day)  // DD
            case (0x68, 1): tokens.append(.hourLoose)  // h
            case (0x68, 2): tokens.append(.hour)  // hh
            case (0x6D, 1): tokens.append(.minuteLoose)  // m
            case (0x6D, 2): tokens.append(.minute)  // mm
            case (0x73, 1): tokens.append(.secondLoose)  // s
            case (0x73, 2): tokens.append(.second)  // ss
            case (0x53, let n) where n <= 9: tokens.append(.fraction(n))  // S…
            case (_, _) where (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A:
                let token = String(decoding: chars[index..<index + length], as: UTF8.self)
                throw LayoutError(
                    "unknown token '\(token)' in layout '\(source)'; tokens are YYYY, YY, MM, M, MMM, DD, D, hh, h, mm, m, ss, s and S (quote other text: 'T')"
                )
            default:
                for _ in 0..<length { tokens.append(.literal(byte)) }
            }
            index += length
        }
        self.tokens = tokens
        let has = { (options: [Token]) in tokens.contains { options.contains($0) } }
        let hasYear = has([.year, .twoDigitYear])
        let hasDate = hasYear && has([.month, .monthLoose, .monthName]) && has([.day, .dayLoose])
        let hasTime = has([.hour, .hourLoose]) && has([.minute, .minuteLoose])
        let ok: Bool
        switch kind {
        case .date: ok = hasDate
        case .time: ok = hasTime
        case .dateTime: ok = hasDate && hasTime
        case .year: ok = hasYear
        case .yearMonth: ok = hasYear && has([.month, .monthLoose, .monthName])
        }
        guard ok else {
            throw LayoutError(
                "layout '\(source)' lacks parts this type needs (a date needs a year, a month and a day; a time needs an hour and minutes)"
            )
        }
    }

    /// Whether each value has exactly one spelling in this layout: fixed-width digits and literals
    /// only (no month names, whose case may vary, no one-or-two-digit tokens, not `any`).
    package var spellsOneWay: Bool {
        flexible == nil
            && tokens.allSatisfy { token in
                switch token {
                case .monthName, .monthLoose, .dayLoose, .hourLoose, .minuteLoose, .secondLoose: false
                default: true
                }
            }
    }

    package func parse(_ bytes: UnsafeRawBufferPointer) -> TemporalKey? {
        tokens.withUnsafeBufferPointer { Self.parse(bytes, tokens: $0, flexible: flexible) }
    }

    private static func parse(
        _ bytes: UnsafeRawBufferPointer, tokens: UnsafeBufferPointer<Token>, flexible: TemporalKind?
    )
        -> TemporalKey?
    {
        switch flexible {
        case .date?: FlexibleTemporal.date(bytes)
        case .time?: FlexibleTemporal.time(bytes)
        case .dateTime?: FlexibleTemporal.dateTime(bytes)
        default: parts(bytes, tokens: tokens)?.key()
        }
    }

    /// The parts `bytes` spell in this layout, real date or not (`31/06/2012` gives day 31 of June).
    package func parts(_ bytes: UnsafeRawBufferPointer) -> TemporalParts? {
        guard flexible == nil else { return nil }  // any spelling: no one set of parts to name
        return tokens.withUnsafeBufferPointer { Self.parts(bytes, tokens: $0) }
    }

    private static func parts(_ bytes: UnsafeRawBufferPointer, tokens: UnsafeBufferPointer<Token>) -> TemporalParts? {
        var cursor = ByteCursor(bytes: bytes)
        var parts = TemporalParts()
        for index in tokens.indices {
            switch tokens[index] {
            case .year:
                guard let v = cursor.digits(4) else { return nil }
                parts.year = v
            case .twoDigitYear:
                guard let v = cursor.digits(2) else { return nil }
                parts.year = v < 69 ? 2000 + v : 1900 + v
            case .month:
                guard let v = cursor.digits(2) else { return nil }
                parts.month = v
            case .monthLoose:
                guard let v = cursor.oneOrTwoDigits() else { return nil }
                parts.month = v
            case .monthName:
                guard let v = Self.monthName(&cursor) else { return nil }
                parts.month = v
            case .day:
                guard let v = cursor.digits(2) else { return nil }
                parts.day = v
            case .dayLoose:
                guard let v = cursor.oneOrTwoDigits() else { return nil }
                parts.day = v
            case .hour:
                guard let v = cursor.digits(2) else { return nil }
                parts.hour = v
            case .hourLoose:
                guard let v = cursor.oneOrTwoDigits() else { return nil }
                parts.hour = v
            case .minute:
                guard let v = cursor.digits(2) else { return nil }
                parts.minute = v
            case .minuteLoose:
                guard let v = cursor.oneOrTwoDigits() else { return nil }
                parts.minute = v
            case .second:
                guard let v = cursor.digits(2) else { return nil }
                parts.second = v
            case .secondLoose:
                guard let v = cursor.oneOrTwoDigits() else { return nil }
                parts.second = v
            case .fraction(let n):
                guard var v = cursor.digits(n) else { return nil }
                for _ in n..<9 { v *= 10 }
                parts.nanosecond = v
            case .literal(let byte): guard cursor.literal(byte) else { return nil }
            }
        }
        guard cursor.atEnd else { return nil }
        return parts
    }

    private static let monthNames: [[UInt8]] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ].map { Array($0.utf8) }

    private static func monthName(_ cursor: inout ByteCursor) -> Int? {
        guard cursor.index + 3 <= cursor.bytes.count else { return nil }
        let a = cursor.bytes[cursor.index] | 0x20
        let b = cursor.bytes[cursor.index + 1] | 0x20
        let c = cursor.bytes[cursor.index + 2] | 0x20
        guard let month = monthNames.firstIndex(where: { $0[0] == a && $0[1] == b && $0[2] == c }) else { return nil }
        cursor.index += 3
        return month + 1
    }
}

package struct LayoutError: Error, Sendable {
    package var message: String
    init(_ message: String) { self.message = message }
}
