import ArgumentParser
import Foundation
import GazetteCore

/// `gazette bench …`: throughput measurements, run in a release build. A parent command so
/// that other benchmarks (classify, store, e2e) can sit beside `parse`.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure throughput (build with -c release first).",
        subcommands: [ParseBench.self, StoreBenchCommand.self])
}

/// `gazette bench parse`: the text pipeline's MB/s and pages/s, against the floor of merely
/// hashing the same bytes.
struct ParseBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse throughput over the seed pages or a generated corpus.",
        discussion: """
            Each run parses the corpus over and over for --seconds; the report gives the median \
            of --runs runs and their spread (min–max), the SHA-256 floor over the same bytes, \
            and the time per stage.
            """)

    enum Corpus: String, ExpressibleByArgument, CaseIterable {
        case seeds, generated
    }

    @Option(help: "Seconds per run.")
    var seconds: Double = 1

    @Option(help: "Runs per measurement (the median is reported).")
    var runs: Int = 7

    @Option(help: "seeds: the pages in --seeds; generated: synthetic pages built in memory.")
    var corpus: Corpus = .seeds

    @Option(help: "Directory of seed pages (*.txt).")
    var seeds: String = "seeds"

    @Option(help: "cpu: this thread's CPU time (steady on a busy machine); wall: elapsed time.")
    var clock: BenchClock = .cpu

    func validate() throws {
        guard seconds > 0, runs >= 1 else { throw ValidationError("--seconds must be > 0 and --runs ≥ 1") }
    }

    func run() throws {
        let pages = try loadCorpus()
        let bytes = pages.reduce(0) { $0 + $1.count }
        #if DEBUG
        print("warning: this is a debug build; figures are meaningful only with `swift build -c release`")
        #endif
        print("corpus: \(corpus.rawValue), \(pages.count) pages, \(bytes) bytes; \(runs) runs × \(seconds) s of \(clock.rawValue) time")

        let parse = Measurement.of(pages, runs: runs, seconds: seconds, clock: clock) { page in
            (try? PageParser.parse(page).articles.count) ?? 0
        }
        let floor = Measurement.of(pages, runs: runs, seconds: seconds, clock: clock) { page in
            SHA256.hex(of: page).utf8.count
        }
        print(parse.row("parse (full pipeline)"))
        print(floor.row("sha256 only (floor)"))
        print(String(format: "parse costs %.1f× the floor", floor.medianMBps / parse.medianMBps))

        print("stages (median MB/s of the page bytes):")
        let stageSeconds = max(0.2, seconds / 2)
        let decoded = pages.compactMap { try? TextDecoder.decode($0).text }
        let normalized = decoded.map(TextNormalizer.normalize)
        let parsed = pages.compactMap { try? PageParser.parse($0) }
        let stages: [(String, Measurement)] = [
            ("decode", Measurement.of(pages, runs: runs, seconds: stageSeconds, clock: clock) { (try? TextDecoder.decode($0).text.utf8.count) ?? 0 }),
            ("normalize", Measurement.indexed(pages, runs: runs, seconds: stageSeconds, clock: clock) { TextNormalizer.normalize(decoded[$0]).utf8.count }),
            ("layout", Measurement.indexed(pages, runs: runs, seconds: stageSeconds, clock: clock) { PageLayout.articles(fromNormalized: normalized[$0]).count }),
            ("json", Measurement.indexed(pages, runs: runs, seconds: stageSeconds, clock: clock) { PageJSON.bytes(file: "f", page: parsed[$0]).count }),
        ]
        for (name, measurement) in stages { print(measurement.row("  " + name)) }
    }

    private func loadCorpus() throws -> [[UInt8]] {
        switch corpus {
        case .generated:
            return GeneratedCorpus.pages(count: 200)
        case .seeds:
            let directory = URL(fileURLWithPath: seeds)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            let pages = try names.filter { $0.hasSuffix(".txt") }.sorted().map {
                [UInt8](try Data(contentsOf: directory.appendingPathComponent($0)))
            }
            guard !pages.isEmpty else {
                throw ValidationError("no *.txt pages in \(seeds): run from the repository root, pass --seeds DIR, or use --corpus generated")
            }
            return pages
        }
    }
}

/// The clock a benchmark reads. On a shared machine the thread's CPU time measures the work
/// itself; elapsed time also counts the time other processes held the core.
enum BenchClock: String, ExpressibleByArgument, CaseIterable {
    case cpu, wall

