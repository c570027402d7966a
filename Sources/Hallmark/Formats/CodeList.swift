/// A list of allowed codes: inline under `codelists:` or a field's `values:`, or a column of a CSV file.
public struct CodeList: Sendable {
    /// The name fields refer to (`codes: NAME`); for a field's inline `values:`, the field's name.
    public let name: String
    /// The codes in the order they were given.
    public let codes: [String]
    /// A label per code (from the file's `label:` column), when the list has one.
    public let labels: [String]?
    /// When `false`, a cell matches a code whatever the case of its ASCII letters.
    public let isCaseSensitive: Bool
    /// Where the list is defined.
    public let location: SourceLocation

    /// The codes, ASCII upper-cased when the list is case-insensitive: looked up without building a `String`.
    package let set: ByteKeySet

    package init(name: String, codes: [String], labels: [String]? = nil, caseSensitive: Bool = true, location: SourceLocation) {
        self.name = name
        self.codes = codes
        self.labels = labels
        isCaseSensitive = caseSensitive
        self.location = location
        var set = ByteKeySet(minimumCapacity: codes.count)
        for code in codes { set.insert(caseSensitive ? Array(code.utf8) : Array(code.utf8).map(Normalization.upper)) }
        self.set = set
    }

    /// Whether `cell` is one of the codes; `scratch` holds the upper-cased copy a case-insensitive list needs.
    @inline(__always)
    package func contains(_ cell: UnsafeRawBufferPointer, scratch: inout [UInt8]) -> Bool {
        if isCaseSensitive { return set.contains(cell) }
        scratch.removeAll(keepingCapacity: true)
        for byte in cell { scratch.append(Normalization.upper(byte)) }
        return scratch.withUnsafeBytes { set.contains($0) }
    }

    /// The list for messages: all of a short list, the first few of a long one.
    var summary: String {
        let shown = codes.prefix(8).joined(separator: ", ")
        let listed = codes.count > 8 ? "\(shown), … (\(codes.count) codes)" : shown
        return isCaseSensitive ? listed : listed + ", in any case"
    }
}
