import Testing
@testable import GazetteCore

/// The whole pipeline (`PageParser.parse`) on each seed page, compared field by field with
/// what a careful reader finds there (`SeedPages`).
@Suite struct SeedGoldenTests {
    @Test(arguments: SeedPages.all)
    func articlesMatchTheReader(_ page: ExpectedPage) throws {
        let parsed = try PageParser.parse(try Repo.seed(page.file))
        let got = parsed.articles
        #expect(got.count == page.articles.count, "article count of \(page.file)")
        #expect(got.map(\.seq) == got.indices.map { $0 + 1 }, "seq numbers in reading order")
        for (n, (a, e)) in zip(got, page.articles).enumerated() {
            let at = "\(page.file) article \(n + 1)"
            #expect(a.kind == e.kind, "\(at) kind")
            #expect(a.kicker == e.kicker, "\(at) kicker")
            #expect(a.headline == e.headline, "\(at) headline")
            #expect(a.subtitle == e.subtitle, "\(at) subtitle")
            #expect(a.reporters == e.reporters, "\(at) reporters")
            #expect(a.correspondents == e.correspondents, "\(at) correspondents")
            #expect(a.photographers == e.photographers, "\(at) photographers")
            #expect(a.source == e.source, "\(at) source")
            #expect(a.dateline == e.dateline, "\(at) dateline")
            #expect(a.continuedFrom == e.continuedFrom, "\(at) continued from")
            #expect(a.subheads == e.subheads, "\(at) subheads")
            #expect(a.paragraphs.count == e.paragraphs, "\(at) paragraph count")
            for x in e.key {
                let i = x.index < 0 ? a.paragraphs.count + x.index : x.index
                guard a.paragraphs.indices.contains(i) else {
                    Issue.record("\(at): no paragraph \(x.index)")
                    continue
                }
                #expect(a.paragraphs[i].hasPrefix(x.starts), "\(at) paragraph \(x.index) start")
                #expect(a.paragraphs[i].hasSuffix(x.ends), "\(at) paragraph \(x.index) end")
            }
            let body = a.paragraphs.joined(separator: "\n")
            for text in e.containsOnce {
                #expect(body.components(separatedBy: text).count == 2, "\(at) has \(text) once")
            }
            #expect(a.quality.joinedBreaks >= e.minJoinedBreaks, "\(at) joined breaks")
            #expect(a.quality.droppedDuplicates >= e.minDroppedDuplicates, "\(at) dropped duplicates")
            switch e.garbled {
            case .some(true): #expect(a.quality.garbledRatio > 0, "\(at) garbled")
            case .some(false): #expect(a.quality.garbledRatio == 0, "\(at) clean")
            case .none: break
            }
            #expect((0...1).contains(a.quality.garbledRatio))
        }
    }

    @Test(arguments: SeedPages.all)
    func noParagraphIsPrintedTwice(_ page: ExpectedPage) throws {
        let parsed = try PageParser.parse(try Repo.seed(page.file))
        var seen: Set<String> = []
        for a in parsed.articles {
            for p in a.paragraphs {
                let key = String(String.UnicodeScalarView(p.unicodeScalars.filter(Glyph.isContent)))
                guard key.unicodeScalars.count >= 8 else { continue }
                #expect(!seen.contains(key), "\(page.file): paragraph repeated: \(p.prefix(20))")
                seen.insert(key)
            }
        }
    }

    @Test(arguments: SeedPages.all)
    func noParagraphStartsMidWord(_ page: ExpectedPage) throws {
        // A paragraph that starts with clause punctuation or ends with a comma is a half
        // of a cut sentence that was not re-joined.
        let parsed = try PageParser.parse(try Repo.seed(page.file))
        for a in parsed.articles {
            for p in a.paragraphs {
                guard let first = p.unicodeScalars.first, let last = p.unicodeScalars.last else { continue }
                #expect(!Glyph.isClauseBreak(first), "\(page.file): starts mid-sentence: \(p.prefix(20))")
                #expect(!Glyph.isComma(last) && last != "、", "\(page.file): ends mid-sentence: \(p.suffix(20))")
            }
        }
    }
}
