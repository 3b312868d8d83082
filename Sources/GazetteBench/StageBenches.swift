import Foundation
import GazetteBenchKit
import GazetteCore
import GazetteClassifier
import GazetteStore

/// The stages measured on their own, in this process, one core: parse, classify, store,
/// and the floor they are read against.
struct StageBenches {
    let settings: BenchSettings

    /// Reading the page files back (page cache) and hashing their bytes with SHA-256: the
    /// least any ingestion must do. Returns MB/s and pages/s samples.
    func floor(pages: [[UInt8]]) throws -> (mbps: [Double], pagesPerSecond: [Double]) {
        let directory = settings.scratch.appendingPathComponent("floor-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let paths = try pages.enumerated().map { index, page -> String in
            let path = directory.appendingPathComponent("p\(index).txt").path
            try PageDropper.write(page, to: path)
            return path
        }
        let m = Measurement.indexed(pages, runs: settings.runs, seconds: settings.seconds, clock: .cpu) { index in
            guard let data = FileManager.default.contents(atPath: paths[index]) else { return 0 }
            return SHA256.hex(of: [UInt8](data)).utf8.count
        }
        return (m.mbps, m.pagesPerSecond)
    }

    /// Parse over the seed pages and over the generated corpus, with the floor.
    func parse(corpus: inout CorpusGenerator) throws -> [BenchRow] {
        var rows: [BenchRow] = []
        let generated = corpus.pages(settings.quick ? 200 : 1_000)
        for (name, pages) in [("seeds", corpus.seedPages), ("generated", generated)] {
            BenchPrinter.progress("parse: \(name), \(pages.count) pages")
            let floor = try self.floor(pages: pages)
            let parse = Measurement.of(pages, runs: settings.runs, seconds: settings.seconds, clock: .cpu) { page in
                (try? PageParser.parse(page).articles.count) ?? 0
            }
            let multiple = Stats.median(floor.mbps) / parse.medianMBps
            let kb = pages.reduce(0) { $0 + $1.count } / pages.count / 1000
            rows.append(BenchRow("parse", "\(name) (\(pages.count) pages, ~\(kb) KB), 1 core (thread CPU time)", unit: "MB/s",
                                 samples: parse.mbps, target: .atLeast(20), floorMultiple: multiple))
            rows.append(BenchRow("parse", "\(name), 1 core", unit: "pages/s", samples: parse.pagesPerSecond))
            rows.append(BenchRow("floor", "read + sha256, \(name)", unit: "MB/s", samples: floor.mbps))
        }
        return rows
    }

    /// Articles per second through the classifier (articles parsed beforehand), and the time
    /// to load the built-in taxonomy and model (what a start and a reload pay).
    func classify(corpus: inout CorpusGenerator) throws -> [BenchRow] {
        BenchPrinter.progress("classify: model load")
        var loads: [Double] = []
        var classifier: TopicClassifier?
        for _ in 0..<settings.runs {
            let start = ContinuousClock.now
            classifier = try ClassifierLoader.load(taxonomyPath: nil, modelPath: nil)
            loads.append(Stats.seconds(ContinuousClock.now - start) * 1000)
        }
        guard let classifier else { return [] }
        let articles = corpus.pages(settings.quick ? 100 : 300).flatMap { (try? PageParser.parse($0).articles) ?? [] }
        BenchPrinter.progress("classify: \(articles.count) articles")
        let clock = BenchClock.cpu
        var sink = 0.0
        var rates: [Double] = []
        for run in 0...settings.runs {
            var done = 0
            let start = clock.now()
            var elapsed = 0.0
            repeat {
                for article in articles { sink += classifier.classify(article).confidence }
                done += articles.count
                elapsed = clock.now() - start
            } while elapsed < settings.seconds
            if run > 0 { rates.append(Double(done) / elapsed) }  // run 0 warms up
        }
        if sink.isNaN { print("") }
        return [
            BenchRow("classify", "articles, 1 core (thread CPU time)", unit: "articles/s", samples: rates, target: .atLeast(5_000)),
            BenchRow("classify", "built-in taxonomy + model load", unit: "ms", samples: loads),
        ]
    }

    /// Commit throughput with synchronous=FULL by batch size (pages parsed and classified
    /// beforehand; only `ingest` is timed), each batch size on a fresh store per run.
    func store(corpus: inout CorpusGenerator) throws -> [BenchRow] {
        let analyzer = PageAnalyzer(try ClassifierLoader.load(taxonomyPath: nil, modelPath: nil))
        let templates = try corpus.pages(64).enumerated().map { index, bytes in
            PageRecord(fileName: "t\(index).txt", source: nil, size: bytes.count, receivedAt: Date(),
                       page: try analyzer.page(from: bytes))
        }
        var rows: [BenchRow] = []
        for batch in [1, 8, 32, 128] {
            let pages = batch == 1 ? (settings.quick ? 32 : 100) : (settings.quick ? 128 : 512)
            BenchPrinter.progress("store: batch \(batch), \(pages) pages × \(settings.storeRuns) runs")
            var pageRates: [Double] = [], articleRates: [Double] = [], cpuRates: [Double] = []
            for _ in 0..<settings.storeRuns {
                let path = settings.scratch.appendingPathComponent("store-\(batch)-\(UUID().uuidString).sqlite").path
                defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
                let store = try GazetteStore(path: path)
                let cpuBefore = processCPUSeconds()
                let (articles, seconds) = try StoreBench.fill(store, templates: templates, pages: pages, batchSize: batch)
                cpuRates.append(Double(pages) / max(1e-9, processCPUSeconds() - cpuBefore))
                pageRates.append(Double(pages) / seconds)
                articleRates.append(Double(articles) / seconds)
            }
            rows.append(BenchRow("store", "FULL sync, batch \(batch)", unit: "pages/s", samples: pageRates))
            rows.append(BenchRow("store", "FULL sync, batch \(batch)", unit: "articles/s", samples: articleRates))
            rows.append(BenchRow("store", "batch \(batch), per CPU second (load-independent)", unit: "pages/s", samples: cpuRates))
        }
        return rows
    }
}

/// What every part shares: how long and how often to measure, and where scratch files go.
struct BenchSettings {
    var quick: Bool
    var seeds: String
    /// On the disk a real store would use: fsync cost depends on it (not a tmpfs).
    var scratch: URL
    var runs: Int { quick ? 3 : 5 }
    var storeRuns: Int { 3 }
    var seconds: Double { quick ? 0.5 : 1.5 }
    /// Pages in the scale benchmark's store.
    var scalePages: Int
    /// Pages in the import benchmark's archive.
    var importPages: Int = 100_000
    /// An existing store for the scale and web benchmarks (`--store`), used as it is.
    var store: URL? = nil
    /// For e2e: a PostgreSQL database URL, or `postgres-temp` (a throwaway server), measured
    /// after the SQLite figures (`--store`).
    var postgres: String? = nil
    /// What `scale --store` measures (`--scale-parts`): all of it by default.
    var scaleParts: Set<ScaleBench.Part> = Set(ScaleBench.Part.allCases)
}
