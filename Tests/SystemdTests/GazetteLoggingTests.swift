import Logging
import Testing

@testable import Systemd

@Suite("choosing where to log")
struct GazetteLoggingTests {
    @Test("auto means the journal exactly when its socket exists")
    func autoMode() {
        #expect(GazetteLogging.resolve(.auto) == (JournalLogHandler.isAvailable ? .journal : .stderr))
        #expect(GazetteLogging.resolve(.stderr) == .stderr)
        #expect(GazetteLogging.resolve(.journal) == .journal)
    }

    @Test("the --log values parse", arguments: GazetteLogging.Mode.allCases)
    func modeNames(mode: GazetteLogging.Mode) {
        #expect(GazetteLogging.Mode(rawValue: mode.rawValue) == mode)
    }

    @Test("handlers come out at the requested level and of the requested kind")
    func handlers() {
        let stderr = GazetteLogging.makeHandler(label: "x", mode: .stderr, level: .debug)
        #expect(stderr is StderrLogHandler)
        #expect(stderr.logLevel == .debug)
        let journal = GazetteLogging.makeHandler(label: "x", mode: .journal, level: .warning, identifier: "t")
        #expect((journal as? JournalLogHandler)?.identifier == "t")
        #expect(journal.logLevel == .warning)
    }

    @Test("a second bootstrap is refused instead of trapping")
    func bootstrapOnce() {
        // The first call may have happened elsewhere in this process; either way the
        // second one must return false and must not crash.
        GazetteLogging.bootstrap(mode: .stderr, level: .critical)  // quiet for other suites
        #expect(GazetteLogging.bootstrap(mode: .journal, level: .debug) == false)
    }
}
