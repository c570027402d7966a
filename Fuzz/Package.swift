// swift-tools-version: 6.1
// libFuzzer harnesses for Hallmark's public API: see Fuzz/README.md. Build and run them with
// `scripts/fuzz`, which builds with `-sanitize=fuzzer,address -parse-as-library`; without those
// flags the executables do not link (libFuzzer supplies the driver).
import PackageDescription

let hallmark: Target.Dependency = .product(name: "Hallmark", package: "Hallmark")

/// One harness: `Sources/NAME/NAME.swift`, defining LLVMFuzzerTestOneInput and `NAME_main`.
func harness(_ name: String) -> Target {
    .executableTarget(name: name, dependencies: ["FuzzDriver", "FuzzSupport", hallmark])
}

let package = Package(
    name: "HallmarkFuzz",
    dependencies: [
        .package(name: "Hallmark", path: "..")
    ],
    targets: [
        // Starts libFuzzer's driver from the entry point SwiftPM links (see its header).
        .target(name: "FuzzDriver"),
        // Invariants, report comparison and small helpers shared by the harnesses.
        .target(name: "FuzzSupport", dependencies: [hallmark]),
        harness("FuzzStandard"),
        harness("FuzzCSVReader"),
        harness("FuzzValidator"),
        harness("FuzzParallel"),
    ]
)
