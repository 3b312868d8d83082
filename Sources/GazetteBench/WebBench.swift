#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GazetteBenchKit
import GazetteCore
import GazetteClassifier
import GazetteStore

/// The reading room under load (issue 19): `gazette web` as a child process on a free
/// loopback port over a store (`--store`, or a generated one of `--scale-pages` pages),
/// driven by `wrk` with 20 connections for a bounded time. Each row is one kind of request
/// (search page or API, 2- or 4-character queries), its queries varied by a Lua script
/// (each connection walks the list from its own starting point), with wrk's p50 and p99
/// and the requests per second. wrk runs on the same cores as the server: the figures are
/// for the pair.
struct WebBench {
    let settings: BenchSettings

    /// Words that occur in the generated pages, so most queries have hits (a query without
    /// any is cheap and would flatter the figures).
    static let twoCharacter = ["医保", "审计", "党建", "乡村", "经济", "企业", "环境", "安全", "文化", "教育", "服务", "发展",
                               "项目", "农业", "干部", "群众", "市场", "监管", "基金", "工作", "建设", "社会", "生态", "政府"]
    static let fourCharacter = ["医保基金", "营商环境", "乡村振兴", "对口帮扶", "安全生产", "经济发展", "基层治理", "生态环境",
                                "项目建设", "党员干部", "市场监管", "文明创建", "疫情防控", "集中采购", "审计整改", "招商引资"]
    static let connections = 20

    func run(corpus: inout CorpusGenerator) throws -> [BenchRow] {
        guard let wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw BenchError("wrk is not installed: `apt-get install wrk` (it is in the Makefile's APT_PACKAGES: `make deps`)")
        }
        let scratch = settings.scratch.appendingPathComponent("web-\(getpid())")
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let store = try settings.store ?? generatedStore(in: scratch, corpus: &corpus)
        let pages = try GazetteStore(path: store.path, readOnly: true).totals(recentFailures: 0).pages

