internal import CLibPCRE2

/// A PCRE2 regular expression compiled once, JIT-compiled when the platform allows, that matches
/// **whole** values: `[A-Z][0-9]{5}` accepts `A81001` and rejects `A81001X` without `^` or `$`.
///
/// Compiled code is read-only after compilation, so one instance serves every worker; each worker
/// matches through its own ``PatternMatcher``, because PCRE2's match data is per thread.
///
/// A pattern in the subset ``BytePattern`` decides exactly is also compiled to its automaton,
/// which then matches instead of PCRE2; PCRE2 still compiles it first, so errors and their
/// messages are PCRE2's whichever engine matches.
package final class CompiledPattern: @unchecked Sendable {
    /// The pattern as written in the standard.
    package let source: String
    let code: OpaquePointer
    let isJIT: Bool
    /// The byte automaton that matches instead of PCRE2, when the pattern is in its subset.
    package let automaton: BytePattern?

    /// - Parameter automaton: Whether a pattern in ``BytePattern``'s subset matches through its
    ///   automaton (the default); false keeps every value with PCRE2, for comparing the two.
    /// - Throws: ``PatternError`` with PCRE2's message and the byte offset it points at.
    package init(_ source: String, automaton: Bool = true) throws(PatternError) {
        self.source = source
        let options = hm_pcre2_options_anchored() | hm_pcre2_options_endanchored() | hm_pcre2_options_utf()
        var errorCode: Int32 = 0
        var errorOffset = 0
        let compiled: OpaquePointer? = Array(source.utf8).withUnsafeBufferPointer { bytes in
            hm_pcre2_compile(bytes.baseAddress, bytes.count, options, &errorCode, &errorOffset)
        }
        guard let compiled else {
            throw PatternError(message: Self.message(for: errorCode), offset: errorOffset)
        }
        code = compiled
        // JIT can be unavailable (some architectures, hardened kernels); the interpreter then serves.
        // `(*NO_JIT)` makes JIT compilation "succeed" with no code: ask for the code's size.
        isJIT = hm_pcre2_jit_compile(compiled) == 0 && hm_pcre2_jit_size(compiled) > 0
        self.automaton = automaton ? BytePattern.compile(source) : nil
    }

    deinit {
        hm_pcre2_code_free(code)
    }

    static func message(for errorCode: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let length = hm_pcre2_error_message(errorCode, &buffer, buffer.count)
        guard length > 0 else { return "error \(errorCode)" }
        return String(decoding: buffer[0..<Int(length)], as: UTF8.self)
    }
}

/// Why a pattern did not compile: PCRE2's own message and the byte offset in the pattern.
package struct PatternError: Error, Sendable {
    package var message: String
    package var offset: Int
}
