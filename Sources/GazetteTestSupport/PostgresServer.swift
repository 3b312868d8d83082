#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// A real, throwaway PostgreSQL server for the tests and the benchmarks: `initdb` and
/// `pg_ctl` from Debian's `postgresql` package in a temporary folder, listening on a unix
/// socket in that folder only (no TCP port to collide with), run as the `postgres` user
/// when we are root (PostgreSQL refuses root). Stopped and removed when the process exits.
///
/// `shared` is started once per process, on first use, and each test takes a database of
/// its own from it. A test that stops the server (`stop()`, `start()`: the database going
/// away under a daemon) takes a `dedicated()` one, so the other tests running meanwhile
/// keep theirs.
public final class PostgresServer: Sendable {
    public let directory: String
    public let binaries: String
    public let port = 5432

    /// The server, or why it cannot start here (the tests that need it skip with that reason).
    public static let shared: Result<PostgresServer, StartFailure> = start()

    /// A server of this process's own, for a test that stops and starts it; `remove()` it
    /// when done (the exit handler does otherwise). `durable`: with fsync, as a production
    /// server runs (the benchmark's), instead of the tests' fsync off.
    public static func dedicated(durable: Bool = false) -> Result<PostgresServer, StartFailure> { start(durable: durable) }

    public struct StartFailure: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// The shared server; else `skip` (the test's `Test.cancel`) is called with why it
    /// cannot start here.
    public static func running(orSkip skip: (String) throws -> Never) rethrows -> PostgresServer {
        switch shared {
        case .success(let server): return server
        case .failure(let failure): try skip(skipMessage(failure))
        }
    }

    /// A `dedicated()` server; else `skip` is called with why it cannot start here.
    public static func dedicated(orSkip skip: (String) throws -> Never) rethrows -> PostgresServer {
        switch dedicated() {
        case .success(let server): return server
        case .failure(let failure): try skip(skipMessage(failure))
        }
    }

    private static func skipMessage(_ failure: StartFailure) -> String {
        "skipped: \(failure) — install Debian's postgresql package to run it"
    }

    /// Whether the server flushes its WAL to disk (fsync on, full page writes).
    public let durable: Bool

    private init(directory: String, binaries: String, durable: Bool) {
        self.directory = directory
        self.binaries = binaries
        self.durable = durable
    }

    /// A new, empty database; its store URL.
    public func makeDatabase() throws -> String {
        let name = "gz_" + UUID().uuidString.prefix(8).lowercased()
        let result = Self.run(
            binaries + "/createdb", ["-h", directory, "-p", "\(port)", "-U", "postgres", "-E", "UTF8", "-T", "template0", name])
        guard result.status == 0 else { throw StartFailure(description: "createdb failed: \(result.output)") }
        return url(database: name)
    }

    public func url(database: String) -> String {
        "postgresql://postgres@/\(database)?host=\(directory)&port=\(port)&sslmode=disable"
    }

    /// The database name of a URL `makeDatabase` returned.
    public static func database(of url: String) -> String {
        String(url.split(separator: "?")[0].split(separator: "/").last ?? "")
    }

