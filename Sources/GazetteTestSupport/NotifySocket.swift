#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A `NOTIFY_SOCKET` the test binds itself: a real `AF_UNIX` datagram socket standing in for
/// the service manager, whose messages are the daemon's sd_notify datagrams. Receives time
/// out, so a broken notifier fails the test instead of hanging it.
public final class NotifySocket {
    /// The address as `NOTIFY_SOCKET` would hold it (`@name` for an abstract socket).
    public let address: String
    /// The same address, for a socket bound at a path.
    public var path: String { address }
    private let fd: Int32
    private let cleanupPath: String?

    /// A socket at a fresh path in a temporary directory, or in the abstract namespace.
    public convenience init(abstract: Bool = false) throws {
        let name = "gazette-notify-\(UUID().uuidString.prefix(8))"
        try self.init(path: abstract ? "@\(name)" : NSTemporaryDirectory() + "/\(name).sock")
    }

    /// A socket bound at `path` (`@name` for the abstract namespace).
    public init(path: String) throws {
        let abstract = path.hasPrefix("@")
        address = path
        cleanupPath = abstract ? nil : path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }

        var storage = sockaddr_un()
        storage.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: storage.sun_path) else {
            close(fd)
            throw POSIXError(.ENAMETOOLONG)
        }
        if abstract { bytes[0] = 0 }
        withUnsafeMutableBytes(of: &storage.sun_path) { $0.copyBytes(from: bytes) }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + bytes.count + (abstract ? 0 : 1))
        let bound = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else {
            let error = errno
            close(fd)
            throw POSIXError(POSIXErrorCode(rawValue: error) ?? .EIO)
        }
    }

    deinit {
        close(fd)
        if let cleanupPath { unlink(cleanupPath) }
    }

    /// The next datagram as text, or nil after `timeout` without one.
    public func receive(timeout: Duration = .seconds(2)) -> String? {
        var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0)]
        let milliseconds = Int32(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        guard poll(&fds, 1, milliseconds) > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count >= 0 else { return nil }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }

    /// Reads datagrams until one satisfies `match` (returned) or `timeout` passes (nil);
    /// everything read is appended to `log`.
    public func wait(for match: (String) -> Bool, timeout: Duration = .seconds(15), log: inout [String]) -> String? {
        let end = ContinuousClock.now + timeout
        while ContinuousClock.now < end {
            guard let message = receive(timeout: end - ContinuousClock.now) else { return nil }
            log.append(message)
            if match(message) { return message }
        }
        return nil
    }
}
