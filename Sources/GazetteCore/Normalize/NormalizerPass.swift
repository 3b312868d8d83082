/// The normalizer's single pass over the UTF-8 bytes: line splitting, scalar mapping, space
/// folding, markdown stripping and blank-line collapsing, written straight into the output.
///
/// The output is never longer than the input (every substitution shrinks or keeps the size,
/// and every separator written stands for at least as many input bytes), so one reservation
/// covers it.
struct NormalizerPass {
    private var out: [UInt8] = []
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

    static func run(_ input: UnsafeBufferPointer<UInt8>) -> (bytes: [UInt8], mayNeedComposition: Bool) {
        var pass = NormalizerPass()
        pass.out.reserveCapacity(input.count)
        pass.scan(input)
        return (pass.out, pass.mayNeedComposition)
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
                if !out.isEmpty { pendingBlank = true }
            case .ascii(let ascii):
                emit(ascii)
            case .keep:
                if !mayNeedComposition, !ScalarClass.isNFCStable(scalar) { mayNeedComposition = true }
                beginContent()
                for offset in (index - length)..<index { out.append(input[offset]) }
            }
        }
        endLine()
    }

    /// Writes the separator owed before the first character of a line, or the space owed
    /// before any later one.
    @inline(__always)
    private mutating func beginContent() {
        if separatorStart == nil {
            separatorStart = out.count
            if !out.isEmpty {
                out.append(0x0A)
                if pendingBlank { out.append(0x0A) }
            }
            lineStart = out.count
        } else if pendingSpace {
            out.append(0x20)
            pendingSpace = false
        }
    }

    @inline(__always)
    private mutating func emit(_ byte: UInt8) {
        beginContent()
        if byte == 0x2A { sawStar = true }
        out.append(byte)
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
            if !out.isEmpty { pendingBlank = true }
            return
        }
        if sawStar || MarkdownMarks.mayStartWithMark(out[lineStart]) {
            var line = Array(out[lineStart...])
            MarkdownMarks.strip(&line)
            if line.isEmpty {
                out.removeSubrange(separator...)
                if !out.isEmpty { pendingBlank = true }
                return
            }
            out.removeSubrange(lineStart...)
            out.append(contentsOf: line)
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
