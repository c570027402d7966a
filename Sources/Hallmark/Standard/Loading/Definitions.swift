/// Formats and code lists visible by name, each remembering where it was defined so that one
/// file reached twice (a diamond of `uses`) is not mistaken for two definitions.
struct Definitions {
    var formats: [String: (format: IdentifierFormat, origin: SourceLocation)] = [:]
    var codeLists: [String: (list: CodeList, origin: SourceLocation)] = [:]

    mutating func merge(_ other: Definitions, diagnostics: inout Diagnostics) {
        for (name, entry) in other.formats {
            if let existing = formats[name], existing.origin != entry.origin {
                diagnostics.add(
                    .invalidValue,
                    "format \(TextExcerpt.quoted(name)) is defined twice: here and at \(existing.origin)",
                    at: entry.origin
                )
                continue
            }
            formats[name] = entry
        }
        for (name, entry) in other.codeLists {
            if let existing = codeLists[name], existing.origin != entry.origin {
                diagnostics.add(
                    .invalidValue,
                    "code list \(TextExcerpt.quoted(name)) is defined twice: here and at \(existing.origin)",
                    at: entry.origin)
                continue
            }
            codeLists[name] = entry
        }
    }
}
