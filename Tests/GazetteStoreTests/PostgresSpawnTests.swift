#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GazetteTestSupport
import Testing

/// The tools the PostgreSQL helper runs, and the server `pg_ctl start` leaves running for the
/// rest of the test run, inherit nothing but their standard streams.
@Suite("PostgreSQL test server: spawned tools inherit no descriptors")
struct PostgresSpawnTests {
    @Test("a descriptor open for writing (not close-on-exec) in the test process is not open in the child")
    func nothingInherited() throws {
        let directory = TestDirectory()
        let path = directory.sub("being-written.txt")
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)  // deliberately without O_CLOEXEC
        try #require(fd >= 0)
        defer { close(fd) }
        let (status, output) = PostgresServer.run("/bin/ls", ["-l", "/proc/self/fd/"])
        #expect(status == 0, "\(output)")
        #expect(output.contains("/proc/") || output.contains("->"), "ls listed nothing: \(output)")
        #expect(!output.contains("being-written.txt"), "the child inherited the writer: \(output)")
    }
}
