import Foundation
import GazetteStore
import GazetteStorePostgres
import GazetteTestSupport
import Testing

/// The store's two backends, for the suites that run over both: the same test, the same
/// expectations, on SQLite and on a real PostgreSQL server (`PostgresServer`); the
/// PostgreSQL case is skipped, saying why, where no server can start.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgresql

    var testDescription: String { rawValue }

    /// A fresh, empty store of this kind (`dir` holds a SQLite file; PostgreSQL gets a new database).
    func makeStore(in dir: URL) throws -> any ArticleStore {
        switch self {
        case .sqlite: try GazetteStore(path: dir.appendingPathComponent("g.sqlite").path)
        case .postgresql: try PostgresStore(try PostgresServer.require().makeDatabase())
        }
    }
}

extension StoreReader {
    /// `search` with the plain-text marks (protocol requirements have no default arguments).
    func hits(_ query: SearchQuery) throws(StoreError) -> [SearchHit] {
        try search(query, marks: ("【", "】"))
    }
}
