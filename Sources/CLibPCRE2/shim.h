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

/// Returns >= 0 on a match, PCRE2_ERROR_NOMATCH (-1) when there is none, another negative code on
/// failure (a match, depth or heap limit, or a JIT stack too small). Uses the JIT fast path when the
/// code was JIT-compiled; `context` carries the limits and the JIT stack.
static inline int hm_pcre2_match(const pcre2_code_8 *code, const unsigned char *subject, size_t length,
                                 uint32_t options, pcre2_match_data_8 *data, pcre2_match_context_8 *context, int jit) {
    if (jit) {
        return pcre2_jit_match_8(code, subject, length, 0, options, data, context);
    }
    return pcre2_match_8(code, subject, length, 0, options, data, context);
}

static inline int hm_pcre2_error_nomatch(void) { return PCRE2_ERROR_NOMATCH; }

/// The size of the JIT code: 0 when JIT compilation did not happen (`(*NO_JIT)`, no JIT support).
static inline size_t hm_pcre2_jit_size(const pcre2_code_8 *code) {
    size_t size = 0;
    if (pcre2_pattern_info_8(code, PCRE2_INFO_JITSIZE, &size) != 0) return 0;
    return size;
}

static inline pcre2_match_context_8 *hm_pcre2_match_context_create(uint32_t match_limit, uint32_t depth_limit) {
    pcre2_match_context_8 *context = pcre2_match_context_create_8(NULL);
    if (context == NULL) return NULL;
    pcre2_set_match_limit_8(context, match_limit);
    pcre2_set_depth_limit_8(context, depth_limit);
    return context;
}

static inline void hm_pcre2_match_context_free(pcre2_match_context_8 *context) { pcre2_match_context_free_8(context); }

static inline pcre2_jit_stack_8 *hm_pcre2_jit_stack_create(size_t start, size_t max) {
    return pcre2_jit_stack_create_8(start, max, NULL);
}

static inline void hm_pcre2_jit_stack_assign(pcre2_match_context_8 *context, pcre2_jit_stack_8 *stack) {
    pcre2_jit_stack_assign_8(context, NULL, stack);
}

static inline void hm_pcre2_jit_stack_free(pcre2_jit_stack_8 *stack) { pcre2_jit_stack_free_8(stack); }

static inline int hm_pcre2_error_message(int errorcode, unsigned char *buffer, size_t size) {
    return pcre2_get_error_message_8(errorcode, buffer, size);
}

static inline uint32_t hm_pcre2_options_anchored(void) { return PCRE2_ANCHORED; }
static inline uint32_t hm_pcre2_options_endanchored(void) { return PCRE2_ENDANCHORED; }
static inline uint32_t hm_pcre2_options_utf(void) { return PCRE2_UTF; }
static inline uint32_t hm_pcre2_options_no_utf_check(void) { return PCRE2_NO_UTF_CHECK; }

#endif
