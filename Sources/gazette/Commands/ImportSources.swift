import Foundation
import GazetteDaemon
import SystemPackage

/// One file an import will read: where it is, and the name and paper it is stored under.
struct ImportItem: Sendable {
    /// The path to read (as reached from the operator's argument).
    var path: String
    /// The name stored with the page: the path below the folder given (`江门日报/2020/p1.txt`,
    /// like the inbox's `江门日报/p1.txt`), or the file's own name when the file was given.
    var name: String
    /// The paper: the first folder level below a folder given, as in the inbox.
    var source: String?
}

/// The files under an import's arguments, each once, in a stable order.
struct ImportSources {
    var items: [ImportItem] = []
    /// Hidden files and folders, producers' temporary names (`*.part`, `*.tmp`, `*~`) and
    /// Gazette's reason files, never read: the inbox's rules.
    var skipped = 0
    /// Arguments that name nothing.
    var missing: [String] = []

    /// Walks every argument: a file is one item; a folder is walked recursively without
    /// following links (a link inside is an item, which the reader then refuses as the
    /// daemon does). A file reached twice (overlapping arguments, a folder given twice)
    /// is kept once — the first way it was reached.
    init(arguments: [String]) {
        var seen = Set<FileKey>()
        for argument in arguments {
            var info = stat()
            // The argument itself is the operator's: a link given by name is followed.
            guard stat(argument, &info) == 0 else {
                missing.append(argument)
                continue
            }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                walk(folder: argument, relative: [], seen: &seen)
            } else {
                let name = (argument as NSString).lastPathComponent
                guard Self.isCandidate(name) else {
                    skipped += 1
                    continue
                }
                if seen.insert(FileKey(info)).inserted {
                    items.append(ImportItem(path: argument, name: name, source: nil))
                }
            }
        }
    }

    private mutating func walk(folder: String, relative: [String], seen: inout Set<FileKey>) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            // An unreadable folder: its files are reported by the reader as the one item.
            items.append(ImportItem(path: folder, name: relative.joined(separator: "/"), source: relative.first))
            return
        }
        for name in names.sorted() {
            guard Self.isCandidate(name) else {
                skipped += 1
                continue
            }
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }  // gone meanwhile
            let components = relative + [name]
            if (info.st_mode & S_IFMT) == S_IFDIR {
                guard seen.insert(FileKey(info)).inserted else { continue }
                walk(folder: path, relative: components, seen: &seen)
            } else if seen.insert(FileKey(info)).inserted {
                items.append(ImportItem(path: path, name: components.joined(separator: "/"),
                                        source: components.count > 1 ? components[0] : nil))
            }
        }
    }

    /// The inbox's rules for a name (`InboxEntry.isCandidate`): no dotfiles, no temporary
    /// names, no reason files.
    static func isCandidate(_ name: String) -> Bool {
        guard let component = FilePath.Component(name) else { return false }
        return InboxEntry.isCandidate(component)
    }

    /// A file's identity, so the same file reached by two arguments is read once.
    struct FileKey: Hashable {
        var device: UInt64
        var inode: UInt64
        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }
    }
}
