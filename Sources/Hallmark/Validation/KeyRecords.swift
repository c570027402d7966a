/// The bytes of every distinct key a ``KeyLedger`` holds, each with the row it was first seen on,
/// appended in input order: the first `memoryBudget` bytes in memory, the rest in a
/// ``TemporaryFile`` in `directory`. A record is the row (8 bytes), the key's length (4) and the key, padded to 8 bytes.
///
/// If the file cannot be made or written (no such directory, no space left), records stay in
/// memory from then on: answers stay exact, only the memory bound is lost, and
/// ``spillFailure`` says why.
///
/// A class, because the ledger's sets share it; the ledger is owned by one merger, never copied.
final class KeyRecords {
    /// Records start at multiples of this, so a place fits 32 bits up to 32 GiB of records.
    static let alignment = 8
    private static let headerSize = 12
    /// Records are written to the file in batches of about this many bytes.
    private static let batchSize = 1 << 20
    /// The largest budget reserved whole before the first record is written.
    private static let largestReservation = Validator.defaultKeyMemory

    private let memoryBudget: Int
    private let directory: String
    /// What changes, behind a pointer: Swift checks each access to a class's stored `var` for
    /// exclusivity at run time, which cost a tenth of the merge thread's time (`perf`, 1M keys).
    private let state: UnsafeMutablePointer<State>

    private struct State {
        var memory = RecordBytes()
        /// Where the file region starts among all records; `nil` while every record is in memory.
        var fileBase: Int?
        var file: TemporaryFile?
        /// Bytes written to the file.
        var fileBytes = 0
        /// Records after the file's last byte, not yet written (all of them once writing failed).
        var pending = RecordBytes()
        var scratch: [UInt8] = []
        /// Why records could not be written to the file, when that happened.
        var spillFailure: String?
    }

    init(memoryBudget: Int, directory: String) {
        self.memoryBudget = max(0, memoryBudget)
        self.directory = directory
        state = .allocate(capacity: 1)
        state.initialize(to: State())
    }

    deinit {
        state.pointee.memory.release()
        state.pointee.pending.release()
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// Why records could not be written to the file, when that happened.
    var spillFailure: String? { state.pointee.spillFailure }

    /// Bytes of records written to the file so far.
    var spilledBytes: Int { state.pointee.fileBytes }

    /// Bytes of records held in memory.
    var memoryBytes: Int { state.pointee.memory.count + state.pointee.pending.count }

    /// Calls `body` with the key and row of the record at `place`.
    func record(at place: UInt32, _ body: (UnsafeRawBufferPointer, Int) -> Void) {
        let offset = Int(place) * Self.alignment
        func from(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
            let length = Int(bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self))
            body(
                UnsafeRawBufferPointer(
                    rebasing: bytes[(offset + Self.headerSize)..<(offset + Self.headerSize + length)]),
                bytes.loadUnaligned(fromByteOffset: offset, as: Int.self))
        }
        let file = state.pointee.file
        let fileBytes = state.pointee.fileBytes
        guard let fileBase = state.pointee.fileBase, offset >= fileBase else {
            return from(state.pointee.memory.bytes, at: offset)
        }
        if offset >= fileBase + fileBytes {
            return from(state.pointee.pending.bytes, at: offset - fileBase - fileBytes)
        }
        var header = [UInt8](repeating: 0, count: Self.headerSize)
        _ = header.withUnsafeMutableBytes {
            file?.read(into: $0.baseAddress!, count: Self.headerSize, at: offset - fileBase)
        }
        let length = header.withUnsafeBytes { Int($0.loadUnaligned(fromByteOffset: 8, as: UInt32.self)) }
        var whole = [UInt8](repeating: 0, count: Self.headerSize + length)
        _ = whole.withUnsafeMutableBytes { file?.read(into: $0.baseAddress!, count: $0.count, at: offset - fileBase) }
        whole.withUnsafeBytes { from($0, at: 0) }
    }

    /// Appends a record; returns its place (its offset over ``alignment``).
    func append(_ key: UnsafeRawBufferPointer, row: Int) -> UInt32 {
        let size = (Self.headerSize + key.count + Self.alignment - 1) & ~(Self.alignment - 1)
        if state.pointee.fileBase == nil && state.pointee.memory.count + size > memoryBudget { startSpilling() }
        let offset: Int
        if let fileBase = state.pointee.fileBase {
            if state.pointee.pending.count + size > Self.batchSize && state.pointee.spillFailure == nil { flush() }
            offset = fileBase + state.pointee.fileBytes + state.pointee.pending.count
            Self.write(key, row: row, size: size, to: &state.pointee.pending)
        } else {
            offset = state.pointee.memory.count
            if offset == 0 && memoryBudget <= Self.largestReservation {
                // The whole budget at once (pages are touched only as records fill them): an array
                // left to double copies its records each time, into pages it faults in anew. Not
                // for a store without a budget (a partition's, resolved after the pass), nor one
                // past the default, where doubling is a smaller share of the work.
                state.pointee.memory.reserve(max(size, memoryBudget))
            }
            Self.write(key, row: row, size: size, to: &state.pointee.memory)
        }
        // 32 GiB of records is about 500 million distinct keys, whose table alone would need 6 GiB.
        precondition(offset / Self.alignment <= Int(UInt32.max), "more than 32 GiB of distinct keys in one pass")
        return UInt32(offset / Self.alignment)
    }

