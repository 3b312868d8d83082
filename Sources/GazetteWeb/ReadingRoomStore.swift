import GazetteStore

/// What the reading room reads from a store: every query it makes, and nothing that writes.
///
/// The store's own read protocol, so the SQLite and PostgreSQL stores both serve the pages
/// and the API without the web knowing which one it has.
public typealias ReadingRoomStore = StoreReader
