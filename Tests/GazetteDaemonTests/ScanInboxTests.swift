import Foundation
import GazetteCore
@testable import GazetteDaemon
import GazetteStore
import GazetteTestSupport
import Testing

/// Scans dropped into a running daemon's inbox: a page image is OCR'd and stored with its
/// source; a decompression bomb, a truncated PDF and a corrupt PNG are quarantined with
/// their reasons; the daemon stays up and a text page after them is stored as ever.
@Suite("Scans in the inbox")
struct ScanInboxTests {
    /// A PNG whose header declares 30,000 × 30,000 pixels (68 bytes in all).
    static let bomb: [UInt8] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
        0x00, 0x00, 0x75, 0x30, 0x00, 0x00, 0x75, 0x30, 0x08, 0x00, 0x00, 0x00, 0x00, 0x43, 0x4C, 0xA7,
        0x66, 0x00, 0x00, 0x00, 0x0B, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x60, 0x60, 0x00, 0x00,
        0x00, 0x03, 0x00, 0x01, 0xB8, 0xAD, 0x3A, 0x63, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44,
        0xAE, 0x42, 0x60, 0x82,
    ]

    /// The dev page image, when ../shared/devset is beside the clone.
    static var devPage: Data? {
        let seeds = URL(fileURLWithPath: Seeds.directory)
        let png = seeds.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/devset/ocr/p000.png")
        return try? Data(contentsOf: png)
    }

    static var canOCR: Bool {
        FileManager.default.fileExists(atPath: "/usr/share/tesseract-ocr/5/tessdata/chi_sim.traineddata")
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/pdfinfo")
    }

    @Test("images and PDFs end stored or quarantined with reasons; the daemon stays up", .timeLimit(.minutes(5)),
          .enabled(if: ScanInboxTests.canOCR, "SKIPPED: tesseract's chi_sim data or poppler-utils is not installed (apt install tesseract-ocr-chi-sim poppler-utils)"),
          .enabled(if: ScanInboxTests.devPage != nil, "SKIPPED: the dev OCR pages (../shared/devset/ocr) are not beside the clone"))
    func scans() async throws {
        let page = try #require(Self.devPage)
        let harness = DaemonHarness()
        try FileManager.default.createDirectory(atPath: harness.inbox, withIntermediateDirectories: true)
        let drops: [(name: String, data: Data, code: String?)] = [
            ("scan.txt", page, nil),  // the bytes decide, not the name
            ("bomb.png", Data(Self.bomb), "image-too-large"),
            ("corrupt.png", page.prefix(4096), "corrupt-image"),
            ("truncated.pdf", Data("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Ty".utf8), "unreadable-pdf"),
            ("layout.xml", Data("<?xml version=\"1.0\"?><alto xmlns=\"http://www.loc.gov/standards/alto/ns-v4#\"/>".utf8), "layout-no-page"),
        ]
        for drop in drops { try writeInPlace(drop.data, to: harness.inbox + "/" + drop.name) }
        try await harness.run { _ in
            let drained = await eventually(timeout: .seconds(240)) { harness.inboxFiles.isEmpty }
            #expect(drained, "left in the inbox: \(harness.inboxFiles)")
            try writeInPlace(Data(Seeds.bytes(Seeds.names[0])), to: harness.inbox + "/after.txt")
            #expect(await eventually(timeout: .seconds(30)) { harness.inboxFiles.isEmpty })
        }
        for drop in drops {
            let reasonPath = harness.failed + "/" + drop.name + ".reason.json"
            if let code = drop.code {
                let data = try Data(contentsOf: URL(fileURLWithPath: reasonPath))
                let reason = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
                #expect(reason["code"] as? String == code, "\(drop.name): \(reason)")
            } else {
                #expect(!FileManager.default.fileExists(atPath: reasonPath), "\(drop.name) was quarantined")
            }
        }
        let store = try GazetteStore(path: harness.config.store, readOnly: true)
        let files = try store.files()
        let scan = try #require(files.first { $0.name == "scan.txt" })
        let articles = try store.articles(fileID: scan.id)
        #expect(!articles.isEmpty)
        #expect(articles.allSatisfy { $0.pageSource.kind == .image && $0.pageSource.engine == "tesseract" })
        #expect(articles.allSatisfy { ($0.pageSource.meanConfidence ?? 0) > 0 && $0.article.quality.ocrConfidence != nil })
        let text = try #require(files.first { $0.name == "after.txt" })
        #expect(try store.articles(fileID: text.id).allSatisfy { $0.pageSource == .text && $0.article.quality.ocrConfidence == nil })
    }
}
