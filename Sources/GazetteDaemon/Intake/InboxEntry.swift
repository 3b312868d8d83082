import SystemPackage

/// A file in the inbox, named relative to it: `p1.txt`, or `江门日报/p1.txt` when dropped
/// in a subfolder (one level only), where the subfolder is the page's source.
public struct InboxEntry: Sendable, Hashable, CustomStringConvertible {
    /// The subfolder, or nil for a file at the top of the inbox.
    public var folder: FilePath.Component?
    public var name: FilePath.Component

    public init(folder: FilePath.Component?, name: FilePath.Component) {
        self.folder = folder
        self.name = name
    }

    /// The path relative to the inbox.
    public var relativePath: FilePath {
        var path = FilePath()
        if let folder { path.append(folder) }
        path.append(name)
        return path
    }

    /// The paper, as stored with the page.
    public var source: String? { folder.map { $0.string } }

    public func path(in inbox: FilePath) -> FilePath { inbox.appending(relativePath.components) }

    public var description: String { relativePath.string }

    /// Whether a directory entry is a candidate page. Dotfiles and the temporary names of
    /// producers still writing (`*.part`, `*.tmp`, `*~`) wait until renamed; our own
    /// `*.reason.json` files are never pages.
    public static func isCandidate(_ name: FilePath.Component) -> Bool {
        let text = name.string
        if text.hasPrefix(".") { return false }
        for suffix in [".part", ".tmp", "~", ".reason.json"] where text.hasSuffix(suffix) { return false }
        return true
    }

    /// Whether a name is that of a reason file (`NAME.reason.json`, as written in `failed/`):
    /// never a page, but reported once when found in the inbox (see `Intake`).
    public static func isReasonFile(_ name: FilePath.Component) -> Bool {
        let text = name.string
        return !text.hasPrefix(".") && text.hasSuffix(".reason.json")
    }

    /// Whether a subfolder of the inbox is watched for pages (not hidden).
    public static func isSourceFolder(_ name: FilePath.Component) -> Bool {
        !name.string.hasPrefix(".")
    }
}
