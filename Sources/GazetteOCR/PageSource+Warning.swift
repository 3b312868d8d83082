import GazetteCore

extension PageSource {
    /// What to tell the operator about a page whose OCR confidence is below
    /// `PageReader.lowConfidence`: it is stored all the same (the text is what the scan
    /// gives, and a quarantine would hide it), but the journal says it needs a look.
    public var lowConfidenceWarning: String? {
        guard let confidence = meanConfidence, confidence < PageReader.lowConfidence else { return nil }
        return "OCR confidence only \(Int((confidence * 100).rounded()))%: the text is mostly guesses; check the scan (resolution, skew, contrast)"
    }
}
