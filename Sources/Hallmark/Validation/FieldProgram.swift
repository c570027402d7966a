/// Which checks one field's cells get: rule numbers, or -1 where the field has no such check.
/// ``CompiledStandard/programs`` holds one per field, in the standard's order, so a program's index is its field's.
///
/// Plain data only (numbers and slots into ``CompiledStandard``'s side tables), so it can live in
/// a ``FieldProgramTable``, where the hot path reads it in place, and a copy costs no reference
/// counting.
package struct FieldProgram: Sendable {
    let type: FieldType
    /// The kind of date or time, for temporal types.
    let temporalKind: TemporalKind?
    let isSensitive: Bool
    var required = -1, typeRule = -1, lower = -1, upper = -1, scale = -1
    var minLength = -1, maxLength = -1, pattern = -1, values = -1, codes = -1, format = -1, unique = -1
    /// The rule for a value a pattern (the field's own or its format's) could not decide within the limits.
    var patternLimit = -1
    var patternSlot = -1, formatPatternSlot = -1, formatSlot = -1, valuesSlot = -1, codesSlot = -1
    var layoutSlot = -1, booleanSlot = -1, uniqueSet = -1
    /// Copied from the format so the hot path need not touch ``IdentifierFormat`` (which holds references).
    var formatChecksum: Checksum?
    var formatNormalizes = false
    var lowerBound = HotBound.none, upperBound = HotBound.none
    var lowerIsExclusive = false, upperIsExclusive = false
    var maximumScale = -1, minimumLength = -1, maximumLength = -1
    /// Values are checked without leading and trailing spaces (`trim:`).
    var trims = false
    /// The `whitespace` rule: leading or trailing spaces are a finding.
    var whitespace = -1
    /// A slot in ``CompiledStandard/numberSyntaxes`` when numbers are not written plainly.
    var numberSyntaxSlot = -1
    /// `values` compare what numbers, dates and times mean (``LogicalValue``), not their text.
    var valuesByMeaning = false
    /// Keys compare the value's canonical spelling (``LogicalValue``): it can be written several ways.
    var keysByMeaning = false
    /// A slot in ``CompiledStandard/fieldMissingValues`` when the field has its own `missing:`.
    var missingSlot = -1
    /// A slot in ``CompiledStandard/shapes``, for structured types.
    var shapeSlot = -1

    /// Whether a cell that passed this field's checks may stand for the equal cells after it
    /// (``PassedCells``): checking the field does more than see whether a cell is missing, and
    /// does nothing a repeat must do again (a `unique` field logs every cell's key).
    var remembersPassedCells: Bool {
        uniqueSet < 0
            && (type != .string || formatSlot >= 0 || codesSlot >= 0 || valuesSlot >= 0 || patternSlot >= 0
                || minimumLength >= 0 || maximumLength >= 0)
    }

    init(type: FieldType, isSensitive: Bool) {
        self.type = type
        temporalKind = type.temporalKind
        self.isSensitive = isSensitive
    }
}

/// Field programs at a stable address, so the hot path can read one where it lies (copying one per
/// cell, a few hundred bytes, was a tenth of a pass's time). Read-only once made.
package final class FieldProgramTable: @unchecked Sendable {
    let programs: UnsafeMutableBufferPointer<FieldProgram>

    init(_ programs: [FieldProgram]) {
        // One more than needed, so a standard without fields still has an address.
        self.programs = .allocate(capacity: programs.count + 1)
        _ = self.programs.initialize(from: programs)
    }

    deinit {
        programs.deallocate()
    }
}

/// A uniqueness check: a `unique` field (one field) or the primary key (its fields, in key order).
package struct KeySet: Sendable {
    let rule: Int
    let fields: [Int]
    let isPrimaryKey: Bool
    /// The key is the whole record, every cell in file order (`duplicate-rows: true`).
    var isWholeRow = false
    /// What the set is for: uniqueness, or one side of a foreign key within the table.
    var role = Role.unique
    /// Values are shown masked whatever their field: a foreign key that refers to a sensitive field
    /// would otherwise show a value equal to a sensitive one.
    var masksValues = false

    enum Role: Sendable, Equatable {
        /// A key seen twice is a duplicate.
        case unique
        /// The values foreign key N (in ``DatasetSpec/foreignKeys``) refers to.
        case referenced(Int)
        /// The values of foreign key N that must appear among its referenced ones.
        case referring(Int)
    }

    /// Whether the key has several parts, stored as a ``CompositeKey`` and shown `NAME=value, …`.
    var isComposite: Bool { isPrimaryKey || fields.count > 1 || role != .unique }

    /// Whether reports show the key as `NAME=value, …` (a primary key, or several fields) rather
    /// than the value alone.
    var namesParts: Bool { isPrimaryKey || fields.count > 1 }
}

/// A foreign key the checker looks up row by row, in a code list or another file's keys.
package struct ForeignKeyLookup: Sendable {
    let rule: Int
    /// The referring fields, in order.
    let fields: [Int]
    /// Every referenced key (see ``ForeignKey/keys``), frozen for lookups on the hot path.
    let keys: FrozenKeySet
    /// Keys are compared with ASCII letters upper-cased.
    let foldsCase: Bool
}

/// A bound in the form the hot path compares against.
enum HotBound: Sendable {
    case none
    case integer(Int64)
    case number(Double)
    case temporal(TemporalKey)
    /// A slot in ``CompiledStandard/decimalBounds``.
    case decimal(Int)
}
