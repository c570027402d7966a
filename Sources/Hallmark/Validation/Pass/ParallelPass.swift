internal import Dispatch
internal import Foundation
internal import Synchronization

/// The parallel pass over a file: blocks read on a thread of their own, checked by workers, merged in order.
///
/// Workers check up to ``Validator/Options/jobs`` blocks at once, each from a fresh parser (see
/// ``BlockOutcome``); this task merges their outcomes strictly in input order through the
/// ``PassDriver``, so the report is exactly that of a sequential pass. At most `2 × jobs` blocks
/// are read ahead of the merge, so memory does not grow with the file.
struct ParallelPass {
    let compiled: CompiledStandard
    let options: Validator.Options

    /// Runs the pass over `reader`'s blocks into `driver`.
    ///
    /// - Throws: ``InputError`` when reading fails, or with code ``InputError/Code/cancelled`` when
    ///   the calling task is cancelled.
    func run(_ reader: BlockingReader, into driver: inout PassDriver, progress: (PassDriver) -> Void)
        async throws(InputError)
    {
        // The header is read here, before workers can know the columns.
        var first: BlockReader.Block?
        if !driver.isReadingPrologue {
            first = try await reader.next()  // a table without a header row: workers start at once
        }
        while driver.isReadingPrologue, let block = try await reader.next() {
            let offset = block.bytes.withUnsafeBytes { driver.feedHeader($0, isLast: block.isLast) }
            if !driver.isReadingPrologue {
                first = BlockReader.Block(bytes: Array(block.bytes[offset...]), isLast: block.isLast)
            }
        }
        guard let layout = driver.layout, let first else {
            if reader.abandonedAtDeadline { driver.checkDeadline() }
            return
        }
        driver.expectedInputBytes = reader.fileSize

        let compiled = compiled
        let options = options
        let jobs = max(options.jobs, 1)
        let window = jobs * 2
        let deadline = driver.deadline
        var failure: InputError?
        await withTaskGroup(of: (Int, BlockOutcome).self) { group in
            var submitted = 0
            var merged = 0
            var running = 0
            var ready: [Int: BlockOutcome] = [:]
            var pending: BlockReader.Block? = first
            var inputDone = false
            while true {
                if Task.isCancelled {
                    failure = InputError(.cancelled, path: reader.path, reason: "the validation was cancelled")
                    group.cancelAll()
                    break
                }
                // Keep every worker busy, but never run more than `window` blocks ahead of the merge.
                while running < jobs, submitted - merged < window, !driver.isStopped {
                    if pending == nil && !inputDone {
                        do throws(InputError) {
                            pending = try await reader.next()
                        } catch {
                            failure = error
                        }
                        if pending == nil { inputDone = true }
                    }
                    guard let block = pending else { break }
                    pending = nil
                    if block.isLast { inputDone = true }
                    let index = submitted
                    submitted += 1
                    running += 1
                    group.addTask {
                        (
                            index,
                            BlockOutcome(
                                checking: block.bytes, isLast: block.isLast, compiled: compiled, layout: layout,
                                options: options, deadline: deadline)
                        )
                    }
                }
                guard let (index, outcome) = await group.next() else { break }
                running -= 1
                ready[index] = outcome
                while let next = ready.removeValue(forKey: merged) {
                    driver.merge(next)
                    merged += 1
                    reader.recycle(next.bytes)
                }
                progress(driver)
                // Past the deadline with input left: stop. With everything merged, the run is whole.
                if !(inputDone && pending == nil && merged == submitted) { driver.checkDeadline() }
                if driver.isStopped || failure != nil { group.cancelAll() }
            }
        }
        if reader.abandonedAtDeadline { driver.checkDeadline() }
        if let failure { throw failure }
    }
}

/// A ``BlockReader`` whose blocking `read(2)` calls run on a thread of their own, so they never
/// hold one of Swift's cooperative threads, which the workers need. One block is read ahead, so
/// reading overlaps checking.
final class BlockingReader: @unchecked Sendable {
    // `reader` is touched only on `queue`, one call at a time; `state` is behind its mutex.
    /// A read's block, the bytes read so far, and (with a deadline) their digest so far.
    private typealias Read = (result: Result<BlockReader.Block?, InputError>, bytesRead: Int, digest: String?)
    private struct State {
        var ready: Read?
        var waiter: CheckedContinuation<Read, Never>?
        /// The deadline passed while waiting: no more blocks are handed out.
        var timedOut = false
    }

