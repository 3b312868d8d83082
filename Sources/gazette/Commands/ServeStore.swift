import Foundation
import GazetteDaemon
import GazetteStore
import GazetteStorePostgres

extension ServeCommand {
    /// The store `serve` writes, decided as the analyst commands decide theirs: `--store`,
    /// else `$GAZETTE_STORE`, else the configuration's `store`. Returned as overrides, so a
    /// reload applies it again and never takes it for a change of store.
    static func storeOverride(_ overrides: ConfigOverrides,
                              environment: [String: String] = ProcessInfo.processInfo.environment) -> ConfigOverrides {
        var overrides = overrides
        if overrides.store == nil, let store = environment["GAZETTE_STORE"], !store.isEmpty {
            overrides.store = store
        }
        return overrides
    }

    /// How the daemon reaches the store: a SQLite file, or a PostgreSQL database (by the
    /// URL's scheme), its password from the configuration's `password_file` or PGPASSFILE.
    /// Composed here so that the daemon links no database driver.
    static func storeOpener(for config: DaemonConfig) -> StoreOpener {
        guard PostgresURL.isPostgres(config.store) else { return .sqlite(path: config.store) }
        let url = config.store
        let passwordFile = config.passwordFile.isEmpty ? nil : config.passwordFile
        let location = (try? PostgresURL(url))?.description ?? url
        return StoreOpener(location: location, kind: .server) { () throws(StoreError) in
            try PostgresStore(url, passwordFile: passwordFile)
        }
    }
}
