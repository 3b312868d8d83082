/// SHA-256 of a byte buffer. (Skeleton; the decode stage replaces it with the real digest.)
public enum SHA256 {
    public static func hex(of bytes: [UInt8]) -> String { "" }
}
