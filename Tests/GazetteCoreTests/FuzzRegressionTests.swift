import Foundation
import Testing
@testable import GazetteCore

/// Replays every input the fuzzer (`Tests/e2e/fuzz.sh`) once broke the parser with: each must
/// now parse to a page or a typed error, and a page must serialize to one line of valid JSON.
@Suite(.timeLimit(.minutes(2)))
struct FuzzRegressionTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().appendingPathComponent("FuzzRegressions")

    static let inputs: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { !$0.hasSuffix(".md") }.sorted()
    }()

    @Test func theRegressionFolderIsFound() {
        #expect(FileManager.default.fileExists(atPath: Self.directory.appendingPathComponent("README.md").path))
    }

    @Test(arguments: inputs)
    func replays(name: String) throws {
        let bytes = try [UInt8](Data(contentsOf: Self.directory.appendingPathComponent(name)))
        do {
            let page = try PageParser.parse(bytes)
            let line = PageJSON.line(file: name, page: page)
            #expect(!line.contains("\n"))
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect((object?["articles"] as? [Any])?.count == page.articles.count)
            #expect(page.sha256.count == 64)
        } catch let error as PageError {
            #expect(!error.description.isEmpty)
        }
    }
}
