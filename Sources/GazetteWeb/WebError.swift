/// A request the reading room refuses, with the message its error page shows (in Chinese,
/// for the analyst, saying what to change).
public enum WebError: Error, Sendable, Equatable {
    /// 400: a parameter out of bounds or malformed.
    case badRequest(String)
    /// 404: no such page or article.
    case notFound(String)

    var status: Int {
        switch self {
        case .badRequest: 400
        case .notFound: 404
        }
    }

    var message: String {
        switch self {
        case .badRequest(let message), .notFound(let message): message
        }
    }
}
