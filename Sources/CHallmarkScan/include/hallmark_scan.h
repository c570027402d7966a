// Structural scanning of CSV bytes, 64 at a time: the byte comparisons the Swift parser's fast path
// builds on (Sources/Hallmark/Reading/CSVRecordScan.swift). AVX2 where the CPU has it, chosen
// once at load; a portable loop everywhere else, giving the same masks. Also the one memory hint
// Swift cannot give (a prefetch), for the key tables' probes.
#ifndef HALLMARK_SCAN_H
#define HALLMARK_SCAN_H

#include <stddef.h>
#include <stdint.h>

/// Where four kinds of byte are in a chunk of at most 64 bytes: bit i is byte i. Bits at and past
/// the chunk's length are zero.
typedef struct {
    uint64_t delimiter;
    uint64_t quote;
    /// CR and LF.
    uint64_t line_break;
    /// Bytes past ASCII (0x80 and up): a record without any needs no UTF-8 validation.
    uint64_t non_ascii;
} hm_scan_masks;

/// Fills `masks` for `bytes[0..<length]`, `length` at most 64. With `has_quote` zero, `quote` is
/// ignored and its mask is zero.
void hm_scan_chunk(const uint8_t *bytes, size_t length, uint8_t delimiter, uint8_t quote, int has_quote,
                   hm_scan_masks *masks);

/// Whether ``hm_scan_chunk`` uses vector instructions on this CPU (for the benchmark to say).
int hm_scan_is_vectorized(void);

/// The portable loop, whatever the CPU: for the test that the two agree.
void hm_scan_chunk_portable(const uint8_t *bytes, size_t length, uint8_t delimiter, uint8_t quote,
                            int has_quote, hm_scan_masks *masks);

/// Asks the processor to start loading the cache line at `address`, to be written soon: for the key
/// tables, whose probes otherwise wait on memory once a table outgrows the caches. Only a hint; it
/// never faults, whatever the address.
static inline void hm_prefetch_for_write(const void *address) { __builtin_prefetch(address, 1, 3); }

#endif
