import Foundation

/// The repository's seed pages as files, and fresh temporary directories the caller removes
/// (`defer { try? FileManager.default.removeItem(at: dir) }`), for the tests that want URLs.
/// Test targets extend it with what only they need (the store's tests: parsed records).
public enum Fixtures {
    public static var repoRoot: URL { Seeds.repoRoot }

    public static var seedURLs: [URL] { Seeds.urls }

    /// A fresh directory per test, removed by the caller's `defer`.
    public static func tempDir() -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("gazette-store-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
