import Testing

/// Every test that runs a whole daemon (in-process or as a child). One at a time: each
/// daemon parses on the cooperative pool, and a dozen at once on a two-core machine would
/// only measure contention.
@Suite("Daemon", .serialized)
struct DaemonTests {}
