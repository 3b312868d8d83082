import Foundation
import GazetteBenchKit
import GazetteCore
import GazetteStore
import Histogram

/// The whole system: the real daemon as a child process, fed through its inbox like a
/// producer would, observed from outside (inotify on the inbox, /proc for CPU and memory).
struct DaemonBenches {
    let settings: BenchSettings

    /// One run: a fresh daemon, one warm-up page, then `pages` dropped (at `rate` pages/s,
    /// or as fast as the producer can write), waiting until every page has left the inbox.
    struct Run {
        var pagesPerSecond: Double
        var latency: Histogram<UInt64>  // microseconds, drop (rename) → departure from the inbox
        var cpuPerThousand: Double
        /// CPU seconds per 1,000 pages of the busiest thread (the store's writer).
        var busiestThreadPerThousand: Double
        var peakRSS: Int
        /// RssAnon and RssFile when the last page had left the inbox (see `ProcessSample`).
        var rssAnon = 0
        var rssFile = 0
        var failed: Int
        var complete: Bool
        /// From the daemon's start to its first page stored (the warm-up page): its start-up,
        /// which over an existing store includes the integrity check of the whole file.
        var startSeconds: Double = 0
        /// With `quietFirst`: from the warm-up page stored to the index settled (the daemon's
        /// merges while its inbox is quiet), before the pages were dropped.
        var quietSeconds: Double = 0
    }

    /// `store`: an existing store to run over (the scale benchmark's `--store`), else a fresh one.
    ///
    /// `quietFirst`: after the warm-up page, the inbox stays quiet until the daemon has
    /// merged what the index had left to merge (a SQLite store), as a daemon that has run
    /// for a while has: the burst then pays only for its own merges.
    func run(_ pages: [[UInt8]], rate: Double?, label: String, config: String = "", store: URL? = nil,
             quietFirst: Bool = false) throws -> Run {
        // A writable open `quick_check`s the whole store first: minutes for a large one.
        let startTimeout: Double = store == nil ? 60 : 3_600
        let daemon = try store.map { store in
            try DaemonChild(root: settings.scratch.appendingPathComponent("e2e-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"),
                            store: store)
        } ?? DaemonChild(scratch: settings.scratch, name: "e2e", config: config)
        defer { daemon.stop(); daemon.removeScratch() }
        let departures = try InboxDepartures(inbox: daemon.inbox)
        defer { departures.stop() }
        let started = monotonicSeconds()
        try daemon.start()
        _ = try PageDropper.drop([pages[0]], into: daemon.inbox, prefix: "warmup", rate: nil)
        guard departures.wait(for: 1, stallTimeout: startTimeout) else {
            throw BenchError("the daemon stored nothing within \(Int(startTimeout)) s: see \(daemon.root.path)/daemon.log")
        }
        let startSeconds = monotonicSeconds() - started
        let quietStarted = monotonicSeconds()
        if quietFirst { try waitForSettledIndex(daemon.store, timeout: startTimeout) }
        let quietSeconds = monotonicSeconds() - quietStarted
        guard let before = daemon.sample else { throw BenchError("the daemon exited: see \(daemon.root.path)/daemon.log") }
        let dropped = try PageDropper.drop(Array(pages.dropFirst()), into: daemon.inbox, prefix: label, rate: rate)
        let complete = departures.wait(for: pages.count, stallTimeout: 30)
        let after = daemon.sample ?? before
        let left = departures.snapshot
        var histogram = Histogram<UInt64>(highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)
        var lastDeparture = 0.0
        for (name, dropTime) in dropped {
            guard let departure = left[name] else { continue }
            _ = histogram.record(UInt64(max(0, departure - dropTime) * 1e6))
            lastDeparture = max(lastDeparture, departure)
        }
        let firstDrop = dropped.values.min() ?? 0
        let stored = Double(histogram.totalCount)
        return Run(pagesPerSecond: stored / max(1e-9, lastDeparture - firstDrop),
                   latency: histogram,
                   cpuPerThousand: (after.cpuSeconds - before.cpuSeconds) / max(1, stored) * 1000,
                   busiestThreadPerThousand: after.busiestThread(since: before) / max(1, stored) * 1000,
                   peakRSS: after.peakRSS, rssAnon: after.rssAnon, rssFile: after.rssFile,
                   failed: daemon.failedCount, complete: complete, startSeconds: startSeconds,
                   quietSeconds: quietSeconds)
    }

