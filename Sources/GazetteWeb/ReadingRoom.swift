import Foundation
import GazetteStore
import HTTPTypes
import Hummingbird
import Logging

/// The reading room: routes for the pages, the JSON API and /metrics over a read-only store.
///
/// ```swift
/// let room = ReadingRoom(store: try GazetteStore(path: path, readOnly: true), topics: TopicNames(taxonomy: taxonomy))
/// let app = Application(router: room.router(), configuration: .init(address: .hostname("127.0.0.1", port: 8080)))
/// try await app.runService()
/// ```
public struct ReadingRoom<Store: ReadingRoomStore>: Sendable {
    public let store: Store
    public let topics: TopicNames
    /// The daemon's failed/ folder, whose `*.reason.json` the overview lists; nil lists
    /// the store's failure rows instead.
    public let failedDirectory: String?
    /// The clock the overview's period ends at (tests fix it).
    public let now: @Sendable () -> Date
    /// Answers kept until the store changes (see `AnswerCache`): searches by their
    /// parameters, the statistics of /api/stats and /metrics (which read every article),
    /// and the overview's store queries by the period's first day.
    let searches = AnswerCache<SearchParameters, SearchResults>(capacity: 256)
    let statistics = AnswerCache<Int, StoreStats>(capacity: 4)
    let overviews = AnswerCache<Date, OverviewAnswer>(capacity: 8)
    /// The threads its store reads run on (see `StoreThreads`): the process's, unless a
    /// test gives a room its own to see which lane each answer takes.
    var lanes = Lanes()

    struct Lanes: Sendable {
        /// Searches, articles, the newest listing.
        var reads = StoreThreads.shared
        /// What reads the whole store or period: /metrics, /api/stats, the overview.
        var tallies = StoreThreads.tallies
    }

    /// What the overview reads from the store for one period.
    struct OverviewAnswer: Sendable {
        var totals: StoreTotals
        var overview: StoreOverview
        var pages: [StoredPage]
    }

    public init(store: Store, topics: TopicNames, failedDirectory: String? = nil, now: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.topics = topics
        self.failedDirectory = failedDirectory
        self.now = now
    }

    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: ErrorPages())
        // Every answer that reads the store is made on the store's threads (`StoreThreads`),
        // those that read all of it on a lane of their own.
        router.get("/") { request, _ in try await self.blocking { try self.searchPage(request) } }
        router.get("/search") { request, _ in try await self.blocking { try self.searchPage(request) } }
        router.get("/articles/:id") { _, context in
            let id = context.parameters.get("id")
            return try await self.blocking { try self.articlePage(id) }
        }
        router.get("/overview") { request, _ in try await self.blocking(on: self.lanes.tallies) { try self.overviewPage(request) } }
        router.get("/style.css") { _, _ in
            Responses.text(Style.css, type: "text/css; charset=utf-8", cache: "public, max-age=3600")
        }
        router.get("/api/search") { request, _ in
            try await self.blocking {
                let results = try self.search(try SearchParameters(try QueryString(request.uri.query)))
                return try Responses.json(API.search(results, topics: self.topics))
            }
        }
        router.get("/api/articles/:id") { _, context in
            let id = context.parameters.get("id")
            return try await self.blocking {
                Responses.text(ExportedArticle(article: try self.article(id)).jsonLine(), type: "application/json; charset=utf-8")
            }
        }
        router.get("/api/stats") { _, _ in
            try await self.blocking(on: self.lanes.tallies) {
                try Responses.json(API.StatsResponse(stats: try self.stats(recentFailures: 20), storeBytes: self.store.sizeInBytes()))
            }
        }
        router.get("/metrics") { _, _ in
            try await self.blocking(on: self.lanes.tallies) {
                Responses.text(
                    Metrics.render(try self.stats(recentFailures: 0), storeBytes: self.store.sizeInBytes()),
                    type: "text/plain; version=0.0.4; charset=utf-8")
            }
        }
        return router
    }

    /// `body` on the store's threads (`lane`, else the reads' lane), the caller suspended meanwhile.
    func blocking(on lane: StoreThreads? = nil, _ body: @escaping @Sendable () throws -> Response) async throws -> Response {
        try await (lane ?? lanes.reads).run(body)
    }

    func searchPage(_ request: Request) throws -> Response {
        let results = try search(try SearchParameters(try QueryString(request.uri.query)))
        return Responses.html(SearchPage.render(results, topics: topics))
    }

    /// The search (same semantics as `gazette search`), kept until the store changes.
    func search(_ parameters: SearchParameters) throws(StoreError) -> SearchResults {
        try searches.value(for: parameters, version: store.currentDataVersion()) { () throws(StoreError) in
            try SearchResults.run(parameters, store: store)
        }
    }

    func stats(recentFailures: Int) throws(StoreError) -> StoreStats {
        try statistics.value(for: recentFailures, version: store.currentDataVersion()) { () throws(StoreError) in
            try store.stats(recentFailures: recentFailures)
        }
    }

    func article(_ id: String?) throws -> StoredArticle {
        guard let id, id.utf8.count <= 19, let number = Int64(id), number > 0 else {
            throw WebError.notFound("没有这篇文章：编号应为正整数。")
        }
        guard let stored = try store.article(id: number) else { throw WebError.notFound("没有编号为 \(number) 的文章。") }
        return stored
    }

    func articlePage(_ id: String?) throws -> Response {
        let stored = try article(id)
        return Responses.html(ArticlePage.render(stored, pageArticles: try store.articles(fileID: stored.fileID), topics: topics))
    }

    func overviewPage(_ request: Request) throws -> Response {
        let days = try OverviewPage.days(try QueryString(request.uri.query))
        let (since, dayList) = OverviewPage.period(days: days, now: now())
        let answer = try overviews.value(for: since, version: store.currentDataVersion()) { () throws(StoreError) in
            OverviewAnswer(
                totals: try store.totals(recentFailures: failedDirectory == nil ? FailedFile.limit : 0),
                overview: try store.overview(since: since), pages: try store.newestPages(limit: 20))
        }
        // The failed/ folder is not the store: read on every request.
        let failed = failedDirectory.map(FailedFile.read(directory:)) ?? FailedFile.from(answer.totals.recentFailures)
        let data = OverviewPage.Data(
            days: days, dayList: dayList, totals: answer.totals, overview: answer.overview,
            pages: answer.pages, failed: failed, failedFromFolder: failedDirectory != nil)
        return Responses.html(OverviewPage.render(data, topics: topics))
    }
}

