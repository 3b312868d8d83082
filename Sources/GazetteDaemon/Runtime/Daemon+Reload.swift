import GazetteClassifier
import Logging

extension Daemon {
    /// Re-reads the configuration file, the taxonomy and the model (SIGHUP). Queued and
    /// in-flight files are untouched: the new settings apply from the next file. An invalid
    /// configuration or classifier is rejected with an error and the old one keeps running.
    /// Returns whether the new configuration is in effect.
    @discardableResult
    func reload() -> Bool {
        notifier.reloading()
        defer { notifier.reloaded() }
        let logger = settings.logger
        let old = settings.config
        var new: DaemonConfig
        do {
            new = overrides.apply(to: try configFile.map { (file) throws(ConfigError) in try DaemonConfig.load(file: file) }
                                  ?? DaemonConfig(inbox: old.inbox, store: old.store))
        } catch {
            logger.event(.reloadFailed, .error, "reload rejected, the running configuration stays: \(error)",
                         ["reason": "\(error)"])
            return false
        }
        let frozen = old.restartOnlyChanges(to: new)
        if !frozen.isEmpty {
            logger.warning("reload: \(frozen.joined(separator: ", ")) can only change with a restart (systemctl restart gazette); keeping the running values")
            new.inbox = old.inbox
            new.processed = old.processed
            new.failed = old.failed
            new.store = old.store
            new.watch = old.watch
        }
        let classifier: PageClassifier?
        do {
            classifier = try loadClassifier?(new) ?? nil
        } catch {
            logger.event(.reloadFailed, .error, "reload rejected: cannot load the classifier, the running one stays: \(error)",
                         ["reason": "\(error)"])
            return false
        }
        settings.replace(config: new, classifier: classifier)
        // The old taxonomy and model are freed now (or with the last file still using them),
        // and the new ones were built on whichever thread ran the reload: give the freed
        // memory back, or each thread's malloc arena keeps a model's worth for ever.
        Sys.trimMalloc()
        settings.logger.event(.reloaded, .notice, "configuration, taxonomy and model reloaded",
                              ["config": "\(configFile ?? "(command line)")"])
        return true
    }
}
