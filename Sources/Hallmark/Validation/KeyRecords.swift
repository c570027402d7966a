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

    private var memory: [UInt8] = []
    private let memoryBudget: Int
    private let directory: String
    /// Where the file region starts among all records; `nil` while every record is in memory.
    private var fileBase: Int?
    private var file: TemporaryFile?
    /// Bytes written to the file.
    private var fileBytes = 0
    /// Records after the file's last byte, not yet written (all of them once writing failed).
    private var pending: [UInt8] = []
    private var scratch: [UInt8] = []
    /// Why records could not be written to the file, when that happened.
    private(set) var spillFailure: String?

    init(memoryBudget: Int, directory: String) {
        self.memoryBudget = max(0, memoryBudget)
        self.directory = directory
    }

    /// Bytes of records written to the file so far.
    var spilledBytes: Int { fileBytes }

    /// Bytes of records held in memory.
    var memoryBytes: Int { memory.count + pending.count }

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
        guard let fileBase, offset >= fileBase else { return memory.withUnsafeBytes { from($0, at: offset) } }
        if offset >= fileBase + fileBytes {
            return pending.withUnsafeBytes { from($0, at: offset - fileBase - fileBytes) }
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
        if fileBase == nil && memory.count + size > memoryBudget { startSpilling() }
        let offset: Int
        if let fileBase {
            if pending.count + size > Self.batchSize && spillFailure == nil { flush() }
            offset = fileBase + fileBytes + pending.count
            Self.write(key, row: row, size: size, to: &pending)
        } else {
            offset = memory.count
            Self.write(key, row: row, size: size, to: &memory)
        }
        // 32 GiB of records is about 500 million distinct keys, whose table alone would need 6 GiB.
        precondition(offset / Self.alignment <= Int(UInt32.max), "more than 32 GiB of distinct keys in one pass")
        return UInt32(offset / Self.alignment)
    }

    /// The row the record at `place` was first seen on, if its key is `key`; `nil` otherwise.
    func row(ifKeyIs key: UnsafeRawBufferPointer, at place: UInt32) -> Int? {
        let offset = Int(place) * Self.alignment
        guard let fileBase, offset >= fileBase else {
            return memory.withUnsafeBytes { Self.row(ifKeyIs: key, in: $0, at: offset) }
        }
        if offset >= fileBase + fileBytes {
            return pending.withUnsafeBytes { Self.row(ifKeyIs: key, in: $0, at: offset - fileBase - fileBytes) }
        }
        let wanted = Self.headerSize + key.count
        if scratch.count < wanted { scratch = Array(repeating: 0, count: wanted) }
        // A record shorter than the key ends before `wanted`: reading stops at the file's end.
        let read = scratch.withUnsafeMutableBytes {
            file?.read(into: $0.baseAddress!, count: wanted, at: offset - fileBase) ?? 0
        }
        return scratch.withUnsafeBytes {
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

    private static func write(_ key: UnsafeRawBufferPointer, row: Int, size: Int, to buffer: inout [UInt8]) {
        let start = buffer.count
        withUnsafeBytes(of: row.littleEndian) { buffer.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt32(truncatingIfNeeded: key.count).littleEndian) { buffer.append(contentsOf: $0) }
        buffer.append(contentsOf: key)
        buffer.append(contentsOf: repeatElement(0, count: start + size - buffer.count))
    }

    private func startSpilling() {
        fileBase = memory.count
        do {
            file = try TemporaryFile(in: directory, prefix: "hallmark-keys")
            pending.reserveCapacity(Self.batchSize)
        } catch {
            spillFailure = error.reason
        }
    }

    /// Writes the pending records to the file; on failure they stay pending, and so do all later ones.
    private func flush() {
        guard let file else { return }
        if let failure = file.write(pending, at: fileBytes) {
            spillFailure = failure.reason
            return
        }
        fileBytes += pending.count
        pending.removeAll(keepingCapacity: true)
    }
}
