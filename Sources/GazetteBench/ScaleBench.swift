import Foundation
import GazetteBenchKit
import GazetteCore
import GazetteClassifier
import GazetteStore

/// The store at 100,000 pages: search latency for 2- and 4-character queries, and the
/// daemon's memory when it runs over a store that size. With `--store`, an existing store
/// (a million pages built with `gazette import`) is measured instead of a generated one:
/// see `existing(_:)`.
struct ScaleBench {
    let settings: BenchSettings

    static let queries = [(2, ["医保", "审计", "党建", "赵蝶"]), (4, ["医保基金", "营商环境", "乡村振兴", "对口帮扶"])]

    func run(corpus: inout CorpusGenerator) throws -> [BenchRow] {
        if let store = settings.store { return try existing(store) }
        let total = settings.scalePages
        let daemon = try DaemonChild(scratch: settings.scratch, name: "scale")
        defer { daemon.stop(); daemon.removeScratch() }

        // Distinct pages parsed and classified once; the store gets copies under fresh
        // SHA-256s (parsing 100,000 pages would measure the parser again, for minutes).
        let analyzer = PageAnalyzer(try ClassifierLoader.load(taxonomyPath: nil, modelPath: nil))
        let templates = try corpus.pages(200).enumerated().map { index, bytes in
            PageRecord(fileName: "t\(index).txt", source: nil, size: bytes.count, receivedAt: Date(),
                       page: try analyzer.page(from: bytes))
        }
        var rows: [BenchRow] = []
        do {
            let store = try GazetteStore(path: daemon.store.path)
            var filled = 0
            var seconds = 0.0
            while filled < total {
                let chunk = min(10_000, total - filled)
                BenchPrinter.progress("scale: filling the store, \(filled)/\(total) pages")
                seconds += try StoreBench.fill(store, templates: templates, pages: chunk, batchSize: 128).seconds
                filled += chunk
            }
            rows.append(BenchRow("scale", "filling \(total) pages, batch 128", unit: "pages/s", samples: [Double(total) / seconds]))
            rows += try searchRows(store, pages: total)
        }
        // The daemon over the full store, after committing a burst of new pages.
        BenchPrinter.progress("scale: the daemon over \(total) pages")
        let departures = try InboxDepartures(inbox: daemon.inbox)
        defer { departures.stop() }
        try daemon.start()
        let burst = corpus.pages(500)
        _ = try PageDropper.drop(burst, into: daemon.inbox, prefix: "s", rate: nil)
        departures.wait(for: burst.count, stallTimeout: 60)
        Thread.sleep(forTimeInterval: 0.5)
        guard let sample = daemon.sample else { throw BenchError("the daemon exited: see \(daemon.root.path)/daemon.log") }
        rows.append(BenchRow("scale", "daemon peak RSS (VmHWM), \(total) pages stored + 500 new", unit: "MB",
                             samples: [Double(sample.peakRSS) / 1e6], target: .atMost(64)))
        rows.append(BenchRow("scale", "daemon RSS after (VmRSS)", unit: "MB", samples: [Double(sample.rss) / 1e6], target: .atMost(64)))
        return rows
    }

    /// 2- and 4-character searches (20 hits, ranked) one at a time: p50 and p99 of each
    /// length over its four queries, each warmed once first.
    func searchRows(_ store: GazetteStore, pages: Int) throws -> [BenchRow] {
        let reps = settings.quick ? 10 : 25
        var rows: [BenchRow] = []
        for (length, queries) in Self.queries {
            BenchPrinter.progress("scale: \(length)-character queries")
            var samples: [Double] = []
            var cpu: [Double] = []
            for query in queries {
                _ = try store.search(SearchQuery(text: query, limit: 20))  // warm the cache
                for _ in 0..<reps {
                    let start = ContinuousClock.now
                    let startCPU = BenchClock.cpu.now()
                    _ = try store.search(SearchQuery(text: query, limit: 20))
                    cpu.append((BenchClock.cpu.now() - startCPU) * 1000)
                    samples.append(Stats.seconds(ContinuousClock.now - start) * 1000)
                }
            }
            let what = "search, \(length)-char queries (\(queries.joined(separator: " "))), \(pages) pages"
            rows.append(BenchRow("scale", what + ", median", unit: "ms", samples: [Stats.median(samples)], target: .below(50)))
            rows.append(BenchRow("scale", what + ", p99", unit: "ms", samples: [Stats.percentile(samples, 99)], target: .below(50)))
            // The search's own CPU time (the reader runs on the calling thread): unlike the
            // latency, hardly moved by what else runs on the machine.
            rows.append(BenchRow("scale", what + ", CPU per search (median)", unit: "ms", samples: [Stats.median(cpu)]))
        }
        return rows
    }
}
