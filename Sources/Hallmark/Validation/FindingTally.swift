/// Exact counts per rule and the first examples of each, for one block of input or the whole of it.
///
/// Tallies merge in input order (``merge(_:)``), so the tally of a file split into blocks and
/// checked in parallel equals the tally of one sequential pass: counts add up, and the first
/// examples of the whole are the first examples of the earliest blocks.
package struct FindingTally: Sendable {
    package private(set) var counts: [Int]
    package private(set) var examples: [[FindingExample]]
    package let maxExamples: Int
    /// The rules whose last example was kept since ``markRow()``: the current record's, which get
    /// its ``FindingExample/rowKey`` once the record is checked.
    package private(set) var keptInRow: [Int] = []
    /// When set, every finding's rule in order (for a ``RowSink``'s verdicts); cleared per record by its user.
    package var log: [Int32]?

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
        log?.append(Int32(truncatingIfNeeded: rule))
        if examples[rule].count < maxExamples {
            examples[rule].append(example())
            keptInRow.append(rule)
        }
    }

    /// Counts `count` more findings of `rule` whose examples are not wanted (the rule keeps its
    /// full share already).
    package mutating func add(_ rule: Int, count: Int) {
        counts[rule] += count
    }

    /// Starts a record: examples kept from now on are its own.
    @inline(__always)
    package mutating func markRow() {
        if !keptInRow.isEmpty { keptInRow.removeAll(keepingCapacity: true) }
    }

    /// Finishes the record: every example kept since ``markRow()`` gets its row key and, when it
    /// is about one cell, where that cell starts (`position` takes a 0-based column). They are the
    /// last of their rules' examples, one per entry in ``keptInRow`` (a rule such as `invalid-utf8`
    /// can keep several).
    package mutating func finishRow(rowKey: String, position: (Int) -> (line: Int, column: Int)?) {
        var fromEnd: [Int: Int] = [:]
        for rule in keptInRow.reversed() {
            let back = fromEnd[rule, default: 0] + 1
            fromEnd[rule] = back
            let index = examples[rule].count - back
            examples[rule][index].rowKey = rowKey
            if let column = examples[rule][index].column, let place = position(column - 1) {
                examples[rule][index].cellLine = place.line
                examples[rule][index].cellColumn = place.column
            }
        }
        keptInRow.removeAll(keepingCapacity: true)
    }

    /// Appends a later block's tally, numbered from the block's `origin`.
    package mutating func merge(_ later: FindingTally, origin: BlockOrigin) {
        for rule in counts.indices where later.counts[rule] > 0 {
            counts[rule] += later.counts[rule]
            let room = maxExamples - examples[rule].count
            guard room > 0 else { continue }
            examples[rule].append(contentsOf: later.examples[rule].prefix(room).map(origin.rebase))
        }
    }
}
