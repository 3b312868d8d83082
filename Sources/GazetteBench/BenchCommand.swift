import ArgumentParser
import Foundation
import GazetteBenchKit
import GazetteCore

/// `gazette-bench …`: the figures of the README's Performance table, measured the way a
/// user would (the real daemon, the `gazette` built beside this binary, as a child process
/// for e2e, backlog, idle and scale). Meaningful only in a release build; every figure is a
/// median with its spread. Its own executable so the shipped `gazette` carries no
/// measurement code.
@main
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gazette-bench",
        abstract: "Measure throughput, latency, memory and idle cost (build with -c release first).",
        discussion: """
            `gazette-bench all` runs every part and prints the markdown table of the README \
            (`make bench` does this on a release build); each part also runs alone. Scratch \
            stores go in --scratch, which should be on the disk a real store would use \
            (fsync cost depends on it).
            """,
        subcommands: [BenchAll.self, ParseBench.self, BenchClassify.self, BenchStore.self, BenchE2E.self,
                      BenchBacklog.self, BenchIdle.self, BenchScale.self, BenchImport.self, BenchWeb.self, BenchCorpus.self,
                      BenchOCR.self, ProfileCommand.self])
}

/// The flags every part shares.
struct BenchOptions: ParsableArguments {
    @Flag(help: "Fewer pages and shorter runs (a few minutes instead of ~25).")
    var quick = false

    @Flag(help: "One JSON object per figure instead of the markdown table.")
    var json = false

    @Option(help: "Directory of seed pages (*.txt) the corpus is generated from.")
    var seeds = "seeds"

    @Option(help: "Directory for scratch stores and inboxes (removed afterwards).")
    var scratch = ".build/bench-scratch"

    @Option(help: "Pages in the scale benchmark's store (default 100,000; 10,000 with --quick).")
    var scalePages: Int?

    @Option(help: "Pages in the import benchmark's archive (default 100,000; 10,000 with --quick).")
    var importPages: Int?

    @Option(help: ArgumentHelp(
        "An existing store for `scale` and `web` (e.g. one built with `gazette import`), measured as it is instead of a generated one.",
        discussion: "`scale` adds the pages its daemon run stores to it (a few thousand, under fresh names). For `e2e`: a postgresql:// URL, or postgres-temp for a throwaway server, measured with one and two daemons after the SQLite figures."))
    var store: String?

    @Option(help: ArgumentHelp(
        "What `scale --store` measures, comma-separated: search, verify, daemon (default: all three).",
        discussion: "`verify` reads the whole store (about 10 minutes at 546,000 pages): `--scale-parts daemon` measures the daemon's rate and memory alone."))
    var scaleParts: String?

    var settings: BenchSettings {
        var settings = BenchSettings(quick: quick, seeds: seeds, scratch: URL(fileURLWithPath: scratch),
                                     scalePages: scalePages ?? (quick ? 10_000 : 100_000),
                                     importPages: importPages ?? (quick ? 10_000 : 100_000),
                                     store: PostgresE2E.wanted(store) ? nil : store.map { URL(fileURLWithPath: $0) },
                                     postgres: PostgresE2E.wanted(store) ? store : nil)
        if let parts = scaleParts.map(ScaleBench.Part.parse) { settings.scaleParts = parts }
        return settings
    }

    func validate() throws {
        if let scaleParts, ScaleBench.Part.parse(scaleParts).isEmpty {
            throw ValidationError("--scale-parts \(scaleParts): expected one or more of search, verify, daemon, comma-separated")
        }
    }

    /// Runs the parts in order and prints their figures; one part's failure is reported
    /// and the others still run.
    func run(_ parts: [BenchPart]) throws {
        #if DEBUG
        BenchPrinter.progress("warning: this is a debug build; figures are meaningful only with `swift build -c release`")
        #endif
        let settings = self.settings
        try FileManager.default.createDirectory(at: settings.scratch, withIntermediateDirectories: true)
        var corpus = try CorpusGenerator(seedDirectory: seeds)
        var rows: [BenchRow] = []
        var failures: [String] = []
        for part in parts {
            do {
                rows += try part.measure(settings, &corpus)
            } catch {
                failures.append("\(part.rawValue): \(error)")
                BenchPrinter.progress("\(part.rawValue) failed: \(error)")
            }
        }
        BenchPrinter.emit(rows, json: json)
        if !json {
            let cores = ProcessInfo.processInfo.activeProcessorCount
            Output.line("machine: \(cores) cores; load = 1-minute load average when the figure was taken; "
                + "command: gazette-bench \(parts.count > 1 ? "all" : parts[0].rawValue)\(quick ? " --quick" : "")")
        }
        if !failures.isEmpty { throw BenchError("failed parts: " + failures.joined(separator: "; ")) }
    }
}

/// The parts of the benchmark, in the order `all` runs them (cheap and in-process first).
enum BenchPart: String, CaseIterable {
    case parse, classify, store, e2e, backlog, idle, scale
    case importArchive = "import"
    case web

    func measure(_ settings: BenchSettings, _ corpus: inout CorpusGenerator) throws -> [BenchRow] {
        switch self {
        case .parse: return try StageBenches(settings: settings).parse(corpus: &corpus)
        case .classify: return try StageBenches(settings: settings).classify(corpus: &corpus)
        case .store: return try StageBenches(settings: settings).store(corpus: &corpus)
        case .e2e: return try DaemonBenches(settings: settings).e2e(corpus: &corpus)
        case .backlog: return try DaemonBenches(settings: settings).backlog(corpus: &corpus)
        case .idle: return try DaemonBenches(settings: settings).idle(corpus: &corpus)
        case .scale: return try ScaleBench(settings: settings).run(corpus: &corpus)
        case .importArchive: return try ImportBench(settings: settings, pages: settings.importPages).run(corpus: &corpus)
        case .web: return try WebBench(settings: settings).run(corpus: &corpus)
        }
    }
}

