#include "hallmark_scan.h"

#include <string.h>

void hm_scan_chunk_portable(const uint8_t *bytes, size_t length, uint8_t delimiter, uint8_t quote,
                            int has_quote, hm_scan_masks *masks) {
    uint64_t d = 0, q = 0, b = 0, n = 0;
    if (length > 64) length = 64;
    for (size_t i = 0; i < length; i++) {
        uint8_t byte = bytes[i];
        uint64_t bit = (uint64_t)1 << i;
        if (byte == delimiter) d |= bit;
        if (has_quote && byte == quote) q |= bit;
        if (byte == 0x0A || byte == 0x0D) b |= bit;
        if (byte & 0x80) n |= bit;
    }
    masks->delimiter = d;
    masks->quote = q;
    masks->line_break = b;
    masks->non_ascii = n;
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

__attribute__((target("avx2"))) static inline uint64_t hm_eq_mask(__m256i low, __m256i high, uint8_t byte) {
    __m256i wanted = _mm256_set1_epi8((char)byte);
    uint32_t lo = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(low, wanted));
    uint32_t hi = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(high, wanted));
    return (uint64_t)lo | ((uint64_t)hi << 32);
}

__attribute__((target("avx2"))) static void hm_scan_chunk_avx2(const uint8_t *bytes, size_t length,
                                                               uint8_t delimiter, uint8_t quote, int has_quote,
                                                               hm_scan_masks *masks) {
    uint8_t padded[64];
    const uint8_t *source = bytes;
    uint64_t valid = ~(uint64_t)0;
    if (length < 64) {
        // A short chunk (the end of the input) is copied out, so no load reads past it.
        memset(padded, 0, sizeof padded);
        memcpy(padded, bytes, length);
        source = padded;
        valid = ((uint64_t)1 << length) - 1;
    }
    __m256i low = _mm256_loadu_si256((const __m256i *)source);
    __m256i high = _mm256_loadu_si256((const __m256i *)(source + 32));
    masks->delimiter = hm_eq_mask(low, high, delimiter) & valid;
    masks->quote = has_quote ? hm_eq_mask(low, high, quote) & valid : 0;
    masks->line_break = (hm_eq_mask(low, high, 0x0A) | hm_eq_mask(low, high, 0x0D)) & valid;
    // A byte's top bit is what movemask collects.
    masks->non_ascii =
        ((uint64_t)(uint32_t)_mm256_movemask_epi8(low) | ((uint64_t)(uint32_t)_mm256_movemask_epi8(high) << 32)) & valid;
}

static int hm_has_avx2 = 0;

// Chosen once, before main, so the hot path reads a plain flag.
__attribute__((constructor)) static void hm_scan_choose(void) {
    __builtin_cpu_init();
    hm_has_avx2 = __builtin_cpu_supports("avx2") ? 1 : 0;
}

void hm_scan_chunk(const uint8_t *bytes, size_t length, uint8_t delimiter, uint8_t quote, int has_quote,
                   hm_scan_masks *masks) {
    if (hm_has_avx2) {
        hm_scan_chunk_avx2(bytes, length > 64 ? 64 : length, delimiter, quote, has_quote, masks);
    } else {
        hm_scan_chunk_portable(bytes, length, delimiter, quote, has_quote, masks);
    }
}

int hm_scan_is_vectorized(void) { return hm_has_avx2; }

#else

void hm_scan_chunk(const uint8_t *bytes, size_t length, uint8_t delimiter, uint8_t quote, int has_quote,
                   hm_scan_masks *masks) {
    hm_scan_chunk_portable(bytes, length, delimiter, quote, has_quote, masks);
}

int hm_scan_is_vectorized(void) { return 0; }

#endif
