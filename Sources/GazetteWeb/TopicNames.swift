import GazetteCore

/// The taxonomy's Chinese topic names, in its display order, for labels, filters and the
/// chart's legend; ids the taxonomy does not name (an older store's) show as themselves.
public struct TopicNames: Sendable {
    /// Topic ids in display order: the taxonomy's, then `other`.
    public let ids: [String]
    private let names: [String: String]

    public init(taxonomy: Taxonomy) {
        var names: [String: String] = [:]
        var ids: [String] = []
        for topic in taxonomy.topics {
            names[topic.id] = topic.nameZh
            if topic.id != Taxonomy.otherID { ids.append(topic.id) }
        }
        names[Taxonomy.otherID] = names[Taxonomy.otherID] ?? "其他"
        names[Self.unclassified] = "未分类"
        self.ids = ids + [Taxonomy.otherID]
        self.names = names
    }

    /// What the store's tallies call an article with no topic.
    public static let unclassified = "unclassified"

    public func name(_ id: String?) -> String {
        guard let id else { return names[Self.unclassified] ?? "未分类" }
        return names[id] ?? id
    }

    /// A fixed colour per topic (the same in every chart), from a palette readable on white.
    public func colour(_ id: String) -> String {
        if id == Taxonomy.otherID { return "#9e9e9e" }
        if id == Self.unclassified { return "#d0d0d0" }
        guard let index = ids.firstIndex(of: id) else { return "#616161" }
        return Self.palette[index % Self.palette.count]
    }

    static let palette = [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf",
        "#bcbd22", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#e6550d",
    ]
}
