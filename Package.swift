// swift-tools-version:6.0
import PackageDescription
import Foundation

// Fuzzing (scripts/fuzz.sh): WENSHU_FUZZER_LIB names libFuzzer's runtime without its main
// (libclang_rt.fuzzer_no_main). Then Wenshu's own modules are compiled with coverage feedback
// (`-sanitize=fuzzer`) and the `wenshu-fuzz` executable exists; a plain build never sees either.
let fuzzerLibrary = ProcessInfo.processInfo.environment["WENSHU_FUZZER_LIB"].flatMap { $0.isEmpty ? nil : $0 }
let fuzzSwift: [SwiftSetting] = fuzzerLibrary == nil ? [] : [.unsafeFlags(["-sanitize=fuzzer"])]
let fuzzC: [CSetting] = fuzzerLibrary == nil ? [] : [.unsafeFlags(["-fsanitize=fuzzer-no-link"])]
let fuzzTargets: [Target] = fuzzerLibrary.map { library in
    [.executableTarget(name: "wenshu-fuzz", dependencies: ["CICU", "WenshuText", "WenshuAnalysis", "WenshuServer",
                                                        .product(name: "ZIPFoundation", package: "ZIPFoundation")],
                       swiftSettings: fuzzSwift, linkerSettings: [.unsafeFlags([library, "-lstdc++", "-lm"])])]
} ?? []

let package = Package(
    name: "Wenshu",
    platforms: [.macOS(.v14)],  // Hummingbird 2 needs macOS 14
    products: [
        .library(name: "WenshuText", targets: ["WenshuText"]),
        .library(name: "WenshuAnalysis", targets: ["WenshuAnalysis"]),
        .executable(name: "wenshu", targets: ["wenshu"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        // Already resolved through Hummingbird; declared because Wenshu imports them itself.
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // The system ICU, found with pkg-config (libicu-dev on Debian).
        .systemLibrary(
            name: "ICUSystem",
            path: "Sources/ICUSystem",
            pkgConfig: "icu-uc icu-i18n",
            providers: [.apt(["libicu-dev", "pkg-config"])]
        ),
        // The system libxml2 (libxml2-dev on Debian), whose streaming reader reads the XML parts of a
        // .docx: Foundation's XMLParser loses memory on every part that is not well-formed.
        .systemLibrary(
            name: "LibXML2System",
            path: "Sources/LibXML2System",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev", "pkg-config"])]
        ),
        // A thin C shim over libxml2's reader: its headers include ICU's, which Swift cannot import
        // beside Foundation's own ICU.
        .target(name: "CXML", dependencies: ["LibXML2System"], cSettings: fuzzC),
        // A thin C shim: ICU's headers rename every symbol by version, so Swift calls these wrappers.
        .target(name: "CICU", dependencies: ["ICUSystem"], cSettings: fuzzC),
        // Text layer: decoding, normalisation with offset maps, sentences, lexicons, segmentation.
        .target(name: "WenshuText", dependencies: ["CICU"], swiftSettings: fuzzSwift),
        // Analysis layer: documents, structure, checks, themes, corpus.
        .target(name: "WenshuAnalysis", dependencies: [
            "WenshuText", "CXML",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            .product(name: "Yams", package: "Yams"),
        ], swiftSettings: fuzzSwift, plugins: ["RuleRegistry"]),
        // The registry of rules and finding kinds, generated from WenshuAnalysis's sources at build
        // time: a new rule is its own file and its test (swift-format's generated registry).
        .executableTarget(name: "RuleRegistryGenerator"),
        .plugin(name: "RuleRegistry", capability: .buildTool(), dependencies: ["RuleRegistryGenerator"]),
        // The corpus archive: an embedded SQLite store (GRDB) of documents, fingerprints and term counts.
        .target(name: "WenshuStore", dependencies: [
            "WenshuAnalysis", "WenshuText",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "PostgresNIO", package: "postgres-nio"),
        ]),
        // `wenshu serve`: a local web page and JSON API over the analyzer (Hummingbird).
        .target(name: "WenshuServer", dependencies: [
            "WenshuAnalysis", "WenshuText", "WenshuStore",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: fuzzSwift),
        .executableTarget(
            name: "wenshu",
            dependencies: [
                "WenshuText", "WenshuAnalysis", "WenshuStore", "WenshuServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks live in their own executable: accuracy with the official scorer, throughput vs plain ICU.
        .executableTarget(name: "wenshu-bench", dependencies: ["WenshuText", "WenshuAnalysis", "WenshuStore", "WenshuServer", "CICU",
                                                             .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        // What the test targets share (paths, the built binary, the real pages, PostgreSQL, iconv):
        // a regular target, so no helper is copied from one test target to another.
        .target(name: "WenshuTestSupport", dependencies: ["WenshuAnalysis", "WenshuText", "WenshuStore"], path: "Tests/WenshuTestSupport"),
        .testTarget(name: "WenshuTextTests", dependencies: ["WenshuText", "CICU", "WenshuTestSupport"], exclude: ["Golden"]),
        .testTarget(name: "WenshuAnalysisTests", dependencies: ["WenshuAnalysis", "WenshuText", "WenshuTestSupport"]),
        .testTarget(name: "WenshuStoreTests", dependencies: [
            "WenshuStore", "WenshuAnalysis", "WenshuText", "WenshuServer", "WenshuTestSupport",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
        // The command-line tests: the built `wenshu` binary run as a user runs it.
        .testTarget(name: "WenshuCLITests", dependencies: [
            "WenshuAnalysis", "WenshuText", "WenshuTestSupport",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        .testTarget(name: "WenshuServerTests", dependencies: [
            "WenshuServer", "WenshuAnalysis", "WenshuText", "WenshuTestSupport",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
        ]),
    ] + fuzzTargets,
    swiftLanguageModes: [.v6]
)
