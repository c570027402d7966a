/// Cuts the input the pass has parsed into the header and each data row's bytes, and hands them
/// with their verdicts to a ``RowSink``, in input order.
///
/// Input arrives in pieces (blocks, or whatever a session is fed), and a record may span several:
/// the bytes of a record not yet ended are carried from one piece to the next. Lines above the
/// header are never taken in.
struct RowSplitter {
    let sink: any RowSink
    let rules: [Rule]
    /// Bytes of the record in progress from earlier pieces.
    private var carry: [UInt8] = []
    /// Where, in the current piece, the bytes not yet handed on or carried begin; `nil` while the
    /// piece is not table (lines above the header).
    private var cursor: Int?

    init(sink: any RowSink, rules: [Rule]) {
        self.sink = sink
        self.rules = rules
    }

    /// The table's bytes start at `offset` of the current piece.
    mutating func begin(at offset: Int) {
        cursor = offset
    }

    /// The header row ends at `end` of the current piece.
    mutating func takeHeader(_ bytes: UnsafeRawBufferPointer, endingAt end: Int) {
        let start = cursor ?? 0
        let sink = sink
        withRecord(bytes, from: start, to: end) { sink.takeHeader($0) }
        cursor = end
    }

    /// Hands on the rows `verdicts` describes, which end within the current piece.
    mutating func take(_ judged: (verdicts: RowVerdicts, origin: BlockOrigin), in bytes: UnsafeRawBufferPointer) {
        let verdicts = judged.verdicts
        let sink = sink
        for index in 0..<verdicts.count {
            let start = cursor ?? 0
            let end = verdicts.end(of: index)
            cursor = end
            guard verdicts.kind(of: index) != .notData else {
                carry.removeAll(keepingCapacity: true)
                continue
            }
            var ids: [String] = []
            for rule in verdicts.rules(of: index) where !ids.contains(rules[Int(rule)].id) {
                ids.append(rules[Int(rule)].id)
            }
            withRecord(bytes, from: start, to: end) { record in
                sink.take(
                    JudgedRow(
                        row: judged.origin.row(index + 1), line: judged.origin.line(verdicts.line(of: index)),
                        bytes: record, ruleIDs: ids))
            }
        }
    }

    /// The current piece is done: what is left of it belongs to a record that goes on.
    mutating func end(_ bytes: UnsafeRawBufferPointer, at offset: Int? = nil) {
        if let cursor {
            let end = offset ?? bytes.count
            if end > cursor { carry.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[cursor..<end])) }
        }
        cursor = nil
    }

    /// Calls `body` with the carried bytes followed by `bytes[start..<end]`, then forgets the carry.
    private mutating func withRecord(
        _ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int, _ body: (UnsafeRawBufferPointer) -> Void
    ) {
        let piece = UnsafeRawBufferPointer(rebasing: bytes[start..<max(start, end)])
        if carry.isEmpty {
            body(piece)
            return
        }
        carry.append(contentsOf: piece)
        carry.withUnsafeBytes(body)
        carry.removeAll(keepingCapacity: true)
    }
}
