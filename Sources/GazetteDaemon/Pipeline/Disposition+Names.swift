#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import SystemPackage

extension Disposition {
    /// The longest file name Linux file systems take (NAME_MAX), in bytes.
    static let nameMax = 255
    /// What `NAME.reason.json` and its temporary `.NAME.reason.json.tmp` add to a name.
    static let reasonFileOverhead = ".".utf8.count + ".reason.json.tmp".utf8.count

    /// `name` with `.number` before its extension (none for 1), shortened at a character
    /// boundary so that it plus `reserve` bytes fits NAME_MAX: a page dropped under a
    /// 255-byte name must still find a place (and room for its reason file) instead of
    /// failing with ENAMETOOLONG on every retry. Works on the raw bytes, so a name that is
    /// not UTF-8 keeps its bytes.
    static func fittedName(_ name: FilePath.Component, number: Int, reserve: Int) -> FilePath.Component {
        let bytes: [UInt8] = name.withPlatformString { pointer in
            Array(UnsafeBufferPointer(start: pointer, count: strlen(pointer))).map { UInt8(bitPattern: $0) }
        }
        var stem = bytes, ext: [UInt8] = []
        if let dot = bytes.lastIndex(of: UInt8(ascii: ".")), dot > 0, bytes.count - dot <= 16 {
            stem = Array(bytes[..<dot])
            ext = Array(bytes[dot...])
        }
        let suffix: [UInt8] = number <= 1 ? [] : Array(".\(number)".utf8)
        let room = max(1, nameMax - reserve - suffix.count - ext.count)
        if stem.count > room {
            var cut = room
            while cut > 1, (stem[cut] & 0xC0) == 0x80 { cut -= 1 }  // not inside a UTF-8 sequence
            stem = Array(stem[..<cut])
        }
        let fitted = stem + suffix + ext + [0]
        return fitted.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { FilePath.Component(platformString: $0.baseAddress!) }
        } ?? name
    }

    /// `name` followed by `suffix`, byte for byte (a name that is not UTF-8 keeps its bytes).
    static func suffixed(_ name: FilePath.Component, _ suffix: String) -> FilePath.Component {
        let bytes: [UInt8] = name.withPlatformString { pointer in
            Array(UnsafeBufferPointer(start: pointer, count: strlen(pointer))).map { UInt8(bitPattern: $0) }
        }
        let joined = bytes + Array(suffix.utf8) + [0]
        return joined.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { FilePath.Component(platformString: $0.baseAddress!) }
        } ?? name
    }
}
