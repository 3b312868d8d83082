/// Finds the administrative places an article names and the provinces it is about.
///
/// Names come from a gazetteer of Chinese divisions (see `scripts/make_gazetteer.py` for the source
/// and the rules on which short forms are safe). Provinces are inferred from every place
/// named — 广安 counts for 四川省, 李沧区 for 山东省 — weighted by mentions, with the headline
/// counting three times, and a joint name (川渝, 京津冀) counting for each of its provinces.
/// A province whose share of the weight is small (a passing mention in a long article) is
/// dropped, and so are the places in it; the top province is always kept. A name several divisions
/// share (鼓楼区, 开平) is resolved by the other places the same article names; if that
/// fails it adds no province unless all its readings lie in the same one.
///
/// ```swift
/// let found = PlaceFinder().locate(headline: "李沧区助力对口帮扶地区率先摘帽",
///                                  paragraphs: ["2021年,与康县签订协作方案。"])
/// // found.provinces == ["山东省", "甘肃省"], found.places == ["李沧区", "康县"]
/// ```
///
/// Deterministic: the same input always gives the same lists in the same order.
public struct PlaceFinder: Sendable {
    /// Weight of a mention in the headline relative to one in the body.
    static let headlineWeight = 3
    /// A province is kept when its weight is at least this share of all province weight.
    static let minimumShare = 0.15

    public init() {}

    /// Provinces (full official names, heaviest first) the article is about, and the finer
    /// places (prefectures, counties, districts; full names, in order of first mention).
    public func locate(headline: String?, paragraphs: [String]) -> (provinces: [String], places: [String]) {
        let matcher = PlaceMatcher.shared
        var mentions: [(key: Int, weight: Int)] = []
        if let headline {
            matcher.scan(headline) { mentions.append(($0.key, Self.headlineWeight)) }
        }
        for paragraph in paragraphs {
            matcher.scan(paragraph) { mentions.append(($0.key, 1)) }
        }
        return Self.summarize(mentions, matcher: matcher, gazetteer: .shared)
    }

    static func summarize(_ mentions: [(key: Int, weight: Int)], matcher: PlaceMatcher,
                          gazetteer: Gazetteer) -> (provinces: [String], places: [String]) {
        guard !mentions.isEmpty else { return ([], []) }
        let divisions = gazetteer.divisions

        // Anchors: the provinces and prefectures that unambiguous names establish.
        var anchorProvinces = Set<Int>()
        var anchorPrefectures = Set<Int>()
        for mention in mentions {
            for member in matcher.keys[mention.key].members { anchorProvinces.insert(divisions[member].province) }
            let candidates = matcher.keys[mention.key].candidates
            guard candidates.count == 1, let only = candidates.first else { continue }
            anchorProvinces.insert(divisions[only].province)
            if divisions[only].prefecture >= 0 { anchorPrefectures.insert(divisions[only].prefecture) }
        }

        var weightByProvince: [Int: Int] = [:]
        var provinceOrder: [Int] = []
        var placeOrder: [(name: String, province: Int?)] = []
        var seenPlaces = Set<Int>()  // name IDs: equal IDs are equal names
        for mention in mentions {
            for member in matcher.keys[mention.key].members {
                let province = divisions[member].province
                if weightByProvince[province] == nil { provinceOrder.append(province) }
                weightByProvince[province, default: 0] += mention.weight
            }
            let candidates = resolve(matcher.keys[mention.key].candidates, divisions: divisions,
                                     prefectures: anchorPrefectures, provinces: anchorProvinces)
            guard let first = candidates.first else { continue }
            // "All readings agree" tests without building a Set per mention (this loop runs
            // for every place named on the page).
            let sameProvince = candidates.allSatisfy { divisions[$0].province == divisions[first].province }
            let province = sameProvince ? divisions[first].province : nil
            if let province {
                if weightByProvince[province] == nil { provinceOrder.append(province) }
                weightByProvince[province, default: 0] += mention.weight
            }
            // A finer place is listed when its name is certain, even if its reading is not.
            let sameName = candidates.allSatisfy { divisions[$0].nameID == divisions[first].nameID }
            if divisions[first].level != .province, sameName, seenPlaces.insert(divisions[first].nameID).inserted {
                placeOrder.append((divisions[first].name, province))
            }
        }

        let total = weightByProvince.values.reduce(0, +)
        let ranked = provinceOrder.enumerated().sorted {
            let a = weightByProvince[$0.element] ?? 0, b = weightByProvince[$1.element] ?? 0
            return a != b ? a > b : $0.offset < $1.offset
        }.map(\.element)
        let kept = ranked.enumerated().filter { rank, province in
            rank == 0 || Double(weightByProvince[province] ?? 0) >= minimumShare * Double(total)
        }.map(\.element)
        let keptSet = Set(kept)
        let places = placeOrder.filter { $0.province.map(keptSet.contains) ?? true }.map(\.name)
        return (kept.map { divisions[$0].name }, places)
    }

    /// Narrows a name's readings to those inside a prefecture, else a province, that the
    /// article names unambiguously elsewhere; keeps all readings when neither narrows.
    static func resolve(_ candidates: [Int], divisions: [Gazetteer.Division],
                        prefectures: Set<Int>, provinces: Set<Int>) -> [Int] {
        guard candidates.count > 1 else { return candidates }
        let byPrefecture = candidates.filter { prefectures.contains(divisions[$0].prefecture) }
        if !byPrefecture.isEmpty { return byPrefecture }
        let byProvince = candidates.filter { provinces.contains(divisions[$0].province) }
        if !byProvince.isEmpty { return byProvince }
        return candidates
    }
}
