#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import SystemPackage

extension Sys {
    /// One entry of a directory listing, with the kernel's idea of its type
    /// (`DT_REG`, `DT_DIR`, … or `DT_UNKNOWN` on filesystems that do not say).
    struct DirectoryEntry: Sendable {
        var name: FilePath.Component
        var type: UInt8

        var isDirectory: Bool { type == UInt8(DT_DIR) }
    }

    /// Lists a directory (without `.` and `..`), names byte for byte.
    static func listDirectory(_ path: FilePath) throws(SystemError) -> [DirectoryEntry] {
        let handle: OpaquePointer? = path.withPlatformString { opendir($0) }
        guard let handle else {
            throw SystemError(operation: "opendir", path: path.string, errno: errno)
        }
        return try list(handle, path: path)
    }

    /// Lists a directory held open (its descriptor is duplicated: the handle keeps its own).
    static func listDirectory(_ directory: DirectoryHandle) throws(SystemError) -> [DirectoryEntry] {
        let copy = try retrying("fcntl(F_DUPFD_CLOEXEC)", directory.path.string) { fcntl(directory.fd, F_DUPFD_CLOEXEC, 0) }
        guard let handle = fdopendir(copy) else {
            let code = errno
            close(copy)
            throw SystemError(operation: "fdopendir", path: directory.path.string, errno: code)
        }
        return try list(handle, path: directory.path)
    }

    private static func list(_ handle: OpaquePointer, path: FilePath) throws(SystemError) -> [DirectoryEntry] {
        defer { closedir(handle) }
        var entries: [DirectoryEntry] = []
        while true {
            errno = 0
            guard let raw = readdir(handle) else {
                if errno != 0 { throw SystemError(operation: "readdir", path: path.string, errno: errno) }
                break
            }
            let type = raw.pointee.d_type
            let name: FilePath.Component? = withUnsafePointer(to: &raw.pointee.d_name) { tuple in
                tuple.withMemoryRebound(to: CChar.self, capacity: 256) { chars in
                    let component = FilePath.Component(platformString: chars)
                    return component
                }
            }
            guard let name, name.kind == .regular else { continue }
            entries.append(DirectoryEntry(name: name, type: type))
        }
        return entries
    }
}
