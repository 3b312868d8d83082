import Foundation
import GazetteCore
import GazetteTestSupport
import Testing

@testable import GazetteOCR

/// The dev page images (../shared/devset/ocr, drawn from known articles) read through
/// tesseract: headline, byline and body must come out as the gold file says tesseract reads
/// them, in an image and in a scanned PDF.
@Suite("OCR of the dev pages", .serialized)
struct DevPageOCRTests {
    struct Gold {
        var headlines: [String]
        var reporters: [String]
        var anchors: [String]
    }

    static func gold(_ name: String, in folder: URL) throws -> Gold {
        let data = try Data(contentsOf: folder.appendingPathComponent("gold.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let pages = try #require(root["pages"] as? [[String: Any]])
        let page = try #require(pages.first { ($0["file"] as? String) == name })
        let articles = try #require(page["articles"] as? [[String: Any]])
        return Gold(headlines: articles.compactMap { $0["headline"] as? String },
                    reporters: articles.flatMap { $0["reporters"] as? [String] ?? [] },
                    anchors: articles.compactMap { $0["anchor"] as? String })
    }

    /// Letters, digits and CJK only: the gold's own loose match.
    static func loose(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }))
    }

    /// The share of `wanted`'s characters found in `text` (in any order): OCR of the same
    /// drawing differs by a character or two between a PNG and its JPEG in a PDF.
    static func overlap(_ wanted: String, _ text: String) -> Double {
        var pool = Array(loose(text).unicodeScalars)
        let chars = Array(loose(wanted).unicodeScalars)
        guard !chars.isEmpty else { return 0 }
        var hits = 0
        for char in chars {
            if let index = pool.firstIndex(of: char) {
                pool.remove(at: index)
                hits += 1
            }
        }
        return Double(hits) / Double(chars.count)
    }

    private func check(_ page: ParsedPage, against gold: Gold) {
        let headlines = page.articles.compactMap(\.headline)
        // The gold headline, or a part of it of 4 characters or more (a two-line headline
        // whose first line the flattened page reads as its kicker).
        let found = gold.headlines.filter { wanted in
            headlines.contains { Self.overlap(wanted, $0) >= 0.7 || (Self.loose($0).count >= 4 && Self.overlap($0, wanted) >= 0.9) }
        }
        #expect(found.count * 3 >= gold.headlines.count * 2, "headlines \(headlines) for gold \(gold.headlines)")
        let reporters = page.articles.flatMap(\.reporters)
        let named = gold.reporters.filter { wanted in reporters.contains { Self.overlap(wanted, $0) >= 0.6 } }
        #expect(named.count * 2 >= gold.reporters.count, "reporters \(reporters) for gold \(gold.reporters)")
        let body = Self.loose(page.articles.flatMap { $0.paragraphs }.joined())
        let anchors = gold.anchors.filter { body.contains(Self.loose($0)) }
        #expect(anchors.count * 4 >= gold.anchors.count * 3, "body anchors found: \(anchors.count) of \(gold.anchors.count)")
    }

    @Test("a page image: headline, byline and body come out right, with confidences", .needsChineseOCR, .needsDevset)
    func pageImage() async throws {
        let folder = try #require(TestFiles.devset)
        let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent("p000.png")))
        let (page, source) = try await offPool { try PageReader(pool: OCRPool(lanes: 1)).read(bytes: bytes) }
        #expect(source.kind == .image)
        #expect(source.engine == "tesseract")
        #expect(source.engineVersion == OCREngine.version)
        let confidence = try #require(source.meanConfidence)
        #expect(confidence > 0.5 && confidence <= 1)
        #expect(page.sha256 == SHA256.hex(of: bytes))
        #expect(page.articles.allSatisfy { ($0.quality.ocrConfidence ?? -1) >= 0 && ($0.quality.ocrConfidence ?? 2) <= 1 })
        check(page, against: try Self.gold("p000.txt", in: folder))
        // parse --json: the source and the confidences are additive fields.
        let json = String(decoding: PageJSON.bytes(file: "p000.png", page: page), as: UTF8.self)
        #expect(json.contains("\"source_kind\":\"image\",\"ocr_engine\":\"tesseract\""))
        #expect(json.contains("\"dropped_furniture\":") && json.contains(",\"ocr_confidence\":0."))
    }

    @Test("the engine's layout: lines with boxes, sizes and confidences; the headline printed larger", .needsChineseOCR, .needsDevset)
    func layout() async throws {
        let folder = try #require(TestFiles.devset)
        let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent("p000.png")))
        let result = try await offPool { try OCREngine(languages: "chi_sim").read(bytes, kind: .png, options: OCROptions()) }
        let lines = result.layout.blocks.flatMap(\.lines)
        #expect(result.layout.width == 2480 && result.layout.height == 3508)
        #expect(lines.count > 40)
        #expect(lines.allSatisfy { $0.box.width > 0 && $0.box.maxY <= 3508 && ($0.confidence ?? -1) >= 0 })
        let body = lines.map(\.size).sorted()[lines.count / 2]
        let headline = try #require(lines.first { Self.loose($0.text).contains("政府战略合作") })
        #expect(headline.size > 1.5 * body, "headline \(headline.size) vs body \(body)")
    }

    @Test("a scanned PDF (no text layer) is rasterised and OCR'd", .needsChineseOCR, .needsPoppler, .needsDevset)
    func scannedPDF() async throws {
        let folder = try #require(TestFiles.devset)
        let pdf = try #require(ScannedPDF.make(from: [UInt8](try Data(contentsOf: folder.appendingPathComponent("p000.png")))))
        let (page, source) = try await offPool { try PageReader(pool: OCRPool(lanes: 1)).read(bytes: pdf) }
        #expect(source.kind == .pdf)
        #expect(source.engine == "tesseract")
        #expect(source.meanConfidence != nil)
        check(page, against: try Self.gold("p000.txt", in: folder))
    }

    @Test("after ocr_languages changes, an engine of the old languages is let go when given back", .needsChineseOCR,
          .enabled(if: TestFiles.hasLanguage("eng"), "SKIPPED: tesseract's eng data is not installed (apt install tesseract-ocr-eng)"))
    func reloadedLanguages() throws {
        let pool = OCRPool(lanes: 2)
        let old = try #require(try pool.tryCheckout(OCROptions(languages: "eng")))
        let new = try #require(try pool.tryCheckout(OCROptions(languages: "chi_sim")))
        #expect(try pool.tryCheckout(OCROptions()) == nil, "two lanes, both busy")
        pool.checkIn(old)
        pool.checkIn(new)
        #expect(pool.engines == 1)
        let again = try #require(try pool.tryCheckout(OCROptions(languages: "chi_sim")))
        #expect(again === new)
        pool.checkIn(again)
    }

    @Test("a busy pool answers busy at once instead of waiting", .needsChineseOCR)
    func busy() throws {
        let pool = OCRPool(lanes: 1)
        let engine = try #require(try pool.tryCheckout(OCROptions()))
        defer { pool.checkIn(engine) }
        do {
            _ = try PageReader(pool: pool).read(bytes: TestFiles.png(width: 300, height: 200))
            Issue.record("read while every lane was busy")
        } catch {
            #expect(error.code == "ocr-busy")
        }
    }
}
