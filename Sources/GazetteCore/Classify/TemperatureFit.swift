import Foundation

/// Fits the softmax temperature on labelled articles, so that confidence tracks accuracy.
///
/// Minimizes the mean negative log-likelihood of the gold label over a log-spaced grid: one
/// parameter, no gradients, robust. Fit on articles the lexicon and model were *not* tuned
/// on — fitted on its own training data any classifier looks surer than it is.
public enum TemperatureFit {
    public static func fit(
        _ classifier: TopicClassifier, on examples: [LabelledExample],
        grid: [Double] = stride(from: -1.0, through: 1.5, by: 0.05).map { pow(10, $0 / 2) }
    ) -> (temperature: Double, negativeLogLikelihood: Double) {
        var best = (temperature: classifier.taxonomy.scoring.temperature, negativeLogLikelihood: Double.infinity)
        for t in grid {
            var taxonomy = classifier.taxonomy
            taxonomy.scoring.temperature = t
            let candidate = TopicClassifier(taxonomy: taxonomy, model: classifier.model)
            var nll = 0.0
            for e in examples {
                let p = candidate.classify(text: e.text, headline: e.headline).scores[e.category] ?? 0
                nll -= log(max(p, 1e-12))
            }
            nll /= Double(max(examples.count, 1))
            if nll < best.negativeLogLikelihood { best = (t, nll) }
        }
        return best
    }
}
