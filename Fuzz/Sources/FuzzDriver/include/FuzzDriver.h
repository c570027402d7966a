// Starts libFuzzer from a harness's entry point.
//
// SwiftPM (tools version 5.5 and later) compiles an executable target's entry point as
// `<Target>_main` and links it with `--defsym main=<Target>_main`. A harness built with
// -parse-as-library has no entry point of its own, and libFuzzer's `main` is then not the one
// used, so each harness defines `<Target>_main` and calls this, which runs libFuzzer's driver on
// the harness's LLVMFuzzerTestOneInput.
#ifndef HALLMARK_FUZZ_DRIVER_H
#define HALLMARK_FUZZ_DRIVER_H

int hallmark_fuzz_main(int argc, char **argv);

#endif
