#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif
internal import Crypto

/// Validates one table fed to it in pieces: the streaming front door for services that receive
/// uploads and never write them to disk.
///
/// ```swift
/// let session = Validator(standard: standard).makeSession(inputName: "upload.csv")
/// for try await chunk in upload { session.feed(chunk) }
/// let report = session.finish()
/// ```
///
/// Memory stays bounded by the largest record plus the keys of uniqueness checks, however much is fed.
/// A session checks on the calling task; ``Validator/validate(fileAt:)`` is the parallel path.
/// A session is used from one task at a time.
public final class ValidationSession {
    private let inputName: String?
    private var driver: PassDriver
    private var hasher = SHA256()
    private var byteCount = 0
    private let startedAt = Date()
    private let clock = ContinuousClock.now
    private var finished: Report?

    init(compiled: CompiledStandard, options: Validator.Options, inputName: String?) {
        self.inputName = inputName
        driver = PassDriver(compiled: compiled, options: options)
    }

    /// Whether ``Validator/Options/maxErrors`` has been reached: the rest of the input need not be fed.
    public var isStopped: Bool { driver.isStopped }

    /// Validates the next piece of the input.
    public func feed(_ bytes: UnsafeRawBufferPointer) {
        precondition(finished == nil, "feed(_:) after finish()")
        hasher.update(bufferPointer: bytes)
        byteCount += bytes.count
        driver.feed(bytes, isLast: false)
    }

    /// Validates the next piece of the input.
    public func feed(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { feed($0) }
    }

    /// Ends the input and returns the report. Calling it again returns the same report.
    public func finish() -> Report {
        if let finished { return finished }
        driver.feed(UnsafeRawBufferPointer(start: nil, count: 0), isLast: true)
        let report = driver.finish(input: Report.Input(path: inputName, bytes: byteCount, sha256: hasher.hexDigest()),
                                   startedAt: startedAt, duration: ContinuousClock.now - clock)
        finished = report
        return report
    }
}

@available(*, unavailable, message: "a session holds the state of one pass; feed it from one task")
extension ValidationSession: Sendable {}

extension SHA256 {
    /// The digest in lower-case hex.
    consuming func hexDigest() -> String {
        let hex = Array("0123456789abcdef".utf8)
        return String(decoding: finalize().flatMap { [hex[Int($0 >> 4)], hex[Int($0 & 0xF)]] }, as: UTF8.self)
    }
}
