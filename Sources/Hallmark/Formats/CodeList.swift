/// A list of allowed codes: inline under `codelists:` or a field's `values:`, or a column of a CSV file.
public struct CodeList: Sendable {
    /// The name fields refer to (`codes: NAME`); for a field's inline `values:`, the field's name.
    public let name: String
    /// The codes in the order they were given.
    public let codes: [String]
    /// Where the list is defined.
    public let location: SourceLocation

    package let set: ByteKeySet

    package init(name: String, codes: [String], location: SourceLocation) {
        self.name = name
        self.codes = codes
        self.location = location
        var set = ByteKeySet(minimumCapacity: codes.count)
        for code in codes { set.insert(Array(code.utf8)) }
        self.set = set
    }

    /// The list for messages: all of a short list, the first few of a long one.
    var summary: String {
        let shown = codes.prefix(8).joined(separator: ", ")
        return codes.count > 8 ? "\(shown), … (\(codes.count) codes)" : shown
    }
}
