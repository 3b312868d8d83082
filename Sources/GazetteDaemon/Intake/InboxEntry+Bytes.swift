#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import SystemPackage

/// Opening an entry's folder beneath the inbox (see ``DirectoryHandle``).
enum InboxPaths {
    /// The inbox, or its subfolder for an entry in one, opened without following a link
    /// below the inbox.
    static func folder(of entry: InboxEntry, in inbox: FilePath) throws(SystemError) -> DirectoryHandle {
        let root = try DirectoryHandle.root(inbox)
        guard let folder = entry.folder else { return root }
        return try root.directory(folder)
    }
}

extension InboxEntry {
    /// The relative path's exact bytes, when they are not valid UTF-8, in an escaped form:
    /// valid characters as they are, each byte of an invalid sequence as `\xHH`, a
    /// backslash as `\\`. Nil for a UTF-8 name (the usual case), whose `description` is
    /// already exact. `\xc3` and `\xe6\x97` both display as `�`; this keeps them apart,
    /// so a stored row, a reason file or a journal line can be traced to its file.
    public var escapedName: String? {
        let bytes: [UInt8] = relativePath.withPlatformString { pointer in
            Array(UnsafeBufferPointer(start: pointer, count: strlen(pointer))).map { UInt8(bitPattern: $0) }
        }
        guard String(validating: bytes, as: UTF8.self) == nil else { return nil }
        return Self.escape(bytes)
    }

    /// The name recorded with a page or a failure in the store: the name itself, or its
    /// escaped form when it is not UTF-8 (no schema change, and the row stays traceable).
    public var recordedName: String { escapedName ?? description }

    static func escape(_ bytes: [UInt8]) -> String {
        var text = ""
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        loop: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                let scalar = Unicode.UTF8.decode(encoded)
                text += scalar == "\\" ? "\\\\" : String(scalar)
                offset += encoded.count
            case .error(let length):
                for byte in bytes[offset..<(offset + length)] {
                    let hex = String(byte, radix: 16)
                    text += "\\x" + (hex.count == 1 ? "0" + hex : hex)
                }
                offset += length
            case .emptyInput:
                break loop
            }
        }
        return text
    }
}
