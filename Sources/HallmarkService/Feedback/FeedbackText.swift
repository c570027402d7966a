/// The checks every text a data user or publisher sends must pass before it is stored: a length
/// limit, and no control characters that could hide or reorder what a reader sees (C0 and C1
/// controls but tab and line breaks; bidirectional embeddings, overrides and isolates, which can
/// make text read other than it is stored). Refused text is answered with the reason; nothing is silently rewritten.
enum FeedbackText {
    /// The most characters a feedback body may have.
    static let maxBodyCharacters = 5_000
    /// The most characters of a short text: a correction's value, a column name, an email, a reason.
    static let maxShortCharacters = 500

    /// Why `text` is refused, or nil when it is fine.
    static func problem(in text: String, limit: Int) -> String? {
        if text.count > limit { return "is longer than \(limit) characters" }
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A, 0x0D: continue
            case 0x00...0x1F, 0x7F...0x9F:
                return "contains the control character U+\(hex(scalar.value))"
            case 0x202A...0x202E, 0x2066...0x2069:
                return "contains the bidirectional control U+\(hex(scalar.value)), which can disguise text"
            default: continue
            }
        }
        return nil
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
