#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Which file, as the kernel knows it: device and inode, from the `fstat` of the
/// descriptor that was read. A name can be renamed over at any moment; the pipeline moves
/// or deletes a name only while it still holds this same file, so what leaves the inbox
/// is always what was read and hashed.
public struct FileIdentity: Sendable, Hashable, CustomStringConvertible {
    public var device: UInt64
    public var inode: UInt64

    public init(device: UInt64, inode: UInt64) {
        self.device = device
        self.inode = inode
    }

    public init(_ info: stat) {
        self.init(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    public var description: String { "dev \(device) inode \(inode)" }
}
