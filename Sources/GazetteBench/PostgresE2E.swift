#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GazetteBenchKit
import GazetteTestSupport
import Histogram
import Synchronization

/// `gazette-bench e2e --store postgresql://…` (or `--store postgres-temp`: a throwaway
/// server started here, as the tests start theirs): the daemon on PostgreSQL, one and then
/// two daemons on two inboxes writing into one database, after the SQLite figures of the
/// same run. Besides pages/s and latency it reports where the CPU goes — the daemons' and,
/// for a server started here, the server's own — which is what bounds each figure.
struct PostgresE2E {
    let settings: BenchSettings
    /// `postgres-temp` or a database URL (used as it is: the pages are new to it).
    let target: String

    static func wanted(_ store: String?) -> Bool {
        store == "postgres-temp" || store?.hasPrefix("postgresql://") == true || store?.hasPrefix("postgres://") == true
    }

    struct Run {
        var pagesPerSecond: Double
        var latency: Histogram<UInt64>  // microseconds, drop → departure from the inbox
        var daemonCPUPerThousand: Double
        var busiestThreadPerThousand: Double
        /// The server's processes (postmaster and its backends), when it was started here.
        var serverCPUPerThousand: Double?
        var failed: Int
        var complete: Bool
    }

    func rows(corpus: inout CorpusGenerator) throws -> [BenchRow] {
        var server: PostgresServer?
        if target == "postgres-temp" {
            BenchPrinter.progress("e2e postgresql: starting a throwaway server")
            // fsync on, as a production server runs: a commit returns once its WAL is on disk.
            server = try PostgresServer.dedicated(durable: true).get()
        }
        defer { server?.remove() }
        let runs = settings.quick ? 2 : 3
        let burst = settings.quick ? 300 : 3_000
        var rows: [BenchRow] = []
        for daemons in [1, 2] {
            var results: [Run] = []
            for index in 0..<runs {
                BenchPrinter.progress("e2e postgresql, \(daemons) daemon(s): run \(index + 1)/\(runs), \(burst) pages")
                let url = try server?.makeDatabase() ?? target
                results.append(try run(corpus.pages(burst + daemons), daemons: daemons, url: url, server: server, label: "g\(index)"))
            }
            let note = DaemonBenches.note(incomplete: results.filter { !$0.complete }.count,
                                          failed: results.reduce(0) { $0 + $1.failed })
            let what = "PostgreSQL, \(daemons == 1 ? "one daemon" : "\(daemons) daemons, one database"), as fast as the producer writes"
            rows.append(BenchRow("e2e", "\(what): sustained", unit: "pages/s", samples: results.map(\.pagesPerSecond), note: note))
            for (p, label) in [(50.0, "p50"), (99, "p99")] {
                rows.append(BenchRow("e2e", "\(what): drop→commit \(label)", unit: "ms",
                                     samples: results.map { Double($0.latency.valueAtPercentile(p)) / 1000 }))
            }
            rows.append(BenchRow("e2e", "\(what): daemons' CPU per 1,000 pages", unit: "s",
                                 samples: results.map(\.daemonCPUPerThousand)))
            rows.append(BenchRow("e2e", "\(what): busiest daemon thread, CPU per 1,000 pages", unit: "s",
                                 samples: results.map(\.busiestThreadPerThousand)))
            let serverCPU = results.compactMap(\.serverCPUPerThousand)
            if !serverCPU.isEmpty {
                rows.append(BenchRow("e2e", "\(what): server's CPU per 1,000 pages", unit: "s", samples: serverCPU))
            }
        }
        return rows
    }

