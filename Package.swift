// swift-tools-version: 6.1
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Hallmark",
    products: [
        .library(name: "Hallmark", targets: ["Hallmark"]),
        .executable(name: "hallmark", targets: ["HallmarkCLI"]),
        .executable(name: "checksum-benchmark", targets: ["ChecksumBenchmark"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // libyaml, from the system (Debian: libyaml-dev). Prefixed so it cannot clash with Yams' `CYaml`.
        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        // PCRE2 (8-bit code units) with its JIT, for `pattern:` (Debian: libpcre2-dev).
        .systemLibrary(
            name: "CLibPCRE2",
            pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"]), .brew(["pcre2"])]
        ),
        // zlib, for `.gz` input decompressed on the fly and `.gz` row files written (Debian: zlib1g-dev).
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        .target(
            name: "Hallmark",
            dependencies: [
                "CLibYAML",
                "CLibPCRE2",
                "CZlib",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "HallmarkCLI",
            dependencies: [
                "Hallmark",
                "CZlib",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        // The per-cell cost of each checksum (see Benchmarks/run.sh).
        .executableTarget(
            name: "ChecksumBenchmark",
            dependencies: ["Hallmark"],
            path: "Benchmarks/ChecksumBenchmark",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "HallmarkTests",
            dependencies: ["Hallmark"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "HallmarkCLITests",
            // Runs the built binary; the dependency makes `swift test` build it first.
            dependencies: ["HallmarkCLI"],
            swiftSettings: strictSettings
        ),
    ]
)