    /// Polls the store's index shape (read-only) until a merge step would find nothing to do.
    private func waitForSettledIndex(_ store: URL, timeout: Double) throws {
        let reader = try GazetteStore(path: store.path, readOnly: true)
        let deadline = monotonicSeconds() + timeout
        while let shape = try reader.searchIndexShape(), !shape.isSettled {
            guard monotonicSeconds() < deadline else {
                throw BenchError("the daemon's index over \(store.path) was still merging after \(Int(timeout)) s: \(shape.levels)")
            }
            Thread.sleep(forTimeInterval: 0.5)
        }
    }

    func e2e(corpus: inout CorpusGenerator) throws -> [BenchRow] {
        var rows: [BenchRow] = []
        let runs = settings.quick ? 2 : 3
        let burst = settings.quick ? 300 : 3_000
        let seconds = settings.quick ? 3.0 : 10.0
        // The last phase shows what the default batch_delay_ms (100) costs in latency.
        var phases: [(name: String, rate: Double?, count: Int, config: String)] = [("max", nil, burst, "")]
        for rate in [10.0, 100, 500] { phases.append(("\(Int(rate))/s", rate, Int(rate * seconds), "")) }
        phases.append(("100/s", 100, Int(100 * seconds), "batch_delay_ms = 10"))
        for (name, rate, count, config) in phases {
            var results: [Run] = []
            for index in 0..<runs {
                BenchPrinter.progress("e2e \(name) \(config): run \(index + 1)/\(runs), \(count) pages")
                results.append(try run(corpus.pages(count + 1), rate: rate, label: "p\(index)", config: config))
            }
            let note = DaemonBenches.note(incomplete: results.filter { !$0.complete }.count,
                                          failed: results.reduce(0) { $0 + $1.failed })
            let what = (rate == nil ? "as fast as the producer writes" : "offered \(name)") + (config.isEmpty ? "" : ", \(config)")
            rows.append(BenchRow("e2e", "\(what): sustained", unit: "pages/s", samples: results.map(\.pagesPerSecond),
                                 target: rate == nil ? .atLeast(1_000) : nil, note: note))
            for (p, label) in [(50.0, "p50"), (90, "p90"), (99, "p99")] {
                rows.append(BenchRow("e2e", "\(what): drop→commit \(label)", unit: "ms",
                                     samples: results.map { Double($0.latency.valueAtPercentile(p)) / 1000 },
                                     target: rate == 100 && p == 99 && config.isEmpty ? .atMost(100) : nil))
            }
            rows.append(BenchRow("e2e", "\(what): drop→commit max", unit: "ms",
                                 samples: results.map { Double($0.latency.max) / 1000 }))
            rows.append(BenchRow("e2e", "\(what): CPU per 1,000 pages", unit: "s", samples: results.map(\.cpuPerThousand)))
            if rate == nil {
                // What the CPU cost allows on this machine's cores with nothing else running.
                let cores = Double(ProcessInfo.processInfo.activeProcessorCount)
                rows.append(BenchRow("e2e", "capacity implied by CPU per page on \(Int(cores)) idle cores", unit: "pages/s",
                                     samples: results.map { cores * 1000 / max(1e-9, $0.cpuPerThousand) }, target: .atLeast(1_000)))
                // The serial part: one thread (the store's writer) cannot go faster than its
                // own CPU time per page allows, however many cores there are.
                rows.append(BenchRow("e2e", "busiest thread (the store's writer): CPU per 1,000 pages", unit: "s",
                                     samples: results.map(\.busiestThreadPerThousand)))
                rows.append(BenchRow("e2e", "capacity implied by the busiest thread alone", unit: "pages/s",
                                     samples: results.map { 1000 / max(1e-9, $0.busiestThreadPerThousand) }, target: .atLeast(1_000)))
            }
            rows.append(BenchRow("e2e", "\(what): peak RSS (VmHWM)", unit: "MB",
                                 samples: results.map { Double($0.peakRSS) / 1e6 }, target: .atMost(64)))
        }
        if let target = settings.postgres {
            rows += try PostgresE2E(settings: settings, target: target).rows(corpus: &corpus)
        }
        return rows
    }

