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
