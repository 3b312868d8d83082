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
        let message = error.serverInfo?[.message] ?? "\(error.code)"
        guard let state = error.serverInfo?[.sqlState] else {
            switch error.code {
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
                return .unreachable(path: location, detail: error.underlying.map { "\($0)" } ?? "\(error.code)")
            default:
                return .unavailable(path: location, detail: "\(error.code)")
            }
        }
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
