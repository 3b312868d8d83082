import Foundation
import GazetteStore
import PostgresNIO

/// A store URL, `postgresql://USER@HOST:PORT/DB?sslmode=MODE`, as PostgreSQL users write it.
///
/// The password is never part of it (a URL lands in shell history, `ps` and the journal):
/// it comes from the file the configuration names (`password_file`), else from the
/// `PGPASSFILE` lines that match (libpq's format), else there is none (peer or trust
/// authentication over a unix socket). A socket is `?host=/run/postgresql` or a host
/// beginning with `/` (`postgresql://gazette@%2Frun%2Fpostgresql/gazette`).
public struct PostgresURL: Sendable, Equatable {
    public var user: String
    /// A host name or address, or a directory holding the server's unix socket.
    public var host: String
    public var port: Int
    public var database: String
    /// libpq's sslmode: disable, allow, prefer, require, verify-ca, verify-full.
    public var sslMode: String
    /// `sslrootcert=`: the CA bundle for verify-ca / verify-full.
    public var sslRootCert: String?

    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgresql://") || text.hasPrefix("postgres://")
    }

    public init(_ text: String) throws(StoreError) {
        guard Self.isPostgres(text), let components = URLComponents(string: text) else {
            throw .invalidInput(detail: "\(text) is not a PostgreSQL URL: expected postgresql://USER@HOST:PORT/DATABASE?sslmode=prefer")
        }
        if components.password != nil {
            throw .invalidInput(detail: "the store URL carries a password, which would show in shell history and process lists: remove it and name a password_file in gazette.toml, or use PGPASSFILE")
        }
        let query = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        user = components.user ?? ProcessInfo.processInfo.environment["PGUSER"] ?? "gazette"
        let host = query["host"] ?? components.host.flatMap { $0.removingPercentEncoding } ?? ""
        self.host = host.isEmpty ? "/var/run/postgresql" : host
        port = components.port ?? query["port"].flatMap(Int.init) ?? 5432
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = path.isEmpty ? user : (path.removingPercentEncoding ?? path)
        sslMode = query["sslmode"] ?? "prefer"
        sslRootCert = query["sslrootcert"]
        let modes = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]
        guard modes.contains(sslMode) else {
            throw .invalidInput(detail: "sslmode=\(sslMode) is not one of \(modes.joined(separator: ", "))")
        }
    }

    public var isUnixSocket: Bool { host.hasPrefix("/") }

    /// The URL as an operator reads it (there is no password in it to hide).
    public var description: String {
        let hostPart = isUnixSocket ? "" : "\(host):\(port)"
        let socket = isUnixSocket ? "host=\(host)&" : ""
        return "postgresql://\(user)@\(hostPart)/\(database)?\(socket)sslmode=\(sslMode)"
    }

    /// The password: the first line of `passwordFile`, else the matching `PGPASSFILE` entry, else none.
    public func password(passwordFile: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(StoreError) -> String?
    {
        if let passwordFile {
            guard let text = try? String(contentsOfFile: passwordFile, encoding: .utf8) else {
                throw .permissionDenied(path: passwordFile, detail: "cannot read the password_file named in the configuration")
            }
            return text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        }
        guard let file = environment["PGPASSFILE"], let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            return nil
        }
        return Self.pgpass(text, host: isUnixSocket ? "localhost" : host, port: port, database: database, user: user)
    }

    /// The password of the first `host:port:database:user:password` line that matches (`*`
    /// matches anything; `\:` and `\\` are escaped), as libpq reads a `.pgpass` file.
    static func pgpass(_ text: String, host: String, port: Int, database: String, user: String) -> String? {
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            var fields: [String] = [""]
            var escaped = false
            for character in line {
                if escaped {
                    fields[fields.count - 1].append(character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == ":", fields.count < 5 {
                    fields.append("")
                } else {
                    fields[fields.count - 1].append(character)
                }
            }
            guard fields.count == 5 else { continue }
            let wanted = [host, String(port), database, user]
            if zip(fields, wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }

    /// PostgresNIO's connection settings, TLS as `sslMode` asks.
    func configuration(password: String?) throws(StoreError) -> PostgresConnection.Configuration {
        if isUnixSocket {
            return PostgresConnection.Configuration(
                unixSocketPath: host + "/.s.PGSQL.\(port)", username: user, password: password, database: database)
        }
        var tls: PostgresConnection.Configuration.TLS = .disable
        if sslMode != "disable" {
            var settings = TLSConfiguration.makeClientConfiguration()
            switch sslMode {
            case "verify-full": settings.certificateVerification = .fullVerification
            case "verify-ca": settings.certificateVerification = .noHostnameVerification
            default: settings.certificateVerification = .none
            }
            if let sslRootCert { settings.trustRoots = .file(sslRootCert) }
            do {
                let context = try NIOSSLContext(configuration: settings)
                tls = sslMode == "allow" || sslMode == "prefer" ? .prefer(context) : .require(context)
            } catch {
                throw .invalidInput(detail: "sslmode=\(sslMode): cannot set up TLS (\(error)); check sslrootcert")
            }
        }
        return PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
    }
}
