/// One example of a finding: where it is, and the value (masked for sensitive fields).
public struct FindingExample: Sendable, Hashable, Codable {
    /// The record number, counting the header as row 1 (blank lines count; comment lines do not).
    public var row: Int
    /// The 1-based line on which the record starts.
    public var line: Int
    /// The 1-based column, when the finding is about one cell.
    public var column: Int?
    /// The field, when the column has one.
    public var field: String?
    /// The cell's value; for `sensitive` fields only its shape (`### ### ####`).
    public var value: String?
}

/// Exact counts per rule and the first examples of each, for one stretch of input.
///
/// Tallies merge in input order (``merge(_:)``), so the tally of a file split into blocks and
/// checked in parallel equals the tally of one sequential pass: counts add up, and the first
/// examples of the whole are the first examples of the earliest blocks.
package struct FindingTally: Sendable {
    package private(set) var counts: [Int]
    package private(set) var examples: [[FindingExample]]
    package let maxExamples: Int

    package init(ruleCount: Int, maxExamples: Int) {
        counts = Array(repeating: 0, count: ruleCount)
        examples = Array(repeating: [], count: ruleCount)
        self.maxExamples = maxExamples
    }

    /// Findings of severity `error`, given the rules the counts are numbered by.
    package func errors(under rules: [Rule]) -> Int {
        var count = 0
        for (index, rule) in rules.enumerated() where rule.severity == .error { count += counts[index] }
        return count
    }

    /// Counts one finding; builds the example (and so any `String`) only while examples are wanted.
    @inline(__always)
    package mutating func record(_ rule: Int, _ example: () -> FindingExample) {
        counts[rule] += 1
        if examples[rule].count < maxExamples { examples[rule].append(example()) }
    }

    /// Appends a later stretch's tally, whose rows and lines were counted from its own start:
    /// `rowOffset` and `lineOffset` turn them into the input's.
    package mutating func merge(_ later: FindingTally, rowOffset: Int = 0, lineOffset: Int = 0) {
        for rule in counts.indices where later.counts[rule] > 0 {
            counts[rule] += later.counts[rule]
            let room = maxExamples - examples[rule].count
            guard room > 0 else { continue }
            for var example in later.examples[rule].prefix(room) {
                example.row += rowOffset
                example.line += lineOffset
                examples[rule].append(example)
            }
        }
    }
}
