import Foundation
import GazetteStore
import Synchronization
import Testing

@testable import GazetteWeb

@Suite("Reading room: days by arithmetic, store reads on their own threads")
struct DayAndThreadsTests {
    /// The day as Foundation's UTC Gregorian calendar gives it, the way `Day.string` did.
    static func calendarDay(_ date: Date) -> String {
        let c = Day.calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    @Test("the day of an instant is the calendar's, across leap years, centuries and day ends")
    func daysAgreeWithTheCalendar() {
        var instants: [Date] = []
        // Every day from 1899 to 2101 at a second past midnight and a second before the next.
        let start = Day.parse("1899-01-01")!.timeIntervalSince1970
        for day in 0..<(203 * 366) {
            let midnight = start + Double(day) * 86_400
            instants += [Date(timeIntervalSince1970: midnight + 1), Date(timeIntervalSince1970: midnight + 86_399.5)]
        }
        // Far years and odd instants, some handled by the calendar fallback (Foundation's
        // calendar is Julian before 1582: 0001-01-01 is two days off the Gregorian arithmetic).
        instants += [-62_135_596_800, -62_135_596_801, -12_219_292_800, -12_219_292_801, -12_212_553_600, 0, -0.5, 253_402_300_799, 253_402_300_800, 1e12]
            .map(Date.init(timeIntervalSince1970:))
        let disagreeing = instants.filter { Day.string($0) != Self.calendarDay($0) }
        #expect(disagreeing.isEmpty, "\(disagreeing.prefix(5).map { "\($0): \(Day.string($0)) vs \(Self.calendarDay($0))" })")
    }

    @Test("store work runs off the caller's thread, and its results and errors come back")
    func storeThreads() async throws {
        let caller = pthread_self()
        let ranOn = try await StoreThreads.shared.run { pthread_self() }
        #expect(pthread_equal(ranOn, caller) == 0)
        struct Refused: Error {}
        await #expect(throws: Refused.self) { try await StoreThreads.shared.run { () throws -> Int in throw Refused() } }
    }

    @Test("store jobs start in the order they were queued")
    func firstInFirstOut() {
        // Jobs start in the order they were queued: one thread, held busy while 100 jobs
        // queue behind it.
        let threads = StoreThreads(count: 1)
        let gate = DispatchSemaphore(value: 0)
        let started = Mutex<[Int]>([])
        let done = DispatchSemaphore(value: 0)
        threads.submit { gate.wait() }
        for index in 0..<100 {
            threads.submit {
                started.withLock { $0.append(index) }
                if index == 99 { done.signal() }
            }
        }
        gate.signal()
        done.wait()
        #expect(started.withLock { $0 } == Array(0..<100))
    }

    @Test("searches, articles and the newest listing take the reads' lane; /metrics, /api/stats and the overview the tallies'")
    func lanes() async throws {
        let fixture = try WebFixture.shared.get()
        var room = fixture.room
        // A room with lanes of its own, so that only its answers are counted.
        room.lanes = .init(reads: StoreThreads(count: 1), tallies: StoreThreads(count: 1))
        let article = try #require(try fixture.store.search(SearchQuery(text: "医保", limit: 1)).first?.article.id)
        for uri in ["/search?q=%E5%8C%BB%E4%BF%9D", "/api/search?q=%E5%8C%BB%E4%BF%9D", "/", "/articles/\(article)",
                    "/api/articles/\(article)"] {
            _ = try await fixture.page(uri, room: room)
        }
        #expect(room.lanes.reads.taken == 5)
        #expect(room.lanes.tallies.taken == 0)
        for uri in ["/metrics", "/api/stats", "/overview"] {
            _ = try await fixture.page(uri, room: room)
        }
        #expect(room.lanes.reads.taken == 5)
        #expect(room.lanes.tallies.taken == 3)
    }
}
