/// One aggregate rule's groups and what each has accumulated, for a block of input or the whole.
///
/// Groups are numbered in the order they are first seen. Every accumulator merges exactly
/// (integer and decimal sums are exact; minimum, maximum, counts and distinct sets do not depend on
/// order), so blocks checked apart and merged in input order give the sequential pass's values.
///
/// Memory per group: the group key's bytes plus about 70 bytes, plus 64 bytes per value, plus, for
/// a `distinct-count`, each distinct value's bytes and 32 bytes.
package struct AggregateTable: Sendable {
    /// What one value has accumulated for one group: kept small, as a table holds one per group and value.
    package struct Accumulator: Sendable {
        /// Values counted (for `count`; for the others, whether there was any).
        var count = 0
        /// The sum (`sum`, `mean`) or the number kept (`min`, `max` of a number field).
        var number = ExactNumber.exact(mantissa: 0, scale: 0)
        /// The moment kept (`min`, `max` of a temporal field), when ``holdsMoment``.
        var moment = TemporalKey(seconds: 0, nanoseconds: 0)
        var holdsMoment = false
        /// The sum is exact: no value had more than 18 places or 38 digits, and no addition
        /// overflowed (an approximate term makes every later sum approximate). An inexact sum would
        /// depend on the order of addition, so it is never compared.
        var isExact: Bool {
            if case .exact = number { return true }
            return false
        }
    }

    /// A value for `min` or `max`.
    package enum Extreme: Sendable {
        case number(ExactNumber)
        case temporal(TemporalKey)
    }

    /// Group key → group number (stored where a ``ByteKeySet`` keeps a first row).
    private var numbers = ByteKeySet()
    /// Each group's key (a ``CompositeKey``) in one arena, group after group, in the order first seen.
    private var keyBytes: [UInt8] = []
    private var keyEnds: [Int] = []
    private(set) var firstRows: [Int] = []
    private(set) var firstLines: [Int] = []
    /// `valueCount` accumulators per group, group after group.
    private var accumulators: [Accumulator] = []
    /// The distinct values of `distinct-count` values, by accumulator index.
    private var distinct: [Int: ByteKeySet] = [:]
    let valueCount: Int

    package init(valueCount: Int) {
        self.valueCount = valueCount
    }

    var groupCount: Int { keyEnds.count }

    /// The number of the group `key` names, adding it (first seen on `row`, `line`) when new.
    mutating func group(for key: UnsafeRawBufferPointer, hash: UInt32, row: Int, line: Int) -> Int {
        if let known = numbers.insert(key, hash: hash, firstRow: keyEnds.count) { return known }
        keyBytes.append(contentsOf: key.assumingMemoryBound(to: UInt8.self))
        keyEnds.append(keyBytes.count)
        firstRows.append(row)
        firstLines.append(line)
        accumulators.append(contentsOf: repeatElement(Accumulator(), count: valueCount))
        return keyEnds.count - 1
    }

    /// Group `group`'s key (a ``CompositeKey``).
    func key(of group: Int) -> [UInt8] {
        Array(keyBytes[(group == 0 ? 0 : keyEnds[group - 1])..<keyEnds[group]])
    }

    /// The accumulator of `value` in `group`.
    subscript(group: Int, value: Int) -> Accumulator {
        accumulators[group * valueCount + value]
    }

    /// How many different values `value` saw in `group` (`distinct-count`).
    func distinctCount(group: Int, value: Int) -> Int {
        distinct[group * valueCount + value]?.count ?? 0
    }

    /// Adds a number to a sum or mean.
    mutating func add(_ number: ExactNumber, group: Int, value: Int) {
        let index = group * valueCount + value
        accumulators[index].number = accumulators[index].number + number
        accumulators[index].count += 1
    }

    /// Counts one value.
    mutating func count(group: Int, value: Int) {
        accumulators[group * valueCount + value].count += 1
    }

    /// Keeps `candidate` when it is the smallest (or, with `largest`, the largest) so far.
    mutating func keep(_ candidate: Extreme, largest: Bool, group: Int, value: Int) {
        let index = group * valueCount + value
        let first = accumulators[index].count == 0
        switch candidate {
        case .number(let number):
            // NaN orders before and after nothing: kept, it would hide every real value after it.
            guard let order = ExactNumber.compare(number, first ? number : accumulators[index].number) else { return }
            if first || (largest ? order > 0 : order < 0) { accumulators[index].number = number }
        case .temporal(let moment):
            let current = accumulators[index].moment
            if first || (largest ? moment > current : moment < current) { accumulators[index].moment = moment }
            accumulators[index].holdsMoment = true
        }
        accumulators[index].count += 1
    }

    /// Adds `bytes` to a distinct count.
    mutating func insertDistinct(_ bytes: UnsafeRawBufferPointer, group: Int, value: Int) {
        distinct[group * valueCount + value, default: ByteKeySet()].insert(bytes)
    }

    /// Adds a later block's groups, numbered from its `origin`, to these.
    mutating func merge(_ later: AggregateTable, origin: BlockOrigin, largest: [Bool?]) {
        for local in 0..<later.groupCount {
            let group = later.key(of: local).withUnsafeBytes { key in
                self.group(
                    for: key, hash: ByteKeySet.hash(key), row: origin.row(later.firstRows[local]),
                    line: origin.line(later.firstLines[local]))
            }
            for value in 0..<valueCount {
                let other = later[local, value]
                let index = group * valueCount + value
                later.distinct[local * valueCount + value]?.forEachKey {
                    insertDistinct($0, group: group, value: value)
                }
                guard other.count > 0 else { continue }
                if other.holdsMoment {
                    keep(.temporal(other.moment), largest: largest[value] ?? false, group: group, value: value)
                    accumulators[index].count += other.count - 1
                } else if let wantsLargest = largest[value] {
                    keep(.number(other.number), largest: wantsLargest, group: group, value: value)
                    accumulators[index].count += other.count - 1
                } else {
                    accumulators[index].number = accumulators[index].number + other.number
                    accumulators[index].count += other.count
                }
            }
        }
    }
}