    /// `daemons` fresh daemons on one database; one warm-up page each, then the rest dropped
    /// round-robin into their inboxes at once, until every page has left its inbox.
    func run(_ pages: [[UInt8]], daemons count: Int, url: String, server: PostgresServer?, label: String) throws -> Run {
        let daemons = try (0..<count).map { index in
            try DaemonChild(scratch: settings.scratch, name: "e2e-pg\(index)", database: url)
        }
        defer { for daemon in daemons { daemon.stop(); daemon.removeScratch() } }
        let departures = try daemons.map { try InboxDepartures(inbox: $0.inbox) }
        defer { for watch in departures { watch.stop() } }
        for (index, daemon) in daemons.enumerated() {
            try daemon.start()
            _ = try PageDropper.drop([pages[index]], into: daemon.inbox, prefix: "warmup", rate: nil)
        }
        for (daemon, watch) in zip(daemons, departures) where !watch.wait(for: 1, stallTimeout: 60) {
            throw BenchError("the daemon stored nothing within 60 s: see \(daemon.root.path)/daemon.log")
        }
        let before = daemons.map(\.sample)
        let serverBefore = server.map(Self.serverCPUSeconds)
        // Each inbox gets its share from a producer of its own, all at once.
        let shares = (0..<count).map { index in Array(pages.dropFirst(count).enumerated().filter { $0.offset % count == index }.map(\.element)) }
        let dropped = Mutex<[[String: Double]]>(Array(repeating: [:], count: count))
        let errors = Mutex<[String]>([])
        let inboxes = daemons.map(\.inbox)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            do {
                let times = try PageDropper.drop(shares[index], into: inboxes[index], prefix: label, rate: nil)
                dropped.withLock { $0[index] = times }
            } catch {
                errors.withLock { $0.append("\(error)") }
            }
        }
        if let error = errors.withLock({ $0.first }) { throw BenchError(error) }
        var complete = true
        for (index, watch) in departures.enumerated() {
            complete = watch.wait(for: shares[index].count + 1, stallTimeout: 30) && complete
        }
        let after = daemons.map(\.sample)
        let serverAfter = server.map(Self.serverCPUSeconds)
        var histogram = Histogram<UInt64>(highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)
        var firstDrop = Double.infinity, lastDeparture = 0.0
        for (index, watch) in departures.enumerated() {
            let left = watch.snapshot
            for (name, dropTime) in dropped.withLock({ $0[index] }) {
                firstDrop = min(firstDrop, dropTime)
                guard let departure = left[name] else { continue }
                _ = histogram.record(UInt64(max(0, departure - dropTime) * 1e6))
                lastDeparture = max(lastDeparture, departure)
            }
        }
        let stored = max(1, Double(histogram.totalCount))
        var cpu = 0.0, busiest = 0.0
        for (earlier, later) in zip(before, after) {
            guard let earlier, let later else { continue }
            cpu += later.cpuSeconds - earlier.cpuSeconds
            busiest = max(busiest, later.busiestThread(since: earlier))
        }
        let serverCPU = serverBefore.flatMap { earlier in serverAfter.map { $0 - earlier } }
        return Run(pagesPerSecond: Double(histogram.totalCount) / max(1e-9, lastDeparture - firstDrop), latency: histogram,
                   daemonCPUPerThousand: cpu / stored * 1000, busiestThreadPerThousand: busiest / stored * 1000,
                   serverCPUPerThousand: serverCPU.map { $0 / stored * 1000 },
                   failed: daemons.reduce(0) { $0 + $1.failedCount }, complete: complete)
    }

    /// CPU seconds of the server started here: its postmaster and every process it forked
    /// (the daemons' backends, the WAL writer, the checkpointer …).
    static func serverCPUSeconds(_ server: PostgresServer) -> Double {
        guard let text = try? String(contentsOfFile: server.directory + "/data/postmaster.pid", encoding: .utf8),
              let postmaster = text.split(separator: "\n").first.flatMap({ pid_t($0) }) else { return 0 }
        let processes = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        var total = 0.0
        for entry in processes {
            guard let pid = pid_t(entry),
                  let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            // Fields after "(comm)": ppid is field 4.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 1, pid == postmaster || pid_t(fields[1]) == postmaster else { continue }
            total += ProcessSample.read(pid: pid)?.cpuSeconds ?? 0
        }
        return total
    }
}
