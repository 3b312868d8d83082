#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import SystemPackage

/// Reads one inbox file safely: never follows a link, never blocks on a FIFO, reads only
/// regular files, never more than the size limit, and never a file still being written.
///
/// "Still being written" is asked of the kernel, not guessed: a read lease
/// (`F_SETLEASE`, `F_RDLCK`) is refused with `EAGAIN` while any process has the file open
/// for writing. Such a file, or one whose size or mtime changed during the read, fails
/// with a `.transient` error whose errno is `EAGAIN` (see `isStillBeingWritten`).
///
/// The lease can only be asked for by the file's owner or with `CAP_LEASE`, and not on
/// every filesystem: when the kernel answers `EACCES`, `EPERM` or `EINVAL` we cannot tell,
/// and the file is read as before (the quiet period and the re-check after the read are
/// then the only guards).
public struct FileReader: Sendable {
    /// Why a file was not read.
    public enum Failure: Error, Sendable {
        /// Gone between the event and the open (moved away or deleted): nothing to do.
        case vanished
        /// Not a page this daemon will read, for good: quarantine it.
        case refused(Refusal)
        /// A passing condition (out of descriptors, memory, I/O): retry later.
        case transient(SystemError)
    }

    public var maxFileSize: Int

    public init(maxFileSize: Int) {
        self.maxFileSize = maxFileSize
    }

    public func read(_ path: FilePath) throws(Failure) -> [UInt8] {
        let fd: Int32
        do {
            fd = try Sys.open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        } catch {
            throw Self.classify(error)
        }
        defer { Sys.close(fd) }
        let info: stat
        do {
            info = try Sys.fstat(fd, path: path)
        } catch {
            throw Self.classify(error)
        }
        if let refusal = Self.refusal(forMode: info.st_mode) { throw .refused(refusal) }
        if Int(info.st_size) > maxFileSize { throw .refused(tooLarge(Int(info.st_size))) }
        do {
            try Sys.takeReadLease(fd, path: path)
        } catch where error.errno == EAGAIN {
            throw .transient(SystemError(operation: "read lease (the file is open for writing)",
                                         path: path.string, errno: EAGAIN))
        } catch {
            // EACCES/EPERM (not our file, no CAP_LEASE), EINVAL (no leases here): cannot tell.
        }
        defer { Sys.releaseLease(fd) }

        var bytes = [UInt8](repeating: 0, count: Int(info.st_size) + 1)
        var filled = 0
        while true {
            if filled == bytes.count {
                if filled > maxFileSize { throw .refused(tooLarge(filled)) }
                bytes.append(contentsOf: repeatElement(0, count: min(max(filled, 4096), maxFileSize + 1 - filled)))
            }
            let result: Result<Int, SystemError> = bytes.withUnsafeMutableBytes { raw in
                do throws(SystemError) {
                    return .success(try Sys.read(fd, into: UnsafeMutableRawBufferPointer(rebasing: raw[filled...]), path: path))
                } catch {
                    return .failure(error)
                }
            }
            let count: Int
            switch result {
            case .success(let read): count = read
            case .failure(let error): throw Self.classify(error)
            }
            if count == 0 { break }
            filled += count
        }
        if filled > maxFileSize { throw .refused(tooLarge(filled)) }
        if let after = try? Sys.fstat(fd, path: path),
           after.st_size != info.st_size || after.st_size != filled
            || after.st_mtim.tv_sec != info.st_mtim.tv_sec || after.st_mtim.tv_nsec != info.st_mtim.tv_nsec {
            throw .transient(SystemError(operation: "read (the file changed while it was read)",
                                         path: path.string, errno: EAGAIN))
        }
        bytes.removeSubrange(filled...)
        return bytes
    }

    /// Whether a `.transient` failure means "a producer is still writing it": the file
    /// must wait (quiet period, then again), never be counted as a problem or quarantined.
    public static func isStillBeingWritten(_ error: SystemError) -> Bool {
        error.errno == EAGAIN
    }

    private func tooLarge(_ size: Int) -> Refusal {
        Refusal(code: "too-large",
                message: "the file has \(size) bytes, more than max_file_size (\(maxFileSize))",
                advice: "split the page, or raise max_file_size in gazette.toml and move the file back into the inbox")
    }

    /// Anything but a regular file is refused, by kind.
    static func refusal(forMode mode: mode_t) -> Refusal? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR:
            return Refusal(code: "directory", message: "a directory, not a page (only one level of subfolders is read)",
                           advice: "put pages directly in the inbox or in one subfolder named for the paper")
        case S_IFIFO:
            return Refusal(code: "fifo", message: "a named pipe (FIFO), not a page",
                           advice: "write pages as regular files")
        case S_IFSOCK:
            return Refusal(code: "socket", message: "a socket, not a page", advice: "write pages as regular files")
        case S_IFCHR, S_IFBLK:
            return Refusal(code: "device", message: "a device node, not a page", advice: "write pages as regular files")
        case S_IFLNK:
            return symlink
        default:
            return Refusal(code: "not-regular", message: "not a regular file", advice: "write pages as regular files")
        }
    }

    static let symlink = Refusal(
        code: "symlink", message: "a symbolic link: Gazette never follows links out of the inbox",
        advice: "copy or move the page itself into the inbox")

    static func classify(_ error: SystemError) -> Failure {
        switch error.errno {
        case ENOENT, ENOTDIR: return .vanished
        case ELOOP: return .refused(symlink)
        case ENXIO: return .refused(Refusal(code: "socket", message: "a socket or device without a reader, not a page",
                                            advice: "write pages as regular files"))
        case EACCES, EPERM:
            return .refused(Refusal(code: "unreadable", message: "permission denied reading the file",
                                    advice: "make it readable by the daemon's user (chmod o+r, or chgrp gazette) and move it back into the inbox"))
        default:
            if error.isTransient { return .transient(error) }
            return .refused(Refusal(code: "unreadable", message: error.description,
                                    advice: "check the file and move it back into the inbox"))
        }
    }
}
