import Foundation
import GazetteCore
import GazetteTestSupport
import Testing
@testable import GazetteStore

/// A real `gazette ingest` child killed with SIGKILL in the middle of a run, several
/// times over the same store: after each kill the store opens, verifies, and holds every
/// page either whole (as many articles as a fresh parse gives) or not at all.
@Suite("Crash safety", .serialized)
struct CrashTests {
    static let pageCount = 100

    @Test("SIGKILL during ingest leaves every page fully stored or absent")
    func sigkillDuringIngest() throws {
        let binary = try #require(GazetteBinary.url, "build the gazette executable first (swift build)")
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pagesDir = dir.appendingPathComponent("pages")
        try FileManager.default.createDirectory(at: pagesDir, withIntermediateDirectories: true)
        var expected: [String: Int] = [:]
        var files: [String] = []
        let seeds = Fixtures.seedURLs
        for number in 0..<Self.pageCount {
            let bytes = try Fixtures.variant(of: seeds[number % seeds.count], number: number)
            let url = pagesDir.appendingPathComponent(String(format: "page-%04d.txt", number))
            try Data(bytes).write(to: url)
            let page = try PageParser.parse(bytes)
            try #require(!page.sha256.isEmpty, "GazetteCore's SHA256 is still a stub: pages cannot be identified")
            expected[page.sha256] = page.articles.count
            files.append(url.path)
        }
        #expect(expected.count == Self.pageCount)
        let path = dir.appendingPathComponent("g.sqlite").path

        var killedMidRun = 0
        var before = 0
        for round in 0..<4 {
            let process = Process()
            process.executableURL = binary
            process.arguments = ["ingest", "--store", path, "--batch-size", String(1 + round), ] + files
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Kill once the child has committed a few more pages than the last round left,
            // while it is inside later batches.
            let target = before + 5 + 3 * round
            let deadline = Date().addingTimeInterval(60)
            var reader: GazetteStore?
            while process.isRunning, Date() < deadline {
                if reader == nil { reader = try? GazetteStore(path: path, readOnly: true) }
                if let reader, let stored = try? reader.read({ db in try Int.fetchOne(db, sql: "SELECT count(*) FROM files") }),
                    (stored ?? 0) >= target
                {
                    break
                }
                usleep(5_000)
            }
            reader = nil
            if process.isRunning {
                usleep(useconds_t(1_000 * (round * 7 % 20)))
                kill(process.processIdentifier, SIGKILL)
            }
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal {
                killedMidRun += 1
                // Killed with the store open: no clean-shutdown marker, the next open checks it all.
                #expect(OpenCheck.needed(path: path) == .full, "round \(round): a killed writer left the store marked clean")
            }

            let store = try GazetteStore(path: path)
            let report = try store.verify()
            #expect(report.isHealthy, "round \(round): \(report.problems)")
            let stored = try store.files()
            for file in stored {
                #expect(expected[file.sha256] == file.articleCount, "round \(round): \(file.name) stored with a wrong count")
                #expect(try store.articles(fileID: file.id).count == file.articleCount, "round \(round): \(file.name) is partial")
            }
            #expect(Set(stored.map(\.sha256)).count == stored.count)
            #expect(stored.count >= before)
            before = stored.count
        }
        #expect(killedMidRun >= 3, "the child finished before it could be killed: make the run longer")

        // A last, uninterrupted run finishes the job exactly once.
        let result = try GazetteBinary.run(["ingest", "--store", path] + files)
        #expect(result.status == 0, "\(result.stderr)")
        let store = try GazetteStore(path: path)
        let stored = try store.files()
        #expect(stored.count == Self.pageCount)
        #expect(Dictionary(uniqueKeysWithValues: stored.map { ($0.sha256, $0.articleCount) }) == expected)
        #expect(try store.verify().isHealthy)
    }
}