    /// A row's note on runs that did not finish and pages the daemon refused (nil when
    /// neither happened: then the figure counts every page).
    static func note(incomplete: Int, failed: Int) -> String? {
        var notes: [String] = []
        if incomplete > 0 { notes.append("\(incomplete) runs incomplete") }
        if failed > 0 { notes.append("\(failed) pages failed") }
        return notes.isEmpty ? nil : notes.joined(separator: ", ")
    }

    /// The daemon started over `count` pages already waiting: seconds from the spawn to the
    /// first page out of the inbox, and to the last.
    func backlog(_ pages: [[UInt8]]) throws -> (first: Double, last: Double, failed: Int) {
        let daemon = try DaemonChild(scratch: settings.scratch, name: "backlog")
        defer { daemon.stop(); daemon.removeScratch() }
        _ = try PageDropper.backlog(pages, into: daemon.inbox, prefix: "b")
        let departures = try InboxDepartures(inbox: daemon.inbox)
        defer { departures.stop() }
        let start = monotonicSeconds()
        try daemon.start()
        guard departures.wait(for: pages.count, stallTimeout: 60) else {
            throw BenchError("backlog stalled at \(departures.count)/\(pages.count): see \(daemon.root.path)/daemon.log")
        }
        let times = departures.snapshot.values
        return ((times.min() ?? start) - start, (times.max() ?? start) - start, daemon.failedCount)
    }

    func backlog(corpus: inout CorpusGenerator) throws -> [BenchRow] {
        let full = settings.quick ? 1_000 : 10_000
        var rows: [BenchRow] = []
        var totals: [Int: Double] = [:]
        for count in [full / 2, full] {
            BenchPrinter.progress("backlog: \(count) pages")
            let result = try backlog(corpus.pages(count))
            totals[count] = result.last - result.first
            let note = result.failed > 0 ? "\(result.failed) pages failed" : nil
            rows.append(BenchRow("backlog", "\(count) waiting: first commit after start", unit: "s",
                                 samples: [result.first], target: .below(1), note: note))
            rows.append(BenchRow("backlog", "\(count) waiting: last commit after start", unit: "s", samples: [result.last]))
            rows.append(BenchRow("backlog", "\(count) waiting: drain rate", unit: "pages/s",
                                 samples: [Double(count) / max(1e-9, result.last - result.first)]))
        }
        if let half = totals[full / 2], let whole = totals[full], half > 0 {
            rows.append(BenchRow("backlog", "linearity: drain time(\(full)) / drain time(\(full / 2))", unit: "(2.0 = linear)",
                                 samples: [whole / half]))
        }
        return rows
    }

    /// The daemon with an empty inbox (after one page, so it is fully started): CPU and
    /// context switches, all threads, over the window.
    func idle(corpus: inout CorpusGenerator) throws -> [BenchRow] {
        let window = settings.quick ? 5.0 : 10.0
        BenchPrinter.progress("idle: \(window) s")
        let daemon = try DaemonChild(scratch: settings.scratch, name: "idle")
        defer { daemon.stop(); daemon.removeScratch() }
        let departures = try InboxDepartures(inbox: daemon.inbox)
        defer { departures.stop() }
        try daemon.start()
        _ = try PageDropper.drop([corpus.next()], into: daemon.inbox, prefix: "warmup", rate: nil)
        guard departures.wait(for: 1, stallTimeout: 60) else { throw BenchError("the daemon stored nothing within 60 s") }
        Thread.sleep(forTimeInterval: 5)  // the batch delay, the move, idle pool threads settle
        guard let before = daemon.sample else { throw BenchError("the daemon exited") }
        Thread.sleep(forTimeInterval: window)
        guard let after = daemon.sample else { throw BenchError("the daemon exited") }
        let (cpu, switches) = after.since(before)
        return [
            BenchRow("idle", "CPU over \(Int(window)) s idle (\(after.threads) threads)", unit: "% of a core",
                     samples: [cpu / window * 100], target: .below(0.1)),
            BenchRow("idle", "context switches (wake-ups), all threads", unit: "/s", samples: [Double(switches) / window]),
            BenchRow("idle", "RSS while idle (VmRSS)", unit: "MB", samples: [Double(after.rss) / 1e6], target: .atMost(64)),
        ]
    }
}
