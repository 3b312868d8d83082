import Foundation
import GazetteCore

/// Distinct, seed-shaped pages for the benchmarks, made by recombining the seeds'
/// paragraphs: each page keeps the block structure of one seed page (headlines, bylines,
/// subheads stay where they are, so the parser sees real layout) and replaces every body
/// paragraph with one drawn from all the seeds. Deterministic: the same seed number gives
/// the same pages, so two runs of `gazette-bench` parse and store the same bytes.
///
/// ```swift
/// var corpus = try CorpusGenerator(seedDirectory: "seeds", rngSeed: 7)
/// let pages = corpus.pages(1_000)   // 1,000 distinct pages of ~17 KB
/// ```
public struct CorpusGenerator {
    /// The seed pages as blocks (text between blank lines).
    public let frames: [[String]]
    /// Every body paragraph of every seed (a block long enough to be prose).
    public let paragraphs: [String]
    /// The seed pages' bytes, unchanged.
    public let seedPages: [[UInt8]]
    private var rng: SplitMix64
    private var made = 0

    /// A block at least this many characters long is body text and may be swapped.
    public static let bodyLength = 60

    public init(seedDirectory: String, rngSeed: UInt64 = 0x6A7E_77E0) throws {
        let directory = URL(fileURLWithPath: seedDirectory)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".txt") }.sorted()
        guard !names.isEmpty else {
            throw BenchError("no *.txt pages in \(seedDirectory): run from the repository root or pass --seeds DIR")
        }
        seedPages = try names.map { [UInt8](try Data(contentsOf: directory.appendingPathComponent($0))) }
        frames = seedPages.map { bytes in
            String(decoding: bytes, as: UTF8.self).components(separatedBy: "\n\n")
        }
        paragraphs = frames.flatMap { $0.filter { $0.count >= Self.bodyLength } }
        rng = SplitMix64(seed: rngSeed)
    }

    /// The next distinct page: a seed frame (in turn) with its body paragraphs redrawn.
    /// Distinct by construction with overwhelming odds (hundreds of paragraphs, ~20 draws
    /// per page), and the page number is folded into one draw so no two pages coincide.
    public mutating func next() -> [UInt8] {
        let frame = frames[made % frames.count]
        var blocks: [String] = []
        blocks.reserveCapacity(frame.count)
        var first = true
        for block in frame {
            guard block.count >= Self.bodyLength, !paragraphs.isEmpty else {
                blocks.append(block)
                continue
            }
            var index = Int(rng.next() % UInt64(paragraphs.count))
            if first {  // the page number picks the first paragraph: pages cycle only after |P|^k
                index = (index &+ made) % paragraphs.count
                first = false
            }
            blocks.append(paragraphs[index])
        }
        made += 1
        return Array(blocks.joined(separator: "\n\n").utf8)
    }

    public mutating func pages(_ count: Int) -> [[UInt8]] {
        (0..<count).map { _ in next() }
    }
}

/// A benchmark that cannot run, with what to do about it.
public struct BenchError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
