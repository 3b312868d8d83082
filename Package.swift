// swift-tools-version:6.1
import PackageDescription

/// Gazette: an inotify-driven ingestion daemon for OCR'd Chinese newspaper pages.
///
/// The arrows point one way: GazetteCore (pure text) ← GazetteStore ← GazetteDaemon ← gazette.
let package = Package(
    name: "gazette",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "gazette", targets: ["gazette"]),
        .executable(name: "gazette-fuzz", targets: ["GazetteFuzz"]),
        .executable(name: "gazette-profile", targets: ["GazetteProfile"]),
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
    ],
    targets: [
        .target(
            name: "GazetteCore",
            exclude: ["Places/gazetteer.tsv", "Places/word_guards.tsv", "Places/make_gazetteer.py"]
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
        // The benchmarks' page generator, shared by `gazette bench` and gazette-profile.
        .target(name: "GazetteBenchKit", dependencies: ["GazetteCore"]),
        .executableTarget(
            name: "gazette",
            dependencies: [
                "GazetteBenchKit",
                "GazetteCore",
                "GazetteStore",
                "GazetteDaemon",
                "GazetteOCR",
                "GazetteWeb",
                "Systemd",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        // The parser's libFuzzer target; built plainly it replays inputs (Tests/e2e/fuzz.sh).
        .executableTarget(name: "GazetteFuzz", dependencies: ["GazetteCore"]),
        // The ingest path stage by stage on one thread, for callgrind (scripts/profile-ingest.sh).
        .executableTarget(
            name: "GazetteProfile",
            dependencies: ["GazetteBenchKit", "GazetteCore", "GazetteStore", "GazetteDaemon"]
        ),
        .testTarget(name: "GazetteCoreTests", dependencies: ["GazetteCore"], resources: []),
        .testTarget(name: "GazetteStoreTests", dependencies: ["GazetteCore", "GazetteStore"]),
        .testTarget(
            name: "GazetteWebTests",
            dependencies: [
                "GazetteCore", "GazetteStore", "GazetteDaemon", "GazetteWeb",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .testTarget(name: "GazetteOCRTests", dependencies: ["GazetteCore", "GazetteOCR"]),
        .testTarget(name: "SystemdTests", dependencies: ["Systemd", .product(name: "Logging", package: "swift-log")]),
        .testTarget(
            name: "GazetteDaemonTests",
            dependencies: [
                "GazetteCore", "GazetteStore", "GazetteDaemon", "Systemd",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
