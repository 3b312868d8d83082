import GazetteClassifier
import GazetteCore
import Logging
import Synchronization

/// Loads the classifier a configuration names (taxonomy and model); nil stores pages
/// unclassified. Throws when the files are missing or invalid, which fails a reload.
public typealias ClassifierFactory = @Sendable (DaemonConfig) throws(ClassifierError) -> PageClassifier?

/// What a reload may change while files are in flight: the configuration in effect, the
/// classifier and the logger. Readers take a snapshot per file or per batch, so a reload
/// lands between files, never inside one.
final class RuntimeSettings: Sendable {
    struct Snapshot: Sendable {
        var config: DaemonConfig
        var classifier: PageClassifier?
        var logger: Logger
    }

    private let state: Mutex<Snapshot>

    init(config: DaemonConfig, classifier: PageClassifier?, logger: Logger) {
        var logger = logger
        logger.logLevel = config.logLevel
        state = Mutex(Snapshot(config: config, classifier: classifier, logger: logger))
    }

    var current: Snapshot { state.withLock { $0 } }
    var config: DaemonConfig { state.withLock { $0.config } }
    var logger: Logger { state.withLock { $0.logger } }

    /// Installs a reloaded configuration and classifier.
    func replace(config: DaemonConfig, classifier: PageClassifier?) {
        state.withLock { snapshot in
            snapshot.config = config
            snapshot.classifier = classifier
            snapshot.logger.logLevel = config.logLevel
        }
    }
}
