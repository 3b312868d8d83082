import Foundation
import GazetteTestSupport
import Testing
@testable import GazetteCore

/// What a careful human reader finds in one article of a seed page. Written by reading the
/// page line by line, never copied from the program's output; change it only after reading
/// the page again.
struct ExpectedArticle: Sendable {
    var kind: ArticleKind = .news
    var kicker: String? = nil
    var headline: String?
    var subtitle: String? = nil
    var reporters: [String] = []
    var correspondents: [String] = []
    var photographers: [String] = []
    var source: String? = nil
    var dateline: String? = nil
    var continuedFrom: String? = nil
    var subheads: [String] = []
    var paragraphs: Int
    /// (paragraph index, how it starts, how it ends); negative indexes count from the end.
    var key: [Excerpt] = []
    /// Text that must appear exactly once in the body (re-joined breaks, de-doubled clauses).
    var containsOnce: [String] = []
    var minJoinedBreaks = 0
    var minDroppedDuplicates = 0
    /// nil: not asserted; true: above zero; false: exactly zero.
    var garbled: Bool? = false
}

struct Excerpt: Sendable {
    var index: Int
    var starts: String
    var ends: String

    init(_ index: Int, _ starts: String, _ ends: String) {
        self.index = index
        self.starts = starts
        self.ends = ends
    }
}

struct ExpectedPage: Sendable, CustomTestStringConvertible {
    var file: String
    var articles: [ExpectedArticle]
    var testDescription: String { file }
}

/// The repository root (GazetteTestSupport's `Seeds` finds it).
enum Repo {
    static func root() -> URL { Seeds.repoRoot }

    static func seed(_ name: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: root().appendingPathComponent("seeds").appendingPathComponent(name)))
    }
}
