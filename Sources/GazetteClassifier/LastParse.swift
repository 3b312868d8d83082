import Synchronization

/// The result of the last parse of one kind of TOML file (the configuration, the
/// taxonomy), reused while the file's text stays the same.
///
/// Why: TOMLKit 0.6.0 never frees what it parses. `TOMLTable` has no `deinit` (the
/// `toml::table` its initializer `new`s is never deleted), `keys` returns a `malloc`ed
/// array of `strdup`ed strings nobody frees, and a syntax error leaks its error record.
/// Parsing the 40 KB taxonomy on every SIGHUP thus leaked about 0.4 MB per reload (33 →
/// 270 MB RSS after 600 reloads). Nothing in the library can release that memory, so the
/// daemon parses a given text once: a reload of unchanged files parses nothing and keeps
/// nothing new, and memory grows only with real edits (~0.4 MB per edited taxonomy).
///
/// Errors are remembered too: a file left broken and reloaded again fails the same way
/// without leaking a parse per attempt. One entry per kind is enough: a reload reads each
/// file once, and the text of the running configuration is the common case.
package final class LastParse<Value: Sendable, Failure: Error & Sendable>: Sendable {
    private let last = Mutex<(key: String, result: Result<Value, Failure>)?>(nil)

    package init() {}

    /// `parse()`'s result for `key` (the file's path and text), parsed only when the key
    /// differs from the last one.
    package func value(for key: String, parse: () throws(Failure) -> Value) throws(Failure) -> Value {
        if let cached = last.withLock({ $0?.key == key ? $0?.result : nil }) {
            return try cached.get()
        }
        let result = Result { () throws(Failure) -> Value in try parse() }
        last.withLock { $0 = (key, result) }
        return try result.get()
    }
}
