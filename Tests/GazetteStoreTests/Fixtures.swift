import Foundation
import GazetteCore
@testable import GazetteStore

/// Real seed pages and fresh temp stores for the store tests.
enum Fixtures {
    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var seedURLs: [URL] {
        let dir = repoRoot.appendingPathComponent("seeds")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".txt") }.sorted().map { dir.appendingPathComponent($0) }
    }

    /// A fresh directory per test, removed by the caller's `defer`.
    static func tempDir() -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("gazette-store-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func record(bytes: [UInt8], name: String, source: String? = nil, at: Date = Date()) throws -> PageRecord {
        let page = try PageParser.parse(bytes)
        return PageRecord(fileName: name, source: source, size: bytes.count, receivedAt: at, page: page)
    }

    static func seedRecords(source: String? = "seeds") throws -> [PageRecord] {
        try seedURLs.map { url in
            try record(bytes: [UInt8](Data(contentsOf: url)), name: url.lastPathComponent, source: source)
        }
    }

    /// A page that exists only in tests: a seed with a distinguishing line appended.
    static func variant(of url: URL, number: Int) throws -> [UInt8] {
        var bytes = [UInt8](try Data(contentsOf: url))
        bytes += Array("\n第\(number)期 本报讯 编号\(number)。\n".utf8)
        return bytes
    }
}
