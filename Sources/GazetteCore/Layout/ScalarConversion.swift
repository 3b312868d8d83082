/// String ↔ `[Unicode.Scalar]`, the two conversions every page goes through once per line
/// and once per paragraph. Both work on UTF-8 bytes directly: the standard library's
/// `Array(text.unicodeScalars)` walks the string twice (once to count, once to copy) and
/// building a String by appending bytes to an array pays a capacity and uniqueness check
/// per byte, which made these two conversions a tenth of the parse time.
extension String {
    /// The string's scalars, decoded from its UTF-8 storage in one pass. Same result as
    /// `Array(unicodeScalars)`: a Swift string's storage is always valid UTF-8.
    var scalarArray: [Unicode.Scalar] {
        var text = self
        return text.withUTF8 { [Unicode.Scalar](validUTF8: $0) }
    }
}

extension Array where Element == Unicode.Scalar {
    /// Decodes UTF-8 that is known to be valid (a String's storage, or the normalizer's
    /// output, which only drops or substitutes whole scalars of valid input). Not for raw
    /// page bytes: a truncated sequence at the end would read past the buffer.
    init(validUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        // Never more scalars than bytes.
        self.init(unsafeUninitializedCapacity: bytes.count) { out, initialized in
            var i = 0
            var n = 0
            let count = bytes.count
            while i < count {
                let lead = UInt32(bytes[i])
                let value: UInt32
                if lead < 0x80 {
                    value = lead
                    i += 1
                } else if lead < 0xE0 {
                    value = (lead & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
                    i += 2
                } else if lead < 0xF0 {
                    value = (lead & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
                    i += 3
                } else {
                    value = (lead & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12
                        | UInt32(bytes[i + 2] & 0x3F) << 6 | UInt32(bytes[i + 3] & 0x3F)
                    i += 4
                }
                // Valid UTF-8 decodes to valid scalars only (no surrogates, ≤ U+10FFFF).
                (out.baseAddress! + n).initialize(to: unsafeBitCast(value, to: Unicode.Scalar.self))
                n += 1
            }
            initialized = n
        }
    }
    /// The scalars as a String, encoded to UTF-8 straight into the string's storage.
    var string: String {
        guard !isEmpty else { return "" }
        return withUnsafeBufferPointer { scalars in
            String(unsafeUninitializedCapacity: scalars.count * 4) { bytes in
                var n = 0
                for s in scalars {
                    let v = s.value
                    switch v {
                    case 0..<0x80:
                        bytes[n] = UInt8(v)
                        n += 1
                    case 0x80..<0x800:
                        bytes[n] = UInt8(0xC0 | (v >> 6))
                        bytes[n + 1] = UInt8(0x80 | (v & 0x3F))
                        n += 2
                    case 0x800..<0x10000:
                        bytes[n] = UInt8(0xE0 | (v >> 12))
                        bytes[n + 1] = UInt8(0x80 | ((v >> 6) & 0x3F))
                        bytes[n + 2] = UInt8(0x80 | (v & 0x3F))
                        n += 3
                    default:
                        bytes[n] = UInt8(0xF0 | (v >> 18))
                        bytes[n + 1] = UInt8(0x80 | ((v >> 12) & 0x3F))
                        bytes[n + 2] = UInt8(0x80 | ((v >> 6) & 0x3F))
                        bytes[n + 3] = UInt8(0x80 | (v & 0x3F))
                        n += 4
                    }
                }
                return n
            }
        }
    }
}
