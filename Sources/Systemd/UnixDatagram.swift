#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A failed system call while talking to systemd: the operation, the address and `errno`.
public struct SystemdError: Error, CustomStringConvertible, Sendable {
    public let operation: String
    public let address: String
    public let errno: Int32

    public var description: String {
        "\(operation) on \(address) failed: \(String(cString: strerror(errno))) (errno \(errno)); "
            + "check that the service manager's socket exists and is writable by this user"
    }
}

/// `sockaddr_un` for a notify address: `@name` is an abstract socket (a leading NUL byte
/// on the wire), anything else a filesystem path.
struct UnixSocketAddress {
    var storage = sockaddr_un()
    var length: socklen_t

    init(_ path: String) throws(SystemdError) {
        storage.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(path.utf8)
        let abstract = bytes.first == UInt8(ascii: "@")
        if abstract { bytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: storage.sun_path)
        // A path needs room for its terminating NUL; an abstract name is length-delimited.
        guard !bytes.isEmpty, bytes.count <= capacity - (abstract ? 0 : 1) else {
            throw SystemdError(operation: "address", address: path, errno: ENAMETOOLONG)
        }
        withUnsafeMutableBytes(of: &storage.sun_path) { raw in
            raw.copyBytes(from: bytes)
        }
        let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \.sun_path)!
        length = socklen_t(pathOffset + bytes.count + (abstract ? 0 : 1))
    }

    func withSockaddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        withUnsafePointer(to: storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }
}

extension UnixSocketAddress {
    /// Whether a datagram socket is bound at `path`: `connect` reaches the listener
    /// without sending anything and fails (`ECONNREFUSED`) when the file is all that is left.
    static func hasListener(at path: String) -> Bool {
        guard let address = try? UnixSocketAddress(path) else { return false }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return address.withSockaddr { connect(fd, $0, $1) } == 0
    }
}

extension SystemdNotifier {
    /// One datagram on a fresh socket, as `sd_notify` does: no descriptor outlives the call,
    /// so the notifier stays a plain value that is safe to copy across tasks.
    ///
    /// Never waits: a manager that is not reading (its queue full — `net.unix.max_dgram_qlen`,
    /// 10 datagrams by default) would otherwise block the sending thread, a thread of the
    /// daemon's cooperative pool, until it reads: the daemon stalled mid-shutdown so, under
    /// a test's socket that had stopped reading. The datagram is dropped instead (`EAGAIN`)
    /// and the caller sends the state again later (see `Notifier.report`).
    static func sendDatagram(_ bytes: [UInt8], to path: String) throws(SystemdError) {
        let address = try UnixSocketAddress(path)
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SystemdError(operation: "socket", address: path, errno: errno) }
        defer { close(fd) }
        while true {
            let sent = bytes.withUnsafeBytes { buffer in
                address.withSockaddr { sendto(fd, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT), $0, $1) }
            }
            if sent >= 0 { return }
            if errno != EINTR { throw SystemdError(operation: "sendto", address: path, errno: errno) }
        }
    }
}
