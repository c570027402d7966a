internal import Foundation

/// A simple score for how much a piece of feedback looks like spam: links, words from a known list,
/// and text repeated within itself or from earlier items. At ``holdAt`` or above, the item and its
/// notifications are held until a moderator decides.
struct SpamScore: Sendable {
    /// The score at which an item is held.
    static let holdAt = 3

    /// Words spam carries and feedback about data rarely does (matched whole, any case).
    static let words: Set<String> = [
        "casino", "viagra", "cialis", "crypto", "bitcoin", "forex", "loan", "loans", "payday", "porn",
        "xxx", "seo", "backlinks", "escort", "betting", "jackpot", "lottery", "winner", "prize", "pills",
    ]

    /// The score, and why, for a body of text; `recent` are bodies filed shortly before from anywhere.
    static func score(of text: String, recent: [String]) -> (score: Int, reasons: [String]) {
        var score = 0
        var reasons: [String] = []
        let lower = text.lowercased()
        // Each address once: `https://www.x` is one link, not two.
        let links =
            lower.components(separatedBy: "://").count - 1 + lower.components(separatedBy: "www.").count - 1
            - lower.components(separatedBy: "://www.").count + 1
        if links > 0 {
            // One link can be a citation; each further one counts more.
            score += links == 1 ? 1 : links + 1
            reasons.append("\(links) \(links == 1 ? "link" : "links")")
        }
        let tokens = lower.split(whereSeparator: { !$0.isLetter })
        let listed = Set(tokens.map(String.init)).intersection(words)
        if !listed.isEmpty {
            score += 2 * listed.count
            reasons.append("listed words: \(listed.sorted().joined(separator: ", "))")
        }
        if tokens.count >= 8 && Set(tokens).count * 3 <= tokens.count {
            score += 2
            reasons.append("repeated words")
        }
        let trimmed = lower.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.count >= 20
            && recent.contains(where: { $0.lowercased().trimmingCharacters(in: .whitespacesAndNewlines) == trimmed })
        {
            score += 3
            reasons.append("the same text as a recent item")
        }
        return (score, reasons)
    }
}
