import Foundation
import Synchronization
import Testing

/// A real, throwaway PostgreSQL server for the tests: `initdb` and `pg_ctl` from Debian's
/// `postgresql` package in a temporary folder, listening on a unix socket in that folder
/// only (no TCP port to collide with), run as the `postgres` user when the tests run as
/// root (PostgreSQL refuses root). Started once per test process, on first use; stopped
/// and removed when the process exits. Each test gets a database of its own.
final class PostgresServer: Sendable {
    let directory: String
    let binaries: String
    let port = 5432

    /// The server, or why it cannot start here (the tests that need it are skipped with that reason).
    static let shared: Result<PostgresServer, StartFailure> = start()

    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// The server, or cancels (skips) the current test with the reason it cannot start.
    static func require() throws -> PostgresServer {
        switch shared {
        case .success(let server): return server
        case .failure(let failure): try Test.cancel("skipped: \(failure) — install Debian's postgresql package to run it")
        }
    }

    static var isAvailable: Bool { (try? shared.get()) != nil }

    private init(directory: String, binaries: String) {
        self.directory = directory
        self.binaries = binaries
    }

    /// A new, empty database; its store URL.
    func makeDatabase() throws -> String {
        let name = "gz_" + UUID().uuidString.prefix(8).lowercased()
        let result = Self.run(
            binaries + "/createdb", ["-h", directory, "-p", "\(port)", "-U", "postgres", "-E", "UTF8", "-T", "template0", name])
        guard result.status == 0 else { throw StartFailure(description: "createdb failed: \(result.output)") }
        return url(database: name)
    }

    func url(database: String) -> String {
        "postgresql://postgres@/\(database)?host=\(directory)&port=\(port)&sslmode=disable"
    }

    /// Runs a statement through psql (for tests that reach past the store's API).
    @discardableResult
    func psql(_ database: String, _ sql: String) throws -> String {
        let result = Self.run(
            binaries + "/psql", ["-h", directory, "-p", "\(port)", "-U", "postgres", "-d", database, "-At", "-v", "ON_ERROR_STOP=1", "-c", sql])
        guard result.status == 0 else { throw StartFailure(description: "psql failed: \(result.output)") }
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func start() -> Result<PostgresServer, StartFailure> {
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
        // Unix socket in the private folder only; fsync off: the tests check what the store
        // commits, not the disk's durability, and the machine is shared.
        let options = "-k \(directory) -c listen_addresses='' -c fsync=off -c full_page_writes=off -c max_connections=200"
        let started = run(binaries + "/pg_ctl", ["-D", directory + "/data", "-l", directory + "/server.log", "-w", "-t", "60", "-o", options, "start"])
        guard started.status == 0 else {
            let log = (try? String(contentsOfFile: directory + "/server.log", encoding: .utf8)) ?? ""
            return .failure(StartFailure(description: "pg_ctl start failed: \(started.output) \(log.suffix(500))"))
        }
        stopDirectory.withLock { $0 = (directory, binaries) }
        atexit {
            guard let (directory, binaries) = PostgresServer.stopDirectory.withLock({ $0 }) else { return }
            _ = PostgresServer.run(binaries + "/pg_ctl", ["-D", directory + "/data", "-m", "immediate", "-w", "stop"])
            try? FileManager.default.removeItem(atPath: directory)
        }
        return .success(PostgresServer(directory: directory, binaries: binaries))
    }

    /// What the exit handler stops and removes.
    private static let stopDirectory = Mutex<(String, String)?>(nil)

    /// Runs a PostgreSQL tool, as the postgres user when we are root; its status and output.
    ///
    /// posix_spawn and waitpid rather than Foundation's Process, whose exit monitoring did
    /// not return here under the test runner; output goes to a file, not a pipe, because
    /// the server `pg_ctl start` leaves running would hold a pipe open for ever.
    static func run(_ tool: String, _ arguments: [String]) -> (status: Int32, output: String) {
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
