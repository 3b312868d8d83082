import Foundation
import Testing
@testable import GazetteCore

/// Property tests: whatever bytes arrive, `PageParser.parse` returns (a page or a typed
/// error), never crashes, and a returned page always serializes to one valid JSON line.
/// Inputs come from a seeded SplitMix64, and a failure names its seed, so it reproduces.
@Suite(.timeLimit(.minutes(2)))
struct ParserRobustnessTests {
    /// Parses and checks the JSON; returns the outcome for statistics.
    @discardableResult
    private func check(_ bytes: [UInt8], _ label: @autoclosure () -> String) -> Bool {
        do {
            let page = try PageParser.parse(bytes)
            let line = PageJSON.line(file: "fuzz.txt", page: page)
            #expect(!line.contains("\n"), "\(label()): JSON line contains a newline")
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                Issue.record("\(label()): invalid JSON: \(line.prefix(200))")
                return false
            }
            #expect((object["articles"] as? [Any])?.count == page.articles.count, "\(label())")
            #expect(page.sha256.count == 64, "\(label())")
            return true
        } catch {
            #expect(!error.description.isEmpty, "\(label())")
            return false
        }
    }

    @Test func randomBytesOfManyLengths() {
        var mutator = PageMutator(seed: 0x5EED_0001)
        for length in [1, 2, 3, 4, 7, 8, 15, 16, 63, 64, 65, 255, 1000, 4096, 65_537] {
            for round in 0..<8 {
                check(mutator.randomBytes(count: length), "random bytes length \(length) round \(round)")
            }
        }
    }

    @Test func randomBytesWithoutControlBytes() {
        // High bytes only: slips past the binary sniffer, exercises GB18030 and lossy UTF-8.
        var rng = SplitMix64(seed: 0x5EED_0002)
        for round in 0..<30 {
            let bytes = (0..<Int.random(in: 1...8000, using: &rng)).map { _ in UInt8.random(in: 0x20...0xFF, using: &rng) }
            check(bytes, "printable random bytes round \(round)")
        }
    }

    @Test(arguments: SeedCorpus.pages)
    func mutatedSeedPages(seed: SeedCorpusPage) {
        let original = seed.bytes
        var accepted = 0
        let rounds = 24
        for round in 0..<rounds {
            var mutator = PageMutator(seed: UInt64(round) &* 0x9E37 &+ UInt64(original.count))
            if check(mutator.mutate(original), "\(seed.testDescription) mutation seed \(round)") { accepted += 1 }
        }
        // Most mutations still leave a readable page: the parser is not just refusing everything.
        #expect(accepted > rounds / 2)
    }

    @Test func everyMutationKindOnEverySeed() {
        for (index, seed) in SeedCorpus.pages.enumerated() {
            var mutator = PageMutator(seed: UInt64(index))
            let bytes = seed.bytes
            check(mutator.cut(bytes), "\(seed.testDescription) cut")
            #expect(check(mutator.shuffleLines(bytes), "\(seed.testDescription) shuffled"))
            #expect(check(mutator.doubleBlock(bytes), "\(seed.testDescription) doubled"))
            #expect(check(mutator.reencode(bytes), "\(seed.testDescription) re-encoded"))
            check(mutator.sprinkleNUL(bytes), "\(seed.testDescription) NUL")
            check(mutator.flipBytes(bytes), "\(seed.testDescription) flipped")
            check(Array(bytes.prefix(1)), "\(seed.testDescription) first byte")
        }
    }

    @Test func aSingleLineOfSeveralMegabytes() throws {
        var mutator = PageMutator(seed: 0x5EED_0003)
        let seed = try #require(SeedCorpus.pages.first)
        // Debug builds are ~20× slower: 10 MB only when the tests run optimized.
        #if DEBUG
        let sizes = [1 << 20, 2 << 20]
        #else
        let sizes = [1 << 20, 10 << 20]
        #endif
        for size in sizes {
            let bytes = mutator.singleLine(from: seed.bytes, size: size)
            #expect(check(bytes, "single line of \(size) bytes"))
        }
    }

    @Test func pathologicalShapes() {
        let shapes: [(String, [UInt8])] = [
            ("only newlines", Array(repeating: 0x0A, count: 50_000)),
            ("only CR", Array(repeating: 0x0D, count: 50_000)),
            ("one ideograph per line", Array(String(repeating: "中\n", count: 20_000).utf8)),
            ("markdown marks", Array(String(repeating: "## **\n- \n---\n", count: 5_000).utf8)),
            ("byline marks", Array(String(repeating: "□本报记者 ■\n", count: 5_000).utf8)),
            ("replacement characters", Array(repeating: 0xFF, count: 50_000)),
            ("lone UTF-16 BOM", [0xFF, 0xFE]),
            ("UTF-8 BOM only", [0xEF, 0xBB, 0xBF]),
            ("zero-width only", Array(String(repeating: "\u{200B}\u{FEFF}", count: 10_000).utf8)),
            ("combining marks", Array(("a" + String(repeating: "\u{0301}", count: 20_000)).utf8)),
        ]
        for (label, bytes) in shapes { check(bytes, label) }
    }
}
