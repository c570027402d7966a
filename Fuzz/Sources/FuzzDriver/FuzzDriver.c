#include "FuzzDriver.h"

#include <stddef.h>
#include <stdint.h>

// From libFuzzer (linked by -sanitize=fuzzer) and from the harness (@_cdecl in Swift).
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int hallmark_fuzz_main(int argc, char **argv) {
    return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput);
}
