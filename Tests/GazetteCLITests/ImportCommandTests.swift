import Foundation
import GazetteTestSupport
import Testing

/// `gazette import`: the real binary over generated archives in temp dirs — exactly once by
/// SHA-256 across re-runs, interruptions (SIGINT, SIGKILL) and overlapping paths, and every
/// refused file listed with its reason.
@Suite("gazette import")
struct ImportCommandTests {
    /// An archive of `pages` distinct generated pages in `archive/<paper>/`, plus the store path.
    struct Archive {
        var dir: URL
        var root: URL
        var store: String
        var paper: URL

        init(pages: Int, paper: String = "江门日报") throws {
            dir = Fixtures.tempDir()
            root = dir.appendingPathComponent("archive")
            store = dir.appendingPathComponent("g.sqlite").path
            self.paper = root.appendingPathComponent(paper)
            let seeds = try #require(Fixtures.seedURLs.first).deletingLastPathComponent().path
            let made = try GazetteBinary.run(["corpus", "--seeds", seeds, "--pages", String(pages), self.paper.path], binary: "gazette-bench")
            try #require(made.status == 0, "\(made.stderr)")
        }

        func remove() { try? FileManager.default.removeItem(at: dir) }
    }

    static func summary(_ result: GazetteBinary.Result) throws -> [String: Any] {
        let line = try #require(result.stdout.split(separator: "\n").last, "no summary: \(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(result.stdout)")
    }

    static func stats(_ store: String) throws -> [String: Any] {
        let stats = try GazetteBinary.run(["stats", "--store", store, "--json"])
        return try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
    }