    private let reader: BlockReader
    private let queue = DispatchQueue(label: "hallmark.block-reader")
    private let state = Mutex(State())
    /// Bytes of merged blocks, which reads fill instead of fresh memory (a fresh 4 MiB block is
    /// 1,024 page faults). Touched only while `spentLock` is held: a pthread mutex, whose ordering
    /// ThreadSanitizer sees (it reported a `Mutex` guarding them as a race).
    private var spentBytes: [[UInt8]] = []
    private let spentLock = NSLock()
    /// The most spent blocks kept: as many as can be in flight, so memory stays within their bound.
    private let spentKept: Int
    /// The file's path, as given.
    let path: String
    /// The file's size, when it is a regular file.
    let fileSize: Int?
    /// Bytes read (compressed ones, for gzip) up to the end of the last block returned.
    private(set) var bytesRead = 0
    /// The last block has been returned: nothing more is read, and ``next()`` returns `nil`.
    private var isDone = false
    /// With a deadline: the digest of the bytes up to the last block returned, for a run that
    /// times out while a read is still blocked (the reader cannot be asked then).
    private let tracksDigest: Bool
    private var digestSoFar: String

    /// - Parameters:
    ///   - deadline: when it passes, a ``next()`` waiting on a read that blocks (a pipe nobody
    ///     writes to) returns `nil` and ``abandonedAtDeadline`` is set; the read is abandoned.
    ///   - blocksInFlight: the most blocks read but not yet merged; as many merged ones are kept
    ///     for reads to fill (see ``recycle(_:)``).
    init(_ reader: BlockReader, deadline: ContinuousClock.Instant? = nil, blocksInFlight: Int = 4) {
        self.reader = reader
        spentKept = blocksInFlight
        path = reader.path
        fileSize = reader.fileSize
        tracksDigest = deadline != nil
        // Nothing is read yet, and the queue is not in use: the digest of no bytes.
        digestSoFar = reader.hexDigest()
        readAhead()
        if let deadline {
            let delay = ContinuousClock.now.duration(to: deadline)
            let nanoseconds = max(
                0, delay.components.seconds * 1_000_000_000 + delay.components.attoseconds / 1_000_000_000)
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(min(nanoseconds, Int64(Int.max))))) {
                [weak self] in self?.timeOut()
            }
        }
    }

    /// Wakes a ``next()`` waiting on a read: the deadline has passed.
    private func timeOut() {
        let waiter = state.withLock { state -> CheckedContinuation<Read, Never>? in
            state.timedOut = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: (.success(nil), 0, nil))
    }

    /// Whether ``next()`` gave up waiting for input at the deadline: the input was not read to its end.
    private(set) var abandonedAtDeadline = false

    /// The next block, or `nil` after the last.
    func next() async throws(InputError) -> BlockReader.Block? {
        // No read is scheduled after the last block: waiting for one would wait forever.
        guard !isDone else { return nil }
        let read = await withCheckedContinuation { (continuation: CheckedContinuation<Read, Never>) in
            let ready = state.withLock { state -> Read? in
                if state.timedOut { return (.success(nil), 0, nil) }
                defer { state.ready = nil }
                if state.ready == nil { state.waiter = continuation }
                return state.ready
            }
            if let ready { continuation.resume(returning: ready) }
        }
        if state.withLock({ $0.timedOut }) {
            isDone = true
            abandonedAtDeadline = true
            return nil
        }
        bytesRead = read.bytesRead
        if let digest = read.digest { digestSoFar = digest }
        if case .success(let block?) = read.result, !block.isLast {
            readAhead()
        } else {
            isDone = true
        }
        return try read.result.get()
    }

    /// The SHA-256 of every byte read, in hex; call once, after the last block.
    func hexDigest() -> String {
        // An abandoned read may still be running on the queue: the digest up to the last block returned.
        if abandonedAtDeadline { return digestSoFar }
        return queue.sync { reader.hexDigest() }
    }

    /// Hands back the bytes of a block that has been merged, for a later read to fill.
    func recycle(_ bytes: [UInt8]) {
        spentLock.withLock {
            if spentBytes.count < spentKept { spentBytes.append(bytes) }
        }
    }

    private func readAhead() {
        queue.async {
            let spent = self.spentLock.withLock { self.spentBytes.popLast() } ?? []
            let result: Result<BlockReader.Block?, InputError>
            do throws(InputError) {
                // Consumed, so the read fills the spent bytes in place rather than a copy of them.
                result = .success(try self.reader.next(reusing: consume spent))
            } catch {
                result = .failure(error)
            }
            let read: Read = (result, self.reader.bytesRead, self.tracksDigest ? self.reader.hexDigest() : nil)
            let waiter = self.state.withLock { state -> CheckedContinuation<Read, Never>? in
                if state.timedOut { return nil }  // the waiter was already told
                defer { state.waiter = nil }
                if state.waiter == nil { state.ready = read }
                return state.waiter
            }
            waiter?.resume(returning: read)
        }
    }
}
