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
        /// Not a page this daemon will read, for good: quarantine it. `size` is what the
        /// file holds (as `fstat` saw it; 0 when it could not be opened), `identity` the
        /// file refused, when known, so that only that file is moved to `failed/`.
        case refused(Refusal, size: Int, identity: FileIdentity?)
        /// A passing condition (out of descriptors, memory, I/O): retry later.
        case transient(SystemError)
    }

    /// What was read, and from which file.
    public struct Contents: Sendable {
        public var bytes: [UInt8]
        public var identity: FileIdentity
    }

    public var maxFileSize: Int
    /// Whether a regular file with more than one link is read (`accept_hard_links`).
    public var acceptHardLinks: Bool

    public init(maxFileSize: Int, acceptHardLinks: Bool = true) {
        self.maxFileSize = maxFileSize
        self.acceptHardLinks = acceptHardLinks
    }

    /// Reads a file named by the operator (`gazette ingest`): a final link is refused,
    /// the directories above it are the operator's own.
    public func read(_ path: FilePath) throws(Failure) -> [UInt8] {
        let fd: Int32
        do {
            fd = try Sys.open(path, Self.openFlags)
        } catch {
            throw Self.classify(error)
        }
        defer { Sys.close(fd) }
        return try read(fd: fd, path: path).bytes
    }

    /// Reads an inbox file, resolved beneath the inbox without following any link: the
    /// inbox is opened, then its subfolder with `O_NOFOLLOW | O_DIRECTORY`, then the file
    /// with `O_NOFOLLOW`, each relative to the one before. A subfolder swapped for a link
    /// makes the file `.vanished` (what now sits at the folder's name is a top-level entry
    /// of its own, refused as a link when the scan meets it): never read through the link.
    public func read(_ entry: InboxEntry, beneath inbox: FilePath) throws(Failure) -> Contents {
        let path = entry.path(in: inbox)
        let folder: DirectoryHandle
        do {
            folder = try InboxPaths.folder(of: entry, in: inbox)
        } catch {
            switch error.errno {
            case ENOENT, ENOTDIR, ELOOP: throw .vanished
            default: throw Self.classify(error)
            }
        }
        let fd: Int32
        do {
            fd = try Sys.openat(folder.fd, entry.name, Self.openFlags, path: path)
        } catch {
            guard case .refused(let refusal, _, _) = Self.classify(error) else { throw Self.classify(error) }
            let info = try? folder.lstat(entry.name)
            throw .refused(refusal, size: info.map { Int($0.st_size) } ?? 0, identity: info.map(FileIdentity.init))
        }
        defer { Sys.close(fd) }
        if entry.folder == nil, let info = try? Sys.fstat(fd, path: path), (info.st_mode & S_IFMT) == S_IFDIR {
            // A top-level name that became a folder (a file of that name left, then a
            // paper's folder was made): a source folder the intake watches, never a page
            // to refuse (which would move the paper's whole folder to failed/).
            throw .vanished
        }
        return try read(fd: fd, path: path)
    }

    static let openFlags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY

    private func read(fd: Int32, path: FilePath) throws(Failure) -> Contents {
        let info: stat
        do {
            info = try Sys.fstat(fd, path: path)
        } catch {
            throw Self.classify(error)
        }
        let identity = FileIdentity(info)
        if let refusal = Self.refusal(forMode: info.st_mode) {
            throw .refused(refusal, size: Int(info.st_size), identity: identity)
        }
        if Int(info.st_size) > maxFileSize {
            throw .refused(tooLarge(Int(info.st_size)), size: Int(info.st_size), identity: identity)
        }
        if !acceptHardLinks, info.st_nlink > 1 {
            throw .refused(Self.hardLink(Int(info.st_nlink)), size: Int(info.st_size), identity: identity)
        }
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
                if filled > maxFileSize { throw .refused(tooLarge(filled), size: filled, identity: identity) }
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
        if filled > maxFileSize { throw .refused(tooLarge(filled), size: filled, identity: identity) }
        if let after = try? Sys.fstat(fd, path: path),
           after.st_size != info.st_size || after.st_size != filled
            || after.st_mtim.tv_sec != info.st_mtim.tv_sec || after.st_mtim.tv_nsec != info.st_mtim.tv_nsec {
            throw .transient(SystemError(operation: "read (the file changed while it was read)",
                                         path: path.string, errno: EAGAIN))
        }
        bytes.removeSubrange(filled...)
        return Contents(bytes: bytes, identity: identity)
    }

    /// Whether a `.transient` failure means "a producer is still writing it": the file
    /// must wait (quiet period, then again), never be counted as a problem or quarantined.
    static func isStillBeingWritten(_ error: SystemError) -> Bool {
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

    /// A regular file with other names: `ln /etc/shadow inbox/x` needs no right to read
    /// the file, only to write the inbox, and the daemon (root under `make run`) would read
    /// it with its own rights and make it searchable.
    static func hardLink(_ links: Int) -> Refusal {
        Refusal(code: "hard-link",
                message: "the file has \(links) hard links: another name for it may be outside the inbox, and Gazette reads with its own rights, not the producer's",
                advice: "copy the page into the inbox (cp, not ln), or set accept_hard_links = true in gazette.toml if every producer is trusted")
    }

    static let symlink = Refusal(
        code: "symlink", message: "a symbolic link: Gazette never follows links out of the inbox",
        advice: "copy or move the page itself into the inbox")

    static func classify(_ error: SystemError) -> Failure {
        switch error.errno {
        case ENOENT, ENOTDIR: return .vanished
        case ELOOP: return .refused(symlink, size: 0, identity: nil)
        case ENXIO: return .refused(Refusal(code: "socket", message: "a socket or device without a reader, not a page",
                                            advice: "write pages as regular files"), size: 0, identity: nil)
        case EACCES, EPERM:
            return .refused(Refusal(code: "unreadable", message: "permission denied reading the file",
                                    advice: "make it readable by the daemon's user (chmod o+r, or chgrp gazette) and move it back into the inbox"),
                            size: 0, identity: nil)
        default:
            if error.isTransient { return .transient(error) }
            return .refused(Refusal(code: "unreadable", message: error.description,
                                    advice: "check the file and move it back into the inbox"), size: 0, identity: nil)
        }
    }
}
