import CTesseract

/// An image's size as its header states it, read before any pixel is decoded.
///
/// A PNG of a few kilobytes can declare 30,000 × 30,000 pixels and take 900 MB (3.6 GB
/// as RGBA) once decoded: the classic decompression bomb. Leptonica's `pixReadHeaderMem`
/// reads only the header, so such a file is refused for the price of reading 40 bytes.
public struct ImageHeader: Sendable, Equatable {
    public var width: Int
    public var height: Int

    public var pixels: Int { width * height }

    /// Reads the header of a PNG, JPEG or TIFF in memory; `.corruptImage` when there is none.
    public static func read(_ bytes: [UInt8], kind: FileKind) throws(OCRError) -> ImageHeader {
        LeptonicaQuiet.once
        var format: Int32 = 0, width: Int32 = 0, height: Int32 = 0, bps: Int32 = 0, spp: Int32 = 0, colormap: Int32 = 0
        let status = bytes.withUnsafeBufferPointer { buffer in
            pixReadHeaderMem(buffer.baseAddress, buffer.count, &format, &width, &height, &bps, &spp, &colormap)
        }
        guard status == 0, width > 0, height > 0 else { throw .corruptImage(format: kind.rawValue.uppercased()) }
        return ImageHeader(width: Int(width), height: Int(height))
    }

    /// Refuses an image whose header is over the limit, before anything is decoded.
    public static func check(_ bytes: [UInt8], kind: FileKind, maxPixels: Int) throws(OCRError) -> ImageHeader {
        let header = try read(bytes, kind: kind)
        if header.width > maxPixels / header.height {
            throw .imageTooLarge(width: header.width, height: header.height, limit: maxPixels)
        }
        return header
    }
}

/// Leptonica prints every decoding problem to stderr; the daemon reports them itself, as
/// reasons, so leptonica is told to keep quiet (once, process-wide, before the first read).
enum LeptonicaQuiet {
    static let once: Void = {
        _ = setMsgSeverity(6) // L_SEVERITY_NONE
    }()
}
