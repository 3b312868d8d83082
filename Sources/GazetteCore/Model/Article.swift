/// One article cut out of a newspaper page: the unit that is stored, searched and classified.
///
/// Field names follow the parse contract of DESIGN.md (`gazette parse --json`); the JSON
/// writer maps the camel-case names to the contract's snake-case keys.
public struct Article: Sendable, Equatable, Hashable {
    /// 1-based position of the article on its page, in reading order.
    public var seq: Int
    public var kind: ArticleKind
    /// 引题: the line above the headline, or nil.
    public var kicker: String?
    /// 主题: nil when the page lost it (the article then starts at its byline or lead).
    public var headline: String?
    /// 副题: the line under the headline, including `——访…` interview subtitles.
    public var subtitle: String?
    /// People only: no roles, marks or paper names; inner spaces removed (`陈 润` → `陈润`).
    public var reporters: [String]
    public var correspondents: [String]
    public var photographers: [String]
    /// The paper named in the byline or lead (`本报`, `江门日报` …), or nil.
    public var source: String?
    /// The date as written in the lead (`9月30日`), or nil.
    public var dateline: String?
    /// `一版`, `A01版` … when the text says 上接.
    public var continuedFrom: String?
    /// In-article section heads, in order.
    public var subheads: [String]
    /// The body: re-joined across column breaks and de-duplicated.
    public var paragraphs: [String]
    /// Filled by the classifier; nil until one has run (and then left out of the JSON).
    public var classification: Classification?
    /// Provinces the article is about (full names: `四川省`, `重庆市`).
    public var provinces: [String]
    /// Finer places named in the text (prefectures, counties, districts).
    public var places: [String]
    public var quality: Quality

    public init(
        seq: Int, kind: ArticleKind = .news,
        kicker: String? = nil, headline: String? = nil, subtitle: String? = nil,
        reporters: [String] = [], correspondents: [String] = [], photographers: [String] = [],
        source: String? = nil, dateline: String? = nil, continuedFrom: String? = nil,
        subheads: [String] = [], paragraphs: [String] = [],
        classification: Classification? = nil,
        provinces: [String] = [], places: [String] = [],
        quality: Quality = Quality()
    ) {
        self.seq = seq
        self.kind = kind
        self.kicker = kicker
        self.headline = headline
        self.subtitle = subtitle
        self.reporters = reporters
        self.correspondents = correspondents
        self.photographers = photographers
        self.source = source
        self.dateline = dateline
        self.continuedFrom = continuedFrom
        self.subheads = subheads
        self.paragraphs = paragraphs
        self.classification = classification
        self.provinces = provinces
        self.places = places
        self.quality = quality
    }
}

/// What sort of piece an article is. Kinds are not topics: a notice has a kind and no topic of its own.
public enum ArticleKind: String, Sendable, Hashable, CaseIterable, Codable {
    case news, interview, photo, notice, fragment
}

/// How much repair the article needed; lets an analyst judge how far to trust the text.
public struct Quality: Sendable, Equatable, Hashable {
    /// Paragraphs re-joined across a column or page break.
    public var joinedBreaks: Int
    /// Repeated blocks or doubled clauses dropped.
    public var droppedDuplicates: Int
    /// Estimated share (0…1) of the body that is OCR garbage; the text is kept regardless.
    public var garbledRatio: Double
    /// Folio lines (the paper's name, date and page line, editors' credits) dropped from the
    /// page; counted on its first article, since they belong to no article.
    public var droppedFurniture: Int
    /// The OCR engine's mean confidence (0…1) over the lines this article was read from;
    /// nil for a page that was not OCR'd.
    public var ocrConfidence: Double?

    public init(joinedBreaks: Int = 0, droppedDuplicates: Int = 0, garbledRatio: Double = 0, droppedFurniture: Int = 0,
                ocrConfidence: Double? = nil) {
        self.joinedBreaks = joinedBreaks
        self.droppedDuplicates = droppedDuplicates
        self.garbledRatio = garbledRatio
        self.droppedFurniture = droppedFurniture
        self.ocrConfidence = ocrConfidence
    }
}

/// The classifier's verdict for one article.
public struct Classification: Sendable, Equatable, Hashable {
    /// A taxonomy id (`healthcare-security` …), `other` when no topic is confident.
    public var category: String
    /// Calibrated probability that `category` is right.
    public var confidence: Double
    /// Probabilities over all topics, summing to 1; the JSON shows the top few.
    public var scores: [String: Double]

    public init(category: String, confidence: Double, scores: [String: Double]) {
        self.category = category
        self.confidence = confidence
        self.scores = scores
    }
}
