/// Bytes → text, detecting the encoding. (Skeleton; the decode stage replaces it.)
public enum TextDecoder {
    public static func decode(_ bytes: [UInt8]) throws(PageError) -> DecodedText {
        guard !bytes.isEmpty else { throw .empty }
        return DecodedText(text: String(decoding: bytes, as: UTF8.self), encoding: .utf8, replacedBytes: 0)
    }
}

/// The decoded page text and how it was obtained.
public struct DecodedText: Sendable, Equatable {
    public var text: String
    public var encoding: TextEncoding
    /// Bytes replaced by U+FFFD in a lossy decode.
    public var replacedBytes: Int

    public init(text: String, encoding: TextEncoding, replacedBytes: Int) {
        self.text = text
        self.encoding = encoding
        self.replacedBytes = replacedBytes
    }
}
