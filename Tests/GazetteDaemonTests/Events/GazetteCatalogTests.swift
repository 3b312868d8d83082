import Foundation
import Testing

@testable import GazetteDaemon

@Suite("journal message catalog")
struct GazetteCatalogTests {
    /// The repository's `systemd/gazette.catalog`, found from this source file's path.
    static let shippedCatalog = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("systemd/gazette.catalog")

    @Test("systemd/gazette.catalog is exactly what `gazette catalog` prints")
    func shippedFileIsGenerated() throws {
        let shipped = try String(contentsOf: Self.shippedCatalog, encoding: .utf8)
        #expect(shipped == GazetteEvent.catalogText,
                "regenerate it: swift run gazette catalog > systemd/gazette.catalog")
    }

    @Test("every event has a distinct 128-bit MESSAGE_ID and its own catalog section")
    func everyEventHasASection() {
        let ids = GazetteEvent.allCases.map(\.messageID)
        #expect(Set(ids).count == ids.count)
        let text = GazetteEvent.catalogText
        for event in GazetteEvent.allCases {
            #expect(event.messageID.count == 32)
            #expect(event.messageID.allSatisfy { $0.isHexDigit && !$0.isUppercase })
            #expect(text.contains("\n-- \(event.messageID)\nSubject: \(event.title)\n"))
            #expect(!event.explanation.isEmpty && !event.whatToDo.isEmpty)
        }
        #expect(text.components(separatedBy: "\n-- ").count == GazetteEvent.allCases.count + 1)
    }

    @Test("bodies wrap at 78 columns and no line could be read as a section header")
    func layout() {
        for line in GazetteEvent.catalogText.split(separator: "\n", omittingEmptySubsequences: false) {
            #expect(line.count <= 78, "\(line)")
            if line.hasPrefix("-- ") {
                #expect(line.count == 35, "\(line)")
            }
        }
    }
}
