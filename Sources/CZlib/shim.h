#include <zlib.h>

/// inflateInit2 is a macro; Swift cannot call it. 15 + 32: a 32 KiB window, gzip or zlib header detected.
static inline int hm_inflate_init_gzip(z_stream *stream) {
    return inflateInit2(stream, 15 + 32);
}