    /// Runs a statement through psql (for tests that reach past the store's API).
    @discardableResult
    public func psql(_ database: String, _ sql: String) throws -> String {
        let result = Self.run(
            binaries + "/psql", ["-h", directory, "-p", "\(port)", "-U", "postgres", "-d", database, "-At", "-v", "ON_ERROR_STOP=1", "-c", sql])
        guard result.status == 0 else { throw StartFailure(description: "psql failed: \(result.output)") }
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Stops the server as an operator's restart does (`pg_ctl stop -m fast`: sessions are
    /// ended, their transactions rolled back), waiting until it is down.
    public func stop() throws {
        let stopped = Self.run(binaries + "/pg_ctl", ["-D", directory + "/data", "-m", "fast", "-w", "-t", "60", "stop"])
        guard stopped.status == 0 else { throw StartFailure(description: "pg_ctl stop failed: \(stopped.output)") }
    }

    /// Starts the stopped server again, waiting until it accepts connections.
    public func start() throws {
        let started = Self.pgctlStart(binaries: binaries, directory: directory, durable: durable)
        guard started.status == 0 else { throw StartFailure(description: "pg_ctl start failed: \(started.output)") }
    }

    /// Stops the server at once and deletes its folder.
    public func remove() {
        _ = Self.run(binaries + "/pg_ctl", ["-D", directory + "/data", "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(atPath: directory)
        Self.running.withLock { $0.removeAll { $0.directory == directory } }
    }

    private static func start(durable: Bool = false) -> Result<PostgresServer, StartFailure> {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        guard let binaries = versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }).map({ "/usr/lib/postgresql/\($0)/bin" })
            .first(where: { FileManager.default.isExecutableFile(atPath: $0 + "/initdb") })
        else {
            return .failure(StartFailure(description: "no PostgreSQL server binaries (/usr/lib/postgresql/*/bin/initdb)"))
        }
        let directory = "/tmp/gazette-pg-" + UUID().uuidString.prefix(8).lowercased()
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            return .failure(StartFailure(description: "cannot create \(directory): \(error)"))
        }
        if getuid() == 0 {
            let owned = run("/bin/chown", ["postgres:postgres", directory])
            guard owned.status == 0 else {
                return .failure(StartFailure(description: "running as root and there is no postgres user to run the server as: \(owned.output)"))
            }
        }
        let initdb = run(
            binaries + "/initdb", ["-D", directory + "/data", "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"])
        guard initdb.status == 0 else { return .failure(StartFailure(description: "initdb failed: \(initdb.output)")) }
        let started = pgctlStart(binaries: binaries, directory: directory, durable: durable)
        guard started.status == 0 else {
            let log = (try? String(contentsOfFile: directory + "/server.log", encoding: .utf8)) ?? ""
            return .failure(StartFailure(description: "pg_ctl start failed: \(started.output) \(log.suffix(500))"))
        }
        let server = PostgresServer(directory: directory, binaries: binaries, durable: durable)
        running.withLock { $0.append((directory, binaries)) }
        _ = registerExitHandler
        return .success(server)
    }

    /// Unix socket in the private folder only; fsync off unless `durable`: the tests check
    /// what the store commits, not the disk's durability, and the machine is shared.
    private static func pgctlStart(binaries: String, directory: String, durable: Bool) -> (status: Int32, output: String) {
        let flush = durable ? "" : " -c fsync=off -c full_page_writes=off"
        let options = "-k \(directory) -c listen_addresses=''\(flush) -c max_connections=200"
        return run(binaries + "/pg_ctl", ["-D", directory + "/data", "-l", directory + "/server.log", "-w", "-t", "60", "-o", options, "start"])
    }

    /// The servers the exit handler stops and removes.
    private static let running = Mutex<[(directory: String, binaries: String)]>([])

    private static let registerExitHandler: Void = {
        atexit {
            for (directory, binaries) in PostgresServer.running.withLock({ $0 }) {
                _ = PostgresServer.run(binaries + "/pg_ctl", ["-D", directory + "/data", "-m", "immediate", "-w", "stop"])
                try? FileManager.default.removeItem(atPath: directory)
            }
        }
    }()

    /// `posix_spawn_file_actions_addclosefrom_np(actions, 3)` (glibc 2.34), looked up at run
    /// time because Swift's Glibc module does not declare it; without it, nothing is closed.
    private static func closeInherited(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return }
        _ = unsafeBitCast(symbol, to: CloseFrom.self)(actions, 3)
    }

    /// Runs a PostgreSQL tool, as the postgres user when we are root; its status and output.
    ///
    /// posix_spawn and waitpid rather than Foundation's Process, whose exit monitoring did
    /// not return here under the test runner; output goes to a file, not a pipe, because
    /// the server `pg_ctl start` leaves running would hold a pipe open for ever.
    public static func run(_ tool: String, _ arguments: [String]) -> (status: Int32, output: String) {
        let usesRunuser = getuid() == 0 && !tool.hasPrefix("/bin/")
        let argv = usesRunuser ? ["/usr/sbin/runuser", "-u", "postgres", "--", tool] + arguments : [tool] + arguments
        let output = "/tmp/gazette-pg-output-\(UUID().uuidString)"
        defer { unlink(output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else is inherited: the server `pg_ctl start` leaves running would keep, for
        // the rest of the run, whatever descriptor another test had open at that moment — a
        // file being written keeps its writer, and the read lease that asks "is anyone
        // writing this file?" (FileReader) was refused for it (35 web tests failed so once).
        closeInherited(&actions)
        var pid: pid_t = 0
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArguments, environ)
        guard spawned == 0 else { return (-1, "cannot run \(argv[0]): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        let exited = status & 0x7F == 0
        return (exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F), text)
    }
}
