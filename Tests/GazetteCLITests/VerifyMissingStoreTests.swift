import Foundation
import GazetteTestSupport
import Testing

@Suite("gazette verify on a path with no store")
struct VerifyMissingStoreTests {
    @Test("reports the missing store and exits 2; creates nothing")
    func missingStoreIsReportedNotCreated() throws {
        try #require(GazetteBinary.url != nil)
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("nowhere/gazette.sqlite").path
        let result = try GazetteBinary.run(["verify", "--store", path])
        #expect(result.status == 2)
        #expect(result.stdout.contains("verify: FAILED"))
        #expect(result.stdout.contains(path))
        #expect(!FileManager.default.fileExists(atPath: path), "verify must not create a store")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("nowhere").path))
    }
}
