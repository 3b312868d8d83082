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

    /// SHA-256 as the parser gives it; while GazetteCore's digest is still a stub (empty),
    /// a 64-bit FNV-1a of the bytes stands in so pages stay distinguishable.
    static func identity(_ bytes: [UInt8]) -> String {
        let real = SHA256.hex(of: bytes)
        if !real.isEmpty { return real }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(format: "%016llx", hash) + String(bytes.count)
    }

    static func record(bytes: [UInt8], name: String, source: String? = nil, at: Date = Date()) throws -> PageRecord {
        var page = try PageParser.parse(bytes)
        page.sha256 = identity(bytes)
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
