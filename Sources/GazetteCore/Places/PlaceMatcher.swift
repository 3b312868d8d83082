/// Finds gazetteer names in UTF-8 text: leftmost-longest, non-overlapping, in one pass.
///
/// Every name is at least two CJK characters from U+4E00…U+9FFF (three UTF-8 bytes each).
/// A bit per scalar says whether any name starts with it; where one does, a small
/// open-addressing table keyed by the first *two* scalars gives the few names starting with
/// that pair, longest first, and the rest is compared byte by byte. The cost is a bit test
/// per character and a multiply-and-probe where a name could start — no String slicing,
/// no allocation.
///
/// Short forms (广安, 李沧) and two-character full names (康县) are *guarded*: they are
/// ordinary-looking character pairs, so a match is dropped when the character before it
/// forms a frequent word with its first character (健康县 → 健康, 隆重庆祝 → 隆重) or the text
/// goes on into an idiom that starts with it (长治久安, 双城记). A short form is also dropped
/// when its last character and the next one form a frequent word (医保定点 → 定点), or when it
/// names a university or a street (武汉大学, 南京路).
struct PlaceMatcher: Sendable {
    struct Key: Sendable {
        let start: Int       // offset of the name's UTF-8 bytes in `keyBytes`
        let count: Int       // number of UTF-8 bytes
        let candidates: [Int]  // gazetteer divisions this text may mean (one of them)
        let members: [Int]     // for a joint region (川渝): divisions it means (all of them)
        /// Checked against the word before it and idioms after it.
        let guarded: Bool
        /// Also checked against a word formed with the character after it (short forms only).
        let overlapGuarded: Bool
        let blockers: [[UInt8]]  // idioms starting with the name that cancel a match
    }

    /// A name found in text: which key, and where (UTF-8 byte offsets, end exclusive).
    struct Hit: Sendable {
        let key: Int
        let start: Int
        let end: Int
    }

    static let cjkFirst: UInt32 = 0x4E00
    static let cjkLast: UInt32 = 0x9FFF

    let keys: [Key]
    let keyBytes: [UInt8]
    /// Bit `s - 0x4E00` is set when some name starts with scalar `s`.
    let firstBits: [UInt64]
    /// Open-addressing table over the first two scalars of names: `pairCode` (0 = empty),
    /// and the names with that pair as `groupKeys[pairStart[slot]..<pairEnd[slot]]`.
    let pairCode: [UInt64]
    let pairStart: [Int32]
    let pairEnd: [Int32]
    let groupKeys: [Int32]
    let pairMask: Int
    /// A bit per hash of a name's first two scalars (`pairBit`): most CJK pairs that pass the
    /// first-character test start no name, and this 16 KB filter, which stays in L1 cache,
    /// turns them away without touching the probe table, whose first load missed the cache
    /// often enough to take a third of the scan. A filter only: a set bit still probes.
    let pairBits: [UInt64]
    /// For a first character F, the characters P such that "PF" is a frequent word.
    let leftGuards: [UInt32: Set<UInt32>]
    /// For a last character L, the characters N such that "LN" is a frequent common word.
    let overlapGuards: [UInt32: Set<UInt32>]

    static let shared = PlaceMatcher(gazetteer: .shared, guards: GazetteerData.wordGuards)

    init(gazetteer: Gazetteer, guards: String) {
        var leftGuards: [UInt32: Set<UInt32>] = [:]
        var overlapGuards: [UInt32: Set<UInt32>] = [:]
        var rightGuards: [String: [[UInt8]]] = [:]
        for line in guards.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            if fields[0] == "L", let first = fields[1].unicodeScalars.first {
                leftGuards[first.value] = Set(fields[2].unicodeScalars.map(\.value))
            } else if fields[0] == "O", let last = fields[1].unicodeScalars.first {
                overlapGuards[last.value] = Set(fields[2].unicodeScalars.map(\.value))
            } else if fields[0] == "R" {
                rightGuards[String(fields[1])] = fields[2].split(separator: ",").map { Array($0.utf8) }
            }
        }
        self.leftGuards = leftGuards
        self.overlapGuards = overlapGuards

