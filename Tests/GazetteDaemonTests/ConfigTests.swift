import Foundation
import GazetteTestSupport
import Testing
@testable import GazetteDaemon

@Suite("Configuration")
struct ConfigTests {
    @Test("every key is read, relative paths resolve beside the file")
    func readsEveryKey() throws {
        let text = """
            # a comment
            inbox = "drop"
            store = "/srv/g.sqlite"
            batch_size = 8
            batch_delay_ms = 50
            quiet_period_ms = 900
            rescan_interval_s = 60
            watch = "poll"
            poll_interval_ms = 250
            after_success = "delete"
            max_file_size = "2MiB"
            log_level = "debug"
            log_articles = "debug"
            taxonomy = "taxonomy.toml"
            model = ""
            ocr_languages = "chi_sim+eng"
            ocr_dpi_default = 400
            max_image_pixels = 1000000
            max_pdf_pages = 3
            """
        let config = try DaemonConfig.parse(text, file: "/etc/gazette/gazette.toml")
        #expect(config.inbox == "/etc/gazette/drop")
        #expect(config.processed == "/etc/gazette/processed")
        #expect(config.failed == "/etc/gazette/failed")
        #expect(config.store == "/srv/g.sqlite")
        #expect(config.batchSize == 8)
        #expect(config.batchDelay == .milliseconds(50))
        #expect(config.quietPeriod == .milliseconds(900))
        #expect(config.rescanInterval == .seconds(60))
        #expect(config.watch == .poll)
        #expect(config.pollInterval == .milliseconds(250))
        #expect(config.afterSuccess == .delete)
        #expect(config.maxFileSize == 2 << 20)
        #expect(config.logLevel == .debug)
        #expect(config.logArticles == .debug)
        #expect(config.taxonomy == "/etc/gazette/taxonomy.toml")
        #expect(config.model == "")
        #expect(config.ocr.languages == "chi_sim+eng")
        #expect(config.ocr.dpiDefault == 400)
        #expect(config.ocr.maxImagePixels == 1_000_000)
        #expect(config.ocr.maxPDFPages == 3)
    }

    @Test("an unknown key is an error naming the key and its line")
    func unknownKey() {
        let text = "inbox = \"/a/inbox\"\n\nbatch_sise = 3\n"
        #expect(throws: ConfigError.unknownKey(file: "g.toml", line: 3, key: "batch_sise", known: DaemonConfig.keys)) {
            try DaemonConfig.parse(text, file: "g.toml")
        }
    }

    @Test("bad values are errors naming the key and its line",
          arguments: [("batch_size = 0", "batch_size"), ("watch = \"fanotify\"", "watch"),
                      ("max_file_size = \"lots\"", "max_file_size"), ("inbox = 3", "inbox"),
                      ("log_articles = \"error\"", "log_articles"), ("quiet_period_ms = \"2s\"", "quiet_period_ms"),
                      ("ocr_languages = \"../../etc/x\"", "ocr_languages"), ("ocr_dpi_default = 10", "ocr_dpi_default"),
                      ("max_pdf_pages = 0", "max_pdf_pages")])
    func badValue(line: String, key: String) {
        do {
            _ = try DaemonConfig.parse("store = \"/x.sqlite\"\n" + line + "\n", file: "g.toml")
            Issue.record("accepted \(line)")
        } catch {
            guard case .badValue(let file, let number, let badKey, _, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(file == "g.toml")
            #expect(number == 2)
            #expect(badKey == key)
            #expect(error.description.hasPrefix("g.toml:2: bad value"))
        }
    }

    @Test("a syntax error names the line")
    func syntaxError() {
        #expect {
            try DaemonConfig.parse("inbox = \"/a\"\nstore = \n", file: "g.toml")
        } throws: { error in
            guard case ConfigError.syntax(_, let line, _, _) = error else { return false }
            return line == 2
        }
    }

    @Test("printing and reading back gives the same configuration")
    func roundTrip() throws {
        var config = DaemonConfig(inbox: "/data/in box", store: "/data/\"g\".sqlite")
        config.processed = "/elsewhere/done"
        config.batchDelay = .milliseconds(75)
        config.watch = .poll
        let again = try DaemonConfig.parse(config.renderTOML(), file: "/x/g.toml")
        #expect(again == config)
    }

    @Test("flags override the file; processed/ and failed/ follow the inbox unless configured")
    func overrides() throws {
        let file = try DaemonConfig.parse("inbox = \"/a/inbox\"\nfailed = \"/b/failed\"\n", file: "/g.toml")
        let config = ConfigOverrides(inbox: "/tmp/x/inbox", store: "/tmp/x/g.sqlite").apply(to: file)
        #expect(config.inbox == "/tmp/x/inbox")
        #expect(config.processed == "/tmp/x/processed")
        #expect(config.failed == "/b/failed")
        #expect(config.store == "/tmp/x/g.sqlite")
    }

    @Test("the shipped config/gazette.toml is valid and documents every key with its default")
    func shippedFile() throws {
        let path = URL(fileURLWithPath: Seeds.directory).deletingLastPathComponent().path + "/config/gazette.toml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let config = try DaemonConfig.parse(text, file: path)
        #expect(config == DaemonConfig())
        for key in DaemonConfig.keys {
            #expect(text.contains("\n\(key) = ") || text.contains("\n# \(key) = "), "key \(key) is not documented")
        }
    }

    @Test("sizes", arguments: [("16MiB", 16 << 20), ("512k", 512 << 10), ("1048576", 1_048_576), ("2 G", 2 << 30)])
    func sizes(text: String, bytes: Int) {
        #expect(DaemonConfig.parseSize(text) == bytes)
    }
}
