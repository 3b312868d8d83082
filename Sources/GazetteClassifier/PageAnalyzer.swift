import GazetteCore

/// Turns a parsed page into a classified one. A closure so the daemon's pipeline does not
/// depend on how the classifier is built (it is swapped whole on reload, and tests pass
/// their own).
public typealias PageClassifier = @Sendable (ParsedPage) -> ParsedPage

/// A page's bytes → its parsed and classified articles: the one composition of the parser
/// and the classifier that the daemon's page processor, `gazette parse`, the benchmarks and
/// the profiler all call, so a page gets the same verdict whichever of them reads it.
///
/// Text pages go in as bytes (`page(from:)`); a page read another way — a scan or a layout
/// file, by GazetteOCR's `PageReader`, which the daemon, `gazette parse` and `gazette import`
/// call — goes through `classified(_:)`, so every page gets the same classifier's verdict.
public struct PageAnalyzer: Sendable {
    /// nil: pages come back unclassified (`gazette parse --no-classify`, a daemon whose
    /// classifier failed to load).
    public var classifier: PageClassifier?

    public init(classifier: PageClassifier?) {
        self.classifier = classifier
    }

    public init(_ classifier: TopicClassifier?) {
        guard let classifier else {
            self.classifier = nil
            return
        }
        self.classifier = { @Sendable page in classifier.classify(page) }
    }

    /// Parses `bytes` as a text page and classifies its articles. `sha256` is the bytes' hash
    /// when the caller has it already, so it is not computed twice.
    public func page(from bytes: [UInt8], sha256: String? = nil) throws(PageError) -> ParsedPage {
        classified(try PageParser.parse(bytes, sha256: sha256))
    }

    /// Classifies the articles of a page read some other way (a scan, a layout file: see
    /// GazetteOCR's `PageReader`), so that every page gets the same classifier's verdict.
    public func classified(_ page: ParsedPage) -> ParsedPage {
        guard let classifier else { return page }
        return classifier(page)
    }
}
