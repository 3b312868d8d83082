import Foundation

/// A URL query string (`q=%E5%8C%BB%E4%BF%9D&page=2`), decoded as a browser's form encodes
/// it: `+` is a space, `%XX` a byte of UTF-8. The first value of a repeated key wins.
struct QueryString: Sendable {
    private(set) var values: [String: String] = [:]

    /// Longer query strings are refused before decoding: the longest legitimate one is a
    /// 1,000-character query (percent-encoded, 9 bytes a character) and short filters.
    static let maxBytes = 16 * 1024

    init(_ query: String?) throws(WebError) {
        guard let query, !query.isEmpty else { return }
        guard query.utf8.count <= Self.maxBytes else {
            throw .badRequest("请求的查询字符串过长（超过 \(Self.maxBytes) 字节）：请缩短查询。")
        }
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = try Self.decode(parts[0])
            let value = parts.count > 1 ? try Self.decode(parts[1]) : ""
            if values[key] == nil { values[key] = value }
        }
    }

    init(values: [String: String]) { self.values = values }

    subscript(key: String) -> String? { values[key] }

    /// The value with surrounding whitespace trimmed, nil when absent or blank.
    func text(_ key: String) -> String? {
        guard let value = values[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    private static func decode(_ part: Substring) throws(WebError) -> String {
        let plus = part.replacingOccurrences(of: "+", with: " ")
        guard let decoded = plus.removingPercentEncoding else {
            throw .badRequest("查询字符串的编码无效（%XX 不是 UTF-8）。")
        }
        return decoded
    }

    /// `key=value&…` with each part percent-encoded, for links; keys in the given order,
    /// empty values left out.
    static func encode(_ pairs: [(String, String?)]) -> String {
        pairs.compactMap { key, value in
            guard let value, !value.isEmpty else { return nil }
            return key + "=" + (value.addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? "")
        }.joined(separator: "&")
    }

    /// RFC 3986's unreserved characters: everything else is percent-encoded in a link.
    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
