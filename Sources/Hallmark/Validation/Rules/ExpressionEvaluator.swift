/// Evaluates rule expressions on one record at a time. One per worker: it owns the PCRE2 match
/// data of `matches(…)` patterns and the scratch space of text functions, reused row after row,
/// so evaluating allocates nothing once warm.
///
/// Every expression the standard evaluates on rows and groups is compiled once, when the
/// evaluator is made (``ExpressionCompiler``). Values are three-valued: a missing cell, or one that
/// is not a valid value of its field's type (already its own finding), makes a value unknown
/// (`nil`), and unknown spreads through arithmetic, comparisons and functions; `and` and `or`
/// follow Kleene's logic (`false and unknown` is false, `true or unknown` is true). See the
/// RowRules article for the table.
struct ExpressionEvaluator {
    private let rows: RowValues
    private var state = EvaluationState()
    /// Each row rule's assertion, and its condition (`nil` for none).
    private let ruleAssertions: [ExpressionCompiler.Truth], ruleConditions: [ExpressionCompiler.Truth?]
    /// Each aggregate's assertion, and each of its values' `where:` (`nil` for none).
    private let aggregateAssertions: [ExpressionCompiler.Truth], valueGuards: [[ExpressionCompiler.Truth?]]

    init(compiled: CompiledStandard, today: TemporalKey) {
        let aggregates = compiled.standard.dataset.aggregates
        let places = aggregates.map(\.values.count).max() ?? 0
        // The fields a rule, a condition, or an aggregate's value or `where:` reads: only these are
        // loaded per row (each load is a call, and a row rule may name two fields of fifty).
        var read = Set<Int>()
        for rule in compiled.rowRules {
            read.formUnion(rule.assertion.fields)
            read.formUnion(rule.condition?.fields ?? [])
        }
        for value in aggregates.flatMap(\.values) {
            read.insert(value.fieldIndex)
            read.formUnion(value.guardExpression?.fields ?? [])
        }
        let rows = RowValues(compiled: compiled, places: places, reads: read.sorted())
        self.rows = rows
        let fields = ExpressionCompiler(
            rows: rows, types: compiled.standard.fields.map { ValueType($0.type) }, today: today,
            patternLimits: compiled.patternLimits)
        ruleAssertions = compiled.rowRules.map { fields.truth($0.assertion) }
        ruleConditions = compiled.rowRules.map { $0.condition.map(fields.truth) }
        valueGuards = aggregates.map { $0.values.map { $0.guardExpression.map(fields.truth) } }
        aggregateAssertions = aggregates.map { rule in
            // An aggregate's assertion names its values, each of the type its function gives.
            let values = ExpressionCompiler(
                rows: rows,
                types: rule.values.map {
                    ValueType($0.function.resultType(over: compiled.standard.fields[$0.fieldIndex].type))
                },
                today: today, patternLimits: compiled.patternLimits)
            return values.truth(rule.expression)
        }
        state.scratch.reserveCapacity(256)
    }

    /// Starts a record: `cell(field)` gives the cell of each field expressions read, or `nil` when
    /// the file lacks it.
    mutating func load(_ cell: (Int) -> UnsafeRawBufferPointer?) {
        state.scratch.removeAll(keepingCapacity: true)
        rows.load(cell)
    }

    /// Starts an aggregate's group: its values, by their place, stand for fields (`nil` is unknown).
    mutating func load(values: [RuleValue?]) {
        state.scratch.removeAll(keepingCapacity: true)
        rows.load(values: values)
    }

    /// A field's typed value on the loaded record; `nil` when missing or not a valid value.
    mutating func typedValue(of field: Int) -> RuleValue? {
        rows.value(of: field, &state)
    }

    /// Whether row rule `rule` (by its place in ``CompiledStandard/rowRules``) applies to the
    /// loaded record: it has no condition, or its condition is true.
    mutating func applies(rule: Int) -> Bool {
        guard let condition = ruleConditions[rule] else { return true }
        return condition(&state) == true
    }

    /// Row rule `rule`'s assertion on the loaded record: its value (`nil` for unknown), and
    /// whether a `matches(…)` in it was stopped by the pattern limits.
    mutating func assertion(rule: Int) -> (value: Bool?, undecided: Bool) {
        assertion(ruleAssertions[rule])
    }

    /// Aggregate `aggregate`'s assertion on the loaded group's values.
    mutating func assertion(aggregate: Int) -> (value: Bool?, undecided: Bool) {
        assertion(aggregateAssertions[aggregate])
    }

    /// Whether value `value` of aggregate `aggregate` takes the loaded record: it has no
    /// `where:`, or its `where:` is true.
    mutating func takes(aggregate: Int, value: Int) -> Bool {
        guard let condition = valueGuards[aggregate][value] else { return true }
        return condition(&state) == true
    }

    private mutating func assertion(_ code: ExpressionCompiler.Truth) -> (value: Bool?, undecided: Bool) {
        state.patternLimitReached = false
        let value = code(&state)
        return (value, state.patternLimitReached)
    }
}
