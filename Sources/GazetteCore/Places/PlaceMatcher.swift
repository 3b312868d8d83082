/// Finds gazetteer names in UTF-8 text: leftmost-longest, non-overlapping, in one pass.
///
/// Every name is CJK, so the first character of a name is one of the 20,992 scalars
/// U+4E00…U+9FFF; a flat table indexed by that scalar gives the names starting with it,
/// longest first. The scan decodes a scalar only at CJK lead bytes and compares the rest of
/// a name byte by byte, so the cost is one table load per character plus a few byte
/// compares where a name could start — no hashing, no String slicing, no allocation.
///
/// Short forms (广安, 李沧) and two-character full names (康县) are *guarded*: they are
/// ordinary-looking character pairs, so a match is dropped when the character before it
/// forms a frequent word with its first character (健康县 → 健康, 隆重庆祝 → 隆重) or the text
/// goes on into an idiom that starts with it (长治久安, 双城记). A short form is also dropped
/// when its last character and the next one form a frequent word (医保定点 → 定点).
struct PlaceMatcher: Sendable {
    struct Key: Sendable {
        let start: Int       // offset of the name's UTF-8 bytes in `keyBytes`
        let count: Int       // number of UTF-8 bytes
        let candidates: [Int]  // gazetteer divisions this text may mean
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
    /// CSR buckets: keys starting with scalar `s` are `bucketKeys[bucketStart[i]..<bucketStart[i+1]]`
    /// with `i = s - 0x4E00`, longest first.
    let bucketStart: [Int32]
    let bucketKeys: [Int32]
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
        var buckets = [[Int32]](repeating: [], count: Int(Self.cjkLast - Self.cjkFirst) + 1)
        for text in order {
            guard let first = text.unicodeScalars.first,
                  (Self.cjkFirst...Self.cjkLast).contains(first.value) else { continue }
            let bytes = Array(text.utf8)
            buckets[Int(first.value - Self.cjkFirst)].append(Int32(keys.count))
            keys.append(Key(start: keyBytes.count, count: bytes.count, candidates: candidates[text] ?? [],
                            guarded: guarded[text] ?? false, overlapGuarded: overlapGuarded[text] ?? false,
                            blockers: rightGuards[text] ?? []))
            keyBytes.append(contentsOf: bytes)
        }
        var bucketStart: [Int32] = [0]
        var bucketKeys: [Int32] = []
        bucketStart.reserveCapacity(buckets.count + 1)
        for bucket in buckets {
            // Longest first; equal lengths by insertion order, so the scan is deterministic.
            bucketKeys += bucket.enumerated().sorted {
                let a = keys[Int($0.element)].count, b = keys[Int($1.element)].count
                return a != b ? a > b : $0.offset < $1.offset
            }.map(\.element)
            bucketStart.append(Int32(bucketKeys.count))
        }
        self.keys = keys
        self.keyBytes = keyBytes
        self.bucketStart = bucketStart
        self.bucketKeys = bucketKeys
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
        keyBytes.withUnsafeBufferPointer { names in
            while i < n {
                let lead = bytes[i]
                guard lead >= 0xE4, lead <= 0xE9, i + 2 < n else {
                    i += Self.width(lead)
                    continue
                }
                let scalar = UInt32(lead & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
                let slot = Int(scalar &- Self.cjkFirst)
                if scalar >= Self.cjkFirst, scalar <= Self.cjkLast,
                   bucketStart[slot] < bucketStart[slot + 1],
                   let key = longestKey(at: i, slot: slot, scalar: scalar, in: bytes, names: names, afterMatch: i == lastEnd) {
                    let end = i + keys[key].count
                    found(Hit(key: key, start: i, end: end))
                    lastEnd = end
                    i = end
                } else {
                    i += 3
                }
            }
        }
    }

    private func longestKey(at i: Int, slot: Int, scalar: UInt32, in bytes: UnsafeBufferPointer<UInt8>,
                            names: UnsafeBufferPointer<UInt8>, afterMatch: Bool) -> Int? {
        let n = bytes.count
        for position in Int(bucketStart[slot])..<Int(bucketStart[slot + 1]) {
            let key = Int(bucketKeys[position])
            let entry = keys[key]
            guard i + entry.count <= n else { continue }
            var j = 3
            while j < entry.count, bytes[i + j] == names[entry.start + j] { j += 1 }
            guard j == entry.count else { continue }
            if entry.guarded, isGuardedOut(entry, at: i, scalar: scalar, in: bytes, afterMatch: afterMatch) { continue }
            return key
        }
        return nil
    }

    /// True when the context shows the characters belong to another word (see the type doc).
    private func isGuardedOut(_ entry: Key, at i: Int, scalar: UInt32, in bytes: UnsafeBufferPointer<UInt8>,
                              afterMatch: Bool) -> Bool {
        if !afterMatch, i >= 3, let before = leftGuards[scalar] {
            let lead = bytes[i - 3]
            if lead >= 0xE0, lead < 0xF0 {
                let previous = UInt32(lead & 0x0F) << 12 | UInt32(bytes[i - 2] & 0x3F) << 6 | UInt32(bytes[i - 1] & 0x3F)
                if before.contains(previous) { return true }
            }
        }
        let end = i + entry.count
        if entry.overlapGuarded, end + 2 < bytes.count, bytes[end] >= 0xE0, bytes[end] < 0xF0 {
            let last = UInt32(bytes[end - 3] & 0x0F) << 12 | UInt32(bytes[end - 2] & 0x3F) << 6 | UInt32(bytes[end - 1] & 0x3F)
            let next = UInt32(bytes[end] & 0x0F) << 12 | UInt32(bytes[end + 1] & 0x3F) << 6 | UInt32(bytes[end + 2] & 0x3F)
            if overlapGuards[last]?.contains(next) == true { return true }
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