        // Collect key text → candidate divisions, remembering whether any use is guarded.
        var order: [String] = []
        var candidates: [String: [Int]] = [:]
        var guarded: [String: Bool] = [:]
        var overlapGuarded: [String: Bool] = [:]
        func add(_ text: String, _ division: Int, guarded isGuarded: Bool, overlap: Bool) {
            if candidates[text] == nil { order.append(text) }
            candidates[text, default: []].append(division)
            guarded[text] = (guarded[text] ?? false) || isGuarded
            overlapGuarded[text] = (overlapGuarded[text] ?? false) || overlap
        }
        var members: [String: [Int]] = [:]
        for region in gazetteer.regions where candidates[region.name] == nil {
            order.append(region.name)
            candidates[region.name] = []
            members[region.name] = region.members
            guarded[region.name] = true
            overlapGuarded[region.name] = true
        }
        for (index, division) in gazetteer.divisions.enumerated() {
            if division.nameIsMatched {
                add(division.name, index, guarded: division.name.unicodeScalars.count <= 2, overlap: false)
            }
            for other in division.otherNames {
                // A former full name (旬阳县) ends in a unit word, after which 县城, 区委… follow.
                let unit = other.unicodeScalars.last.map { "县区市旗州盟".unicodeScalars.contains($0) } ?? false
                add(other, index, guarded: true, overlap: !unit)
            }
        }

