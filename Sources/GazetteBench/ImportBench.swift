import Foundation
import GazetteBenchKit

/// `gazette import` over an archive of generated distinct pages, run as a user would (the
/// `gazette` beside gazette-bench as a child process, a fresh store on the scratch disk): pages/s durable
/// (the command's wall time, from start to its last fsynced commit and exit), then the
/// re-run that finds every page stored, and the daemon's sustained rate in the same run.
struct ImportBench {
    let settings: BenchSettings
    /// Pages in the archive (`--import-pages`; 100,000, or 10,000 with --quick).
    let pages: Int

    func run(corpus: inout CorpusGenerator) throws -> [BenchRow] {
        let root = settings.scratch.appendingPathComponent("import-\(getpid())")
        let archive = root.appendingPathComponent("archive")
        defer { try? FileManager.default.removeItem(at: root) }
        // Four papers, as an archive of several titles would be laid out.
        let papers = ["江门日报", "南方日报", "湖南日报", "人民日报"]
        for paper in papers {
            try FileManager.default.createDirectory(at: archive.appendingPathComponent(paper), withIntermediateDirectories: true)
        }
        var characters = 0
        for index in 0..<pages {
            if index % 10_000 == 0 { BenchPrinter.progress("import: writing the archive, \(index)/\(pages) pages") }
            let name = String(format: "%@/page-%07d.txt", papers[index % papers.count], index)
            let page = corpus.next()
            characters += String(decoding: page, as: UTF8.self).unicodeScalars.count
            try PageDropper.write(page, to: archive.appendingPathComponent(name).path)
        }
        let perPage = characters / max(pages, 1)
        let store = root.appendingPathComponent("gazette.sqlite").path

        BenchPrinter.progress("import: \(pages) pages into an empty store")
        let first = try importOnce(store: store, archive: archive.path)
        guard first.summary["stored"] as? Int == pages else {
            throw BenchError("import stored \(first.summary["stored"] ?? "nothing") of \(pages) pages: \(first.summary)")
        }
        BenchPrinter.progress("import: the same archive again (every page already stored)")
        let second = try importOnce(store: store, archive: archive.path)
        var rows = [
            BenchRow("import", "import of \(pages) distinct pages (\(perPage) characters each on average) into an empty store, durable",
                     unit: "pages/s", samples: [Double(pages) / first.seconds], target: .atLeast(1_000),
                     note: String(format: "%.1f s wall", first.seconds)),
            // The machine is shared: CPU time does not depend on the load the way wall time does.
            BenchRow("import", "the import's CPU time (user + system, all threads) per page", unit: "ms",
                     samples: [first.cpuSeconds / Double(pages) * 1000],
                     note: String(format: "all %d cores busy at that rate: %.0f pages/s", ProcessInfo.processInfo.activeProcessorCount,
                                  Double(ProcessInfo.processInfo.activeProcessorCount) * Double(pages) / first.cpuSeconds)),
            BenchRow("import", "re-run over the same \(pages) pages (all already stored)", unit: "pages/s",
                     samples: [Double(pages) / second.seconds], note: String(format: "%.1f s wall", second.seconds)),
        ]
        let size = (try? FileManager.default.attributesOfItem(atPath: store)[.size] as? Int) ?? 0
        rows.append(BenchRow("import", "store bytes per page after the import", unit: "bytes", samples: [Double(size) / Double(pages)]))

        // The daemon's rate in the same run, on the same machine and disk (a short burst).
        let burst = settings.quick ? 1_000 : 3_000
        BenchPrinter.progress("import: the daemon, \(burst) pages as fast as the producer writes, for comparison")
        let daemon = try DaemonBenches(settings: settings).run(corpus.pages(burst + 1), rate: nil, label: "d")
        rows.append(BenchRow("import", "the daemon, same run: \(burst) pages through the inbox", unit: "pages/s",
                             samples: [daemon.pagesPerSecond], note: daemon.complete ? nil : "incomplete"))
        return rows
    }

    /// One `gazette import --json` as a child process: its wall time, CPU time and summary.
    private func importOnce(store: String, archive: String) throws -> (seconds: Double, cpuSeconds: Double, summary: [String: Any]) {
        let process = Process()
        process.executableURL = GazetteExecutable.url
        process.arguments = ["import", "--store", store, "--json", archive]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        let cpu = childrenCPUSeconds()
        let start = ContinuousClock.now
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let seconds = Stats.seconds(ContinuousClock.now - start)
        let cpuSeconds = childrenCPUSeconds() - cpu
        guard process.terminationStatus == 0,
              let summary = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else {
            throw BenchError("gazette import exited with \(process.terminationStatus): \(String(decoding: data, as: UTF8.self))")
        }
        return (seconds, cpuSeconds, summary)
    }
}
