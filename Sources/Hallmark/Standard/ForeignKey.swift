/// A check that each row's value of some fields appears elsewhere (an entry of `dataset:
/// foreign-keys:`): in a code list, in other columns of the same table, or in columns of another file.
///
/// A row with a missing part is not checked (`required` says whether parts may be missing).
public struct ForeignKey: Sendable {
    /// Where the referenced values are.
    public enum Reference: Sendable {
        /// A named code list (`codes: NAME`); for a key of one field.
        case codeList(String)
        /// Other fields of the same table (`fields:` with no `file:`). A row may refer to a later
        /// row, so these are resolved once the whole table is read.
        case sameTable(fields: [String])
        /// Columns of another CSV file (`file:`, `fields:` by header label or, without a header
        /// row, by position from 1, and its own `dialect:`), read when the standard loads.
        case file(path: String, columns: [String])
    }

    /// The fields that refer, in order.
    public let fields: [String]
    /// Where the values must appear.
    public let reference: Reference
    /// The finding's message; by default one that names the reference.
    public let message: String
    /// The findings' severity (`severity:`; default `error`).
    public let severity: Severity
    /// Guidance shown with the findings (`help:`).
    public let help: String?
    /// How many findings the run tolerates (`fail-if:`).
    public let threshold: Threshold?
    /// Where the entry is written.
    public let location: SourceLocation

    /// The rule id of its findings: `dataset:foreign-key:A+B`.
    public var ruleID: String { "dataset:foreign-key:\(fields.joined(separator: "+"))" }

    /// For a code list or file reference: every referenced key, as the checker builds a row's key
    /// (a ``CompositeKey``, ASCII letters upper-cased when ``foldsCase``).
    package let keys: ByteKeySet?
    /// The reference matches whatever the case of ASCII letters (a code list with `case-sensitive: false`).
    package let foldsCase: Bool

    /// For a code list or file reference: every referenced key as text, a list of its parts, in
    /// order; keys that are not valid UTF-8 are left out, as no valid text can equal them.
    package var referencedText: [[String]]? {
        guard let keys else { return nil }
        var text: [[String]] = []
        keys.forEachKey { key in
            let parts = CompositeKey.parts(of: key)
            guard parts.allSatisfy(UTF8Bytes.isValid) else { return }
            text.append(parts.map { String(decoding: $0, as: UTF8.self) })
        }
        return text.sorted { $0.lexicographicallyPrecedes($1) }
    }

    package init(
        fields: [String], reference: Reference, message: String, severity: Severity, help: String?,
        threshold: Threshold?, location: SourceLocation, keys: ByteKeySet?, foldsCase: Bool = false
    ) {
        self.fields = fields
        self.reference = reference
        self.message = message
        self.severity = severity
        self.help = help
        self.threshold = threshold
        self.location = location
        self.keys = keys
        self.foldsCase = foldsCase
    }
}
