// A standard and a table together: the input is the standard's YAML, then `\n---CSV---\n` (or a
// NUL byte, whichever comes first), then the table. The standard loads with the shipped Standards/
// folder as its root, named as if it stood in Standards/nhs/, so `uses: [../uk/identifiers.yaml]` and
// the shipped code lists work and seeds can be the real standards with the real fixtures.

import FuzzDriver
import FuzzSupport
import Hallmark

private let separator = Array("\n---CSV---\n".utf8)

/// Standards/, found from this file: Fuzz/Sources/FuzzValidator/FuzzValidator.swift.
private let standardsRoot: String = {
    var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(4)
    return parts.joined(separator: "/") + "/Standards"
}()

/// One input, as libFuzzer calls it: returns 0, or stops the process on a broken invariant.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzValidator(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let input = Array(UnsafeRawBufferPointer(start: start, count: count))
    let (yaml, data) = split(input)
    let standard: Standard
    do {
        standard = try Standard(
            yaml: String(decoding: yaml, as: UTF8.self), name: "nhs/fuzz.yaml", root: standardsRoot)
    } catch {
        return 0  // FuzzStandard checks the diagnostics; here only tables matter
    }
    let validator = Validator(standard: standard)
    let report = validator.validate(bytes: data, inputName: "fuzz.csv")
    checkInvariants(report, maxExamples: validator.options.maxExamples)
    checkRendering(report)
    return 0
}

/// libFuzzer's driver, started from the entry point SwiftPM links (see FuzzDriver.h).
@_cdecl("FuzzValidator_main")
public func fuzzValidatorMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    hallmark_fuzz_main(argc, argv)
}

/// The standard and the table: split at the first separator or NUL; no table when there is neither.
private func split(_ input: [UInt8]) -> (yaml: ArraySlice<UInt8>, data: [UInt8]) {
    var index = input.startIndex
    while index < input.endIndex {
        if input[index] == 0 { return (input[..<index], Array(input[(index + 1)...])) }
        if input[index] == separator[0], input[index...].starts(with: separator) {
            return (input[..<index], Array(input[(index + separator.count)...]))
        }
        index += 1
    }
    return (input[...], [])
}
