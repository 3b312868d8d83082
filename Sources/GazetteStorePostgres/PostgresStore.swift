import Foundation
import GazetteStore
import Logging
import PostgresNIO
import Synchronization

/// The article store in a PostgreSQL database: what `GazetteStore` is on SQLite, with the
/// same semantics, for many ingest hosts and many readers.
///
/// - Pages are unique by SHA-256, and the unique constraint decides inside the page's
///   transaction (`INSERT … ON CONFLICT DO NOTHING`): two hosts storing the same bytes at
///   the same moment store them once, the other records a duplicate; there is no
///   check-then-insert race.
/// - Every connection runs with `synchronous_commit = on`: a batch is on the server's disk
///   (its WAL flushed) when `ingest` returns, so the caller may move the files away.
/// - Search uses the same tokens as the SQLite index (`SearchTokens`), stored as a
///   `tsvector` with positions under the `simple` configuration, with a GIN index; a term
///   is a phrase (`<->`), so 1-, 2-, 4-character and Latin queries match as on SQLite.
///
/// The calls are synchronous, like `GazetteStore`'s: each waits on PostgresNIO's event
/// loops (never on Swift's cooperative pool), so it may be called from a command or from a
/// task alike.
public final class PostgresStore: Sendable {
    public let url: PostgresURL
    public let readOnly: Bool
    let configuration: PostgresConnection.Configuration
    let pool: ConnectionPool

    /// Opens the store, creating and migrating its tables unless `readOnly`.
    ///
    /// - Parameter passwordFile: the configuration's `password_file` (else `PGPASSFILE`).
    public init(url: PostgresURL, passwordFile: String? = nil, readOnly: Bool = false, maxConnections: Int = 4)
        throws(StoreError)
    {
        self.url = url
        self.readOnly = readOnly
        configuration = try url.configuration(password: url.password(passwordFile: passwordFile))
        pool = ConnectionPool(configuration: configuration, location: url.description, maxConnections: maxConnections)
        try PostgresSchema.check(self)
    }

    public convenience init(_ text: String, passwordFile: String? = nil, readOnly: Bool = false) throws(StoreError) {
        try self.init(url: PostgresURL(text), passwordFile: passwordFile, readOnly: readOnly)
    }

    public var location: String { url.description }

    /// Closes every connection (also done when the store is released).
    public func close() { pool.closeAll() }

    deinit { pool.closeAll() }

    // MARK: running statements

    /// Runs one statement (a read, or a write that may run twice), returning its rows.
    ///
    /// A connection kept from before a server restart fails its first statement: the idle
    /// connections are then dropped and the statement runs once more on a new one, so the
    /// caller sees the restart only if the server is still down.
    @discardableResult
    func query(_ sql: SQL) throws(StoreError) -> [PostgresRandomAccessRow] {
        var stale = false
        do throws(StoreError) {
            return try pool.with { connection, reused throws(StoreError) in
                do throws(StoreError) {
                    return try Self.run(sql, on: connection, location: location)
                } catch {
                    stale = reused && error.isUnreachable
                    throw error
                }
            }
        } catch where stale {
            pool.discardIdle()
            return try pool.with { connection, _ throws(StoreError) in try Self.run(sql, on: connection, location: location) }
        }
    }

    /// Runs `body` inside one transaction on one connection: committed when it returns,
    /// rolled back when it throws.
    ///
    /// Run again, whole, when PostgreSQL aborted it for a serialization failure or a
    /// deadlock (two hosts' batches waiting on each other) or when the unique index saw a
    /// race the statement could not resolve; the next run sees the other transaction's rows.
    /// A connection that fails at `BEGIN` is one kept from before a server restart: it is
    /// dropped, with the other idle ones, and the transaction starts on a new connection.
    /// Nothing else is retried here: the database down is the caller's to wait out.
    func transaction<T>(isolation: String = "READ COMMITTED", _ body: (Transaction) throws(StoreError) -> T)
        throws(StoreError) -> T
    {
        if readOnly, isolation != "REPEATABLE READ READ ONLY" {
            throw .permissionDenied(path: location, detail: "opened read-only")
        }
        var attempt = 1
        while true {
            var staleAtBegin = false
            do throws(StoreError) {
                return try pool.with { connection, reused throws(StoreError) in
                    let transaction = Transaction(connection: connection, location: location)
                    do throws(StoreError) {
                        try transaction.execute(SQL("BEGIN ISOLATION LEVEL \(isolation)"))
                    } catch {
                        staleAtBegin = reused && error.isUnreachable
                        throw error
                    }
                    do throws(StoreError) {
                        let result = try body(transaction)
                        try transaction.execute(SQL("COMMIT"))
                        return result
                    } catch {
                        _ = try? transaction.execute(SQL("ROLLBACK"))
                        throw error
                    }
                }
            } catch {
                if staleAtBegin, attempt == 1 {
                    pool.discardIdle()
                } else if let pause = PostgresErrors.retryPause(after: error, attempt: attempt) {
                    Thread.sleep(forTimeInterval: pause)
                } else {
                    throw error
                }
                attempt += 1
            }
        }
    }

