// gazette-bench profile: the daemon's per-page work, one stage after another on one thread,
// for callgrind (`make profile`, scripts/profile-ingest.sh). Instruction counts do not move
// with the machine's load, so a change to a hot path is judged by them; the other
// gazette-bench parts give the seconds.
//
// Why gazette-bench and not `gazette`: `gazette` has an async main, which parks the main
// thread in libdispatch's signal loop, and valgrind 3.19 crashes as soon as another thread
// starts beside it. gazette-bench's main is synchronous, and this command starts no thread.
//
// Usage: gazette-bench profile SEEDS_DIR STORE_PATH PAGES [BATCH]
// Prints one line of totals (pages, articles, bytes) for the script to divide by.
import ArgumentParser
import Foundation
import GazetteBenchKit
import GazetteCore
import GazetteClassifier
import GazetteStore

/// Each stage is a function of its own, never inlined, so that callgrind's inclusive cost
/// of the function is the stage's cost (the script finds them by these names).
enum ProfileStage {
    /// The floor: SHA-256 of the page bytes.
    @inline(never)
    static func stageHash(_ pages: [[UInt8]]) -> Int {
        pages.reduce(0) { $0 &+ SHA256.hex(of: $1).utf8.count }
    }

    /// Each parsed page with the size of its bytes (a page that fails to parse is dropped).
    @inline(never)
    static func stageParse(_ pages: [[UInt8]]) -> [(size: Int, page: ParsedPage)] {
        pages.compactMap { bytes in (try? PageParser.parse(bytes)).map { (bytes.count, $0) } }
    }

    @inline(never)
    static func stageClassify(_ pages: [(size: Int, page: ParsedPage)], _ classifier: TopicClassifier)
        -> [(size: Int, page: ParsedPage)]
    {
        pages.map { ($0.size, classifier.classify($0.page)) }
    }

    /// Ingest in batches, as the daemon commits them: rows, index, fsynced commit.
    @inline(never)
    static func stageStore(_ records: [PageRecord], _ store: GazetteStore, batch: Int) throws -> Int {
        var stored = 0
        var start = 0
        while start < records.count {
            let end = min(records.count, start + batch)
            stored += try store.ingest(Array(records[start..<end])).count
            start = end
        }
        return stored
    }
}

struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "The ingest path stage by stage on one thread, for callgrind (make profile).")

    @Argument(help: "Directory of seed pages (*.txt) the pages are generated from.")
    var seeds: String

    @Argument(help: "The store to write (a scratch file).")
    var store: String

    @Argument(help: "How many distinct pages.")
    var pages: Int

    @Argument(help: "Pages per transaction.")
    var batch = 32

    func validate() throws {
        guard pages > 0 else { throw ValidationError("PAGES must be at least 1") }
    }

    func run() throws {
        let batch = max(1, self.batch)
        var corpus = try CorpusGenerator(seedDirectory: seeds)
        let pages = corpus.pages(self.pages)
        let classifier = try ClassifierLoader.load(taxonomyPath: nil, modelPath: nil)
        let store = try GazetteStore(path: self.store)
        // Warm-up outside the stages: the gazetteer and the classifier's tables are built on
        // first use, once per process, which a daemon pays at start and not per page.
        if let seed = corpus.seedPages.first {
            _ = try? PageAnalyzer(classifier).page(from: seed)
        }

        let hashed = ProfileStage.stageHash(pages)
        let parsed = ProfileStage.stageParse(pages)
        let classified = ProfileStage.stageClassify(parsed, classifier)
        let now = Date()
        let records = classified.enumerated().map { index, parsed in
            PageRecord(fileName: "p\(index).txt", source: nil, size: parsed.size, receivedAt: now, page: parsed.page)
        }
        let stored = try ProfileStage.stageStore(records, store, batch: batch)

        let articles = classified.reduce(0) { $0 + $1.page.articles.count }
        let bytes = records.reduce(0) { $0 + $1.size }
        print("pages=\(stored) articles=\(articles) bytes=\(bytes) batch=\(batch) hashed=\(hashed > 0)")
    }
}
