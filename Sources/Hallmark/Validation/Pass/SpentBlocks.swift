internal import Synchronization

/// The memory of blocks already merged, handed back so the next blocks fill it instead of fresh
/// memory: a block's bytes for the reader, its key log for a worker. Fresh memory is faulted in
/// page by page, and at 4 MiB blocks that was a tenth of the page faults of a run (`perf record
/// -e page-faults`, 1M rows).
///
/// At most ``kept`` of each are held; blocks in flight are bounded (see ``ParallelPass``), so
/// this keeps memory within the same bound rather than adding to it.
final class SpentBlocks: Sendable {
    private struct Spent {
        var bytes: [[UInt8]] = []
        var keys: [KeyLog] = []
    }

    private let spent = Mutex(Spent())
    /// The most of each kind held.
    let kept: Int

    init(kept: Int) {
        self.kept = kept
    }

    /// Keeps `outcome`'s bytes and key log for reuse, when fewer than ``kept`` are held.
    func give(_ outcome: BlockOutcome) {
        spent.withLock { spent in
            if spent.bytes.count < kept { spent.bytes.append(outcome.bytes) }
            if spent.keys.count < kept { spent.keys.append(outcome.result.keys) }
        }
    }

    /// A spent block's bytes (empty when none is held), no longer referenced here.
    func takeBytes() -> [UInt8] {
        spent.withLock { $0.bytes.popLast() } ?? []
    }

    /// A spent block's key log, when one is held, no longer referenced here.
    func takeKeys() -> KeyLog? {
        spent.withLock { $0.keys.popLast() }
    }
}
