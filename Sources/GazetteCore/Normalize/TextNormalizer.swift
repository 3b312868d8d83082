/// Layout-level clean-up of decoded text. (Skeleton; the normalize stage replaces it.)
public enum TextNormalizer {
    public static func normalize(_ text: String) -> String { text }
}
