internal import Dispatch

/// Keys set aside to be resolved after the pass, once the ``KeyLedger``'s table would outgrow its
/// memory limit. Each key goes, with where it was seen, to one of ``count`` partitions chosen by
/// its hash, written in chunks to a ``TemporaryFile``. After the pass each partition is resolved
/// on its own, its records in input order, so it finds exactly the duplicates one table over the
/// whole input would; partitions are independent, so they are resolved in parallel, each with a
/// table of its own keys only.
///
/// A record, 8-byte aligned: hash, sequence (its place among all keys), row, line (8 bytes each),
/// key set, column, length, flags (4 each), then the key. The keys the table held when the ledger
/// turned to partitions come first, flagged ``seen``: each is distinct, and `row` is where it was
/// first seen.
final class KeyPartitions {
    static let count = 256
    /// A partition's records are written once they reach this many bytes.
    private static let chunkSize = 64 << 10
    private static let headerSize = 48
    static let seen: UInt32 = 1
    static let rowHadError: UInt32 = 2

    private let file: TemporaryFile
    private var buffers: [[UInt8]]
    /// Where each partition's written chunks lie in the file.
    private var chunks: [[(offset: Int, count: Int)]]
    private var fileBytes = 0
    private var sequence = 0
    /// Why chunks could not be written, when that happened: from then on they stay in memory.
    private(set) var spillFailure: String?

    init(directory: String) throws(TemporaryFile.Failure) {
        file = try TemporaryFile(in: directory, prefix: "hallmark-key-partitions")
        buffers = Array(repeating: [], count: Self.count)
        chunks = Array(repeating: [], count: Self.count)
    }

    /// Sets a key aside.
    func append(
        _ key: UnsafeRawBufferPointer, hash: UInt64, set: Int32, row: Int, line: Int, column: Int32, flags: UInt32
    ) {
        // The table's slot comes from the hash's low bits; partitions from its high ones.
        let partition = Int(truncatingIfNeeded: hash >> 56)
        let size = (Self.headerSize + key.count + 7) & ~7
        var buffer = buffers[partition]
        buffers[partition] = []
        let start = buffer.count
        func put<Value>(_ value: Value) { withUnsafeBytes(of: value) { buffer.append(contentsOf: $0) } }
        put(hash.littleEndian)
        put(sequence.littleEndian)
        put(row.littleEndian)
        put(line.littleEndian)
        put(set.littleEndian)
        put(column.littleEndian)
        put(UInt32(truncatingIfNeeded: key.count).littleEndian)
        put(flags.littleEndian)
        buffer.append(contentsOf: key)
        buffer.append(contentsOf: repeatElement(0, count: start + size - buffer.count))
        sequence += 1
        if buffer.count >= Self.chunkSize && spillFailure == nil {
            if let failure = file.write(buffer, at: fileBytes) {
                spillFailure = failure.reason
            } else {
                chunks[partition].append((fileBytes, buffer.count))
                fileBytes += buffer.count
                buffer.removeAll(keepingCapacity: true)
            }
        }
        buffers[partition] = buffer
    }

    /// A repeated key a partition found.
    struct Duplicate: Sendable {
        let sequence: Int
        let set: Int32
        let row: Int
        let line: Int
        let column: Int32
        let rowHadError: Bool
        /// The row the key was first seen on.
        let firstRow: Int
        let key: [UInt8]
    }

    /// What resolving every partition found.
    struct Resolution: Sendable {
        /// Duplicates per key set.
        var counts: [Int]
        /// The first duplicates of each set, at most `maxExamples` of each, in input order.
        var examples: [Duplicate]
        /// Rows with a duplicate in a set that `countsRows`, whose row had no other error, in order, once each.
        var rows: [Int]
        /// Whether every partition was resolved before the deadline.
        var isComplete = true
    }

