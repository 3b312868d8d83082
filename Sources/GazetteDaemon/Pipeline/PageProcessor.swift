import Foundation
import GazetteCore
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

    public init(maxFileSize: Int, classifier: PageClassifier?) {
        self.maxFileSize = maxFileSize
        self.classifier = classifier
    }

    public func process(path: String) -> Outcome {
        process(FilePath(path))
    }

    public func process(_ path: FilePath) -> Outcome {
        let bytes: [UInt8]
        do {
            bytes = try FileReader(maxFileSize: maxFileSize).read(path)
        } catch {
            switch error {
            case .vanished: return .vanished
            case .refused(let refusal): return .refused(refusal, sha256: nil, size: 0)
            case .transient(let systemError): return .transient(systemError)
            }
        }
        do {
            var page = try PageParser.parse(bytes)
            if let classifier { page = classifier(page) }
            return .page(page, size: bytes.count)
        } catch {
            let refusal = Refusal(code: error.code, message: error.description,
                                  advice: "fix the file at its source and drop it into the inbox again")
            return .refused(refusal, sha256: GazetteCore.SHA256.hex(of: bytes), size: bytes.count)
        }
    }
}
