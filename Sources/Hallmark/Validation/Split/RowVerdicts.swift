/// What a block's records were, in order, for a ``RowSink``: where each ends in the bytes that were
/// parsed, and whether it is a valid data row, an invalid one (with the error rules it broke), or
/// not data at all (a footer row).
///
/// Workers fill it as they check; the ``PassMerger`` adds the duplicate keys it finds, which only
/// the merge can know, before the rows are passed on.
package struct RowVerdicts: Sendable {
    package enum Kind: UInt8, Sendable {
        case valid, invalid, notData
    }

    /// Per record: the offset just after it in the parsed bytes, its kind, and its rules' range in ``rules``.
    private(set) var ends: [Int] = []
    /// Per record: the line it starts on, numbered as the block's parser counts.
    private(set) var lines: [Int] = []
    private(set) var kinds: [Kind] = []
    private(set) var ruleStarts: [Int] = []
    private(set) var rules: [Int32] = []
    /// Rules found at the merge (duplicate keys), by record.
    private var late: [Int: [Int32]] = [:]

    package init() {}

    package var count: Int { ends.count }

    /// Records the next record, ending at `end`; `rules` are the error rules it broke.
    mutating func append(end: Int, line: Int, kind: Kind, rules broken: some Sequence<Int32>) {
        ends.append(end)
        lines.append(line)
        kinds.append(kind)
        ruleStarts.append(rules.count)
        rules.append(contentsOf: broken)
    }

    /// Marks record `index` (0-based) invalid for `rule`, found after the record was checked.
    mutating func invalidate(_ index: Int, rule: Int) {
        guard index < kinds.count, kinds[index] != .notData else { return }
        kinds[index] = .invalid
        late[index, default: []].append(Int32(rule))
    }

    /// Every record from now on is footer.
    mutating func markAllNotData() {
        for index in kinds.indices { kinds[index] = .notData }
    }

    /// The error rules of record `index`.
    func rules(of index: Int) -> [Int32] {
        let end = index + 1 < ruleStarts.count ? ruleStarts[index + 1] : rules.count
        return Array(rules[ruleStarts[index]..<end]) + (late[index] ?? [])
    }

    func kind(of index: Int) -> Kind { kinds[index] }
    func end(of index: Int) -> Int { ends[index] }
    func line(of index: Int) -> Int { lines[index] }
}