struct BenchAll: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "all", abstract: "Every part, one table.")
    @OptionGroup var options: BenchOptions
    func run() throws { try options.run(BenchPart.allCases) }
}

/// `gazette-bench parse`: MB/s and pages/s over the seeds and a generated corpus, against
/// the floor; then (table mode) the time per stage of the pipeline.
struct ParseBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse", abstract: "Parse throughput over the seeds and a generated corpus, with the floor and per stage.")
    @OptionGroup var options: BenchOptions

    func run() throws {
        try options.run([.parse])
        if !options.json { try stages() }
    }

    /// Per-stage MB/s (of the page bytes) over the generated corpus.
    private func stages() throws {
        var corpus = try CorpusGenerator(seedDirectory: options.seeds)
        let pages = corpus.pages(200)
        let settings = options.settings
        let decoded = pages.compactMap { try? TextDecoder.decode($0).text }
        let normalized = decoded.map(TextNormalizer.normalize)
        let parsed = pages.compactMap { try? PageParser.parse($0) }
        let stages: [(String, Measurement)] = [
            ("decode", Measurement.of(pages, runs: settings.runs, seconds: settings.seconds, clock: .cpu) { (try? TextDecoder.decode($0).text.utf8.count) ?? 0 }),
            ("normalize", Measurement.indexed(pages, runs: settings.runs, seconds: settings.seconds, clock: .cpu) { TextNormalizer.normalize(decoded[$0]).utf8.count }),
            ("layout", Measurement.indexed(pages, runs: settings.runs, seconds: settings.seconds, clock: .cpu) { PageLayout.articles(fromNormalized: normalized[$0]).count }),
            ("places", Measurement.indexed(pages, runs: settings.runs, seconds: settings.seconds, clock: .cpu) { index in
                let finder = PlaceFinder()
                return parsed[index].articles.reduce(0) { $0 + finder.locate(headline: $1.headline, paragraphs: $1.paragraphs).places.count }
            }),
            ("json", Measurement.indexed(pages, runs: settings.runs, seconds: settings.seconds, clock: .cpu) { PageJSON.bytes(file: "f", page: parsed[$0]).count }),
        ]
        Output.line("stages over \(pages.count) generated pages (MB/s of the page bytes):")
        for (name, measurement) in stages { Output.line(measurement.row("  " + name)) }
    }
}

struct BenchClassify: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "classify", abstract: "Articles/s on one core, and model load time.")
    @OptionGroup var options: BenchOptions
    func run() throws { try options.run([.classify]) }
}

struct BenchStore: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "store", abstract: "Commits with synchronous=FULL by batch size (1, 8, 32, 128).")
    @OptionGroup var options: BenchOptions
    func run() throws { try options.run([.store]) }
}

struct BenchE2E: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "e2e", abstract: "The daemon as a child process, fed as fast as possible and at 10, 100, 500 pages/s.")
    @OptionGroup var options: BenchOptions
    func run() throws { try options.run([.e2e]) }
}

struct BenchBacklog: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backlog", abstract: "The daemon started over 10,000 waiting pages (and 5,000): first and last commit.")
    @OptionGroup var options: BenchOptions
    func run() throws { try options.run([.backlog]) }
}

struct BenchIdle: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "idle", abstract: "CPU and wake-ups of the daemon with no input.")
    @OptionGroup var options: BenchOptions
    func run() throws { try options.run([.idle]) }
}

struct BenchScale: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scale", abstract: "Search latency and daemon RSS over a store of 100,000 pages.",
        discussion: """
            With --store PATH (e.g. a million pages built once with `gazette import`): that store's bytes per \
            page, search p50/p99, `gazette verify` time, and the daemon's ingest rate into it beside its \
            rate into an empty store, with its peak RSS.
            """)
    @OptionGroup var options: BenchOptions
    func run() throws { try options.run([.scale]) }
}

struct BenchImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "`gazette import` of 100,000 generated pages (pages/s durable), beside the daemon's rate.")
    @OptionGroup var options: BenchOptions
    func run() throws { try options.run([.importArchive]) }
}

struct BenchWeb: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "web",
        abstract: "`gazette web` under wrk (20 connections): p50/p99 of search page and API, 2- and 4-character queries.",
        discussion: "Over --store, or a generated store of --scale-pages pages (100,000; 10,000 with --quick). Needs wrk.")
    @OptionGroup var options: BenchOptions
    func run() throws { try options.run([.web]) }
}

/// `gazette-bench corpus DIR`: the benchmark's generated pages as files, to feed a daemon by
/// hand (`perf`, `strace`, a producer of one's own) with the very bytes the benchmark drops.
struct BenchCorpus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corpus", abstract: "Write the benchmark's generated pages (distinct, seed-shaped) into a directory.")

    @Option(help: "Directory of seed pages (*.txt) the corpus is generated from.")
    var seeds = "seeds"

    @Option(help: "How many pages.")
    var pages = 1_000

    @Argument(help: "Directory to write page-000000.txt… into (created if missing).")
    var directory: String

    func run() throws {
        guard pages > 0 else { throw ValidationError("--pages must be at least 1") }
        let out = URL(fileURLWithPath: directory)
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        var corpus = try CorpusGenerator(seedDirectory: seeds)
        for index in 0..<pages {
            try PageDropper.write(corpus.next(), to: out.appendingPathComponent("page-\(String(format: "%06d", index)).txt").path)
        }
        Output.line("\(pages) pages in \(out.path)")
    }
}
