import Foundation
import GazetteCore

/// The parser's fuzz target, two programs in one source.
///
/// Built normally, it is a regression runner: `gazette-fuzz FILE...` pushes each file through
/// `PageParser.parse` and `PageJSON`, checks the invariants the fuzzer checks, and exits 1 if
/// any file breaks one — so a crashing input found once stays a test forever.
///
/// Built with `-sanitize=fuzzer,address -D FUZZING` (see `Tests/e2e/fuzz.sh`), it exports
/// `LLVMFuzzerTestOneInput` and hands control to libFuzzer's driver. The driver is entered
/// from our own `main` (through `LLVMFuzzerRunDriver`) because SwiftPM links every
/// executable with its own `main`, which would otherwise shadow libFuzzer's.
enum FuzzOne {
    /// Parses one input and checks what must hold for every input: `parse` returns a page or
    /// a typed error, and a page serializes to one line of JSON with a 64-hex SHA-256.
    /// Returns a description of the broken invariant, or nil.
    static func check(_ bytes: [UInt8]) -> String? {
        let page: ParsedPage
        do {
            page = try PageParser.parse(bytes)
        } catch {
            return error.description.isEmpty ? "a PageError with an empty description" : nil
        }
        let line = PageJSON.bytes(file: "fuzz.txt", page: page)
        if line.contains(0x0A) || line.contains(0x0D) { return "the JSON line contains a line break" }
        if line.first != UInt8(ascii: "{") || line.last != UInt8(ascii: "}") { return "the JSON line is not one object" }
        if page.sha256.utf8.count != 64 { return "the SHA-256 is not 64 hex digits" }
        if String(validating: line, as: UTF8.self) == nil { return "the JSON line is not valid UTF-8" }
        return checkLayout(bytes)
    }

    /// The layout-file readers on the same input: a page or a `LayoutFileError` with a
    /// description, never a trap; a page read goes on through the layout reader. Inputs that
    /// are not markup stop at the sniffer, as they do in the daemon.
    static func checkLayout(_ bytes: [UInt8]) -> String? {
        guard LayoutFileKind.looksLikeMarkup(bytes) else { return nil }
        for kind in [LayoutFileKind.alto, .hocr] {
            do throws(LayoutFileError) {
                let layout = kind == .alto ? try ALTOReader.read(bytes) : try HOCRReader.read(bytes)
                _ = try? PageParser.parse(layout: layout, sha256: SHA256.hex(of: bytes))
            } catch {
                if error.description.isEmpty { return "a LayoutFileError with an empty description" }
            }
        }
        return nil
    }

    /// The page as `gazette parse --json` prints it (without the classifier), a layout file
    /// (ALTO, hOCR) read through the layout reader: what `scripts/score-scans.sh` scores.
    static func json(_ bytes: [UInt8], file: String) -> [UInt8]? {
        let page: ParsedPage?
        if LayoutFileKind.sniff(bytes) != nil {
            page = (try? LayoutFileKind.read(bytes)).flatMap { try? PageParser.parse(layout: $0, sha256: SHA256.hex(of: bytes)) }
        } else {
            page = try? PageParser.parse(bytes)
        }
        return page.map { PageJSON.bytes(file: file, page: $0) }
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if let broken = FuzzOne.check(bytes) {
        // An invariant, not a crash: make libFuzzer keep the input all the same.
        FileHandle.standardError.write(Data("invariant broken: \(broken)\n".utf8))
        abort()
    }
    return 0
}

/// libFuzzer's driver, exported by libclang_rt.fuzzer (LLVM ≥ 11).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzTestOneInput))
#else
let paths = CommandLine.arguments.dropFirst()
if paths.isEmpty {
    FileHandle.standardError.write(Data("usage: gazette-fuzz FILE... (replays each input through the parser)\n".utf8))
    exit(2)
}
var failures = 0
// `--json FILE...`: print each page's JSON instead of checking it (for scoring layout files).
let printJSON = paths.first == "--json"
for path in paths where path != "--json" {
    guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("\(path): cannot read\n".utf8))
        failures += 1
        continue
    }
    if printJSON {
        if let line = FuzzOne.json([UInt8](data), file: path) {
            print(String(decoding: line, as: UTF8.self))
        } else {
            FileHandle.standardError.write(Data("\(path): no page\n".utf8))
            failures += 1
        }
    } else if let broken = FuzzOne.check([UInt8](data)) {
        print("FAIL \(path): \(broken)")
        failures += 1
    } else {
        print("ok   \(path)")
    }
}
exit(failures == 0 ? 0 : 1)
#endif
