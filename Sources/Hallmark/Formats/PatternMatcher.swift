internal import CLibPCRE2

/// Matches cells against one ``CompiledPattern``, reusing its match data for every cell.
///
/// Not thread-safe: each worker owns its matchers.
package final class PatternMatcher {
    package let pattern: CompiledPattern
    private let matchData: OpaquePointer

    package init(_ pattern: CompiledPattern) {
        self.pattern = pattern
        // Allocation failure here is an out-of-memory condition, as for any Swift allocation.
        guard let data = hm_pcre2_match_data_create(pattern.code) else {
            preconditionFailure("PCRE2 could not allocate match data")
        }
        matchData = data
    }

    deinit {
        hm_pcre2_match_data_free(matchData)
    }

    /// Whether the whole of `bytes` matches. `bytes` must be valid UTF-8: the JIT does not check,
    /// so the validator reports invalid UTF-8 before any pattern runs.
    @inline(__always)
    package func matches(_ bytes: UnsafeRawBufferPointer) -> Bool {
        // PCRE2 wants a non-null subject even when it is empty.
        var empty: UInt8 = 0
        let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
        let result: Int32
        if let base {
            result = hm_pcre2_match(
                pattern.code, base, bytes.count, hm_pcre2_options_no_utf_check(), matchData, pattern.isJIT ? 1 : 0)
        } else {
            result = withUnsafePointer(to: &empty) {
                hm_pcre2_match(pattern.code, $0, 0, hm_pcre2_options_no_utf_check(), matchData, pattern.isJIT ? 1 : 0)
            }
        }
        return result > 0
    }
}

@available(*, unavailable, message: "PCRE2 match data belongs to one thread; make a matcher per worker")
extension PatternMatcher: Sendable {}
