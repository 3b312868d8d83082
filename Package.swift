// swift-tools-version:6.1
import PackageDescription

/// Gazette: an inotify-driven ingestion daemon for OCR'd Chinese newspaper pages.
///
/// The arrows point one way: GazetteCore (pure text) ← GazetteClassifier (taxonomy and model
/// files) and GazetteStore ← GazetteDaemon ← gazette.
let package = Package(
    name: "gazette",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "gazette", targets: ["gazette"]),
        .executable(name: "gazette-fuzz", targets: ["GazetteFuzz"]),
        .executable(name: "gazette-bench", targets: ["GazetteBench"]),
        .library(name: "GazetteCore", targets: ["GazetteCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // The gazetteer's tables are in data/places and scripts/make_gazetteer.py writes them
        // in as Places/GazetteerData.swift, so Core reads no files.
        .target(name: "GazetteCore"),
        // The taxonomy and model files (TOML, the embedded defaults) and the one composition
        // of parsing and classifying a page: what `gazette parse` and the profiler need,
        // without the daemon.
        .target(
            name: "GazetteClassifier",
            dependencies: ["GazetteCore", .product(name: "TOMLKit", package: "TOMLKit")]
        ),
        .target(
            name: "GazetteStore",
            dependencies: [
                "GazetteCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                // The system SQLite's C API, for the FTS5 ranking function (SearchRank.swift).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // The store on PostgreSQL (`--store postgresql://…`): the same semantics as the SQLite one.
        .target(
            name: "GazetteStorePostgres",
            dependencies: [
                "GazetteCore",
                "GazetteStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .systemLibrary(
            name: "CSystemd",
            pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]
        ),
        // Tesseract's C API and leptonica, for reading page images (GazetteOCR). No pkgConfig:
        // tesseract.pc adds -larchive -lcurl, which would make the binary (and the .deb's
        // Depends) need libcurl and libarchive directly; libtesseract5 brings its own.
        .systemLibrary(
            name: "CTesseract",
            providers: [.apt(["libtesseract-dev", "libleptonica-dev"])]
        ),
        // Scans in: images OCR'd with tesseract, PDFs through poppler, read into Core's LayoutPage.
        .target(name: "GazetteOCR", dependencies: ["GazetteCore", "CTesseract"]),
        .target(
            name: "Systemd",
            dependencies: [
                "CSystemd",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "GazetteDaemon",
            dependencies: [
                "GazetteClassifier",
                "GazetteCore",
                "GazetteStore",
                "GazetteOCR",
                "Systemd",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        // The reading room: `gazette web`, a read-only HTML and JSON view of the store.
        .target(
            name: "GazetteWeb",
            dependencies: [
                "GazetteCore",
                "GazetteStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The benchmarks' page generator and store timings, for gazette-bench (and its tests).
        .target(name: "GazetteBenchKit", dependencies: ["GazetteCore", "GazetteStore"]),
        // The shipped executable: `serve` and the analyst's commands, nothing that measures.
        .executableTarget(
            name: "gazette",
            dependencies: [
                "GazetteClassifier",
                "GazetteCore",
                "GazetteStore",
                "GazetteStorePostgres",
                "GazetteDaemon",
                "GazetteOCR",
                "GazetteWeb",
                "Systemd",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        // The parser's libFuzzer target; built plainly it replays inputs (Tests/e2e/fuzz.sh).
        .executableTarget(name: "GazetteFuzz", dependencies: ["GazetteCore"]),
        // gazette-bench: the README's Performance figures (`make bench`), the daemon and
        // `gazette import` measured as child processes of the `gazette` built beside it, and
        // `profile`, the ingest path stage by stage for callgrind (`make profile`). Not shipped.
        .executableTarget(
            name: "GazetteBench",
            dependencies: [
                "GazetteBenchKit",
                "GazetteClassifier",
                "GazetteCore",
                "GazetteOCR",
                "GazetteStore",
                // The throwaway PostgreSQL server of `e2e --store postgres-temp`.
                "GazetteTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        // What every test target shares (temporary directories, the seed pages, the notify
        // socket, the binary and daemon-child helpers) instead of a copy each. Only tests use it.
        .target(name: "GazetteTestSupport", dependencies: ["GazetteCore"]),
        // Fixtures are read from the source tree (#filePath), not bundled.
        .testTarget(
            name: "GazetteCoreTests", dependencies: ["GazetteCore", "GazetteTestSupport"],
            exclude: ["FuzzRegressions", "Geometry/Fixtures"]
        ),
        .testTarget(name: "GazetteClassifierTests", dependencies: ["GazetteClassifier", "GazetteCore", "GazetteTestSupport"]),
        .testTarget(
            name: "GazetteStoreTests",
            dependencies: ["GazetteBenchKit", "GazetteCore", "GazetteStore", "GazetteStorePostgres", "GazetteTestSupport"]
        ),
        // The command line (`gazette`, `gazette-bench`) run as child processes.
        .testTarget(name: "GazetteCLITests", dependencies: ["GazetteCore", "GazetteStore", "GazetteTestSupport"]),
        .testTarget(
            name: "GazetteWebTests",
            dependencies: [
                "GazetteClassifier", "GazetteCore", "GazetteStore", "GazetteDaemon", "GazetteTestSupport", "GazetteWeb",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .testTarget(name: "GazetteOCRTests", dependencies: ["GazetteCore", "GazetteOCR", "GazetteTestSupport"]),
        .testTarget(
            name: "SystemdTests",
            dependencies: ["GazetteTestSupport", "Systemd", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "GazetteDaemonTests",
            dependencies: [
                "GazetteCore", "GazetteStore", "GazetteDaemon", "GazetteTestSupport", "Systemd",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
