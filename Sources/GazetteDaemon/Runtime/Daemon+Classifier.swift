import GazetteClassifier
import GazetteCore

extension Daemon {
    /// Loads the taxonomy and model the configuration names (the built-in ones for empty
    /// paths). Used at start and on every reload; a bad file throws, which keeps the
    /// running classifier.
    public static let standardClassifier: ClassifierFactory = { config throws(ClassifierError) in
        let classifier = try ClassifierLoader.load(
            taxonomyPath: config.taxonomy.isEmpty ? nil : config.taxonomy,
            modelPath: config.model.isEmpty ? nil : config.model)
        return PageAnalyzer(classifier).classifier
    }
}
