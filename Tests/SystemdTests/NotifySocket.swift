import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real `AF_UNIX` datagram socket bound where a test says, standing in for the
/// service manager's `NOTIFY_SOCKET`. Receives time out so a broken notifier fails the
/// test instead of hanging it.
final class NotifySocket {
    let fd: Int32
    /// The address as `NOTIFY_SOCKET` would hold it (`@name` for an abstract socket).
    let address: String
    private let cleanupPath: String?

    /// A socket at a fresh path in a temporary directory, or in the abstract namespace.
    init(abstract: Bool = false) throws {
        let name = "gazette-notify-\(UUID().uuidString.prefix(8))"
        address = abstract ? "@\(name)" : NSTemporaryDirectory() + "/\(name).sock"
        cleanupPath = abstract ? nil : address
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.init(rawValue: errno)!) }

        var storage = sockaddr_un()
        storage.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(address.utf8)
        if abstract { bytes[0] = 0 }
        withUnsafeMutableBytes(of: &storage.sun_path) { $0.copyBytes(from: bytes) }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + bytes.count + (abstract ? 0 : 1))
        let bound = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else { let e = errno; close(fd); throw POSIXError(.init(rawValue: e)!) }

        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit {
        close(fd)
        if let cleanupPath { unlink(cleanupPath) }
    }

    /// The next datagram as text, or nil after two seconds without one.
    func receive() -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count >= 0 else { return nil }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }
}
