/// One aggregate rule's groups and what each has accumulated, for a block of input or the whole.
///
/// Groups are numbered in the order they are first seen. Every accumulator merges exactly
/// (integer and decimal sums are exact; minimum, maximum, counts and distinct sets do not depend on
/// order), so blocks checked apart and merged in input order give the sequential pass's values.
///
/// Memory per group: the group key's bytes plus 40 bytes, plus about 64 bytes per value, plus, for
/// a `distinct-count`, each distinct value's bytes and 32 bytes.
package struct AggregateTable: Sendable {
    package struct Accumulator: Sendable {
        /// Values counted (for `count`, `mean`, `sum`; a sum over none is unknown).
        var count = 0
        var sum = ExactNumber.exact(mantissa: 0, scale: 0)
        /// The sum is exact: no value had more than 18 places or 38 digits, and no addition overflowed.
        /// An inexact sum would depend on the order of addition, so it is never compared.
        var isExact = true
        var extreme: Extreme?
        var distinct: ByteKeySet?
    }

    package enum Extreme: Sendable {
        case number(ExactNumber)
        case temporal(TemporalKey)

        /// Whether `self` comes before `other` (numbers that do not compare, NaN, never do).
        func precedes(_ other: Extreme) -> Bool {
            switch (self, other) {
            case (.number(let a), .number(let b)): return ExactNumber.compare(a, b) == -1
            case (.temporal(let a), .temporal(let b)): return a < b
            default: return false
            }
        }
    }

    /// Group key → group number (stored where a ``ByteKeySet`` keeps a first row).
    private var numbers = ByteKeySet()
    /// Each group's key (a ``CompositeKey``), first row and first line, in the order first seen.
    private(set) var keys: [[UInt8]] = []
    private(set) var firstRows: [Int] = []
    private(set) var firstLines: [Int] = []
    /// `valueCount` accumulators per group, group after group.
    private(set) var accumulators: [Accumulator] = []
    let valueCount: Int

    package init(valueCount: Int) {
        self.valueCount = valueCount
    }

    var groupCount: Int { keys.count }

    /// The number of the group `key` names, adding it (first seen on `row`, `line`) when new.
    mutating func group(for key: UnsafeRawBufferPointer, hash: UInt32, row: Int, line: Int) -> Int {
        if let known = numbers.insert(key, hash: hash, firstRow: keys.count) { return known }
        keys.append(Array(key.assumingMemoryBound(to: UInt8.self)))
        firstRows.append(row)
        firstLines.append(line)
        accumulators.append(contentsOf: repeatElement(Accumulator(), count: valueCount))
        return keys.count - 1
    }

    /// The accumulator of `value` in `group`.
    subscript(group: Int, value: Int) -> Accumulator {
        get { accumulators[group * valueCount + value] }
        set { accumulators[group * valueCount + value] = newValue }
    }

    /// Adds a number to a sum or mean.
    mutating func add(_ number: ExactNumber, group: Int, value: Int) {
        let index = group * valueCount + value
        accumulators[index].sum = accumulators[index].sum + number
        accumulators[index].count += 1
        if case .approximate = accumulators[index].sum { accumulators[index].isExact = false }
    }

    /// Counts one value.
    mutating func count(group: Int, value: Int) {
        accumulators[group * valueCount + value].count += 1
    }

    /// Keeps `candidate` when it is the smallest (or, with `largest`, the largest) so far.
    mutating func keep(_ candidate: Extreme, largest: Bool, group: Int, value: Int) {
        // NaN orders before and after nothing: kept, it would hide every real value after it.
        if case .number(let number) = candidate, ExactNumber.compare(number, number) == nil { return }
        let index = group * valueCount + value
        guard let current = accumulators[index].extreme else {
            accumulators[index].extreme = candidate
            return
        }
        if largest ? current.precedes(candidate) : candidate.precedes(current) {
            accumulators[index].extreme = candidate
        }
    }

    /// Adds `bytes` to a distinct count.
    mutating func insertDistinct(_ bytes: UnsafeRawBufferPointer, group: Int, value: Int) {
        let index = group * valueCount + value
        if accumulators[index].distinct == nil { accumulators[index].distinct = ByteKeySet() }
        accumulators[index].distinct?.insert(bytes)
    }

    /// Adds a later block's groups, numbered from its `origin`, to these.
    mutating func merge(_ later: AggregateTable, origin: BlockOrigin, largest: [Bool]) {
        for local in 0..<later.groupCount {
            let group = later.keys[local].withUnsafeBytes { key in
                self.group(
                    for: key, hash: ByteKeySet.hash(key), row: origin.row(later.firstRows[local]),
                    line: origin.line(later.firstLines[local]))
            }
            for value in 0..<valueCount {
                let other = later[local, value]
                let index = group * valueCount + value
                accumulators[index].count += other.count
                accumulators[index].sum = accumulators[index].sum + other.sum
                if !other.isExact { accumulators[index].isExact = false }
                if case .approximate = accumulators[index].sum { accumulators[index].isExact = false }
                if let extreme = other.extreme { keep(extreme, largest: largest[value], group: group, value: value) }
                other.distinct?.forEachKey { insertDistinct($0, group: group, value: value) }
            }
        }
    }
}