/// Builds responses with the headers every answer carries.
enum Responses {
    /// No script, no inline style, nothing from elsewhere: even markup that slipped past
    /// escaping could not run.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

    static func html(_ html: HTML, status: HTTPResponse.Status = .ok) -> Response {
        text(html.rendered, type: "text/html; charset=utf-8", status: status)
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        text(try API.encode(value), type: "application/json; charset=utf-8", status: status)
    }

    static func text(_ body: String, type: String, status: HTTPResponse.Status = .ok, cache: String = "no-store") -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = cache
        headers[HTTPField.Name("Content-Security-Policy")!] = contentSecurityPolicy
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}

/// Turns every error into a plain page (or, under /api/, a JSON object) with the right
/// status: 400 for a refused query, 404 for what does not exist, 503 for a busy store,
/// 500 otherwise (logged; the page says nothing about the inside).
struct ErrorPages<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let (status, message) = Self.describe(error, logger: context.logger)
            if request.uri.path.hasPrefix("/api/") {
                return try Responses.json(API.ErrorResponse(status: status, error: message), status: .init(code: status))
            }
            return Responses.html(Layout.error(status: status, message: message), status: .init(code: status))
        }
    }

    static func describe(_ error: any Error, logger: Logger) -> (Int, String) {
        switch error {
        case let error as WebError:
            return (error.status, error.message)
        case let error as StoreError:
            switch error {
            case .queryTooLarge(let terms, let characters):
                return (400, "查询过长：\(characters) 个字符、\(terms) 个词；最多 \(SearchQuery.maxCharacters) 个字符、\(SearchQuery.maxTerms) 个词。")
            case .invalidInput(let detail):
                return (400, "查询无效：\(detail)")
            case .noSuchArticle(let id):
                return (404, "没有编号为 \(id) 的文章。")
            default:
                logger.error("store error: \(error)")
                return error.isTransient ? (503, "文章库正忙，请稍后再试。") : (500, "读取文章库时出错，请联系管理员查看日志。")
            }
        case let error as HTTPError:
            let code = Int(error.status.code)
            return (code, code == 404 ? "没有这个页面。" : (error.body ?? error.status.reasonPhrase))
        default:
            logger.error("request failed: \(error)")
            return (500, "服务器内部错误，请联系管理员查看日志。")
        }
    }
}
