#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Which file, as the kernel knows it — device and inode — and which version of it — size
/// and modification time — from the `fstat` of the descriptor that was read. A name can be
/// renamed over (another inode) or rewritten in place (another size or mtime) at any
/// moment; the pipeline moves or deletes a name only while it still holds this same file,
/// so what leaves the inbox is always what was read and hashed. (Our own renames change
/// neither: they touch only the ctime.)
public struct FileIdentity: Sendable, Hashable, CustomStringConvertible {
    public var device: UInt64
    public var inode: UInt64
    public var size: Int64
    public var modified: Int64  // nanoseconds since the epoch

    public init(device: UInt64, inode: UInt64, size: Int64 = 0, modified: Int64 = 0) {
        self.device = device
        self.inode = inode
        self.size = size
        self.modified = modified
    }

    public init(_ info: stat) {
        self.init(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
                  modified: Int64(info.st_mtim.tv_sec) &* 1_000_000_000 &+ Int64(info.st_mtim.tv_nsec))
    }

    public var description: String { "dev \(device) inode \(inode) size \(size)" }
}
