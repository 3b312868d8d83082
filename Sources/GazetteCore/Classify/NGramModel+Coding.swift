/// The model file: a small binary format, because the default model is embedded in the
/// executable and loaded at every start (< 50 ms).
///
/// Layout (little-endian): `GZNB` · version u8 (2) · bucketBits u8 · blendWeight f64 ·
/// category count u16 · per category: name length u16 + UTF-8 + document count u32 ·
/// bucket count u32 · per bucket in ascending order: bucket delta varint · non-zero entry
/// count u8 · per entry: category u8 + count varint. Version 2 appends: calibration flag u8
/// (+ temperature f64 + other threshold f64 when 1) · fingerprint count u32 · fingerprints
/// u64 ascending. Version 1 files (no calibration, no fingerprints) still load.
extension NGramModel {
    static let magic: [UInt8] = Array("GZNB".utf8)

    public func encoded() -> [UInt8] {
        var out = Self.magic
        out.append(2)
        out.append(UInt8(bucketBits))
        withUnsafeBytes(of: blendWeight.bitPattern.littleEndian) { out.append(contentsOf: $0) }
        append(UInt16(categories.count), to: &out)
        for (name, documents) in zip(categories, documentCounts) {
            let bytes = Array(name.utf8)
            append(UInt16(bytes.count), to: &out)
            out.append(contentsOf: bytes)
            append(UInt32(documents), to: &out)
        }
        append(UInt32(counts.count), to: &out)
        var previous: UInt32 = 0
        for bucket in counts.keys.sorted() {
            let row = counts[bucket]!
            appendVarint(UInt64(bucket - previous), to: &out)
            previous = bucket
            let entries = row.enumerated().filter { $0.element > 0 }
            out.append(UInt8(entries.count))
            for (c, count) in entries {
                out.append(UInt8(c))
                appendVarint(UInt64(count), to: &out)
            }
        }
        if let calibration {
            out.append(1)
            withUnsafeBytes(of: calibration.temperature.bitPattern.littleEndian) { out.append(contentsOf: $0) }
            withUnsafeBytes(of: calibration.otherThreshold.bitPattern.littleEndian) { out.append(contentsOf: $0) }
        } else {
            out.append(0)
        }
        append(UInt32(trainedOn.count), to: &out)
        for fingerprint in trainedOn.sorted() { append(fingerprint, to: &out) }
        return out
    }

    /// Reads a model file; throws on anything that is not a complete model of this format.
    public init(encoded bytes: [UInt8]) throws(ModelFormatError) {
        var reader = ByteReader(bytes: bytes)
        guard bytes.count >= 4, Array(bytes[0..<4]) == Self.magic else { throw .notAModel }
        reader.offset = 4
        let version = try reader.u8()
        guard version == 1 || version == 2 else { throw .unsupportedVersion(Int(version)) }
        let bits = Int(try reader.u8())
        guard (8...24).contains(bits) else { throw .corrupt("bucket bits \(bits) out of range 8…24") }
        let blend = Double(bitPattern: try reader.u64())
        let k = Int(try reader.u16())
        var categories: [String] = [], documents: [Int] = []
        for _ in 0..<k {
            let length = Int(try reader.u16())
            categories.append(String(decoding: try reader.take(length), as: UTF8.self))
            documents.append(Int(try reader.u32()))
        }
        let bucketCount = Int(try reader.u32())
        var counts: [UInt32: [UInt32]] = [:]
        counts.reserveCapacity(bucketCount)
        var bucket: UInt64 = 0
        for _ in 0..<bucketCount {
            bucket += try reader.varint()
            guard bucket < (1 << UInt64(bits)) else { throw .corrupt("bucket \(bucket) outside 2^\(bits)") }
            var row = [UInt32](repeating: 0, count: k)
            let entries = Int(try reader.u8())
            for _ in 0..<entries {
                let c = Int(try reader.u8())
                guard c < k else { throw .corrupt("category index \(c) ≥ \(k)") }
                row[c] = UInt32(truncatingIfNeeded: try reader.varint())
            }
            counts[UInt32(bucket)] = row
        }
        var calibration: Calibration?
        var trainedOn: Set<UInt64> = []
        if version >= 2 {
            switch try reader.u8() {
            case 0: break
            case 1:
                let temperature = Double(bitPattern: try reader.u64()), threshold = Double(bitPattern: try reader.u64())
                guard temperature > 0, temperature.isFinite, threshold.isFinite else { throw .corrupt("calibration out of range") }
                calibration = Calibration(temperature: temperature, otherThreshold: threshold)
            case let flag: throw .corrupt("calibration flag \(flag)")
            }
            let n = Int(try reader.u32())
            guard n <= (bytes.count - reader.offset) / 8 else { throw .truncated }
            trainedOn.reserveCapacity(n)
            for _ in 0..<n { trainedOn.insert(try reader.u64()) }
        }
        guard reader.offset == bytes.count else { throw .corrupt("\(bytes.count - reader.offset) trailing bytes") }
        self.init(
            categories: categories, bucketBits: bits, blendWeight: blend, documentCounts: documents, counts: counts,
            calibration: calibration, trainedOn: trainedOn)
    }

    private func append<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    private func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var v = value
        while v >= 0x80 { out.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
        out.append(UInt8(v))
    }
}

/// Why a model file could not be read.
public enum ModelFormatError: Error, Equatable, CustomStringConvertible {
    case notAModel
    case unsupportedVersion(Int)
    case truncated
    case corrupt(String)

    public var description: String {
        switch self {
        case .notAModel: "not a Gazette model file (no GZNB header): pass a file written by `gazette train`"
        case .unsupportedVersion(let v): "model format version \(v) is not supported by this gazette: retrain with `gazette train`"
        case .truncated: "model file is truncated: copy it again or retrain with `gazette train`"
        case .corrupt(let why): "model file is corrupt (\(why)): retrain with `gazette train`"
        }
    }
}

private struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    mutating func take(_ n: Int) throws(ModelFormatError) -> ArraySlice<UInt8> {
        guard n >= 0, offset + n <= bytes.count else { throw .truncated }
        defer { offset += n }
        return bytes[offset..<(offset + n)]
    }

    mutating func u8() throws(ModelFormatError) -> UInt8 { try take(1).first! }

    mutating func little(_ n: Int) throws(ModelFormatError) -> UInt64 {
        var v: UInt64 = 0
        for (i, b) in try take(n).enumerated() { v |= UInt64(b) << (8 * UInt64(i)) }
        return v
    }

    mutating func u16() throws(ModelFormatError) -> UInt16 { UInt16(try little(2)) }
    mutating func u32() throws(ModelFormatError) -> UInt32 { UInt32(try little(4)) }
    mutating func u64() throws(ModelFormatError) -> UInt64 { try little(8) }

    mutating func varint() throws(ModelFormatError) -> UInt64 {
        var v: UInt64 = 0, shift: UInt64 = 0
        while true {
            let b = try u8()
            v |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return v }
            shift += 7
            guard shift < 64 else { throw .corrupt("varint too long") }
        }
    }
}
