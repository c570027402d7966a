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

    /// Whether codes have dates they are in force between (`valid-from:` / `valid-to:` columns).
    public var hasValidity: Bool { !validity.isEmpty }

    /// The codes, ASCII upper-cased when the list is case-insensitive: looked up without building a `String`.
    package let set: ByteKeySet
    /// For lists with validity: each code's periods in force, by the code's place in ``set``.
    /// `nil` ends are open; `to` is the last day in force.
    package let validity: [Int: [(from: TemporalKey?, to: TemporalKey?)]]

    /// - Parameter keys: what is looked up for each code, when not the code itself (a numeric
    ///   field's `values` in their ``LogicalValue`` spelling).
    package init(
        name: String, codes: [String], labels: [String]? = nil, caseSensitive: Bool = true,
        periods: [(from: TemporalKey?, to: TemporalKey?)]? = nil, location: SourceLocation, keys: [[UInt8]]? = nil
    ) {
        self.name = name
        self.codes = codes
        self.labels = labels
        isCaseSensitive = caseSensitive
        self.location = location
        var set = ByteKeySet(minimumCapacity: codes.count)
        var validity: [Int: [(from: TemporalKey?, to: TemporalKey?)]] = [:]
        for (index, code) in codes.enumerated() {
            let key =
                keys?[index] ?? (caseSensitive ? Array(code.utf8) : Array(code.utf8).map(Normalization.upper))
            set.insert(key)
            if let periods, let place = key.withUnsafeBytes({ set.find($0) }) {
                validity[place, default: []].append(periods[index])
            }
        }
        self.set = set
        self.validity = validity
    }

    /// Where `cell` is stored in ``set`` (the same for every spelling of one code), or `nil` when it is
    /// not a code. `scratch` holds the upper-cased copy a case-insensitive list needs.
    @inline(__always)
    package func place(of cell: UnsafeRawBufferPointer, scratch: inout [UInt8]) -> Int? {
        if isCaseSensitive { return set.find(cell) }
        scratch.removeAll(keepingCapacity: true)
        for byte in cell { scratch.append(Normalization.upper(byte)) }
        return scratch.withUnsafeBytes { set.find($0) }
    }

    /// Whether the code stored at `place` was in force at `moment` (a `valid-to` date counts whole).
    package func isInForce(place: Int, at moment: TemporalKey) -> Bool {
        guard let periods = validity[place] else { return true }
        return periods.contains { period in
            (period.from.map { moment >= $0 } ?? true)
                && (period.to.map { moment.seconds < $0.seconds + 86_400 } ?? true)
        }
    }

    /// The list for messages: all of a short list, the first few of a long one.
    var summary: String {
        let shown = codes.prefix(8).joined(separator: ", ")
        let listed = codes.count > 8 ? "\(shown), … (\(codes.count) codes)" : shown
        return isCaseSensitive ? listed : listed + ", in any case"
    }
}
