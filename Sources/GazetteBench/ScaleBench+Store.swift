#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GazetteBenchKit
import GazetteStore

extension ScaleBench {
    /// The parts of `scale --store`, each chosen with `--scale-parts` (verify alone takes
    /// minutes over a large store, the daemon part under a minute).
    enum Part: String, CaseIterable, Hashable {
        case search, verify, daemon

        /// `search,daemon` → those parts; empty when any name is not a part.
        static func parse(_ text: String) -> Set<Part> {
            let parts = text.split(separator: ",").map { Part(rawValue: $0.trimmingCharacters(in: .whitespaces)) }
            return parts.contains(nil) ? [] : Set(parts.compactMap { $0 })
        }
    }

    /// The figures of issue 20 over an existing store (`gazette-bench scale --store PATH`,
    /// e.g. a million pages built with `gazette import`), which takes hours to build and is
    /// therefore built once and measured as it is: its pages and bytes on disk per page,
    /// 2- and 4-character search p50/p99, `gazette verify`'s wall time, and the daemon's
    /// ingest rate into it beside its rate into an empty store — alternated, in the same
    /// run, since this machine's speed drifts — with its peak RSS over the big store.
    ///
    /// The daemon's pages are stored in it (fresh pages under fresh names: a corpus with
    /// its own random seed, so none is a duplicate of the pages already there).
    func existing(_ url: URL) throws -> [BenchRow] {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw BenchError("no store at \(url.path): build one first (`gazette import`), or leave out --store")
        }
        var rows: [BenchRow] = []
        let pages: Int
        do {
            let store = try GazetteStore(path: url.path, readOnly: true)
            pages = try store.totals(recentFailures: 0).pages
            guard pages > 0 else { throw BenchError("the store at \(url.path) holds no pages") }
            let bytes = ["", "-wal", "-shm"].reduce(0) { sum, suffix in
                sum + ((try? FileManager.default.attributesOfItem(atPath: url.path + suffix)[.size] as? Int) ?? 0)
            }
            rows.append(BenchRow("scale", "store: \(pages) pages, bytes on disk per page (database + WAL)", unit: "bytes",
                                 samples: [Double(bytes) / Double(pages)],
                                 note: String(format: "%.1f GB in all", Double(bytes) / 1e9)))
            if settings.scaleParts.contains(.search) { rows += try searchRows(store, pages: pages) }
        }

        if settings.scaleParts.contains(.verify) {
            BenchPrinter.progress("scale: gazette verify over \(pages) pages")
            let (verifySeconds, verifyStatus) = try Self.child(["verify", "--store", url.path])
            rows.append(BenchRow("scale", "`gazette verify`, \(pages) pages: wall time", unit: "s", samples: [verifySeconds],
                                 note: verifyStatus == 0 ? "passed" : "exit status \(verifyStatus)"))
        }
        guard settings.scaleParts.contains(.daemon) else { return rows }

        // The daemon into an empty store and into this one, alternated. A failure here is
        // reported and the figures above are kept.
        do {
            rows += try daemonRows(url, pages: pages)
        } catch {
            BenchPrinter.progress("scale: the daemon over \(url.path) failed: \(error)")
        }
        return rows
    }

    /// The daemon's rate into an empty store and into the store at `url`, alternated, its
    /// start-up over that store, and its peak RSS there.
    private func daemonRows(_ url: URL, pages: Int) throws -> [BenchRow] {
        var rows: [BenchRow] = []
        // Two rounds even with --quick: one pair of runs a minute apart on a shared machine
        // says more about its neighbours than about the store (139 · 185 pages/s once).
        let runs = 2
        let burst = settings.quick ? 1_000 : 3_000
        var fresh = try CorpusGenerator(seedDirectory: settings.seeds, rngSeed: UInt64(Date().timeIntervalSince1970 * 1e6))
        let daemons = DaemonBenches(settings: settings)
        var empty: [DaemonBenches.Run] = []
        var full: [DaemonBenches.Run] = []
        for index in 0..<runs {
            BenchPrinter.progress("scale: the daemon, \(burst) pages into an empty store (\(index + 1)/\(runs))")
            empty.append(try daemons.run(fresh.pages(burst + 1), rate: nil, label: "e\(index)", quietFirst: true))
            BenchPrinter.progress("scale: the daemon, \(burst) pages into the \(pages)-page store (\(index + 1)/\(runs))")
            full.append(try daemons.run(fresh.pages(burst + 1), rate: nil, label: "f\(index)-\(getpid())", store: url,
                                        quietFirst: true))
        }
        let emptyRate = Stats.median(empty.map(\.pagesPerSecond))
        let fullRate = Stats.median(full.map(\.pagesPerSecond))
        rows.append(BenchRow("scale", "the daemon into an empty store, \(burst) pages dropped at once, after a quiet start", unit: "pages/s",
                             samples: empty.map(\.pagesPerSecond)))
        rows.append(BenchRow("scale", "the daemon into the \(pages)-page store, same run, alternated", unit: "pages/s",
                             samples: full.map(\.pagesPerSecond),
                             note: String(format: "%.0f %% of the empty store's rate (target ≥ 80 %%)", fullRate / emptyRate * 100)))
        rows.append(BenchRow("scale", "the daemon over the \(pages)-page store, quiet after its start: merges left to it done in",
                             unit: "s", samples: full.map(\.quietSeconds),
                             note: "before each burst: what earlier runs (or an import) left half-merged, merged while no file came"))
        rows.append(BenchRow("scale", "daemon peak RSS (VmHWM) into an empty store", unit: "MB",
                             samples: empty.map { Double($0.peakRSS) / 1e6 }, target: .atMost(64)))
        rows.append(BenchRow("scale", "daemon peak RSS (VmHWM) over the \(pages)-page store", unit: "MB",
                             samples: full.map { Double($0.peakRSS) / 1e6 }, target: .atMost(64)))
        // What the resident set is made of after the burst: the daemon's own memory (heap,
        // SQLite's caches, stacks) against the pages of its code and libraries, which are
        // shared and which the kernel maps in 64 KB around each page touched.
        rows.append(BenchRow("scale", "daemon RSS after the burst over the \(pages)-page store: anonymous", unit: "MB",
                             samples: full.map { Double($0.rssAnon) / 1e6 }))
        rows.append(BenchRow("scale", "daemon RSS after the burst over the \(pages)-page store: file-backed (code)", unit: "MB",
                             samples: full.map { Double($0.rssFile) / 1e6 }))
        rows.append(BenchRow("scale", "daemon start over the \(pages)-page store: first page stored after", unit: "s",
                             samples: full.map(\.startSeconds), note: "after a clean close the writable open reads only the header and schema (OpenCheck)"))
        return rows
    }

    /// `gazette` as a child process: wall seconds and exit status.
    private static func child(_ arguments: [String]) throws -> (seconds: Double, status: Int32) {
        let process = Process()
        process.executableURL = GazetteExecutable.url
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let start = ContinuousClock.now
        try process.run()
        process.waitUntilExit()
        return (Stats.seconds(ContinuousClock.now - start), process.terminationStatus)
    }
}
