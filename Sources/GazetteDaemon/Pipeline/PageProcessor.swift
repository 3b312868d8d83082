import Foundation
import GazetteClassifier
import GazetteCore
import GazetteOCR
import SystemPackage

/// One file → one page, the way the daemon does it: read safely (no links followed, no
/// FIFO blocking, regular files only, size limit), parse, classify. Shared by the
/// pipeline's workers and `gazette ingest`, so a file gets the same verdict either way.
public struct PageProcessor: Sendable {
    public enum Outcome: Sendable {
        /// Parsed (and classified): ready for the store.
        case page(ParsedPage, size: Int)
        /// Never a page: quarantine, with the reason.
        case refused(Refusal, sha256: String?, size: Int)
        /// Gone before it could be read.
        case vanished
        /// Could not be read now (out of descriptors, memory, I/O): retry later.
        case transient(SystemError)
    }

    public var maxFileSize: Int
    public var classifier: PageClassifier?
    /// `accept_hard_links`: the daemon refuses a file with other names unless told not to.
    public var acceptHardLinks: Bool
    /// Reads what the bytes are (text, image, PDF; see `PageReader`): OCR options and lanes.
    /// The pool must outlive the processor when processors are made per file (the daemon).
    public var pages: PageReader

    public init(maxFileSize: Int, classifier: PageClassifier?, acceptHardLinks: Bool = true,
                pages: PageReader = PageReader(pool: OCRPool(lanes: 1))) {
        self.maxFileSize = maxFileSize
        self.classifier = classifier
        self.acceptHardLinks = acceptHardLinks
        self.pages = pages
    }

    public func process(path: String) -> Outcome {
        process(FilePath(path))
    }

    public func process(_ path: FilePath) -> Outcome {
        let bytes: [UInt8]
        do {
            bytes = try reader.read(path)
        } catch {
            return Self.outcome(error)
        }
        return parse(bytes)
    }

    /// The daemon's way: the inbox file resolved beneath the inbox without following any
    /// link, with the identity of the file that was read (nil when none was opened), which
    /// is the only file the pipeline may then move or delete.
    public func process(_ entry: InboxEntry, beneath inbox: FilePath) -> (outcome: Outcome, identity: FileIdentity?) {
        let contents: FileReader.Contents
        do {
            contents = try reader.read(entry, beneath: inbox)
        } catch {
            if case .refused(_, _, let identity) = error { return (Self.outcome(error), identity) }
            return (Self.outcome(error), nil)
        }
        return (parse(contents.bytes), contents.identity)
    }

    /// Parses and classifies bytes already read: `gazette import` reads and hashes a file
    /// first, to skip a stored page without parsing it, and passes the hash along (`sha256`,
    /// the SHA-256 of `bytes`) so that the page is not hashed twice.
    public func process(bytes: [UInt8], sha256: String? = nil) -> Outcome {
        parse(bytes, sha256: sha256)
    }

    private var reader: FileReader { FileReader(maxFileSize: maxFileSize, acceptHardLinks: acceptHardLinks) }

    private static func outcome(_ failure: FileReader.Failure) -> Outcome {
        switch failure {
        case .vanished: return .vanished
        case .refused(let refusal, let size, _): return .refused(refusal, sha256: nil, size: size)
        case .transient(let systemError): return .transient(systemError)
        }
    }

    private func parse(_ bytes: [UInt8], sha256: String? = nil) -> Outcome {
        do {
            let (page, _) = try pages.read(bytes: bytes, sha256: sha256)
            return .page(PageAnalyzer(classifier: classifier).classified(page), size: bytes.count)
        } catch .busy {
            // Every OCR lane is taken: the scan is looked at again later, quietly, as a file
            // still being written is, and this worker goes on with the next (text) file.
            return .transient(SystemError(operation: "OCR (every OCR lane is busy)", path: nil, errno: EAGAIN))
        } catch {
            return .refused(Self.refusal(error), sha256: sha256 ?? GazetteCore.SHA256.hex(of: bytes), size: bytes.count)
        }
    }

    static func refusal(_ failure: PageReader.Failure) -> Refusal {
        Refusal(code: failure.code, message: failure.description,
                advice: "fix the file at its source and drop it into the inbox again")
    }
}
