import GazetteStore
import PostgresNIO

/// PostgreSQL's failures as the store's own errors, by SQLSTATE: what the daemon retries
/// (the server unreachable, restarting, out of disk, a serialization conflict) and what
/// needs a person.
enum PostgresErrors {
    static func map(_ error: any Error, location: String) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let error = error as? PSQLError else {
            if error is ChannelError || error is IOError || "\(type(of: error))".contains("Connect") {
                return .unreachable(path: location, detail: "\(error)")
            }
            return .unavailable(path: location, detail: "\(error)")
        }
        guard let state = error.serverInfo?[.sqlState] else {
            switch error.code {
            // The connection failed or broke off (a server that stops sends its sessions a
            // farewell and closes them; one that crashed just closes them): transient.
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown,
                .messageDecodingFailure, .unexpectedBackendMessage:
                return .unreachable(path: location, detail: error.underlying.map { "\($0)" } ?? "\(error.code)")
            default:
                return .unavailable(path: location, detail: "\(error.code)")
            }
        }
        return map(state: state, message: error.serverInfo?[.message] ?? "\(error.code)", location: location)
    }

    /// A server error by its SQLSTATE (`message` is the server's).
    static func map(state: String, message: String, location: String) -> StoreError {
        let detail = "\(message) (SQLSTATE \(state))"
        switch state {
        case "53100": return .diskFull(path: location, detail: detail)
        case "40001", "40P01", "55P03": return .busy(path: location, detail: detail)
        case "28000", "28P01", "42501": return .permissionDenied(path: location, detail: detail)
        case "3D000": return .unavailable(path: location, detail: "\(detail): create the database (createdb -O USER DB) first")
        case "XX001", "XX002": return .corrupt(path: location, detail: detail)
        default: break
        }
        switch state.prefix(2) {
        case "08", "57", "53": return .unreachable(path: location, detail: detail)
        case "23": return .constraint(path: location, detail: detail)
        case "22": return .invalidInput(detail: detail)
        case "58": return .io(path: location, detail: detail)
        default: return .unavailable(path: location, detail: detail)
        }
    }
}

extension PostgresErrors {
    /// Transactions PostgreSQL aborted so that another could go on (serialization failure,
    /// deadlock) and unique violations (a race the statement's `ON CONFLICT` could not
    /// absorb): run again, they succeed or see the other's rows.
    static let retriedStates: Set<String> = ["40001", "40P01", "23505"]
    static let maxAttempts = 6

    /// How long to wait before running a transaction again after `error`, or nil when it
    /// must not be run again. Growing and jittered, so two hosts that collided do not collide
    /// again in step.
    static func retryPause(after error: StoreError, attempt: Int) -> Double? {
        guard attempt < maxAttempts, let state = sqlState(of: error), retriedStates.contains(state) else { return nil }
        return Double.random(in: 0.005...0.02) * Double(1 << min(attempt - 1, 4))
    }

    /// The SQLSTATE a mapped server error carries in its detail (`… (SQLSTATE 40P01)`).
    static func sqlState(of error: StoreError) -> String? {
        let detail: String
        switch error {
        case .busy(_, let text), .constraint(_, let text), .unavailable(_, let text), .unreachable(_, let text):
            detail = text
        default:
            return nil
        }
        guard let range = detail.range(of: "(SQLSTATE ", options: .backwards) else { return nil }
        return String(detail[range.upperBound...].prefix(5))
    }
}

extension StoreError {
    var isUnreachable: Bool {
        if case .unreachable = self { return true }
        return false
    }
}
