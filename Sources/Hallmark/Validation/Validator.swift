/// Checks tables against a ``Standard``.
///
/// ```swift
/// let standard = try Standard(contentsOfFile: "Standards/nhs/practice-prescribing.yaml")
/// let report = try await Validator(standard: standard).validate(fileAt: "prescribing.csv")
/// print(report.valid, report.totals.rows)
/// ```
public struct Validator: Sendable {
    /// Tuning for one validation.
    public struct Options: Sendable {
        /// How many examples each rule keeps (its count is always exact). Default 20.
        public var maxExamples: Int = 20
        /// Bytes read from a file at a time. Default 1 MiB.
        public var blockSize: Int = 1 << 20
        /// A record larger than this is reported and not checked, so a runaway quote cannot take
        /// all memory. Default 64 MiB.
        public var maxRecordBytes: Int = 64 << 20

        /// The defaults.
        public init() {}
    }

    /// The standard being applied.
    public let standard: Standard
    /// The options in force.
    public let options: Options
    private let compiled: CompiledStandard

    /// Prepares the standard for checking (numbering its rules, compiling its checks).
    public init(standard: Standard, options: Options = Options()) {
        self.standard = standard
        self.options = options
        compiled = CompiledStandard(standard)
    }

    /// Every rule this validator checks, in report order: table structure, then fields, then dataset.
    public var rules: [Rule] { compiled.rules }

    /// Starts a validation fed in pieces (see ``ValidationSession``).
    ///
    /// - Parameter inputName: the name to put in the report, such as the upload's file name.
    public func makeSession(inputName: String? = nil) -> ValidationSession {
        ValidationSession(compiled: compiled, options: options, inputName: inputName)
    }

    /// Validates a file, streaming it in blocks; `-` reads standard input.
    ///
    /// - Throws: ``InputError`` when the file cannot be opened or read. Problems in its content are findings.
    public func validate(fileAt path: String) async throws(InputError) -> Report {
        let source = try FileByteSource(path: path)
        let session = makeSession(inputName: path)
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: max(options.blockSize, 1), alignment: 16)
        defer { block.deallocate() }
        while true {
            let count = try source.read(into: block)
            if count == 0 { break }
            session.feed(UnsafeRawBufferPointer(rebasing: block[0..<count]))
        }
        return session.finish()
    }

    /// Validates a table held in memory.
    public func validate(bytes: [UInt8], inputName: String? = nil) -> Report {
        let session = makeSession(inputName: inputName)
        session.feed(bytes)
        return session.finish()
    }

    /// Validates a table arriving as a sequence of chunks, such as an HTTP upload body.
    public func validate<Chunks: AsyncSequence>(chunks: Chunks, inputName: String? = nil) async throws -> Report
    where Chunks.Element == [UInt8] {
        let session = makeSession(inputName: inputName)
        for try await chunk in chunks { session.feed(chunk) }
        return session.finish()
    }
}
