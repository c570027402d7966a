#include <zlib.h>

/// inflateInit2 is a macro; Swift cannot call it. 15 + 32: a 32 KiB window, gzip or zlib header detected.
static inline int hm_inflate_init_gzip(z_stream *stream) {
    return inflateInit2(stream, 15 + 32);
}

/// deflateInit2 is a macro too. 15 + 16: a 32 KiB window, written with a gzip header.
static inline int hm_deflate_init_gzip(z_stream *stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}