    /// A read from one snapshot (several statements see the same data, as on SQLite's readers).
    func snapshot<T>(_ body: (Transaction) throws(StoreError) -> T) throws(StoreError) -> T {
        try transaction(isolation: "REPEATABLE READ READ ONLY", body)
    }

    static func run(_ sql: SQL, on connection: PostgresConnection, location: String) throws(StoreError)
        -> [PostgresRandomAccessRow]
    {
        do {
            let result = try connection.query(PostgresQuery(unsafeSQL: sql.text, binds: sql.binds), logger: PostgresLog.logger)
                .wait()
            return result.rows.map { $0.makeRandomAccess() }
        } catch {
            throw PostgresErrors.map(error, location: location)
        }
    }

    /// One connection in a transaction.
    struct Transaction {
        let connection: PostgresConnection
        let location: String

        @discardableResult
        func execute(_ sql: SQL) throws(StoreError) -> [PostgresRandomAccessRow] {
            try PostgresStore.run(sql, on: connection, location: location)
        }
    }
}

/// The logger PostgresNIO writes its own events to: silent but for errors (the store's
/// errors reach the operator as `StoreError`s).
enum PostgresLog {
    static let logger: Logger = {
        var logger = Logger(label: "gazette-postgres")
        logger.logLevel = .error
        return logger
    }()
}

/// A few connections, each used by one caller at a time: a transaction needs its
/// connection to itself, and the reading room serves several requests at once.
final class ConnectionPool: Sendable {
    let configuration: PostgresConnection.Configuration
    let location: String
    let maxConnections: Int
    /// Connections open and not lent.
    private let idle = Mutex<[PostgresConnection]>([])
    /// Callers waiting for a connection when `maxConnections` are lent.
    private let available: DispatchSemaphore
    private static let counter = Atomic<Int>(0)

    init(configuration: PostgresConnection.Configuration, location: String, maxConnections: Int) {
        self.configuration = configuration
        self.location = location
        self.maxConnections = max(1, maxConnections)
        available = DispatchSemaphore(value: self.maxConnections)
    }

    /// Lends a connection to `body`, saying whether it was kept from an earlier call
    /// (`reused`) rather than opened for this one; a connection that failed in transit is
    /// closed rather than lent again.
    func with<T>(_ body: (PostgresConnection, _ reused: Bool) throws(StoreError) -> T) throws(StoreError) -> T {
        available.wait()
        defer { available.signal() }
        let connection: PostgresConnection
        let reused: Bool
        if let lent = idle.withLock({ $0.popLast() }), !lent.isClosed {
            (connection, reused) = (lent, true)
        } else {
            (connection, reused) = (try connect(), false)
        }
        do {
            let result = try body(connection, reused)
            idle.withLock { $0.append(connection) }
            return result
        } catch {
            // A connection that failed in transit is dropped; one that only saw an SQL error is kept.
            if error.isTransient { Self.close(connection) } else { idle.withLock { $0.append(connection) } }
            throw error
        }
    }

    /// Closes the idle connections: after one of them is found dead (the server restarted),
    /// the others, opened before the same restart, are dead too.
    func discardIdle() { closeAll() }

    private func connect() throws(StoreError) -> PostgresConnection {
        let id = Self.counter.wrappingAdd(1, ordering: .relaxed).newValue
        do {
            let connection = try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: id,
                logger: PostgresLog.logger
            ).wait()
            // Durability is the store's promise, whatever the server's default: a commit
            // returns only once its WAL is flushed.
            _ = try connection.query("SET synchronous_commit = on", logger: PostgresLog.logger).wait()
            return connection
        } catch {
            throw PostgresErrors.map(error, location: location)
        }
    }

    /// Closes a connection without waiting, keeping it alive until it is closed (PostgresNIO
    /// requires a connection to be closed before it is released).
    private static func close(_ connection: PostgresConnection) {
        let closed: EventLoopFuture<Void> = connection.close()
        closed.whenComplete { _ in withExtendedLifetime(connection) {} }
    }

    func closeAll() {
        let connections = idle.withLock { idle in
            defer { idle.removeAll() }
            return idle
        }
        // Not waited for: a store may be released on any thread, an event loop's among them.
        for connection in connections { Self.close(connection) }
    }
}

/// A statement's text with its `$n` parameters, built up piece by piece.
struct SQL {
    var text: String
    var binds = PostgresBindings()

    init(_ text: String = "") { self.text = text }

    /// Appends a parameter and returns its placeholder (`$3`).
    mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value?) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    static func += (sql: inout SQL, text: String) { sql.text += text }
}
