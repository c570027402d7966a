internal import Foundation

/// The memory of blocks already merged, handed back so the next blocks fill it instead of fresh
/// memory: a block's bytes for the reader, its key log for a worker. Fresh memory is faulted in
/// page by page, and at 4 MiB blocks that was a tenth of the page faults of a run (`perf record
/// -e page-faults`, 1M rows).
///
/// At most ``kept`` of each are held; blocks in flight are bounded (see ``ParallelPass``), so
/// this keeps memory within the same bound rather than adding to it.
final class SpentBlocks: @unchecked Sendable {
    // `bytes` and `keys` are touched only while `lock` is held. An `NSLock` (a pthread mutex), not
    // a `Mutex`: ThreadSanitizer sees a pthread mutex order the reader's, workers' and merge's
    // accesses, and reported `Mutex`-guarded ones as races.
    private let lock = NSLock()
    private var bytes: [[UInt8]] = []
    private var keys: [KeyLog] = []
    /// The most of each kind held.
    let kept: Int

    init(kept: Int) {
        self.kept = kept
    }

    /// Keeps `outcome`'s bytes and key log for reuse, when fewer than ``kept`` are held.
    func give(_ outcome: BlockOutcome) {
        lock.withLock {
            if bytes.count < kept { bytes.append(outcome.bytes) }
            if keys.count < kept { keys.append(outcome.result.keys) }
        }
    }

    /// A spent block's bytes (empty when none is held), no longer referenced here.
    func takeBytes() -> [UInt8] {
        lock.withLock { bytes.popLast() } ?? []
    }

    /// A spent block's key log, when one is held, no longer referenced here.
    func takeKeys() -> KeyLog? {
        lock.withLock { keys.popLast() }
    }
}