    static func expectVerified(_ store: String) throws {
        let verify = try GazetteBinary.run(["verify", "--store", store])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("verify: ok"), "\(verify.stdout)")
    }

    @Test("import twice: the second run stores nothing new; names and papers as in the inbox; search finds the pages")
    func importTwice() throws {
        try #require(GazetteBinary.url != nil, "build the gazette executable first (swift build)")
        let archive = try Archive(pages: 60)
        defer { archive.remove() }
        // One page at the top of the archive: no paper.
        let top = try #require(Fixtures.seedURLs.first)
        try FileManager.default.copyItem(at: top, to: archive.root.appendingPathComponent("top.txt"))

        let first = try GazetteBinary.run(["import", "--store", archive.store, "--json", "--batch-size", "16", archive.root.path])
        #expect(first.status == 0, "\(first.stderr)")
        let one = try Self.summary(first)
        #expect(one["files_seen"] as? Int == 61)
        #expect(one["stored"] as? Int == 61)
        #expect(one["already_stored"] as? Int == 0)
        #expect(one["refused"] as? Int == 0)
        #expect((one["articles"] as? Int ?? 0) > 61)

        let second = try GazetteBinary.run(["import", "--store", archive.store, "--json", archive.root.path])
        #expect(second.status == 0, "\(second.stderr)")
        let two = try Self.summary(second)
        #expect(two["stored"] as? Int == 0)
        #expect(two["already_stored"] as? Int == 61)
        #expect(two["duplicates"] as? Int == 0)

        let stats = try Self.stats(archive.store)
        #expect(stats["pages"] as? Int == 61)
        #expect(stats["articles"] as? Int == one["articles"] as? Int)
        try Self.expectVerified(archive.store)

        // Every imported page is searchable when the command returns, under its name and paper.
        let search = try GazetteBinary.run(["search", "--store", archive.store, "--json", "--limit", "500", "--source", "江门日报", "医保"])
        #expect(search.status == 0, "\(search.stderr)")
        let hits = try #require(try JSONSerialization.jsonObject(with: Data(search.stdout.utf8)) as? [[String: Any]])
        #expect(!hits.isEmpty)
        #expect(hits.allSatisfy { ($0["file"] as? String)?.hasPrefix("江门日报/page-") == true }, "\(hits.prefix(3))")
    }

    @Test("refused files (empty, binary, oversized, a link) are listed with reasons and reported; hidden and temporary names skipped")
    func refusedListed() throws {
        try #require(GazetteBinary.url != nil, "build the gazette executable first (swift build)")
        let archive = try Archive(pages: 5)
        defer { archive.remove() }
        let paper = archive.paper
        FileManager.default.createFile(atPath: paper.appendingPathComponent("empty.txt").path, contents: Data())
        FileManager.default.createFile(atPath: paper.appendingPathComponent("scan.txt").path,
                                       contents: Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0, count: 512)))
        let big = String(repeating: "本报讯 这是一段很长的正文。\n", count: 8_000)
        FileManager.default.createFile(atPath: paper.appendingPathComponent("big.txt").path, contents: Data(big.utf8))
        try FileManager.default.createSymbolicLink(atPath: paper.appendingPathComponent("link.txt").path, withDestinationPath: "/etc/hostname")
        for skipped in [".hidden.txt", "p.txt.part", "p.txt.tmp", "p.txt.reason.json"] {
            FileManager.default.createFile(atPath: paper.appendingPathComponent(skipped).path, contents: Data("本报讯".utf8))
        }
        let report = archive.dir.appendingPathComponent("report.jsonl").path

        let run = try GazetteBinary.run(["import", "--store", archive.store, "--json", "--max-file-size", "100000",
                                         "--report", report, archive.root.path])
        #expect(run.status == 1, "refusals make the exit status 1: \(run.stderr)")
        let summary = try Self.summary(run)
        #expect(summary["stored"] as? Int == 5)
        #expect(summary["skipped"] as? Int == 4)
        let refused = try #require(summary["refused_files"] as? [[String: Any]])
        let codes = Dictionary(uniqueKeysWithValues: refused.compactMap { entry -> (String, String)? in
            guard let name = entry["name"] as? String, let code = entry["code"] as? String else { return nil }
            return (name, code)
        })
        // scan.txt starts like a PNG: the bytes decide, so it is read as an image and refused as a corrupt one.
        #expect(codes == ["江门日报/empty.txt": "empty", "江门日报/scan.txt": "corrupt-image",
                          "江门日报/big.txt": "too-large", "江门日报/link.txt": "symlink"], "\(refused)")
        #expect(refused.allSatisfy { !($0["message"] as? String ?? "").isEmpty && !($0["advice"] as? String ?? "").isEmpty })
        for name in ["empty.txt", "scan.txt", "big.txt", "link.txt"] {
            #expect(run.stderr.contains("refused: \(paper.appendingPathComponent(name).path): "), "\(run.stderr)")
        }
        let lines = try String(contentsOfFile: report, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 4)
        // Nothing was moved: the archive is the user's.
        #expect(FileManager.default.fileExists(atPath: paper.appendingPathComponent("scan.txt").path))

        // A re-run refuses them again, but records each failure once.
        let again = try GazetteBinary.run(["import", "--store", archive.store, "--json", "--max-file-size", "100000", archive.root.path])
        #expect(again.status == 1)
        let stats = try Self.stats(archive.store)
        #expect(stats["failed"] as? Int == 4, "\(stats)")
        #expect(stats["pages"] as? Int == 5)
    }

    @Test("overlapping paths (a folder, its paper folder, a file inside) import each file once")
    func overlappingPaths() throws {
        try #require(GazetteBinary.url != nil, "build the gazette executable first (swift build)")
        let archive = try Archive(pages: 12)
        defer { archive.remove() }
        let file = archive.paper.appendingPathComponent("page-000003.txt").path
        let run = try GazetteBinary.run(["import", "--store", archive.store, "--json",
                                         archive.root.path, archive.paper.path, file, archive.root.path + "/"])
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try Self.summary(run)
        #expect(summary["files_seen"] as? Int == 12)
        #expect(summary["stored"] as? Int == 12)
        #expect(summary["duplicates"] as? Int == 0)
        let stats = try Self.stats(archive.store)
        #expect(stats["pages"] as? Int == 12)
        #expect(stats["duplicates"] as? Int == 0)
        try Self.expectVerified(archive.store)
    }

    @Test("interrupted (SIGINT: exit 130 at a batch boundary; kill -9: anywhere), the same command resumes: every page exactly once", arguments: [SIGINT, SIGKILL])
    func interruptAndResume(signal: Int32) throws {
        try #require(GazetteBinary.url != nil, "build the gazette executable first (swift build)")
        let pages = 300
        let archive = try Archive(pages: pages)
        defer { archive.remove() }
        let progressFile = archive.dir.appendingPathComponent("progress.log")
        FileManager.default.createFile(atPath: progressFile.path, contents: nil)
        let process = Process()
        process.executableURL = GazetteBinary.url
        process.arguments = ["import", "--store", archive.store, "--json", "--batch-size", "8", "--workers", "1",
                             "--progress-interval", "0.05", archive.root.path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: progressFile)
        try process.run()
        // Wait until some batches are committed, then interrupt.
        let deadline = Date().addingTimeInterval(60)
        func committed() -> Int {
            let text = (try? String(contentsOf: progressFile, encoding: .utf8)) ?? ""
            let last = text.split(separator: "\n").last { $0.hasPrefix("import: ") && $0.hasSuffix(" committed") }
            return last.flatMap { Int($0.dropLast(" committed".count).split(separator: " ").last ?? "") } ?? 0
        }
        while committed() < 24, process.isRunning, Date() < deadline { usleep(20_000) }
        try #require(process.isRunning, "the import finished before it could be interrupted: make the archive larger")
        kill(process.processIdentifier, signal)
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()

        var firstStored = 0
        if signal == SIGINT {
            #expect(process.terminationReason == .exit && process.terminationStatus == 130,
                    "\(process.terminationStatus) \(String(decoding: output, as: UTF8.self))")
            let summary = try #require(try JSONSerialization.jsonObject(with: output) as? [String: Any])
            #expect(summary["interrupted"] as? Bool == true)
            firstStored = try #require(summary["stored"] as? Int)
            #expect(firstStored >= 24 && firstStored < pages)
            // What it reported stored is in the store: the batch being committed was finished.
            #expect(try Self.stats(archive.store)["pages"] as? Int == firstStored)
        } else {
            #expect(process.terminationReason == .uncaughtSignal)
            firstStored = try #require(try Self.stats(archive.store)["pages"] as? Int)
            #expect(firstStored >= 24 && firstStored < pages)
        }
        try Self.expectVerified(archive.store)

        let resumed = try GazetteBinary.run(["import", "--store", archive.store, "--json", archive.root.path])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let summary = try Self.summary(resumed)
        #expect(summary["already_stored"] as? Int == firstStored)
        #expect(summary["stored"] as? Int == pages - firstStored)
        let stats = try Self.stats(archive.store)
        #expect(stats["pages"] as? Int == pages)
        #expect(stats["duplicates"] as? Int == 0)
        try Self.expectVerified(archive.store)
    }
}
