import Foundation
import GazetteTestSupport
import Synchronization
import Testing

@testable import Systemd

#if canImport(Glibc)
import Glibc
#endif

@Suite("sd_notify over a real datagram socket")
struct SystemdNotifierTests {
    @Test("READY and STATUS arrive as one datagram of newline-separated assignments")
    func readyAndStatus() throws {
        let socket = try NotifySocket()
        let notifier = SystemdNotifier(socketPath: socket.address)
        #expect(notifier.send("READY=1", "STATUS=stored 3 pages, 12 articles; queue 0; failed 0"))
        #expect(socket.receive() == "READY=1\nSTATUS=stored 3 pages, 12 articles; queue 0; failed 0")
    }

    @Test("each send is its own datagram, in order")
    func sequence() throws {
        let socket = try NotifySocket()
        let notifier = SystemdNotifier(socketPath: socket.address)
        for message in ["WATCHDOG=1", "STATUS=queue 2", "STOPPING=1"] { notifier.send(message) }
        #expect(socket.receive() == "WATCHDOG=1")
        #expect(socket.receive() == "STATUS=queue 2")
        #expect(socket.receive() == "STOPPING=1")
    }

    @Test("an abstract socket (@name) is reached through the abstract namespace")
    func abstractSocket() throws {
        let socket = try NotifySocket(abstract: true)
        #expect(socket.address.hasPrefix("@"))
        #expect(SystemdNotifier(socketPath: socket.address).send("READY=1"))
        #expect(socket.receive() == "READY=1")
    }

    @Test("RELOADING=1 carries MONOTONIC_USEC, the current CLOCK_MONOTONIC in µs")
    func reloadingCarriesMonotonicTime() throws {
        let socket = try NotifySocket()
        let before = SystemdNotifier.monotonicMicroseconds()
        SystemdNotifier(socketPath: socket.address).send("RELOADING=1")
        let after = SystemdNotifier.monotonicMicroseconds()
        let lines = try #require(socket.receive()).split(separator: "\n")
        #expect(lines.first == "RELOADING=1")
        let stamp = try #require(lines.last.flatMap { $0.split(separator: "=").last }.flatMap { UInt64($0) })
        #expect(lines.last?.hasPrefix("MONOTONIC_USEC=") == true)
        #expect((before...after).contains(stamp))
    }

    @Test("other messages get no MONOTONIC_USEC, and a caller's own is kept")
    func monotonicOnlyForReload() {
        #expect(SystemdNotifier.payload(["READY=1"], monotonicMicroseconds: 5) == "READY=1")
        #expect(SystemdNotifier.payload(["RELOADING=1", "MONOTONIC_USEC=7"], monotonicMicroseconds: 5)
            == "RELOADING=1\nMONOTONIC_USEC=7")
    }

    @Test("a manager that does not read: sends fail at once once its queue is full, never block")
    func managerNotReading() async throws {
        let socket = try NotifySocket()
        let notifier = SystemdNotifier(socketPath: socket.address)
        let results = Mutex<[Bool]>([])
        // On a thread of its own: a blocking send would hang it, not the test.
        Thread.detachNewThread {
            for number in 0..<200 {
                let sent = notifier.send("STATUS=queue \(number)")
                results.withLock { $0.append(sent) }
            }
        }
        #expect(await eventually(timeout: .seconds(20)) { results.withLock { $0.count } == 200 },
                "a send blocked after \(results.withLock { $0.count }) datagrams")
        let sent = results.withLock { $0 }
        #expect(sent.first == true)
        #expect(sent.contains(false), "200 datagrams fitted in an unread queue")
        #expect(socket.receive() == "STATUS=queue 0")
    }

    @Test("a vanished service manager is reported as a failed send, not a crash")
    func missingSocket() {
        let notifier = SystemdNotifier(socketPath: "/nonexistent/gazette/notify.sock")
        #expect(notifier.send("READY=1") == false)
    }

    @Test("no NOTIFY_SOCKET means no notifier")
    func environmentWithoutSocket() {
        #expect(SystemdNotifier.fromEnvironment([:], pid: 42) == nil)
        #expect(SystemdNotifier.fromEnvironment(["NOTIFY_SOCKET": ""], pid: 42) == nil)
        #expect(SystemdNotifier.fromEnvironment(["WATCHDOG_USEC": "1000"], pid: 42) == nil)
    }

    @Test("WATCHDOG_USEC applies when WATCHDOG_PID is unset or ours, and not for another PID")
    func watchdogInterval() throws {
        let base = ["NOTIFY_SOCKET": "/run/systemd/notify", "WATCHDOG_USEC": "20000000"]
        let unset = try #require(SystemdNotifier.fromEnvironment(base, pid: 42))
        #expect(unset.socketPath == "/run/systemd/notify")
        #expect(unset.watchdogInterval == .seconds(20))
        var ours = base
        ours["WATCHDOG_PID"] = "42"
        #expect(SystemdNotifier.fromEnvironment(ours, pid: 42)?.watchdogInterval == .seconds(20))
        var theirs = base
        theirs["WATCHDOG_PID"] = "41"
        #expect(SystemdNotifier.fromEnvironment(theirs, pid: 42)?.watchdogInterval == nil)
        #expect(SystemdNotifier.fromEnvironment(["NOTIFY_SOCKET": "x", "WATCHDOG_USEC": "0"], pid: 1)?
            .watchdogInterval == nil)
        #expect(SystemdNotifier.fromEnvironment(["NOTIFY_SOCKET": "x", "WATCHDOG_USEC": "soon"], pid: 1)?
            .watchdogInterval == nil)
    }

    @Test("the process's own environment is read: unset here unless run under systemd")
    func realEnvironment() {
        let expected = getenv("NOTIFY_SOCKET").map { String(cString: $0) }
        #expect(SystemdNotifier.fromEnvironment()?.socketPath == expected.flatMap { $0.isEmpty ? nil : $0 })
    }
}