        let server = try WebChild(store: store, log: scratch.appendingPathComponent("web.log"))
        defer { server.stop() }
        let seconds = settings.quick ? 5 : 10
        var rows: [BenchRow] = []
        func encoded(_ word: String) -> String { word.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? word }
        func queries(_ prefix: String, _ words: [String]) -> [String] { words.map { prefix + encoded($0) } }
        // The reading room keeps answers until the store changes: the same queries again
        // measure that. "Each answer computed" gives every query each limit from 20 to 40,
        // more distinct searches than it keeps, so each request computes its answer.
        func computed(_ prefix: String, _ words: [String]) -> [String] {
            (20...40).flatMap { limit in words.map { prefix + encoded($0) + "&limit=\(limit)" } }
        }
        let kinds: [(String, [String])] = [
            ("search page, 2-character queries (24, repeated)", queries("/search?q=", Self.twoCharacter)),
            ("search page, 4-character queries (16, repeated)", queries("/search?q=", Self.fourCharacter)),
            ("API, 2-character queries (24, repeated)", queries("/api/search?q=", Self.twoCharacter)),
            ("API, 4-character queries (16, repeated)", queries("/api/search?q=", Self.fourCharacter)),
            ("search page, 2-character queries, each answer computed", computed("/search?q=", Self.twoCharacter)),
            ("API, 4-character queries, each answer computed", computed("/api/search?q=", Self.fourCharacter)),
            ("newest (no query)", (1...10).map { "/?page=\($0)" }),
        ]
        for (label, paths) in kinds {
            BenchPrinter.progress("web: \(label), \(Self.connections) connections, \(seconds) s")
            let before = ProcessSample.read(pid: server.process.processIdentifier)
            let result = try Self.load(wrk: wrk, base: server.base, paths: paths, seconds: seconds, scratch: scratch)
            let after = ProcessSample.read(pid: server.process.processIdentifier)
            let what = "\(label), \(pages) pages, \(Self.connections) connections"
            let note = result.errors > 0 ? "\(result.errors) errors of \(result.requests)" : nil
            if let before, let after, result.requests > 0 {
                // The server's own CPU per answer: unlike latency, barely moved by what else runs.
                rows.append(BenchRow("web", what + ": server CPU per request", unit: "ms",
                                     samples: [(after.cpuSeconds - before.cpuSeconds) / Double(result.requests) * 1000]))
            }
            rows.append(BenchRow("web", what + ": p50", unit: "ms", samples: [result.p50], note: note))
            rows.append(BenchRow("web", what + ": p99", unit: "ms", samples: [result.p99], target: .below(100), note: note))
            rows.append(BenchRow("web", what + ": throughput", unit: "requests/s", samples: [result.perSecond]))
        }
        return rows
    }

    /// A store of `scalePages` pages, as the scale benchmark makes it (distinct pages parsed
    /// once, stored as copies under fresh SHA-256s).
    private func generatedStore(in scratch: URL, corpus: inout CorpusGenerator) throws -> URL {
        let url = scratch.appendingPathComponent("gazette.sqlite")
        let classifier = try ClassifierLoader.load(taxonomyPath: nil, modelPath: nil)
        let templates = try corpus.pages(200).enumerated().map { index, bytes in
            PageRecord(fileName: "t\(index).txt", source: nil, size: bytes.count, receivedAt: Date(),
                       page: classifier.classify(try PageParser.parse(bytes)))
        }
        let store = try GazetteStore(path: url.path)
        var filled = 0
        while filled < settings.scalePages {
            let chunk = min(10_000, settings.scalePages - filled)
            BenchPrinter.progress("web: filling the store, \(filled)/\(settings.scalePages) pages")
            _ = try StoreBench.fill(store, templates: templates, pages: chunk, batchSize: 128)
            filled += chunk
        }
        return url
    }

    struct Load {
        var p50, p99, perSecond: Double
        var requests, errors: Int
    }

    /// One wrk run over `paths`; the Lua script's `done` prints one line of figures.
    static func load(wrk: String, base: String, paths: [String], seconds: Int, scratch: URL) throws -> Load {
        let script = scratch.appendingPathComponent("paths.lua")
        try luaScript(paths).write(to: script, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: wrk)
        process.arguments = ["-t2", "-c\(connections)", "-d\(seconds)s", "--timeout", "10s", "-s", script.path, base]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("GAZETTE_WRK ") }) else {
            throw BenchError("wrk exited with \(process.terminationStatus) and no figures: \(text)")
        }
        let numbers = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard numbers.count == 5 else { throw BenchError("unexpected wrk figures: \(line)") }
        return Load(p50: numbers[0] / 1000, p99: numbers[1] / 1000, perSecond: numbers[2] / max(1e-9, numbers[3] / 1e6),
                    requests: Int(numbers[2]), errors: Int(numbers[4]))
    }

    /// Each connection walks the paths from its own offset; non-2xx answers count as errors.
    static func luaScript(_ paths: [String]) -> String {
        let list = paths.map { "\"\($0)\"" }.joined(separator: ", ")
        return """
            local paths = { \(list) }
            local counter = 0
            setup = function(thread) thread:set("offset", counter * 7); counter = counter + 1 end
            init = function(args) index = offset or 0 end
            request = function()
              index = index + 1
              return wrk.format("GET", paths[(index % #paths) + 1])
            end
            done = function(summary, latency, requests)
              local e = summary.errors
              local errors = e.connect + e.read + e.write + e.status + e.timeout
              io.write(string.format("GAZETTE_WRK %d %d %d %d %d\\n", latency:percentile(50), latency:percentile(99),
                summary.requests, summary.duration, errors))
            end
            """
    }
}

/// `gazette web` as a child process on a free loopback port (the address it prints).
final class WebChild {
    let process = Process()
    let base: String

    init(store: URL, log: URL) throws {
        process.executableURL = GazetteExecutable.url
        process.arguments = ["web", "--listen", "127.0.0.1:0", "--store", store.path]
        let out = Pipe()
        process.standardOutput = out
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        // "gazette web: listening on http://127.0.0.1:PORT/ (store …)"
        var buffer = Data()
        var found: String?
        while found == nil {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            let text = String(decoding: buffer, as: UTF8.self)
            if let range = text.range(of: "http://"), let end = text[range.upperBound...].firstIndex(of: "/") {
                found = String(text[range.lowerBound..<end])
            }
        }
        guard let found else {
            process.terminate()
            throw BenchError("gazette web did not print its address: see \(log.path)")
        }
        base = found
    }

    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
    }
}