    /// Seconds since an arbitrary origin.
    func now() -> Double {
        var time = timespec()
        clock_gettime(self == .cpu ? CLOCK_THREAD_CPUTIME_ID : CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

/// Repeated timed runs over a corpus: median and spread of MB/s, and pages/s.
struct Measurement {
    let bytesPerPass: Int
    let pagesPerPass: Int
    /// MB/s of each run (MB = 10^6 bytes).
    let mbps: [Double]
    let pagesPerSecond: [Double]

    var medianMBps: Double { Self.median(mbps) }

    static func of(_ pages: [[UInt8]], runs: Int, seconds: Double, clock: BenchClock, _ work: ([UInt8]) -> Int) -> Measurement {
        indexed(pages, runs: runs, seconds: seconds, clock: clock) { work(pages[$0]) }
    }

    /// Runs `work(i)` for every page index, pass after pass, until `seconds` have elapsed.
    static func indexed(_ pages: [[UInt8]], runs: Int, seconds: Double, clock: BenchClock, _ work: (Int) -> Int) -> Measurement {
        let bytes = pages.reduce(0) { $0 + $1.count }
        var sink = 0
        for index in pages.indices { sink &+= work(index) }  // warm-up
        var mbps: [Double] = [], pagesPerSecond: [Double] = []
        for _ in 0..<runs {
            var passes = 0
            let start = clock.now()
            var elapsed = 0.0
            repeat {
                for index in pages.indices { sink &+= work(index) }
                passes += 1
                elapsed = clock.now() - start
            } while elapsed < seconds
            mbps.append(Double(bytes * passes) / elapsed / 1e6)
            pagesPerSecond.append(Double(pages.count * passes) / elapsed)
        }
        if sink == .min { print("") }  // keeps the work observable to the optimizer
        return Measurement(bytesPerPass: bytes, pagesPerPass: pages.count, mbps: mbps, pagesPerSecond: pagesPerSecond)
    }

    func row(_ name: String) -> String {
        let spread = String(format: "%.1f–%.1f", mbps.min() ?? 0, mbps.max() ?? 0)
        return name.padding(toLength: 24, withPad: " ", startingAt: 0)
            + String(format: "%9.1f MB/s (runs %@)  %10.0f pages/s", medianMBps, spread, Self.median(pagesPerSecond))
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}

/// Synthetic pages shaped like the seeds (headline block, byline, lead, paragraphs with a
/// column break, a subhead, a repeated block), for when no seed directory is at hand.
enum GeneratedCorpus {
    static func pages(count: Int) -> [[UInt8]] {
        let headlines = ["资源共享 守护医保基金安全", "我市外经合作 成绩不俗", "以强有力的审计监督 推动高质量发展", "县域经济在不同赛道赛龙夺锦"]
        let names = ["赵蝶", "陈 润", "罗文鹏", "高明山", "李鹏飞", "杨雪柔"]
        let sentences = [
            "近日，四川省、重庆市医疗保障局在四川广安召开川渝两地医疗保障战略合作座谈会。",
            "会议强调，要深入学习贯彻关于审计工作的系列重要指示精神，把政治引领贯彻始终。",
            "截至目前，已完成对外承包工程营业额821.15万美元，完成中方合同投资额800万美元。",
            "发展县域经济,既是扭住扩大内需战略基点、畅通国民经济循环的重要抓手,又是推动乡村振兴的关键支撑。",
            "广汉市坚持聚焦党建引领，服务民营经济健康发展，探索实施“红色聚力”行动。",
        ]
        var state: UInt64 = 0x6A7E_77E0
        func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
        return (0..<count).map { _ in
            var page = ""
            for _ in 0..<(3 + next(4)) {
                page += "\n\n\(headlines[next(headlines.count)])\n\n□本报记者 \(names[next(names.count)])\n\n"
                page += "本报讯 \(1 + next(12))月\(1 + next(28))日，"
                for paragraph in 0..<(4 + next(8)) {
                    let text = (0..<(2 + next(5))).map { _ in sentences[next(sentences.count)] }.joined()
                    if paragraph == 2 {
                        let cut = text.index(text.startIndex, offsetBy: text.count / 2)
                        page += "\(text[..<cut])\n\n\(text[cut...])\n\n"  // a column break
                    } else {
                        page += text + "\n\n"
                    }
                    if paragraph == 3 { page += "“一县一策”差异化发展\n\n" }
                }
            }
            return Array(page.utf8)
        }
    }
}
