import Foundation
import GazetteTestSupport
import Testing

/// Files made in the test, from nothing but bytes: PNGs (blank, or a header declaring any
/// size) and PDFs (text in Helvetica, empty pages, a raw grey image), so that each case is
/// exactly what it claims and needs no tool to make.
enum TestFiles {
    /// The dev OCR pages (../shared/devset/ocr beside the clone), nil when absent.
    static var devset: URL? {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        let folder = url.deletingLastPathComponent().appendingPathComponent("shared/devset/ocr")
        return FileManager.default.fileExists(atPath: folder.appendingPathComponent("p000.png").path) ? folder : nil
    }

    static var hasChineseOCR: Bool { hasLanguage("chi_sim") }

    static func hasLanguage(_ name: String) -> Bool {
        ["/usr/share/tesseract-ocr/5/tessdata/", "/usr/share/tesseract-ocr/4.00/tessdata/"]
            .contains { FileManager.default.fileExists(atPath: $0 + name + ".traineddata") }
    }

    static var hasPoppler: Bool {
        ["/usr/bin/pdftotext", "/usr/bin/pdftoppm", "/usr/bin/pdfinfo"].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }

    // MARK: PNG

    /// A greyscale PNG of `width` × `height` with every pixel `value`, stored (uncompressed
    /// deflate blocks), so that no zlib is needed to make it.
    static func png(width: Int, height: Int, value: UInt8 = 255) -> [UInt8] {
        var raw: [UInt8] = []
        raw.reserveCapacity((width + 1) * height)
        for _ in 0..<height {
            raw.append(0)
            raw.append(contentsOf: repeatElement(value, count: width))
        }
        return pngHeader(width: width, height: height) + chunk("IDAT", zlibStored(raw)) + chunk("IEND", [])
    }

    /// The signature and IHDR of a `width` × `height` 8-bit grey PNG and an empty IDAT:
    /// what a decompression bomb's header says, without the bomb.
    static func pngHeader(width: Int, height: Int) -> [UInt8] {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        let ihdr = be32(width) + be32(height) + [8, 0, 0, 0, 0]
        return signature + chunk("IHDR", ihdr)
    }

    static func bombPNG(side: Int) -> [UInt8] {
        pngHeader(width: side, height: side) + chunk("IDAT", zlibStored([0, 0, 0])) + chunk("IEND", [])
    }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        return be32(data.count) + body + be32(Int(crc32(body)))
    }

    private static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let count = min(65535, data.count - offset)
            let last: UInt8 = offset + count == data.count ? 1 : 0
            out += [last, UInt8(count & 0xFF), UInt8(count >> 8), UInt8(~count & 0xFF), UInt8((~count >> 8) & 0xFF)]
            out += data[offset..<(offset + count)]
            offset += count
        } while offset < data.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        return out + be32(Int((b << 16) | a))
    }

    private static func be32(_ value: Int) -> [UInt8] {
        [UInt8((value >> 24) & 0xFF), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (crc & 1 == 1 ? 0xEDB8_8320 : 0) }
        }
        return ~crc
    }

    // MARK: PDF

    /// A PDF of pages (A4 unless `mediaBox` says otherwise), each drawn by its content
    /// stream (nil: an empty page), with Helvetica as /F1.
    static func pdf(pages contents: [String?], mediaBox: String = "0 0 595 842") -> [UInt8] {
        var objects: [[UInt8]] = []
        // 1 catalog, 2 pages, 3 font, 4 a placeholder, then per page: page, content.
        let pageIDs = contents.indices.map { 5 + 2 * $0 }
        objects.append(Array("<< /Type /Catalog /Pages 2 0 R >>".utf8))
        objects.append(Array("<< /Type /Pages /Kids [\(pageIDs.map { "\($0) 0 R" }.joined(separator: " "))] /Count \(contents.count) >>".utf8))
        objects.append(Array("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".utf8))
        objects.append(Array("null".utf8))
        for content in contents {
            let id = objects.count + 1
            objects.append(Array("<< /Type /Page /Parent 2 0 R /MediaBox [\(mediaBox)] /Resources << /Font << /F1 3 0 R >> >> /Contents \(id + 1) 0 R >>".utf8))
            let stream = Array((content ?? "").utf8)
            objects.append(Array("<< /Length \(stream.count) >>\nstream\n".utf8) + stream + Array("\nendstream".utf8))
        }
        var out = Array("%PDF-1.4\n".utf8)
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(out.count)
            out += Array("\(index + 1) 0 obj\n".utf8) + object + Array("\nendobj\n".utf8)
        }
        let xref = out.count
        out += Array("xref\n0 \(objects.count + 1)\n0000000000 65535 f \n".utf8)
        for offset in offsets { out += Array(String(format: "%010d 00000 n \n", offset).utf8) }
        out += Array("trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n".utf8)
        return out
    }

    /// A content stream writing `lines` in Helvetica at `size` points, from the top down.
    static func textStream(_ lines: [String], size: Int = 12, top: Int = 780) -> String {
        var stream = "BT /F1 \(size) Tf \(size + 4) TL 72 \(top) Td\n"
        for line in lines { stream += "(\(line)) '\n" }
        return stream + "ET"
    }
}

/// What a test needs that a machine may lack: without it the test is skipped, saying why.
extension Trait where Self == ConditionTrait {
    static var needsChineseOCR: Self {
        .enabled(if: TestFiles.hasChineseOCR, "SKIPPED: tesseract's chi_sim data is not installed (apt install tesseract-ocr-chi-sim)")
    }

    static var needsPoppler: Self {
        .enabled(if: TestFiles.hasPoppler, "SKIPPED: poppler-utils is not installed (apt install poppler-utils)")
    }

    static var needsDevset: Self {
        .enabled(if: TestFiles.devset != nil, "SKIPPED: the dev OCR pages (../shared/devset/ocr) are not beside the clone")
    }
}

/// Runs blocking work (an OCR of seconds) on a thread of its own, not on the cooperative
/// pool (one thread per core) that the other suites' in-process daemons run on: tests
/// run in parallel in one process, and a page OCR'd on a pool thread would hold it.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
