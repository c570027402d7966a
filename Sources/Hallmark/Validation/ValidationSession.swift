internal import Crypto

#if canImport(FoundationEssentials)
    internal import FoundationEssentials
#else
    internal import Foundation
#endif

/// Validates one table fed to it in blocks of any size: the streaming front door for services
/// that receive uploads and never write them to disk.
///
/// ```swift
/// let session = Validator(standard: standard).makeSession(inputName: "upload.csv")
/// for try await block in upload { session.feed(block) }
/// let report = session.finish()
/// ```
///
/// Memory stays bounded by the largest record plus the keys of uniqueness checks, however much is fed.
/// A session checks on the calling task; ``Validator/validate(fileAt:rows:)`` is the parallel path.
/// A session is used from one task at a time.
public final class ValidationSession {
    private let inputName: String?
    private var driver: PassDriver
    private var hasher = SHA256()
    private var byteCount = 0
    private let startedAt = Date()
    private let clock = ContinuousClock.now
    private var finished: Report?
    /// Turns input in another encoding into UTF-8 before it is parsed.
    private var transcoder: Transcoder?
    private var text: [UInt8] = []

    init(compiled: CompiledStandard, options: Validator.Options, inputName: String?, rows: (any RowSink)?) {
        self.inputName = inputName
        driver = PassDriver(compiled: compiled, options: options, rows: rows)
        transcoder = Transcoder(compiled.standard.table.dialect.encoding)
    }

    /// Whether ``Validator/Options/maxErrors`` has been reached: the rest of the input need not be fed.
    public var isStopped: Bool { driver.isStopped }

    /// Validates the next block of the input: an `[UInt8]`, a `Data`, an `ArraySlice<UInt8>`, a
    /// NIO `ByteBufferView`… Contiguous storage is read in place; other collections are copied once.
    public func feed(_ bytes: some Collection<UInt8>) {
        precondition(finished == nil, "feed(_:) after finish()")
        let fed: Void? = bytes.withContiguousStorageIfAvailable { feed(UnsafeRawBufferPointer($0)) }
        if fed == nil { Array(bytes).withUnsafeBytes { feed($0) } }
    }

    private func feed(_ bytes: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: bytes)
        byteCount += bytes.count
        guard var transcoder else {
            driver.feed(bytes, isLast: false)
            return
        }
        text.removeAll(keepingCapacity: true)
        transcoder.transcode(bytes, into: &text)
        self.transcoder = transcoder
        text.withUnsafeBytes { driver.feed($0, isLast: false) }
    }

    /// Ends the input and returns the report. Calling it again returns the same report.
    public func finish() -> Report {
        if let finished { return finished }
        text.removeAll(keepingCapacity: true)
        transcoder?.finish(into: &text)
        text.withUnsafeBytes { driver.feed($0, isLast: true) }
        let report = driver.finish(
            input: Report.Input(path: inputName, bytes: byteCount, sha256: hasher.hexDigest()),
            startedAt: startedAt, since: clock)
        finished = report
        return report
    }
}

@available(*, unavailable, message: "a session holds the state of one pass; feed it from one task")
extension ValidationSession: Sendable {}
