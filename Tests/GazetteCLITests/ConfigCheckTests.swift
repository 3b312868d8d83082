import Foundation
import GazetteTestSupport
import Testing

/// `gazette config check`: every mistake of a file in one run, and a plain answer when
/// there is no file to check.
@Suite("gazette config check")
struct ConfigCheckTests {
    @Test("every error is listed with its key and line, not only the first")
    func allErrors() throws {
        try #require(ServeChild.binaryExists, "build the gazette executable first (swift build)")
        let directory = TestDirectory()
        let bad = directory.sub("bad.toml")
        try "inbox = 3\nbogus = 1\nstore = \"/tmp/g.sqlite\"\nbatch_size = 0\nwatch = \"sometimes\"\n"
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let (status, _, errors) = try GazetteBinary.outcome(["config", "check", bad])
        #expect(status != 0)
        for expected in ["bad.toml:1: bad value 3 for 'inbox'", "bad.toml:2: unknown key 'bogus'",
                         "bad.toml:4: bad value 0 for 'batch_size'", "bad.toml:5: bad value \"sometimes\" for 'watch'"] {
            #expect(errors.contains(expected), "\(expected) missing from: \(errors)")
        }
        #expect(!errors.contains("bad.toml:3"), "a valid key is not an error: \(errors)")
        #expect(errors.contains("4 errors"), "\(errors)")
    }

    @Test("no path and no /etc/gazette/gazette.toml: one plain line saying the defaults apply, exit 0",
          .enabled(if: !FileManager.default.fileExists(atPath: "/etc/gazette/gazette.toml"),
                   "this machine has /etc/gazette/gazette.toml; the case needs its absence"))
    func noDefaultFile() throws {
        try #require(ServeChild.binaryExists)
        let (status, output, errors) = try GazetteBinary.outcome(["config", "check"])
        #expect(status == 0, "\(errors)")
        #expect(output.contains("built-in defaults"), "\(output)")
        #expect(errors.isEmpty, "\(errors)")
    }

    @Test("a missing file is one error, said once")
    func missingFile() throws {
        try #require(ServeChild.binaryExists)
        let directory = TestDirectory()
        let (status, _, errors) = try GazetteBinary.outcome(["config", "check", directory.sub("none.toml")])
        #expect(status != 0)
        #expect(errors.split(separator: "\n").count == 1, "\(errors)")
        #expect(errors.contains("no such file"), "\(errors)")
    }
}
