import ArgumentParser
import Foundation
import GazetteCore
import GazetteClassifier
import GazetteOCR

/// `gazette parse [--json] FILE...`: the text pipeline on its own, no store and no daemon.
///
/// Every file is parsed even when some fail: a file that is not a text page gets one line on
/// stderr (`gazette: FILE: cause`), and the exit status is 1 at the end.
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Run the text pipeline over pages and print their articles.",
        discussion: """
            A page is text, a page image (PNG, JPEG, TIFF: OCR'd with tesseract) or a PDF \
            (its text layer, or OCR'd when it has none): the file's bytes decide. \
            Without --json, prints a readable summary per page. With --json, prints one JSON \
            object per file, one per line, in the parse contract (see DESIGN.md).
            """)

    @Flag(help: "One JSON object per file, one per line (the parse contract).")
    var json = false

    @OptionGroup var classifierOptions: ClassifierOptions

    @Flag(help: "Skip the topic classifier (no category, confidence or scores in the output).")
    var noClassify = false

    @Flag(help: .hidden)
    var boundaryFeatures = false

    @Argument(help: "Page files to parse.", completion: .file())
    var files: [String]

    func run() throws {
        if boundaryFeatures { return try printBoundaryFeatures() }
        var failures = 0
        let analyzer = PageAnalyzer(noClassify ? nil : try classifierOptions.classifier())
        var output = BufferedOutput()
        let pages = PageReader(pool: OCRPool(lanes: 1))
        for file in files {
            do {
                let bytes = try PageFile.read(file)
                let (read, _) = try pages.read(bytes: bytes)
                let page = analyzer.classified(read)
                if json {
                    output.write(PageJSON.bytes(file: file, page: page))
                    output.write([0x0A])
                } else {
                    output.write(Array(PageSummary.text(file: file, page: page).utf8))
                }
            } catch let error as PageReader.Failure {
                failures += 1
                output.flush()
                PageFile.complain(file, error.description)
            } catch {
                failures += 1
                output.flush()
                PageFile.complain(file, "\(error)")
            }
        }
        output.flush()
        if failures > 0 { throw ExitCode(1) }
    }
}

extension ParseCommand {
    /// The boundary model's training data: one TSV row per candidate title block
    /// (`file`, `line`, the features), read by `scripts/pagegen/train_boundaries.py`.
    func printBoundaryFeatures() throws {
        var output = BufferedOutput()
        output.write(Array((["file", "line"] + PageParser.boundaryFeatureNames).joined(separator: "\t").utf8) + [0x0A])
        for file in files {
            guard let bytes = try? PageFile.read(file), let rows = try? PageParser.boundaryFeatures(bytes) else { continue }
            for row in rows {
                let values = row.features.map { String(format: "%.4f", $0) }
                output.write(Array(([file, String(row.line)] + values).joined(separator: "\t").utf8) + [0x0A])
            }
        }
        output.flush()
    }
}

/// Reading a page file for the command line, with errors an operator can act on.
enum PageFile {
    struct ReadError: Error, CustomStringConvertible {
        let description: String
    }

    static func read(_ path: String) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ReadError(description: "no such file (check the path)")
        }
        if isDirectory.boolValue {
            throw ReadError(description: "is a directory, not a page file (pass the files inside it, e.g. DIR/*.txt)")
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw ReadError(description: "permission denied (check the file's mode and owner)")
        }
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ReadError(description: "cannot be read: \(error.localizedDescription)")
        }
    }

    static func complain(_ file: String, _ cause: String) {
        FileHandle.standardError.write(Data("gazette: \(file): \(cause)\n".utf8))
    }
}

/// The human-readable page summary of `gazette parse`.
enum PageSummary {
    static func text(file: String, page: ParsedPage) -> String {
        var lines: [String] = []
        var header = "\(file)  \(page.encoding.rawValue)"
        if page.replacedBytes > 0 { header += " (\(page.replacedBytes) bytes replaced)" }
        if page.source != .text {
            header = "\(file)  \(page.source.kind.rawValue) via \(page.source.engine ?? "?") \(page.source.engineVersion ?? "")"
            if let confidence = page.source.meanConfidence { header += " (OCR confidence \(Int((confidence * 100).rounded()))%)" }
        }
        header += "  \(page.articles.count) article\(page.articles.count == 1 ? "" : "s")  sha256 \(page.sha256.prefix(12))…"
        lines.append(header)
        let indent = String(repeating: " ", count: 15)
        for article in page.articles {
            let seq = String(article.seq).leftPadded(to: 3)
            let kind = article.kind.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
            lines.append("\(seq)  \(kind)\(article.headline ?? "(no headline)")")
            if let kicker = article.kicker { lines.append("\(indent)kicker: \(kicker)") }
            if let subtitle = article.subtitle { lines.append("\(indent)subtitle: \(subtitle)") }
            let names = [("reporters", article.reporters), ("correspondents", article.correspondents),
                         ("photographers", article.photographers)]
                .filter { !$0.1.isEmpty }.map { "\($0.0): \($0.1.joined(separator: "、"))" }
            if !names.isEmpty { lines.append(indent + names.joined(separator: " · ")) }
            var facts: [String] = []
            if let source = article.source { facts.append("source \(source)") }
            if let dateline = article.dateline { facts.append("dateline \(dateline)") }
            if let continued = article.continuedFrom { facts.append("continued from \(continued)") }
            let paragraphs = article.paragraphs.count
            facts.append("\(paragraphs) paragraph\(paragraphs == 1 ? "" : "s")")
            if !article.subheads.isEmpty { facts.append("\(article.subheads.count) subheads") }
            lines.append(indent + facts.joined(separator: " · "))
            if !article.provinces.isEmpty || !article.places.isEmpty {
                lines.append("\(indent)places: \((article.provinces + article.places).joined(separator: "、"))")
            }
            if let classification = article.classification {
                lines.append("\(indent)category: \(classification.category) (\(Int((classification.confidence * 100).rounded()))%)")
            }
        }
        return lines.joined(separator: "\n") + "\n\n"
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
