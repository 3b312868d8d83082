#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import SystemPackage

/// Lists what is waiting in the inbox: files at the top and one level of subfolders.
/// Used at start-up, after an inotify overflow, by the safety rescan and in poll mode.
struct InboxScanner: Sendable {
    /// One file seen by a scan, with what the quiet-period check compares.
    struct Sighting: Sendable {
        var entry: InboxEntry
        var size: Int
        var modified: timespec
    }

    let inbox: FilePath

    init(inbox: FilePath) {
        self.inbox = inbox
    }

    /// The subfolders (sources) of the inbox.
    func folders() throws(SystemError) -> [FilePath.Component] {
        var folders: [FilePath.Component] = []
        for item in try Sys.listDirectory(inbox) where InboxEntry.isSourceFolder(item.name) {
            if item.isDirectory {
                folders.append(item.name)
            } else if item.type == UInt8(DT_UNKNOWN), let info = try? Sys.lstat(inbox.appending(item.name)),
                      (info.st_mode & S_IFMT) == S_IFDIR {
                folders.append(item.name)
            }
        }
        return folders
    }

    /// Every candidate file. Anything that is not a directory at the top level is a
    /// candidate (symlinks, FIFOs … are refused later, with a reason, not skipped).
    /// A folder or file that vanishes during the scan is simply not listed.
    func scan() throws(SystemError) -> [Sighting] {
        var sightings: [Sighting] = []
        for item in try Sys.listDirectory(inbox) {
            let path = inbox.appending(item.name)
            guard let info = try? Sys.lstat(path) else { continue }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                guard InboxEntry.isSourceFolder(item.name) else { continue }
                sightings += scan(folder: item.name)
            } else if InboxEntry.isCandidate(item.name) || InboxEntry.isReasonFile(item.name) {
                sightings.append(Sighting(entry: InboxEntry(folder: nil, name: item.name),
                                          size: Int(info.st_size), modified: info.st_mtim))
            }
        }
        return sightings
    }

    /// The candidates of one subfolder (also used when a new subfolder appears), listed
    /// through a descriptor opened without following a link: a subfolder swapped for a
    /// link lists nothing (the link itself is a top-level entry, refused as such).
    func scan(folder: FilePath.Component) -> [Sighting] {
        guard let directory = try? DirectoryHandle.root(inbox).directory(folder),
              let items = try? Sys.listDirectory(directory) else { return [] }
        var sightings: [Sighting] = []
        for item in items where InboxEntry.isCandidate(item.name) || InboxEntry.isReasonFile(item.name) {
            guard let info = try? directory.lstat(item.name) else { continue }
            sightings.append(Sighting(entry: InboxEntry(folder: folder, name: item.name),
                                      size: Int(info.st_size), modified: info.st_mtim))
        }
        return sightings
    }
}
