#if canImport(Glibc)
import GazetteTestSupport
import Glibc
#endif
import Foundation

/// What must become of one odd file dropped in the inbox.
enum Fate: Equatable, CustomStringConvertible {
    /// Stored: the file is in processed/ under its name.
    case stored
    /// In failed/ with a reason file whose code is one of these.
    case quarantined(Set<String>)
    /// Either, as long as it is one of them (quarantined with a reason file).
    case storedOrQuarantined

    var description: String {
        switch self {
        case .stored: "stored"
        case .quarantined(let codes): "quarantined(\(codes.sorted().joined(separator: "|")))"
        case .storedOrQuarantined: "stored or quarantined"
        }
    }
}

/// Builders for the hostile and odd inputs: bytes, and the special files made with syscalls.
enum Hostile {
    static var seed: Data { Seeds.bytes(Seeds.names[0]) }
    static var seedText: String { String(decoding: seed, as: UTF8.self) }

    /// A seed page with a marker line, so each variant has its own SHA-256.
    static func page(_ marker: String) -> String { seedText + "\n本报讯 \(marker)\n" }

    static func utf16(_ text: String, bigEndian: Bool) -> Data {
        var data = Data(bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE])
        for unit in text.utf16 {
            let value = bigEndian ? unit.bigEndian : unit.littleEndian
            withUnsafeBytes(of: value) { data.append(contentsOf: $0) }
        }
        return data
    }

    /// GB18030 through iconv(1), which every glibc system has.
    static func gb18030(_ text: String) throws -> Data {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gb-\(UUID().uuidString)")
        try Data(text.utf8).write(to: directory)
        defer { try? FileManager.default.removeItem(at: directory) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        process.arguments = ["-f", "UTF-8", "-t", "GB18030", directory.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }

    /// A file whose name is raw bytes (not necessarily UTF-8), written with open(2).
    static func writeRaw(name: [UInt8], in directory: String, contents: Data) -> Bool {
        let path = Array(directory.utf8) + [UInt8(ascii: "/")] + name + [0]
        let fd = path.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
        }
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return contents.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == contents.count
    }

    /// Binds a Unix socket at `path` (and leaves it there, closed).
    static func makeSocket(at path: String) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
            }
        }
    }

    /// Every non-directory under `path`, as a relative path of raw bytes, and every
    /// directory as well when `directories` is set.
    static func rawTree(_ path: String, directories: Bool = false) -> [[UInt8]] {
        var found: [[UInt8]] = []
        for name in rawNames(in: path) {
            let child = path + "/" + String(decoding: name, as: UTF8.self)
            let valid = String(validating: name, as: UTF8.self) != nil
            var info = stat()
            let isDirectory = valid && lstat(child, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
            if isDirectory {
                if directories { found.append(name) }
                found += rawTree(child, directories: directories).map { name + [UInt8(ascii: "/")] + $0 }
            } else {
                found.append(name)
            }
        }
        return found
    }

    /// Names of files under `path`, as raw bytes (FileManager would mangle invalid UTF-8).
    static func rawNames(in path: String) -> [[UInt8]] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [[UInt8]] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix(while: { $0 != 0 })) }
            if name != [0x2E] && name != [0x2E, 0x2E] { names.append(name) }
        }
        return names
    }
}
