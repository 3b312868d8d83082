/// The normalizer's single pass over the UTF-8 bytes: line splitting, scalar mapping, space
/// folding, markdown stripping and blank-line collapsing, written straight into the output.
///
/// The output is never longer than the input (every substitution shrinks or keeps the size,
/// and every separator written stands for at least as many input bytes), so the pass writes
/// through a pointer into storage reserved once: appending to an `[UInt8]` paid a capacity
/// and uniqueness check per byte.
struct NormalizerPass {
    private let out: UnsafeMutableBufferPointer<UInt8>
    /// Bytes written to `out`.
    private var written = 0
    /// Where the current line's separator (`\n` or `\n\n`) starts; nil until the line has content.
    private var separatorStart: Int?
    /// Where the current line's text starts in `out`.
    private var lineStart = 0
    private var pendingSpace = false
    private var pendingBlank = false
    /// The current line holds a `*` (possible bold marks to strip).
    private var sawStar = false
    /// Some kept scalar lies outside the ranges that NFC leaves unchanged.
    private var mayNeedComposition = false

    private init(out: UnsafeMutableBufferPointer<UInt8>) { self.out = out }

    /// The normalized UTF-8 of valid UTF-8 `input`, and whether it may still need NFC. Bytes,
    /// not a String: the parser decodes them to scalars directly, and a String would
    /// validate them once more for nothing.
    static func run(_ input: UnsafeBufferPointer<UInt8>) -> (bytes: [UInt8], mayNeedComposition: Bool) {
        var mayNeedComposition = false
        let bytes = [UInt8](unsafeUninitializedCapacity: input.count) { buffer, initialized in
            var pass = NormalizerPass(out: buffer)
            pass.scan(input)
            mayNeedComposition = pass.mayNeedComposition
            initialized = pass.written
        }
        return (bytes, mayNeedComposition)
    }

    /// Writes one byte. The bound check only guards the size invariant above; it never fails.
    @inline(__always)
    private mutating func append(_ byte: UInt8) {
        guard written < out.count else { return }
        out[written] = byte
        written += 1
    }

    private mutating func scan(_ input: UnsafeBufferPointer<UInt8>) {
        var index = 0
        let count = input.count
        while index < count {
            let byte = input[index]
            if byte < 0x80 {
                index += 1
                if byte > 0x20, byte != 0x7F {
                    emit(byte)
                    continue
                }
                switch byte {
                case 0x0A, 0x0B, 0x0C:
                    endLine()
                case 0x0D:
                    if index < count, input[index] == 0x0A { index += 1 }
                    endLine()
                case 0x09, 0x20:
                    pendingSpace = separatorStart != nil
                default:
                    continue  // other C0 controls, DEL
                }
                continue
            }
            // U+4E00…U+9FFF (E4 B8 80 … E9 BF BF), most of a page: kept as is, NFC-stable.
            if byte <= 0xE9, byte >= 0xE5 || (byte == 0xE4 && input[index + 1] >= 0xB8) {
                beginContent()
                append(byte)
                append(input[index + 1])
                append(input[index + 2])
                index += 3
                continue
            }
            let (scalar, length) = Self.decodeScalar(input, at: index)
            index += length
            switch ScalarClass.of(scalar) {
            case .drop:
                continue
            case .space:
                pendingSpace = separatorStart != nil
            case .lineBreak:
                endLine()
            case .paragraphBreak:
                endLine()
                if written > 0 { pendingBlank = true }
            case .ascii(let ascii):
                emit(ascii)
            case .keep:
                if !mayNeedComposition, !ScalarClass.isNFCStable(scalar) { mayNeedComposition = true }
                beginContent()
                for offset in (index - length)..<index { append(input[offset]) }
            }
        }
        endLine()
    }

    /// Writes the separator owed before the first character of a line, or the space owed
    /// before any later one.
    @inline(__always)
    private mutating func beginContent() {
        if separatorStart == nil {
            separatorStart = written
            if written > 0 {
                append(0x0A)
                if pendingBlank { append(0x0A) }
            }
            lineStart = written
        } else if pendingSpace {
            append(0x20)
            pendingSpace = false
        }
    }

    @inline(__always)
    private mutating func emit(_ byte: UInt8) {
        beginContent()
        if byte == 0x2A { sawStar = true }
        append(byte)
    }

    /// Closes the current line: strips markdown if the line may hold some, and turns a line
    /// left empty into a pending blank line.
    private mutating func endLine() {
        defer {
            separatorStart = nil
            pendingSpace = false
            sawStar = false
        }
        guard let separator = separatorStart else {
            if written > 0 { pendingBlank = true }
            return
        }
        if sawStar || MarkdownMarks.mayStartWithMark(out[lineStart]) {
            var line = Array(out[lineStart..<written])
            MarkdownMarks.strip(&line)
            if line.isEmpty {
                written = separator
                if written > 0 { pendingBlank = true }
                return
            }
            // Stripping only removes bytes, so the line fits where it was.
            written = lineStart
            for byte in line { append(byte) }
        }
        pendingBlank = false
    }

    /// Decodes one scalar from valid UTF-8 (a Swift string's storage is always valid).
    @inline(__always)
    static func decodeScalar(_ input: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt32, Int) {
        let lead = UInt32(input[index])
        if lead < 0xE0 {
            return (((lead & 0x1F) << 6) | (UInt32(input[index + 1]) & 0x3F), 2)
        } else if lead < 0xF0 {
            return (((lead & 0x0F) << 12) | ((UInt32(input[index + 1]) & 0x3F) << 6)
                | (UInt32(input[index + 2]) & 0x3F), 3)
        } else {
            return (((lead & 0x07) << 18) | ((UInt32(input[index + 1]) & 0x3F) << 12)
                | ((UInt32(input[index + 2]) & 0x3F) << 6) | (UInt32(input[index + 3]) & 0x3F), 4)
        }
    }
}
