import Foundation
import GazetteTestSupport
import GRDB
import Testing
@testable import GazetteStore

/// `StoredDate` writes what GRDB's `Date.databaseValue` (a `DateFormatter`) writes, so the
/// store's rows are the same text whichever wrote them, and GRDB reads them back.
@Suite("Stored dates")
struct StoredDateTests {
    /// Edges of days, months, leap years, centuries and milliseconds (half a millisecond
    /// either way), and dates on both sides of 1970 and 2001 (Foundation's reference date).
    static let edges: [Date] = [
        Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -0.0005), Date(timeIntervalSince1970: 0.0009),
        Date(timeIntervalSince1970: -1), Date(timeIntervalSince1970: 86_399.999), Date(timeIntervalSince1970: 951_782_400),  // 2000-02-29
        Date(timeIntervalSince1970: 4_107_542_399.999), Date(timeIntervalSince1970: -2_208_988_800),  // 2100-02-28, 1900-01-01
        Date(timeIntervalSinceReferenceDate: 0), Date(timeIntervalSinceReferenceDate: -0.001), Date(timeIntervalSinceReferenceDate: 0.0004),
        Date(timeIntervalSince1970: 0.0015), Date(timeIntervalSince1970: -0.0015), Date(timeIntervalSince1970: 1.0005),
        Date(timeIntervalSince1970: 1_796_601_779.408), Date(timeIntervalSince1970: -12_212_553_600),  // 2026-12-07, 1583-01-01
        Date(timeIntervalSince1970: 253_402_300_799.999),  // 9999-12-31 23:59:59.999
        // Exact half milliseconds before 1970, where rounding half away from zero was a
        // millisecond off the formatter (the drawn test below found them one run in five).
        Date(timeIntervalSince1970: -9_787_399_406.4125), Date(timeIntervalSince1970: -2_773_208_600.0485),  // …33.588, …39.952
    ]

    @Test("the text is GRDB's, at the edges", arguments: edges)
    func atEdge(date: Date) {
        #expect(StoredDate.value(date) == date.databaseValue)
    }

    @Test("the text is GRDB's, for dates drawn from the Gregorian calendar's years (1583–9999) and from these decades")
    func drawn() {
        var generator = SystemRandomNumberGenerator()
        for index in 0..<5_000 {
            let range: ClosedRange<Double> = index % 2 == 0
                ? -12_212_553_600...253_402_300_799 : 1_500_000_000...2_100_000_000
            let date = Date(timeIntervalSince1970: Double.random(in: range, using: &generator))
            let ours = StoredDate.text(date)
            let grdb = String.fromDatabaseValue(date.databaseValue)
            #expect(ours == grdb, "\(date.timeIntervalSince1970)")
            if ours != grdb { return }
        }
    }

    @Test("a stored page's dates read back as GRDB reads its own, to the millisecond")
    func roundTrip() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try GazetteStore(path: dir.appendingPathComponent("g.sqlite").path)
        var record = try #require(try Fixtures.seedRecords().first)
        record.receivedAt = Date(timeIntervalSince1970: 1_796_601_779.408_7)
        _ = try store.ingest([record])
        let stored = try store.read { db in
            try Row.fetchOne(db, sql: "SELECT received_at, stored_at, typeof(stored_at) AS kind FROM files")
        }
        let row = try #require(stored)
        #expect(row["received_at"] as String == "2026-12-07 00:02:59.409")
        #expect(row["received_at"] as String == String.fromDatabaseValue(record.receivedAt.databaseValue))
        #expect(row["kind"] as String == "text")
        let storedAt: Date = row["stored_at"]
        #expect(abs(storedAt.timeIntervalSinceNow) < 3_600)
    }
}
