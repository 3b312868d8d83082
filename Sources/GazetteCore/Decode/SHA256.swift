/// SHA-256 (FIPS 180-4) of a byte buffer, in pure Swift.
///
/// The digest of a page's raw bytes is its identity: the store keeps each digest once, which
/// is what makes re-ingesting a file a no-op. Core may import Foundation only, so the digest
/// is written here rather than taken from a crypto library; the compression loop works on
/// unsafe buffer pointers and runs at a few hundred MB/s in a release build
/// (`gazette-bench parse` prints the figure).
///
/// ```swift
/// SHA256.hex(of: Array("abc".utf8))
/// // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
/// ```
public enum SHA256 {
    /// Lower-case hexadecimal digest, 64 characters.
    public static func hex(of bytes: [UInt8]) -> String {
        let digest = Self.digest(of: bytes)
        let alphabet = Array("0123456789abcdef".utf8)
        var out = [UInt8](repeating: 0, count: 64)
        for (index, byte) in digest.enumerated() {
            out[2 * index] = alphabet[Int(byte >> 4)]
            out[2 * index + 1] = alphabet[Int(byte & 0x0F)]
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The 32-byte digest.
    public static func digest(of bytes: [UInt8]) -> [UInt8] {
        var state = initialState
        let fullBlocks = bytes.count / 64
        bytes.withUnsafeBufferPointer { buffer in
            if fullBlocks > 0, let base = buffer.baseAddress {
                compress(&state, blocks: UnsafeRawPointer(base), count: fullBlocks)
            }
            // Padding: the tail, 0x80, zeros, then the bit length big-endian, in one or two blocks.
            let tailCount = bytes.count - fullBlocks * 64
            var tail = [UInt8](repeating: 0, count: tailCount < 56 ? 64 : 128)
            for offset in 0..<tailCount { tail[offset] = buffer[fullBlocks * 64 + offset] }
            tail[tailCount] = 0x80
            let bitLength = UInt64(bytes.count) &* 8
            for shift in 0..<8 { tail[tail.count - 1 - shift] = UInt8(truncatingIfNeeded: bitLength >> (8 * UInt64(shift))) }
            tail.withUnsafeBytes { raw in
                compress(&state, blocks: raw.baseAddress!, count: tail.count / 64)
            }
        }
        var out = [UInt8]()
        out.reserveCapacity(32)
        for word in state {
            out.append(UInt8(truncatingIfNeeded: word >> 24))
            out.append(UInt8(truncatingIfNeeded: word >> 16))
            out.append(UInt8(truncatingIfNeeded: word >> 8))
            out.append(UInt8(truncatingIfNeeded: word))
        }
        return out
    }

    private static let initialState: [UInt32] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    ]

    private static let roundConstants: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    /// Masking shifts (`&>>`): Swift's plain `>>` checks for over-wide shifts, which costs a
    /// third of the throughput in this loop.
    @inline(__always)
    private static func rotr(_ value: UInt32, _ count: UInt32) -> UInt32 {
        (value &>> count) | (value &<< (32 &- count))
    }

    /// One round: `d` and `h` are the two working variables a round changes; the caller
    /// renames the others, which is the same as shifting them all down by one.
    @inline(__always)
    private static func round(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
                              _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ kw: UInt32) {
        let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
        let choose = g ^ (e & (f ^ g))  // (e & f) ^ (~e & g), one op fewer
        let temp1 = h &+ s1 &+ choose &+ kw
        let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
        let majority = (a & b) | (c & (a | b))  // (a & b) ^ (a & c) ^ (b & c)
        d = d &+ temp1
        h = temp1 &+ s0 &+ majority
    }

    /// Runs the compression function over `count` consecutive 64-byte blocks.
    private static func compress(_ state: inout [UInt32], blocks: UnsafeRawPointer, count: Int) {
        var h0 = state[0], h1 = state[1], h2 = state[2], h3 = state[3]
        var h4 = state[4], h5 = state[5], h6 = state[6], h7 = state[7]
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
            roundConstants.withUnsafeBufferPointer { constants in
                for block in 0..<count {
                    let base = blocks + block * 64
                    for index in 0..<16 {
                        schedule[index] = UInt32(bigEndian: base.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self))
                    }
                    for index in 16..<64 {
                        let w15 = schedule[index - 15], w2 = schedule[index - 2]
                        let s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 &>> 3)
                        let s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 &>> 10)
                        schedule[index] = schedule[index - 16] &+ s0 &+ schedule[index - 7] &+ s1
                    }
                    var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7
                    // Eight rounds per turn with the variables renamed instead of shifted:
                    // the textbook `h = g; g = f; …` costs eight register moves per round.
                    var index = 0
                    while index < 64 {
                        round(a, b, c, &d, e, f, g, &h, constants[index] &+ schedule[index])
                        round(h, a, b, &c, d, e, f, &g, constants[index + 1] &+ schedule[index + 1])
                        round(g, h, a, &b, c, d, e, &f, constants[index + 2] &+ schedule[index + 2])
                        round(f, g, h, &a, b, c, d, &e, constants[index + 3] &+ schedule[index + 3])
                        round(e, f, g, &h, a, b, c, &d, constants[index + 4] &+ schedule[index + 4])
                        round(d, e, f, &g, h, a, b, &c, constants[index + 5] &+ schedule[index + 5])
                        round(c, d, e, &f, g, h, a, &b, constants[index + 6] &+ schedule[index + 6])
                        round(b, c, d, &e, f, g, h, &a, constants[index + 7] &+ schedule[index + 7])
                        index += 8
                    }
                    h0 = h0 &+ a; h1 = h1 &+ b; h2 = h2 &+ c; h3 = h3 &+ d
                    h4 = h4 &+ e; h5 = h5 &+ f; h6 = h6 &+ g; h7 = h7 &+ h
                }
            }
        }
        state = [h0, h1, h2, h3, h4, h5, h6, h7]
    }
}