    /// The row the record at `place` was first seen on, if its key is `key`; `nil` otherwise.
    func row(ifKeyIs key: UnsafeRawBufferPointer, at place: UInt32) -> Int? {
        let offset = Int(place) * Self.alignment
        let file = state.pointee.file
        let fileBytes = state.pointee.fileBytes
        guard let fileBase = state.pointee.fileBase, offset >= fileBase else {
            return Self.row(ifKeyIs: key, in: state.pointee.memory.bytes, at: offset)
        }
        if offset >= fileBase + fileBytes {
            return Self.row(ifKeyIs: key, in: state.pointee.pending.bytes, at: offset - fileBase - fileBytes)
        }
        let wanted = Self.headerSize + key.count
        if state.pointee.scratch.count < wanted { state.pointee.scratch = Array(repeating: 0, count: wanted) }
        // A record shorter than the key ends before `wanted`: reading stops at the file's end.
        let read = state.pointee.scratch.withUnsafeMutableBytes {
            file?.read(into: $0.baseAddress!, count: wanted, at: offset - fileBase) ?? 0
        }
        return state.pointee.scratch.withUnsafeBytes {
            Self.row(ifKeyIs: key, in: UnsafeRawBufferPointer(rebasing: $0[0..<read]), at: 0)
        }
    }

    private static func row(ifKeyIs key: UnsafeRawBufferPointer, in bytes: UnsafeRawBufferPointer, at offset: Int)
        -> Int?
    {
        guard offset + headerSize <= bytes.count else { return nil }
        let length = Int(bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self))
        guard length == key.count, offset + headerSize + length <= bytes.count else { return nil }
        if length > 0 && !memcmpBytes(bytes.baseAddress! + offset + headerSize, key.baseAddress!, length) {
            return nil
        }
        return bytes.loadUnaligned(fromByteOffset: offset, as: Int.self)
    }

    private static func write(_ key: UnsafeRawBufferPointer, row: Int, size: Int, to buffer: inout RecordBytes) {
        // Written in place: made elsewhere and appended, the copy and the array's append cost
        // more than the rest of the record's bookkeeping on the merge thread.
        let record = buffer.append(size)
        record.storeBytes(of: row.littleEndian, toByteOffset: 0, as: Int.self)
        record.storeBytes(of: UInt32(truncatingIfNeeded: key.count).littleEndian, toByteOffset: 8, as: UInt32.self)
        if let source = key.baseAddress, !key.isEmpty {
            (record + headerSize).copyMemory(from: source, byteCount: key.count)
        }
        let padding = headerSize + key.count
        (record + padding).initializeMemory(as: UInt8.self, repeating: 0, count: size - padding)
    }

    private func startSpilling() {
        state.pointee.fileBase = state.pointee.memory.count
        do {
            state.pointee.file = try TemporaryFile(in: directory, prefix: "hallmark-keys")
            state.pointee.pending.reserve(Self.batchSize)
        } catch {
            state.pointee.spillFailure = error.reason
        }
    }

    /// Writes the pending records to the file; on failure they stay pending, and so do all later ones.
    private func flush() {
        guard let file = state.pointee.file else { return }
        if let failure = file.write(state.pointee.pending.bytes, at: state.pointee.fileBytes) {
            state.pointee.spillFailure = failure.reason
            return
        }
        state.pointee.fileBytes += state.pointee.pending.count
        state.pointee.pending.removeAll()
    }
}

/// Bytes of records in memory, appended in place: an array has no append of bytes still to be
/// written. Owned by one ``KeyRecords``, which calls ``release()`` when it goes.
private struct RecordBytes {
    private var base: UnsafeMutableRawPointer?
    private(set) var count = 0
    private var capacity = 0

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// Makes room for `wanted` bytes in all; only the bytes written are touched.
    mutating func reserve(_ wanted: Int) {
        guard wanted > capacity else { return }
        let grown = UnsafeMutableRawPointer.allocate(byteCount: wanted, alignment: KeyRecords.alignment)
        if let base {
            grown.copyMemory(from: base, byteCount: count)
            base.deallocate()
        }
        base = grown
        capacity = wanted
    }

    /// Adds `size` bytes at the end, for the caller to write; they start at a multiple of ``KeyRecords/alignment``
    /// when `size` always is.
    mutating func append(_ size: Int) -> UnsafeMutableRawPointer {
        if count + size > capacity { reserve(max(count + size, 2 * capacity)) }
        defer { count += size }
        return base.unsafelyUnwrapped + count
    }

    mutating func removeAll() { count = 0 }

    func release() { base?.deallocate() }
}
