import GazetteTestSupport
import Testing

extension PostgresServer {
    /// The shared server, or cancels (skips) the current test saying why it cannot start.
    static func require() throws -> PostgresServer {
        try running { try Test.cancel(Comment(rawValue: $0)) }
    }

    /// A server of the test's own (which it may stop), or cancels the test saying why not.
    static func requireDedicated() throws -> PostgresServer {
        try dedicated { try Test.cancel(Comment(rawValue: $0)) }
    }
}
