#ifndef HALLMARK_CLIBPCRE2_SHIM_H
#define HALLMARK_CLIBPCRE2_SHIM_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

// PCRE2's public names are macros that paste the code-unit width onto the real symbol
// (pcre2_compile -> pcre2_compile_8). Swift cannot call function-like macros, so these
// inline wrappers give it real functions.

static inline pcre2_code_8 *hm_pcre2_compile(const unsigned char *pattern, size_t length, uint32_t options,
                                             int *errorcode, size_t *erroroffset) {
    return pcre2_compile_8(pattern, length, options, errorcode, erroroffset, NULL);
}

static inline int hm_pcre2_jit_compile(pcre2_code_8 *code) {
    return pcre2_jit_compile_8(code, PCRE2_JIT_COMPLETE);
}

static inline void hm_pcre2_code_free(pcre2_code_8 *code) { pcre2_code_free_8(code); }

static inline pcre2_match_data_8 *hm_pcre2_match_data_create(pcre2_code_8 *code) {
    return pcre2_match_data_create_from_pattern_8(code, NULL);
}

static inline void hm_pcre2_match_data_free(pcre2_match_data_8 *data) { pcre2_match_data_free_8(data); }

/// Returns > 0 on a match, PCRE2_ERROR_NOMATCH (-1) when there is none, another negative code on failure.
/// Uses the JIT fast path when the code was JIT-compiled.
static inline int hm_pcre2_match(const pcre2_code_8 *code, const unsigned char *subject, size_t length,
                                 uint32_t options, pcre2_match_data_8 *data, int jit) {
    if (jit) {
        return pcre2_jit_match_8(code, subject, length, 0, options, data, NULL);
    }
    return pcre2_match_8(code, subject, length, 0, options, data, NULL);
}

static inline int hm_pcre2_error_message(int errorcode, unsigned char *buffer, size_t size) {
    return pcre2_get_error_message_8(errorcode, buffer, size);
}

static inline uint32_t hm_pcre2_options_anchored(void) { return PCRE2_ANCHORED; }
static inline uint32_t hm_pcre2_options_endanchored(void) { return PCRE2_ENDANCHORED; }
static inline uint32_t hm_pcre2_options_utf(void) { return PCRE2_UTF; }
static inline uint32_t hm_pcre2_options_no_utf_check(void) { return PCRE2_NO_UTF_CHECK; }

#endif