    /// Resolves every partition, `jobs` at a time.
    ///
    /// - Parameters:
    ///   - sets: how many key sets there are.
    ///   - countsRows: whether a duplicate in that set makes its row an error row.
    ///   - deadline: partitions not begun by then are left unresolved (``Resolution/isComplete``).
    func resolve(
        sets: Int, maxExamples: Int, jobs: Int, countsRows: [Bool], deadline: ContinuousClock.Instant?
    ) -> Resolution {
        let results = UnsafeMutableBufferPointer<Resolution?>.allocate(capacity: Self.count)
        results.initialize(repeating: nil)
        defer {
            results.deinitialize()
            results.deallocate()
        }
        let workers = max(1, min(jobs, Self.count))
        // Workers only read the partitions (`pread` on one file, at their own offsets) and each
        // writes its own results' places.
        nonisolated(unsafe) let shared = results
        nonisolated(unsafe) let partitions = self
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            // Striped, so each worker holds one partition's table at a time.
            for partition in stride(from: worker, to: Self.count, by: workers) {
                if let deadline, ContinuousClock.now >= deadline { return }
                shared[partition] = partitions.resolve(
                    partition, sets: sets, maxExamples: maxExamples, countsRows: countsRows)
            }
        }
        var total = Resolution(counts: Array(repeating: 0, count: sets), examples: [], rows: [])
        for result in results {
            guard let result else {
                total.isComplete = false
                continue
            }
            for set in 0..<sets { total.counts[set] += result.counts[set] }
            total.examples += result.examples
            total.rows += result.rows
        }
        total.examples.sort { $0.sequence < $1.sequence }
        var kept = Array(repeating: 0, count: sets)
        total.examples = total.examples.filter { duplicate in
            kept[Int(duplicate.set)] += 1
            return kept[Int(duplicate.set)] <= maxExamples
        }
        total.rows.sort()
        var last = Int.min
        total.rows = total.rows.filter { row in
            defer { last = row }
            return row != last
        }
        return total
    }

    /// Resolves one partition, a chunk at a time: memory holds one chunk and the partition's
    /// distinct keys, however often a key repeats.
    private func resolve(_ partition: Int, sets: Int, maxExamples: Int, countsRows: [Bool]) -> Resolution {
        var result = Resolution(counts: Array(repeating: 0, count: sets), examples: [], rows: [])
        var tables = Array(repeating: DistinctKeys(), count: sets)
        var kept = Array(repeating: 0, count: sets)
        let records = KeyRecords(memoryBudget: .max, directory: "")
        func take(_ bytes: UnsafeRawBufferPointer) {
            var offset = 0
            while offset + Self.headerSize <= bytes.count {
                func load<Value: FixedWidthInteger>(_ at: Int, _: Value.Type) -> Value {
                    Value(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + at, as: Value.self))
                }
                let hash = load(0, UInt64.self)
                let row = load(16, Int.self)
                let set = load(32, Int32.self)
                let length = Int(load(40, UInt32.self))
                let flags = load(44, UInt32.self)
                let key = UnsafeRawBufferPointer(
                    rebasing: bytes[(offset + Self.headerSize)..<(offset + Self.headerSize + length)])
                let firstRow = tables[Int(set)].insert(key, hash: hash, row: row, records: records)
                if let firstRow, flags & Self.seen == 0 {
                    result.counts[Int(set)] += 1
                    let rowHadError = flags & Self.rowHadError != 0
                    if kept[Int(set)] < maxExamples {
                        kept[Int(set)] += 1
                        result.examples.append(
                            Duplicate(
                                sequence: load(8, Int.self), set: set, row: row, line: load(24, Int.self),
                                column: load(36, Int32.self), rowHadError: rowHadError, firstRow: firstRow,
                                key: Array(key)))
                    }
                    if countsRows[Int(set)] && !rowHadError { result.rows.append(row) }
                }
                offset += (Self.headerSize + length + 7) & ~7
            }
        }
        // Chunks hold whole records, in input order, and the buffer holds the ones after them.
        var chunk = [UInt8]()
        for (offset, count) in chunks[partition] {
            if chunk.count < count { chunk = Array(repeating: 0, count: count) }
            let read = chunk.withUnsafeMutableBytes { file.read(into: $0.baseAddress!, count: count, at: offset) }
            chunk.withUnsafeBytes { take(UnsafeRawBufferPointer(rebasing: $0[0..<read])) }
        }
        buffers[partition].withUnsafeBytes { take($0) }
        return result
    }
}
