import Foundation
@testable import GazetteCore

/// Builds damaged variants of real pages: the shapes of bad input a drop folder sees
/// (truncated uploads, reordered or doubled OCR blocks, other encodings, stray NULs, one
/// enormous line). Every variant is a pure function of the generator's state.
struct PageMutator {
    var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    mutating func randomBytes(count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
    }

    /// A random slice: cut at the front, at the back, or both, at arbitrary byte offsets
    /// (inside multi-byte characters too).
    mutating func cut(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.count > 1 else { return bytes }
        let start = Int.random(in: 0..<bytes.count, using: &rng)
        let end = Int.random(in: start...bytes.count, using: &rng)
        switch Int.random(in: 0..<3, using: &rng) {
        case 0: return Array(bytes[..<end])
        case 1: return Array(bytes[start...])
        default: return Array(bytes[start..<end])
        }
    }

    mutating func shuffleLines(_ bytes: [UInt8]) -> [UInt8] {
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        lines.shuffle(using: &rng)
        return Array(lines.joined(separator: [0x0A]))
    }

    /// Repeats a random block of lines right after itself, up to three more times.
    mutating func doubleBlock(_ bytes: [UInt8]) -> [UInt8] {
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        guard lines.count > 1 else { return bytes + bytes }
        let start = Int.random(in: 0..<lines.count, using: &rng)
        let end = Int.random(in: start...min(lines.count, start + 20), using: &rng)
        let block = Array(lines[start..<end])
        let copies = Int.random(in: 1...3, using: &rng)
        let result = Array(lines[..<end]) + Array(repeating: block, count: copies).flatMap { $0 } + Array(lines[end...])
        return Array(result.joined(separator: [0x0A]))
    }

    /// Text re-encoded as UTF-16 (either order, BOM or not) or GB18030.
    mutating func reencode(_ bytes: [UInt8]) -> [UInt8] {
        let text = String(decoding: bytes, as: UTF8.self)
        switch Int.random(in: 0..<3, using: &rng) {
        case 0:
            let bigEndian = Bool.random(using: &rng)
            var out: [UInt8] = Bool.random(using: &rng) ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
            for unit in text.utf16 {
                out += bigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            }
            return out
        case 1:
            return text.data(using: GB18030Decoding.encoding).map { [UInt8]($0) } ?? bytes
        default:
            return [0xEF, 0xBB, 0xBF] + bytes
        }
    }

    /// Inserts NUL bytes at random offsets: a few (text that must survive) or many (binary).
    mutating func sprinkleNUL(_ bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        let count = Bool.random(using: &rng) ? Int.random(in: 1...8, using: &rng) : max(1, bytes.count / 10)
        for _ in 0..<count { out.insert(0, at: Int.random(in: 0...out.count, using: &rng)) }
        return out
    }

    /// Overwrites random bytes with random values (bit rot, bad sectors).
    mutating func flipBytes(_ bytes: [UInt8]) -> [UInt8] {
        guard !bytes.isEmpty else { return bytes }
        var out = bytes
        for _ in 0..<Int.random(in: 1...32, using: &rng) {
            out[Int.random(in: 0..<out.count, using: &rng)] = UInt8(truncatingIfNeeded: rng.next())
        }
        return out
    }

    /// The page with its line breaks removed, repeated until it is `size` bytes long.
    mutating func singleLine(from bytes: [UInt8], size: Int) -> [UInt8] {
        let line = bytes.filter { $0 != 0x0A && $0 != 0x0D }
        guard !line.isEmpty else { return [] }
        var out: [UInt8] = []
        out.reserveCapacity(size + line.count)
        while out.count < size { out += line }
        return out
    }

    /// One mutation (or a stack of two) chosen at random.
    mutating func mutate(_ bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        for _ in 0..<Int.random(in: 1...2, using: &rng) {
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: out = cut(out)
            case 1: out = shuffleLines(out)
            case 2: out = doubleBlock(out)
            case 3: out = reencode(out)
            case 4: out = sprinkleNUL(out)
            default: out = flipBytes(out)
            }
        }
        return out
    }
}
