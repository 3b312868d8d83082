import CTesseract
import Foundation

/// A scanned PDF (one page, an image, no text layer) made from a page image with
/// leptonica: what a copier or a scanning workflow produces. The benchmark and the tests
/// use it to feed the rasterise-and-OCR path with a known page.
public enum ScannedPDF {
    /// The image at `dpi`, JPEG-encoded in a one-page PDF; nil when the image cannot be read.
    public static func make(from image: [UInt8], dpi: Int = 300) -> [UInt8]? {
        LeptonicaQuiet.once
        guard let pix = image.withUnsafeBufferPointer({ pixReadMem($0.baseAddress, $0.count) }) else { return nil }
        var owned: UnsafeMutablePointer<PIX>? = pix
        defer { pixDestroy(&owned) }
        guard let grey = pixConvertTo8(pix, 0) else { return nil }
        var greyOwned: UnsafeMutablePointer<PIX>? = grey
        defer { pixDestroy(&greyOwned) }
        var data: UnsafeMutablePointer<UInt8>?
        var size = 0
        // L_JPEG_ENCODE, quality 85, at the origin, one page (L_FIRST_PAGE | L_LAST_PAGE = 0).
        guard pixConvertToPdfData(grey, 1, 85, &data, &size, 0, 0, Int32(dpi), nil, nil, 0) == 0, let data else { return nil }
        defer { free(data) }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }
}
