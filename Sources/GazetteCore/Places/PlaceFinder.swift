/// Finds the administrative places an article names. (Skeleton; the places stage replaces it.)
public struct PlaceFinder: Sendable {
    public init() {}

    /// Provinces (full names) the text is about, and the finer places it names.
    public func locate(headline: String?, paragraphs: [String]) -> (provinces: [String], places: [String]) {
        ([], [])
    }
}
