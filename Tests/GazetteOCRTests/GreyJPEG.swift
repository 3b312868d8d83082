import CTesseract

/// A page image re-encoded as a greyscale JPEG with leptonica, to put a scan inside a PDF
/// (`/DCTDecode` takes JPEG bytes as they are).
enum GreyJPEG {
    static func from(_ bytes: [UInt8]) -> (width: Int, height: Int, jpeg: [UInt8])? {
        guard let pix = bytes.withUnsafeBufferPointer({ pixReadMem($0.baseAddress, $0.count) }) else { return nil }
        var owned: UnsafeMutablePointer<PIX>? = pix
        defer { pixDestroy(&owned) }
        guard let grey = pixConvertTo8(pix, 0) else { return nil }
        var greyOwned: UnsafeMutablePointer<PIX>? = grey
        defer { pixDestroy(&greyOwned) }
        var data: UnsafeMutablePointer<UInt8>?
        var size = 0
        guard pixWriteMem(&data, &size, grey, 2 /* IFF_JFIF_JPEG */) == 0, let data else { return nil }
        defer { free(data) }
        return (Int(pixGetWidth(grey)), Int(pixGetHeight(grey)), Array(UnsafeBufferPointer(start: data, count: size)))
    }
}
