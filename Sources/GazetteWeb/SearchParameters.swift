import Foundation
import GazetteCore
import GazetteStore

/// The search form's fields, validated: what `/search` and `/api/search` take.
///
/// Every bound is checked here, before the store sees the query: the query's length and
/// terms (the store's own limits), a known topic, strict dates, `limit` ≤ 100 and a page
/// within the first `maxResults` hits.
struct SearchParameters: Sendable, Hashable {
    var text: String = ""
    var topic: String?
    var province: String?
    var source: String?
    /// `YYYY-MM-DD` (UTC), as given.
    var since: String?
    var until: String?
    var page = 1
    var limit = SearchParameters.defaultLimit

    static let defaultLimit = 20
    static let maxLimit = 100
    /// Hits reachable by paging: the store ranks the newest 2,000 matches of a query, and
    /// deep pages cost as much as all the pages before them. Beyond this, narrow the filters.
    static let maxResults = 1_000
    /// A filter's value (province, paper) is a name, never this long.
    static let maxFilterLength = 200

    init() {}

    init(_ query: QueryString) throws(WebError) {
        text = query["q"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let characters = text.unicodeScalars.count
        let terms = text.split(whereSeparator: { $0.isWhitespace }).count
        guard characters <= SearchQuery.maxCharacters, terms <= SearchQuery.maxTerms else {
            throw .badRequest(
                "查询过长：\(characters) 个字符、\(terms) 个词；最多 \(SearchQuery.maxCharacters) 个字符、\(SearchQuery.maxTerms) 个词。")
        }
        topic = query.text("topic")
        if let topic, !Taxonomy.allIDs.contains(topic) {
            throw .badRequest("未知的主题：\(topic)。")
        }
        province = try Self.filter(query, "province", "省份")
        source = try Self.filter(query, "source", "报纸")
        since = try Self.day(query, "since", "起始日期")
        until = try Self.day(query, "until", "截止日期")
        page = try Self.number(query, "page", "页码", default: 1, in: 1...Int.max)
        limit = try Self.number(query, "limit", "每页条数", default: Self.defaultLimit, in: 1...Self.maxLimit)
        guard (page - 1) * limit < Self.maxResults else {
            throw .badRequest("页码超出范围：只能翻阅前 \(Self.maxResults) 条结果，请缩小筛选条件。")
        }
    }

    private static func filter(_ query: QueryString, _ key: String, _ name: String) throws(WebError) -> String? {
        guard let value = query.text(key) else { return nil }
        guard value.count <= maxFilterLength else { throw .badRequest("\(name)过长（最多 \(maxFilterLength) 个字符）。") }
        return value
    }

    private static func day(_ query: QueryString, _ key: String, _ name: String) throws(WebError) -> String? {
        guard let value = query.text(key) else { return nil }
        guard Day.parse(value) != nil else { throw .badRequest("\(name)“\(value)”不是有效日期：请用 YYYY-MM-DD 格式。") }
        return value
    }

    private static func number(
        _ query: QueryString, _ key: String, _ name: String, default fallback: Int, in range: ClosedRange<Int>
    ) throws(WebError) -> Int {
        guard let value = query.text(key) else { return fallback }
        guard value.utf8.count <= 9, let number = Int(value), range.contains(number) else {
            throw .badRequest("\(name)“\(value)”无效：应为 \(range.lowerBound) 到 \(range.upperBound == Int.max ? "∞" : String(range.upperBound)) 之间的整数。")
        }
        return number
    }

    var isEmptyQuery: Bool { text.isEmpty }

    var offset: Int { (page - 1) * limit }

    /// The store's query: `until` includes its whole day.
    var storeQuery: SearchQuery {
        SearchQuery(
            text: text, topic: topic, province: province, source: source,
            since: since.flatMap(Day.parse), until: until.flatMap(Day.parse).map { $0.addingTimeInterval(86_400) },
            limit: offset + limit)
    }

    /// The fields as a query string (for links to other pages of the same search).
    func queryString(page: Int? = nil) -> String {
        QueryString.encode([
            ("q", text), ("topic", topic), ("province", province), ("source", source), ("since", since),
            ("until", until), ("limit", limit == Self.defaultLimit ? nil : String(limit)),
            ("page", (page ?? self.page) == 1 ? nil : String(page ?? self.page)),
        ])
    }

    /// A link to the search page with these fields.
    static func link(text: String? = nil, topic: String? = nil, province: String? = nil, source: String? = nil) -> String {
        let query = QueryString.encode([("q", text), ("topic", topic), ("province", province), ("source", source)])
        return query.isEmpty ? "/search" : "/search?" + query
    }
}

/// A UTC calendar day, `YYYY-MM-DD`, parsed strictly (no `2026-1-6`, no `2026-02-30`).
enum Day {
    static func parse(_ text: String) -> Date? {
        let utf8 = Array(text.utf8)
        guard utf8.count == 10, utf8[4] == UInt8(ascii: "-"), utf8[7] == UInt8(ascii: "-"),
            utf8.enumerated().allSatisfy({ $0.offset == 4 || $0.offset == 7 || (48...57).contains($0.element) }),
            let year = Int(text.prefix(4)), let month = Int(text.dropFirst(5).prefix(2)), let day = Int(text.suffix(2))
        else { return nil }
        var components = DateComponents()
        components.year = year
        components.month = month
        components.day = day
        guard let date = calendar.date(from: components),
            calendar.dateComponents([.year, .month, .day], from: date) == DateComponents(year: year, month: month, day: day)
        else { return nil }
        return date
    }

    /// `2026-12-06`, the UTC day of an instant.
    ///
    /// Computed from the days since 1970 rather than with `Calendar` and `String(format:)`:
    /// every hit of a page shows its day, and those two were 4 % of a fresh search page's
    /// CPU (perf, 100,000 pages). The arithmetic is the Gregorian calendar's; Foundation's
    /// is Julian before October 1582, so years outside 1583–9999 take the calendar's way.
    static func string(_ date: Date) -> String {
        let days = (date.timeIntervalSince1970 / 86_400).rounded(.down)
        // Day -141,349 is 1583-01-01, day 2,932,897 is 10000-01-01 (NaN and infinities fail both).
        if days >= -141_349, days < 2_932_897 {
            return CivilDate.isoDay(Int64(days))
        }
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    /// `2026-12-06 08:30 UTC`.
    static func minute(_ date: Date) -> String {
        let c = calendar.dateComponents([.hour, .minute], from: date)
        return string(date) + String(format: " %02d:%02d UTC", c.hour ?? 0, c.minute ?? 0)
    }

    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