        var keys: [Key] = []
        var keyBytes: [UInt8] = []
        var firstBits = [UInt64](repeating: 0, count: (Int(Self.cjkLast - Self.cjkFirst) + 64) / 64)
        var groups: [UInt64: [Int32]] = [:]
        var groupOrder: [UInt64] = []
        for text in order {
            let scalars = Array(text.unicodeScalars.map(\.value))
            guard scalars.count >= 2, scalars.allSatisfy({ (Self.cjkFirst...Self.cjkLast).contains($0) }) else { continue }
            let bytes = Array(text.utf8)
            let code = Self.pairCode(scalars[0], scalars[1])
            if groups[code] == nil { groupOrder.append(code) }
            groups[code, default: []].append(Int32(keys.count))
            let bit = Int(scalars[0] - Self.cjkFirst)
            firstBits[bit >> 6] |= 1 << UInt64(bit & 63)
            keys.append(Key(start: keyBytes.count, count: bytes.count, candidates: candidates[text] ?? [],
                            members: members[text] ?? [],
                            guarded: guarded[text] ?? false, overlapGuarded: overlapGuarded[text] ?? false,
                            blockers: rightGuards[text] ?? []))
            keyBytes.append(contentsOf: bytes)
        }
        var capacity = 1
        while capacity < groupOrder.count * 4 { capacity <<= 1 }
        var pairCode = [UInt64](repeating: 0, count: capacity)
        var pairStart = [Int32](repeating: 0, count: capacity)
        var pairEnd = [Int32](repeating: 0, count: capacity)
        var groupKeys: [Int32] = []
        var pairBits = [UInt64](repeating: 0, count: Self.pairBitCount / 64)
        for code in groupOrder {
            let bit = Self.pairBit(code)
            pairBits[bit >> 6] |= 1 << UInt64(bit & 63)
            var slot = Self.slot(code, mask: capacity - 1)
            while pairCode[slot] != 0 { slot = (slot + 1) & (capacity - 1) }
            // Longest first; equal lengths in gazetteer order, so the scan is deterministic.
            let members = (groups[code] ?? []).enumerated().sorted {
                let a = keys[Int($0.element)].count, b = keys[Int($1.element)].count
                return a != b ? a > b : $0.offset < $1.offset
            }.map(\.element)
            pairCode[slot] = code
            pairStart[slot] = Int32(groupKeys.count)
            groupKeys += members
            pairEnd[slot] = Int32(groupKeys.count)
        }
        self.keys = keys
        self.keyBytes = keyBytes
        self.firstBits = firstBits
        self.pairCode = pairCode
        self.pairStart = pairStart
        self.pairEnd = pairEnd
        self.groupKeys = groupKeys
        self.pairMask = capacity - 1
        self.pairBits = pairBits
    }

    @inline(__always) static func pairCode(_ a: UInt32, _ b: UInt32) -> UInt64 {
        UInt64(a) << 32 | UInt64(b)
    }

    @inline(__always) static func slot(_ code: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: (code &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }

    static let pairBitCount = 1 << 17

    /// The filter bit of a pair: high bits of another multiplicative hash than `slot`'s.
    @inline(__always) static func pairBit(_ code: UInt64) -> Int {
        Int(truncatingIfNeeded: (code &* 0xD6E8_FEB8_6659_FD93) >> 47)
    }

    @inline(__always) static func scalar3(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt32 {
        UInt32(p[i] & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F)
    }

    /// Calls `found` for every name in `text`, left to right.
    func scan(_ text: String, _ found: (Hit) -> Void) {
        var text = text
        text.withUTF8 { scan(utf8: $0, found) }
    }

    func scan(utf8 bytes: UnsafeBufferPointer<UInt8>, _ found: (Hit) -> Void) {
        let n = bytes.count
        var i = 0
        var lastEnd = -1
        firstBits.withUnsafeBufferPointer { bits in
            while i < n {
                let lead = bytes[i]
                // Both of a name's first two characters are three-byte CJK (lead E4…E9).
                guard lead >= 0xE4, lead <= 0xE9, i + 5 < n else {
                    i += Self.width(lead)
                    continue
                }
                let first = Self.scalar3(bytes, i)
                let bit = Int(first &- Self.cjkFirst)
                guard first >= Self.cjkFirst, bits[bit >> 6] & (1 << UInt64(bit & 63)) != 0,
                      let key = longestKey(at: i, first: first, in: bytes, afterMatch: i == lastEnd) else {
                    i += 3
                    continue
                }
                let end = i + keys[key].count
                found(Hit(key: key, start: i, end: end))
                lastEnd = end
                i = end
            }
        }
    }

    private func longestKey(at i: Int, first: UInt32, in bytes: UnsafeBufferPointer<UInt8>, afterMatch: Bool) -> Int? {
        let second = bytes[i + 3]
        guard second >= 0xE4, second <= 0xE9 else { return nil }
        let code = Self.pairCode(first, Self.scalar3(bytes, i + 3))
        let bit = Self.pairBit(code)
        guard pairBits[bit >> 6] & (1 << UInt64(bit & 63)) != 0 else { return nil }
        var slot = Self.slot(code, mask: pairMask)
        while pairCode[slot] != code {
            if pairCode[slot] == 0 { return nil }
            slot = (slot + 1) & pairMask
        }
        let n = bytes.count
        return keyBytes.withUnsafeBufferPointer { names in
            for position in Int(pairStart[slot])..<Int(pairEnd[slot]) {
                let key = Int(groupKeys[position])
                let start = keys[key].start, count = keys[key].count
                guard i + count <= n else { continue }
                var j = 6
                while j < count, bytes[i + j] == names[start + j] { j += 1 }
                guard j == count else { continue }
                if keys[key].guarded, isGuardedOut(keys[key], at: i, scalar: first, in: bytes, afterMatch: afterMatch) {
                    continue
                }
                return key
            }
            return nil
        }
    }

    /// True when the context shows the characters belong to another word (see the type doc).
    private func isGuardedOut(_ entry: Key, at i: Int, scalar: UInt32, in bytes: UnsafeBufferPointer<UInt8>,
                              afterMatch: Bool) -> Bool {
        if !afterMatch, i >= 3, let before = leftGuards[scalar] {
            let lead = bytes[i - 3]
            if lead >= 0xE0, lead < 0xF0 {
                if before.contains(Self.scalar3(bytes, i - 3)) { return true }
            }
        }
        let end = i + entry.count
        if entry.overlapGuarded, end + 2 < bytes.count, bytes[end] >= 0xE0, bytes[end] < 0xF0 {
            if overlapGuards[Self.scalar3(bytes, end - 3)]?.contains(Self.scalar3(bytes, end)) == true { return true }
        }
        if entry.overlapGuarded {
            for suffix in Self.namesakeSuffixes where end + suffix.count <= bytes.count {
                if suffix.indices.allSatisfy({ bytes[end + $0] == suffix[$0] }) { return true }
            }
        }
        for blocker in entry.blockers where i + blocker.count <= bytes.count {
            var same = true
            for (offset, byte) in blocker.enumerated() where bytes[i + offset] != byte {
                same = false
                break
            }
            if same { return true }
        }
        return false
    }

    /// After a short form these make it the name of something else that is elsewhere or
    /// national: a university (武汉大学 in a 江门 story) or a street (青岛的南京路).
    static let namesakeSuffixes: [[UInt8]] = ["大学", "路", "街", "大道", "大街"].map { Array($0.utf8) }

    /// Bytes to skip for a UTF-8 lead byte (1 for ASCII and stray continuation bytes).
    @inline(__always) static func width(_ lead: UInt8) -> Int {
        switch lead {
        case 0xF0...: return 4
        case 0xE0...: return 3
        case 0xC0...: return 2
        default: return 1
        }
    }
}
