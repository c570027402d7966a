internal import CLibPCRE2

/// How much work one value may cost a pattern, so one cell cannot stall a run.
package struct PatternLimits: Sendable {
    /// The longest value a pattern is run on, in bytes; longer is a limit finding.
    package var maxValueBytes: Int
    /// PCRE2's match limit: backtracking steps per value.
    package var matchLimit: UInt32
    /// PCRE2's depth limit, for the interpreter.
    package var depthLimit: UInt32
    /// The largest JIT stack, in bytes.
    package var maxJITStack: Int

    package init(
        maxValueBytes: Int = 64 << 10, matchLimit: UInt32 = 200_000, depthLimit: UInt32 = 10_000,
        maxJITStack: Int = 1 << 20
    ) {
        self.maxValueBytes = maxValueBytes
        self.matchLimit = matchLimit
        self.depthLimit = depthLimit
        self.maxJITStack = maxJITStack
    }
}

/// Matches cells against one ``CompiledPattern``, reusing its match data, limits and JIT stack for
/// every cell.
///
/// Not thread-safe: each worker owns its matchers.
package final class PatternMatcher {
    /// What matching one value found.
    package enum Outcome {
        case match, noMatch
        /// The value could not be decided within the ``PatternLimits``: never a pass, never a mismatch.
        case limit
    }

    package let pattern: CompiledPattern
    /// The pattern's byte automaton, held here so a match does not go through the pattern.
    private let automaton: BytePattern?
    private let limits: PatternLimits
    private let matchData: OpaquePointer
    private let context: OpaquePointer
    private let jitStack: OpaquePointer?

    package init(_ pattern: CompiledPattern, limits: PatternLimits = PatternLimits()) {
        self.pattern = pattern
        self.automaton = pattern.automaton
        self.limits = limits
        // Allocation failure here is an out-of-memory condition, as for any Swift allocation.
        guard let data = hm_pcre2_match_data_create(pattern.code),
            let context = hm_pcre2_match_context_create(limits.matchLimit, limits.depthLimit)
        else {
            preconditionFailure("PCRE2 could not allocate match data")
        }
        matchData = data
        self.context = context
        // The default JIT stack (32 KiB) fails patterns such as `(a|b)*` on values of a few KiB.
        jitStack = pattern.isJIT ? hm_pcre2_jit_stack_create(32 << 10, max(limits.maxJITStack, 32 << 10)) : nil
        if let jitStack { hm_pcre2_jit_stack_assign(context, jitStack) }
    }

    deinit {
        if let jitStack { hm_pcre2_jit_stack_free(jitStack) }
        hm_pcre2_match_context_free(context)
        hm_pcre2_match_data_free(matchData)
    }

    /// Whether the whole of `bytes` matches. `bytes` must be valid UTF-8: the JIT does not check,
    /// so the validator reports invalid UTF-8 before any pattern runs.
    @inline(__always)
    package func match(_ bytes: UnsafeRawBufferPointer) -> Outcome {
        guard bytes.count <= limits.maxValueBytes else { return .limit }
        if let automaton { return automaton.matches(bytes) ? .match : .noMatch }
        // PCRE2 wants a non-null subject even when it is empty.
        var empty: UInt8 = 0
        let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
        let jit: Int32 = pattern.isJIT && jitStack != nil ? 1 : 0
        let result: Int32
        if let base {
            result = hm_pcre2_match(
                pattern.code, base, bytes.count, hm_pcre2_options_no_utf_check(), matchData, context, jit)
        } else {
            result = withUnsafePointer(to: &empty) {
                hm_pcre2_match(pattern.code, $0, 0, hm_pcre2_options_no_utf_check(), matchData, context, jit)
            }
        }
        // Only "no match" is a mismatch: any other failure is a limit, reported as such.
        if result >= 0 { return .match }
        return result == hm_pcre2_error_nomatch() ? .noMatch : .limit
    }
}

@available(*, unavailable, message: "PCRE2 match data belongs to one thread; make a matcher per worker")
extension PatternMatcher: Sendable {}
