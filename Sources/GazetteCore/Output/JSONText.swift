/// The contract's JSON value writers for callers outside Core that build their own lines
/// (`gazette classify --json`), so every JSON line Gazette prints escapes strings and
/// rounds numbers the same way as `PageJSON`.
public enum JSONText {
    /// `value` as a quoted, escaped JSON string.
    public static func string(_ value: String) -> String {
        var buffer = JSONBuffer()
        buffer.string(value)
        return String(decoding: buffer.bytes, as: UTF8.self)
    }

    /// `value` rounded like the contract's doubles (`0.91`); `null` when not finite.
    public static func number(_ value: Double) -> String {
        var buffer = JSONBuffer()
        buffer.number(value)
        return String(decoding: buffer.bytes, as: UTF8.self)
    }
}

extension JSONText {
    /// `values` as a JSON array of strings: the store keeps list fields in this form, and
    /// writing it here costs one buffer, where a `JSONEncoder` per field cost an encoder,
    /// a `Data` and a copy on the store's hot path.
    public static func array(_ values: [String]) -> String {
        var buffer = JSONBuffer()
        buffer.strings(values)
        return String(decoding: buffer.bytes, as: UTF8.self)
    }
}
