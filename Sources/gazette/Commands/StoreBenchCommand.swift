import ArgumentParser
import Foundation
import GazetteCore
import GazetteStore

/// `gazette bench store`: commit throughput with the real durability settings (WAL,
/// synchronous=FULL, one fsync per transaction) by batch size, then search latency by
/// query length on the filled store.
struct StoreBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Store throughput (pages/s, articles/s with FULL sync) by batch size, and search latency.")

    @Option(help: "Distinct pages ingested per batch size (copies of the seeds under new SHA-256s).")
    var pages = 500

    @Option(parsing: .upToNextOption, help: "Pages per transaction to measure.")
    var batchSizes: [Int] = [1, 10, 50, 200]

    @Option(help: "Directory of seed pages (*.txt).")
    var seeds = "seeds"

    @Option(help: "Directory for the scratch stores (on the disk the real store lives on: fsync cost depends on it).")
    var directory = "."

    @Flag(help: "JSON instead of a table.")
    var json = false

    func run() throws {
        let dir = URL(fileURLWithPath: seeds)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".txt") }.sorted()
        let templates = try names.map { name -> PageRecord in
            let bytes = [UInt8](try Data(contentsOf: dir.appendingPathComponent(name)))
            return PageRecord(fileName: name, source: nil, size: bytes.count, receivedAt: Date(), page: try PageParser.parse(bytes))
        }
        guard !templates.isEmpty else { throw ValidationError("no *.txt pages in \(seeds): pass --seeds DIR") }
        let scratch = URL(fileURLWithPath: directory)
        let results = try StoreBench.run(templates: templates, pagesPerRun: pages, batchSizes: batchSizes, directory: scratch)

        let path = scratch.appendingPathComponent("bench-search-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try GazetteStore(path: path)
        _ = try StoreBench.fill(store, templates: templates, pages: pages, batchSize: 200)
        let timings = try StoreBench.searchTimings(store: store, queries: ["医", "医保", "赵蝶", "审计局", "医保基金", "医疗保障基金监管"])

        if json {
            struct Report: Encodable {
                var ingest: [StoreBench.Result]
                var search: [StoreBench.SearchTiming]
            }
            print(try Output.json(Report(ingest: results, search: timings)))
            return
        }
        #if DEBUG
        print("warning: this is a debug build; figures are meaningful only with `swift build -c release`")
        #endif
        print("ingest, synchronous=FULL, \(pages) pages (\(templates.count) seed templates)")
        print("  batch   pages/s   articles/s   seconds")
        for r in results {
            print(String(format: "  %5d  %8.1f  %11.1f  %8.2f", r.batchSize, r.pagesPerSecond, r.articlesPerSecond, r.seconds))
        }
        print("search over \(pages) pages (limit 20, mean of 5)")
        for t in timings {
            print("  \(t.query.padding(toLength: 10, withPad: "　", startingAt: 0))  \(String(format: "%7.2f ms", t.milliseconds))  \(t.hits) hits")
        }
    }
}
