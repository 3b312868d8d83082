import Foundation
import GazetteTestSupport
import Testing

/// One of the real OCR pages in `seeds/`, located from this source file's path so that the
/// tests run the same from `swift test`, an IDE and CI.
struct SeedCorpusPage: Sendable, CustomTestStringConvertible {
    let url: URL
    var testDescription: String { url.lastPathComponent }
    var bytes: [UInt8] { (try? [UInt8](Data(contentsOf: url))) ?? [] }
}

/// The seed pages used by the decode, normalize, output and robustness tests.
enum SeedCorpus {
    static let directory = URL(fileURLWithPath: Seeds.directory)

    static let pages: [SeedCorpusPage] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".txt") }.sorted().map { SeedCorpusPage(url: directory.appendingPathComponent($0)) }
    }()
}
