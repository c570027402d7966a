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
        // The CSV parser's structural scan: 64 bytes compared at a time, with AVX2 where the CPU has it.
        .target(name: "CHallmarkScan"),
        .target(
            name: "Hallmark",
            dependencies: [
                "CHallmarkScan",
                "CLibYAML",
                "CLibPCRE2",
                "CZlib",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        // A standard compiled to SQL, to check tables where they live (`hallmark sql`): a target of
        // its own, so linking `Hallmark` carries none of it.
        .target(
            name: "HallmarkSQL",
            dependencies: ["Hallmark"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "HallmarkCLI",
            dependencies: [
                "Hallmark",
                "HallmarkSQL",
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
            dependencies: ["Hallmark", "CHallmarkScan"],
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

// The feedback service: products of their own, so that linking `Hallmark` pulls in no web stack.
// HALLMARK_WITHOUT_SERVICE=1 leaves them out (scripts/sanitize and scripts/fuzz build the validator
// alone, so CI does not build the web stack three times).
if Context.environment["HALLMARK_WITHOUT_SERVICE"] == nil {
    package.products += [
        .library(name: "HallmarkService", targets: ["HallmarkService"]),
        .executable(name: "hallmark-serve", targets: ["HallmarkServe"]),
    ]
    package.dependencies += [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ]
    package.targets += [
        // The feedback service: HTTP API and pages (Hummingbird) over a store (SQLite through GRDB).
        .target(
            name: "HallmarkService",
            dependencies: [
                "Hallmark",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        // Connecting to PostgreSQL from a libpq URL: shared by the service's store and the SQL engine.
        .target(
            name: "HallmarkPostgres",
            dependencies: [.product(name: "PostgresNIO", package: "postgres-nio")],
            swiftSettings: strictSettings
        ),
        // `hallmark validate --engine postgres`: a standard's query run on a table in PostgreSQL.
        .target(
            name: "HallmarkSQLPostgres",
            dependencies: [
                "HallmarkSQL",
                "HallmarkPostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // The service's store on a shared PostgreSQL server (postgres-nio): a target of its own, so
        // the service library carries one database driver only.
        .target(
            name: "HallmarkPostgresStore",
            dependencies: [
                "HallmarkService",
                "HallmarkPostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "HallmarkServe",
            dependencies: [
                "HallmarkService",
                "HallmarkPostgresStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "HallmarkServiceTests",
            // Runs the built service over real HTTP on 127.0.0.1; `hallmark publish` too.
            dependencies: ["HallmarkService", "HallmarkPostgresStore", "HallmarkServe", "HallmarkCLI"],
            swiftSettings: strictSettings
        ),
    ]
    // The command line checks tables in PostgreSQL where the driver is built (see HallmarkSQLPostgres).
    package.targets.first { $0.name == "HallmarkCLI" }!.dependencies.append("HallmarkSQLPostgres")
}
