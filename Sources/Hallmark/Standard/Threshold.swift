/// How many findings a rule may have before they fail the run (`fail-if:`): a count (`"> 50"`)
/// or a share of the data rows (`"> 1%"`). Below it the findings are still counted and reported,
/// and the report says the rule stayed within its threshold.
public struct Threshold: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The limit: a count, or a percentage of data rows when ``isRate``.
    public let limit: Double
    /// Whether ``limit`` is a percentage of the data rows.
    public let isRate: Bool
    /// Whether reaching the limit already fails (`>=`), rather than passing it (`>`).
    public let failsAtLimit: Bool

    /// Reads `"> 1%"`, `">= 50"`, `"> 0.5%"`; `nil` for anything else.
    public init?(_ text: String) {
        var rest = Substring(text.trimmingSpaces)
        if rest.hasPrefix(">=") {
            failsAtLimit = true
            rest = rest.dropFirst(2)
        } else if rest.hasPrefix(">") {
            failsAtLimit = false
            rest = rest.dropFirst()
        } else {
            return nil
        }
        rest = Substring(String(rest).trimmingSpaces)
        isRate = rest.hasSuffix("%")
        if isRate { rest = rest.dropLast() }
        guard !rest.isEmpty, rest.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), let value = Double(rest),
            value >= 0, !isRate || value <= 100
        else { return nil }
        limit = value
    }

    /// Whether `count` findings over `rows` data rows cross the threshold, failing the run.
    public func isCrossed(count: Int, rows: Int) -> Bool {
        let measured = isRate ? (rows == 0 ? (count > 0 ? 100 : 0) : Double(count) * 100 / Double(rows)) : Double(count)
        return failsAtLimit ? measured >= limit : measured > limit
    }

    /// As written: `> 1%`.
    public var description: String {
        let number = limit == limit.rounded() ? String(Int(limit)) : String(limit)
        return (failsAtLimit ? ">= " : "> ") + number + (isRate ? "%" : "")
    }
}

extension String {
    /// Without leading and trailing spaces.
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
