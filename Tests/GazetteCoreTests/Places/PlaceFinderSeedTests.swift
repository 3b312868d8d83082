import Foundation
import GazetteTestSupport
import Testing
@testable import GazetteCore

/// The seed pages' lead articles, cut out by blank lines (segmentation is another stage's
/// job) and fed to PlaceFinder as an article would be.
@Suite struct PlaceFinderSeedTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let seed: String        // file name prefix in seeds/
        let headline: String    // the headline block (also where the article starts)
        let until: String       // first block of the next article
        let provinces: [String]
        let places: [String]    // must all be present, in this relative order
        var testDescription: String { "\(seed) \(headline)" }
    }

    static let cases: [Case] = [
        Case(seed: "000", headline: "资源共享 守护医保基金安全", until: "本报讯（杨雪柔",
             provinces: ["四川省", "重庆市"], places: ["广安市"]),
        Case(seed: "001", headline: "李沧区助力对口帮扶地区率先", until: "青岛上半年追回",
             provinces: ["山东省", "甘肃省"], places: ["李沧区", "青岛市", "陇南市", "康县"]),
        Case(seed: "002", headline: "汉滨推进国家组织药品", until: "中秋国庆假期全市安全形势",
             provinces: ["陕西省"], places: ["汉滨区"]),
        Case(seed: "003", headline: "实施创先、进位、消薄行动", until: "“学习进行时”微课堂开课",
             provinces: ["广东省"], places: ["江门市", "蓬江区", "新会区", "台山市", "开平市", "鹤山市", "恩平市"]),
        Case(seed: "004", headline: "推动衡阳在高质量发展上奋勇争先", until: "以更加精准化精细化的举措",
             provinces: ["湖南省"], places: ["衡阳市"]),
    ]

    @Test(arguments: cases)
    func leadArticle(_ c: Case) throws {
        let blocks = try Self.blocks(ofSeed: c.seed)
        let start = try #require(blocks.firstIndex { $0.contains(c.headline) })
        let end = blocks[(start + 1)...].firstIndex { $0.contains(c.until) } ?? blocks.endIndex
        let found = PlaceFinder().locate(headline: blocks[start], paragraphs: Array(blocks[(start + 1)..<end]))
        #expect(found.provinces == c.provinces)
        let positions = c.places.map { found.places.firstIndex(of: $0) }
        #expect(!positions.contains(nil), "missing from \(found.places)")
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "\(found.places)")
    }

    @Test func wholeSeedPagesNameTheirRegions() throws {
        let expected = ["000": "四川省", "001": "山东省", "002": "陕西省", "003": "广东省", "004": "湖南省"]
        for (seed, province) in expected {
            let found = PlaceFinder().locate(headline: nil, paragraphs: try Self.blocks(ofSeed: seed))
            #expect(found.provinces.contains(province), "\(seed): \(found.provinces)")
        }
    }

    /// Paragraph blocks of a seed page: runs of non-blank lines, joined.
    static func blocks(ofSeed prefix: String) throws -> [String] {
        let seeds = URL(fileURLWithPath: Seeds.directory)
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: seeds.path)
            .first { $0.hasPrefix(prefix + "_") })
        let text = try String(contentsOf: seeds.appendingPathComponent(name), encoding: .utf8)
        var blocks: [String] = []
        var current = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                if !current.isEmpty { blocks.append(current); current = "" }
            } else {
                current += trimmed
            }
        }
        if !current.isEmpty { blocks.append(current) }
        return blocks
    }
}
