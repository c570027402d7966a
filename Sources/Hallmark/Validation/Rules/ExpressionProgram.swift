/// Rule expressions compiled for evaluation: the nodes of every expression in one flat buffer,
/// each operand by its index, and text literals as bytes in one pool.
///
/// An ``Expression`` is an indirect enum, and walking one retains and releases a box per node
/// visited; a literal in it is a `String`. Walking this touches neither. Immutable once built;
/// the buffers live as long as the program.
final class ExpressionProgram {
    /// One node; operands are indices into ``nodes``, lists of them ranges of ``operands``.
    enum Node {
        case number(ExactNumber)
        /// A literal's bytes in ``literals``.
        case text(Range<Int>)
        case boolean(Bool)
        case temporal(TemporalKey)
        case today
        case field(Int)
        /// `FIELD is missing`, answered from the cell without reading its value.
        case fieldIsMissing(Int, negated: Bool)
        case negate(Int)
        case not(Int)
        case arithmetic(Expression.ArithmeticOperator, Int, Int)
        case compare(Expression.ComparisonOperator, Int, Int)
        case and(Int, Int)
        case or(Int, Int)
        case isMissing(Int, negated: Bool)
        case contained(Int, items: Range<Int>, negated: Bool)
        case conditional(Int, Int, Int)
        case call(ExpressionFunction, arguments: Range<Int>)
        /// The pattern by its place in ``patterns``.
        case matches(Int, pattern: Int)
    }

    let nodes: UnsafeMutableBufferPointer<Node>
    let operands: UnsafeMutableBufferPointer<Int>
    let literals: UnsafeMutableRawBufferPointer
    /// The pattern of each `matches(…)`, in the order of the expressions' nodes.
    let patterns: [CompiledPattern]
    /// Each given expression's root node, in the order given.
    let roots: [Int]

    init(_ expressions: [Expression]) {
        var builder = Builder()
        roots = expressions.map { builder.add($0) }
        patterns = builder.patterns
        nodes = .allocate(capacity: builder.nodes.count)
        _ = nodes.initialize(from: builder.nodes)
        operands = .allocate(capacity: builder.operands.count)
        _ = operands.initialize(from: builder.operands)
        literals = .allocate(byteCount: builder.literals.count, alignment: 1)
        literals.copyBytes(from: builder.literals)
    }

    deinit {
        nodes.deallocate()
        operands.deallocate()
        literals.deallocate()
    }

    private struct Builder {
        var nodes: [Node] = []
        var operands: [Int] = []
        var literals: [UInt8] = []
        var patterns: [CompiledPattern] = []

        /// Adds the expression's operands, then the expression; returns its node's index.
        mutating func add(_ expression: Expression) -> Int {
            let node: Node
            switch expression {
            case .number(let value): node = .number(value)
            case .text(let value):
                let start = literals.count
                literals += value.utf8
                node = .text(start..<literals.count)
            case .boolean(let value): node = .boolean(value)
            case .temporal(let value): node = .temporal(value)
            case .today: node = .today
            case .field(let index): node = .field(index)
            case .negate(let inner): node = .negate(add(inner))
            case .not(let inner): node = .not(add(inner))
            case .arithmetic(let operation, let a, let b): node = .arithmetic(operation, add(a), add(b))
            case .compare(let operation, let a, let b): node = .compare(operation, add(a), add(b))
            case .and(let a, let b): node = .and(add(a), add(b))
            case .or(let a, let b): node = .or(add(a), add(b))
            case .isMissing(.field(let index), let negated): node = .fieldIsMissing(index, negated: negated)
            case .isMissing(let inner, let negated): node = .isMissing(add(inner), negated: negated)
            case .contained(let inner, let items, let negated):
                node = .contained(add(inner), items: list(items), negated: negated)
            case .conditional(let test, let then, let otherwise):
                node = .conditional(add(test), add(then), add(otherwise))
            case .call(let function, let arguments): node = .call(function, arguments: list(arguments))
            case .matches(let inner, let pattern):
                patterns.append(pattern)
                node = .matches(add(inner), pattern: patterns.count - 1)
            }
            nodes.append(node)
            return nodes.count - 1
        }

        /// Adds each expression, then their indices side by side in ``operands``.
        private mutating func list(_ expressions: [Expression]) -> Range<Int> {
            let indices = expressions.map { add($0) }
            let start = operands.count
            operands += indices
            return start..<operands.count
        }
    }
}
