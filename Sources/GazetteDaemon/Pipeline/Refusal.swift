import GazetteStore

/// Why a file is quarantined: a stable code, what happened, and what the operator can do.
/// Written to `failed/NAME.reason.json`, the store's failure record and the journal.
public struct Refusal: Sendable, Equatable, CustomStringConvertible {
    public var code: String
    public var message: String
    public var advice: String

    public init(code: String, message: String, advice: String) {
        self.code = code
        self.message = message
        self.advice = advice
    }

    public var description: String { "\(message): \(advice)" }
}

extension Refusal {
    /// The store refused this one page for good (it was retried alone, so the others of its
    /// batch are stored): keeping it in the inbox would retry it for ever.
    static func storeRefused(_ error: StoreError) -> Refusal {
        Refusal(code: "store-refused", message: "the store refused this page: \(error)",
                advice: "keep the file and report it with its reason file (a Gazette bug); `gazette parse --json FILE` shows what was parsed")
    }
}
