import Foundation
import GazetteCore
import GazetteClassifier
import GazetteDaemon
import GazetteStore
import GazetteTestSupport
import GazetteWeb
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// A temp store filled from the seeds (one page a day, the newest today), the development
/// set's 67 articles as pages (spread over the last 30 days) and a page whose text is
/// markup, opened read-only as `gazette web` opens it, and the reading room over it.
///
/// Built once per test process (`shared`) and only ever read: every test reads the same
/// store. Its folder is named for the process; folders of processes that are gone are
/// removed when the next one builds its own.
struct WebFixture: Sendable {
    static let repoRoot = Seeds.repoRoot
    /// The clock the overview runs at: the pages arrive on the days before it.
    static let now = ISO8601DateFormatter().date(from: "2026-12-06T12:00:00Z")!
    static let taxonomy = Result { try ClassifierLoader.loadTaxonomy(path: nil) }
    static let shared = Result { try WebFixture() }

    /// The hostile strings of the XSS tests, each inside the page's text.
    static let script = "<script>alert(1)</script>"
    static let image = "\"><img src=x onerror=alert(1)>"
    static let template = "{{x}}"
    static let hostileName = "<img src=x onerror=alert(1)>.txt"
    static let devPages = 67

    let directory: URL
    let store: GazetteStore
    let room: ReadingRoom<GazetteStore>
    /// File ids of the stored seed pages, in seed order (seed i received i days before `now`).
    let seedFileIDs: [Int64]
    let hostileFileID: Int64

    private init() throws {
        Self.removeStale()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(Self.prefix)\(getpid())")
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("gazette.sqlite").path
        let writer = try GazetteStore(path: path)
        let classifier = try ClassifierLoader.load(taxonomyPath: nil, modelPath: nil)
        let processor = PageProcessor(maxFileSize: 1 << 24, classifier: { classifier.classify($0) })
        let seedDirectory = Self.repoRoot.appendingPathComponent("seeds")
        let seeds = try FileManager.default.contentsOfDirectory(atPath: seedDirectory.path).filter { $0.hasSuffix(".txt") }.sorted()
        var records: [PageRecord] = []
        for (index, name) in seeds.enumerated() {
            records.append(try Self.record(
                processor, path: seedDirectory.appendingPathComponent(name).path, name: name,
                source: index % 2 == 0 ? "四川日报" : "重庆日报", at: Self.now.addingTimeInterval(-86_400 * Double(index) - 3_600)))
        }
        // The dev set's articles, each as a page (headline, blank line, text: as
        // scripts/learning-curve.py writes them), one every 11 hours back from yesterday.
        let devset = try String(contentsOf: Self.repoRoot.appendingPathComponent("config/training/devset.jsonl"), encoding: .utf8)
        for (index, line) in devset.split(separator: "\n").enumerated() {
            let row = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let text = ((row["headline"] as? String ?? "") + "\n\n" + (row["text"] as? String ?? ""))
            let file = directory.appendingPathComponent("dev-\(index).txt")
            try text.write(to: file, atomically: true, encoding: .utf8)
            records.append(try Self.record(
                processor, path: file.path, name: "dev-\(index).txt", source: ["南方日报", "湖南日报", "陕西日报"][index % 3],
                at: Self.now.addingTimeInterval(-86_400 - 11 * 3_600 * Double(index))))
        }
        let hostile = directory.appendingPathComponent("hostile.txt")
        try Self.hostilePage.write(to: hostile, atomically: true, encoding: .utf8)
        records.append(try Self.record(processor, path: hostile.path, name: Self.hostileName, source: "测试报",
                                       at: Self.now.addingTimeInterval(-86_400 * 40)))
        var fileIDs: [Int64] = []
        for outcome in try writer.ingest(records) {
            guard case .stored(let fileID, _) = outcome else { throw FixtureError("a fixture page was not stored: \(outcome)") }
            fileIDs.append(fileID)
        }
        seedFileIDs = Array(fileIDs.prefix(seeds.count))
        hostileFileID = fileIDs.last!
        try writer.recordFailure(FailureRecord(
            fileName: Self.hostileName, sha256: nil, size: 3, code: "binary", message: "looks binary: \(Self.script)",
            at: Self.now))
        store = try GazetteStore(path: path, readOnly: true)
        room = ReadingRoom(store: store, topics: TopicNames(taxonomy: try Self.taxonomy.get()), now: { Self.now })
    }

    private static let prefix = "gazette-web-fixture-"

    /// Removes the folders of earlier test processes that have exited.
    private static func removeStale() {
        let temp = FileManager.default.temporaryDirectory
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temp.path)) ?? [] where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), pid != getpid(), kill(pid, 0) != 0 else { continue }
            try? FileManager.default.removeItem(at: temp.appendingPathComponent(name))
        }
    }

    /// The same store seen by a reading room that lists a failed/ folder.
    func room(failedDirectory: String) throws -> ReadingRoom<GazetteStore> {
        ReadingRoom(store: store, topics: TopicNames(taxonomy: try Self.taxonomy.get()), failedDirectory: failedDirectory, now: { Self.now })
    }

    static func record(_ processor: PageProcessor, path: String, name: String, source: String, at: Date) throws -> PageRecord {
        // The bytes, not the path: reading a path asks the kernel for a read lease ("is
        // anyone writing this file?"), and a child process another test spawns while
        // Foundation writes a fixture file can inherit that write descriptor and keep it as
        // long as it lives (a PostgreSQL server, for the rest of the run): the lease is then
        // refused, the page "still being written" (a CI run under load: 35 tests failed so).
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let outcome = processor.process(bytes: bytes)
        guard case .page(let page, let size) = outcome else {
            throw FixtureError("\(name) did not parse into a page: \(outcome)")
        }
        return PageRecord(fileName: name, source: source, size: size, receivedAt: at, page: page)
    }

    /// A page in the seeds' shape whose headline, subtitle, byline and body carry markup.
    static let hostilePage = """


        \(script)医保基金监管新举措

        \(image)副题 \(template)

        □本报记者 王小明

        本报讯 近日，四川省医疗保障局召开医保基金监管工作会议，\(script)会议强调要守护好医保基金安全，\
        坚决打击欺诈骗保行为。\(image)与会人员\(template)表示，将进一步加强定点医疗机构的日常监管，推进智能监控。

        会议要求，各地医保部门要压实监管责任，开展专项整治，确保医保基金安全运行，切实维护参保群众的合法权益。


        """

    /// GETs `uri` on the room's router and hands the response's status, body and headers to `check`.
    func get(
        _ uri: String, room: ReadingRoom<GazetteStore>? = nil,
        _ check: @escaping @Sendable (HTTPResponse.Status, String, HTTPFields) throws -> Void
    ) async throws {
        let app = Application(router: (room ?? self.room).router())
        try await app.test(.router) { client in
            try await client.execute(uri: uri, method: .get) { response in
                try check(response.status, String(buffer: response.body), response.headers)
            }
        }
    }

    /// The body of a GET that must answer 200.
    func page(_ uri: String, room: ReadingRoom<GazetteStore>? = nil) async throws -> String {
        let box = Box()
        try await get(uri, room: room) { status, body, _ in
            #expect(status == .ok, "GET \(uri): \(status)\n\(body.prefix(400))")
            box.value = body
        }
        return box.value
    }

    /// A GET's JSON body, decoded as an object.
    func json(_ uri: String) async throws -> [String: Any] {
        let body = try await page(uri)
        return try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any], "not a JSON object: \(body)")
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Carries a response body out of the test client's closure.
final class Box: @unchecked Sendable {
    var value = ""
}
