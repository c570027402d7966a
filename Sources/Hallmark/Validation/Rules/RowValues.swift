/// A typed value as rules see it: a field's, a computed one, or an aggregate's.
enum RuleValue {
    case number(ExactNumber)
    case text(RuleText)
    case boolean(Bool)
    case temporal(TemporalKey)
}

/// Text without a `String`: a cell's or a literal's bytes, or bytes a function wrote to the
/// evaluator's scratch space (``EvaluationState/scratch``), by range.
enum RuleText {
    case bytes(UnsafeRawBufferPointer)
    case scratch(Range<Int>)
}

/// What compiled expressions change as they run, passed to them `inout`.
struct EvaluationState {
    /// Where `lower`, `upper` and `trim` write; emptied for each record.
    var scratch: [UInt8] = []
    /// A number rewritten in plain form (``NumberSyntax``).
    var numberScratch: [UInt8] = []
    /// Set when a `matches(…)` was stopped by the pattern limits.
    var patternLimitReached = false
    /// The day `year(…)` or `month(…)` last split, and its parts: a rule often asks both of one
    /// date, and rows near each other often share dates.
    private var civilDays = Int64.min
    private var civilParts = (year: 0, month: 0, day: 0)

    /// The year, month and day of a day counted from 1970-01-01.
    mutating func civil(ofDays days: Int64) -> (year: Int, month: Int, day: Int) {
        if days != civilDays {
            civilParts = GregorianCalendar.civil(fromDays: Int(days))
            civilDays = days
        }
        return civilParts
    }
}

/// The loaded record's cells, and each field's typed value, read at most once per record; or, for
/// an aggregate's assertion, the group's values, given outright.
///
/// A class whose per-record state lies in buffers at fixed addresses, so compiled expressions can
/// hold it and read a field without a Swift array's checks on each write. One per evaluator.
final class RowValues {
    private let compiled: CompiledStandard
    /// Each field's program, read in place (``CompiledStandard/programTable``, which `compiled` keeps).
    private let programs: UnsafePointer<FieldProgram>
    /// Each field's cell on the loaded record (`nil` when the file has no such column).
    private let cells: UnsafeMutableBufferPointer<UnsafeRawBufferPointer?>
    /// Each field's typed value, valid while its ``valuesRecord`` is the current record.
    private let values: UnsafeMutableBufferPointer<RuleValue?>
    private let valuesRecord: UnsafeMutableBufferPointer<Int>
    /// The current record's number, and 1 when its values were given outright.
    private let counters: UnsafeMutablePointer<Int>
    /// The fields expressions read, the only ones ``load(_:)`` loads.
    private let reads: [Int]

    /// - Parameters:
    ///   - places: how many fields, or aggregate values, expressions may name.
    ///   - reads: the fields expressions read on rows.
    init(compiled: CompiledStandard, places: Int, reads: [Int]) {
        self.compiled = compiled
        self.reads = reads
        programs = UnsafePointer(compiled.programTable.programs.baseAddress!)
        let count = max(places, compiled.standard.fields.count, 1)
        cells = .allocate(capacity: count)
        cells.initialize(repeating: nil)
        values = .allocate(capacity: count)
        values.initialize(repeating: nil)
        valuesRecord = .allocate(capacity: count)
        valuesRecord.initialize(repeating: 0)
        counters = .allocate(capacity: 2)
        counters.initialize(repeating: 0, count: 2)
    }

    deinit {
        cells.deallocate()
        values.deallocate()
        valuesRecord.deallocate()
        counters.deallocate()
    }

    /// Starts a record: `cell(field)` gives each field's cell that expressions read, or `nil` when
    /// the file lacks it.
    func load(_ cell: (Int) -> UnsafeRawBufferPointer?) {
        counters[0] += 1
        counters[1] = 0
        for field in reads { cells[field] = cell(field) }
    }

    /// Starts an aggregate's group: its values, by their place, stand for fields (`nil` is unknown).
    func load(values given: [RuleValue?]) {
        counters[0] += 1
        counters[1] = 1
        for (place, value) in given.enumerated() {
            values[place] = value
            valuesRecord[place] = counters[0]
        }
    }

    /// Whether the field has no value: a missing cell (or none), or an unknown given value.
    func isMissing(_ field: Int) -> Bool {
        if counters[1] != 0 {
            if case .none = values[field] { return true }
            return false
        }
        guard let cell = cells[field] else { return true }
        return compiled.isMissing(
            programs[field].trims ? UTF8Bytes.trimmed(cell) : cell, missingSlot: programs[field].missingSlot)
    }

    /// The field's typed value; `nil` when missing or not a valid value of its type.
    func value(of field: Int, _ state: inout EvaluationState) -> RuleValue? {
        if valuesRecord[field] == counters[0] { return values[field] }
        let value = parse(field, &state)
        values[field] = value
        valuesRecord[field] = counters[0]
        return value
    }

    private func parse(_ field: Int, _ state: inout EvaluationState) -> RuleValue? {
        guard !isMissing(field), var cell = cells[field] else { return nil }
        let program = programs + field
        if program.pointee.trims { cell = UTF8Bytes.trimmed(cell) }
        switch program.pointee.type {
        case .string:
            return .text(.bytes(cell))
        case .integer, .decimal, .number:
            if program.pointee.numberSyntaxSlot >= 0 {
                let syntax = compiled.numberSyntaxes[program.pointee.numberSyntaxSlot]
                guard syntax.plain(cell, into: &state.numberScratch) else { return nil }
                let type = program.pointee.type
                return state.numberScratch.withUnsafeBytes { Self.number($0, type) }.map { .number($0) }
            }
            return Self.number(cell, program.pointee.type).map { .number($0) }
        case .boolean:
            let values = compiled.booleanValues[program.pointee.booleanSlot]
            if values.true.contains(where: { CellText.equals(cell, $0) }) { return .boolean(true) }
            if values.false.contains(where: { CellText.equals(cell, $0) }) { return .boolean(false) }
            return nil
        case .date, .time, .datetime, .year, .yearmonth:
            let layout = program.pointee.layoutSlot >= 0 ? compiled.layouts[program.pointee.layoutSlot] : nil
            return program.pointee.temporalKind?.parse(cell, layout: layout).map { .temporal($0) }
        case .duration, .geopoint, .object, .array, .geojson, .topojson, .list, .uri, .base64:
            return compiled.shapes[program.pointee.shapeSlot].accepts(cell) ? .text(.bytes(cell)) : nil
        }
    }

    private static func number(_ bytes: UnsafeRawBufferPointer, _ type: FieldType) -> ExactNumber? {
        switch type {
        case .integer: return IntegerSyntax.parse(bytes).map { ExactNumber($0) }
        case .decimal: return ExactNumber.parse(bytes)  // the grammar of DecimalNumber.scan
        default: return FloatSyntax.parse(bytes).map { .approximate($0) }
        }
    }
}
