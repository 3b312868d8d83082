/// The topic taxonomy: which topics exist and which words signal them.
///
/// It is plain data so that users can edit `config/taxonomy.toml` and the daemon can load it
/// (TOML parsing lives in GazetteClassifier; GazetteCore only sees the values). Topic ids are
/// stable — the store and outside tools key on them — while names, scopes and terms are free
/// to change.
public struct Taxonomy: Sendable, Equatable {
    /// The 15 topic ids of DESIGN.md, in display order. `other` is not among them: it is what
    /// the classifier answers when none of these is confident.
    public static let stableIDs: [String] = [
        "healthcare-security", "public-health", "rural-revitalization", "agriculture", "economy",
        "business-environment", "audit-finance", "party-building", "safety-emergency",
        "market-regulation", "environment", "commerce-trade", "employment-social",
        "culture-education", "governance-law",
    ]
    /// The catch-all id: no topic is confident.
    public static let otherID = "other"
    /// Every topic an article may have, `other` last: the one list the store's labels and
    /// searches, the command line and the reading room check a topic id against.
    public static let allIDs: [String] = stableIDs + [otherID]

    /// The topics to score, in file order; `other` may be listed (for its names) but carries no terms.
    public var topics: [Topic]
    public var scoring: ScoringParameters

    public init(topics: [Topic], scoring: ScoringParameters = ScoringParameters()) {
        self.topics = topics
        self.scoring = scoring
    }

    /// The scored topic ids (every topic but `other`), in file order.
    public var topicIDs: [String] { topics.map(\.id).filter { $0 != Self.otherID } }
}

/// One topic: a stable id, how people name it, and the vocabulary that signals it.
public struct Topic: Sendable, Equatable {
    public var id: String
    public var nameZh: String
    public var nameEn: String
    /// One line saying what belongs here, for editors and for `gazette classify --help`-style listings.
    public var scope: String
    public var terms: [WeightedTerm]
    public var patterns: [WeightedPattern]

    public init(
        id: String, nameZh: String, nameEn: String, scope: String,
        terms: [WeightedTerm] = [], patterns: [WeightedPattern] = []
    ) {
        self.id = id
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.scope = scope
        self.terms = terms
        self.patterns = patterns
    }
}

/// A literal term and how strongly one occurrence argues for its topic.
///
/// Weights are in "headline-free body hits": 3 for a term that alone settles the topic
/// (欺诈骗保), 1 for a supporting one, 0.3 for words common in all government news.
public struct WeightedTerm: Sendable, Equatable, Hashable {
    public var text: String
    public var weight: Double

    public init(_ text: String, weight: Double) {
        self.text = text
        self.weight = weight
    }
}

/// A regular expression (ICU syntax) scored like a term; each distinct match position counts once.
public struct WeightedPattern: Sendable, Equatable, Hashable {
    public var pattern: String
    public var weight: Double

    public init(_ pattern: String, weight: Double) {
        self.pattern = pattern
        self.weight = weight
    }
}

/// The knobs of lexicon scoring. Defaults are what the shipped taxonomy is tuned for.
public struct ScoringParameters: Sendable, Equatable {
    /// Multiplier for a term found in the headline zone (kicker, headline, subtitle), counted once.
    public var headlineWeight: Double = 3.0
    /// Multiplier for each hit in the lead (first paragraph).
    public var leadWeight: Double = 1.5
    /// Multiplier for each hit in the rest of the body.
    public var bodyWeight: Double = 1.0
    /// Ceiling of one term's body contribution in units of its weight: `cap·(1 − e^(−hits/cap))`,
    /// so a word repeated 50 times is worth at most `cap` occurrences.
    public var termCap: Double = 2.0
    /// Evidence (summed weighted hits) is compressed as `scale·ln(1 + x/scale)` before the softmax,
    /// so long articles do not become certain merely by being long.
    public var evidenceScale: Double = 8.0
    /// The logit `other` gets: compressed evidence a topic needs to beat "none of the above".
    public var otherThreshold: Double = 2.0
    /// Softmax temperature over compressed evidence; fitted so that confidence ≈ accuracy.
    public var temperature: Double = 1.35
    /// Logit units per nat of the n-gram model's per-n-gram average log-likelihood.
    public var modelScale: Double = 10.0

    public init() {}
}
