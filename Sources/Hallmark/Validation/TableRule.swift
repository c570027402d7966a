/// Every table-structure rule, which apply whatever the standard says.
package enum TableRule: String, CaseIterable {
    case empty = "empty-file"
    case blankLabel = "blank-label"
    case duplicateLabel = "duplicate-label"
    case missingLabel = "missing-label"
    case extraLabel = "extra-label"
    case labelOrder = "label-order"
    case blankRow = "blank-row"
    case extraCell = "extra-cell"
    case missingCell = "missing-cell"
    case invalidUTF8 = "invalid-utf8"
    case unterminatedQuote = "unterminated-quote"
    case strayQuote = "stray-quote"
    case oversizedRecord = "oversized-record"
    case lineEnding = "line-ending"
    // Later additions go last: a rule's number is its place in this list.
    case labelSpelling = "label-spelling"
    case longFooter = "long-footer"

    /// Each table rule's rule number: its place in declaration order.
    static let number = Dictionary(uniqueKeysWithValues: allCases.enumerated().map { ($1, $0) })

    var severity: Severity {
        switch self {
        case .blankRow, .strayQuote, .lineEnding: return .warning
        default: return .error
        }
    }

    var message: String {
        switch self {
        case .empty: return "the file is empty; a header row was expected"
        case .blankLabel: return "every column needs a header label"
        case .duplicateLabel: return "header labels must be unique; later columns with a repeated label are not checked"
        case .missingLabel: return "a column the standard requires is absent from the header"
        case .extraLabel: return "the header has a column the standard does not define"
        case .labelOrder: return "the header's columns are not in the standard's order"
        case .blankRow: return "the row is blank"
        case .extraCell:
            return
                "the row has more cells than the table has columns (its header, or the standard's fields when it has none)"
        case .missingCell:
            return
                "the row has fewer cells than the table has columns (its header, or the standard's fields when it has none)"
        case .invalidUTF8:
            return "the cell is not valid text: bytes that are not UTF-8 (see the hints for another encoding), "
                + "or in a UTF-16 file a lone surrogate or an odd last byte"
        case .unterminatedQuote: return "a quoted cell is never closed; the rest of the file was read into it"
        case .strayQuote: return "a quote character stands inside an unquoted cell or after a closing quote"
        case .oversizedRecord: return "the record is larger than the reader's limit; it was not checked"
        case .lineEnding: return "the record ends with a different line ending from the one the standard requires"
        case .labelSpelling:
            return
                "a header label differs from its field's name in case or spacing; the column is checked as that field"
        case .longFooter:
            return
                "the footer runs for more rows than the standard's footer max-rows: a row mid-table matched the footer "
                + "pattern, and the rows after it were not checked"
        }
    }
}
