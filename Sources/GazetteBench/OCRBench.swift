import ArgumentParser
import Dispatch
import Foundation
import GazetteBenchKit
import GazetteOCR

/// `gazette-bench ocr`: how fast scans are read, per core, and what an engine costs in memory.
///
/// Over the dev page images (../shared/devset/ocr/p*.png, 2480 × 3508, A4 at 300 dpi):
/// images on one lane (CPU seconds per page, pages/s per core), images on one lane per core
/// (pages/s for the machine), the same pages as scanned PDFs (rasterised with pdftoppm, then
/// OCR'd) and as text PDFs (tesseract's own PDF output: read by pdftotext, no OCR). Then the
/// resident memory of one chi_sim engine, which sets how many OCR lanes fit in MemoryMax.
/// Tesseract may use OpenMP threads inside one page; the daemon's unit sets
/// OMP_THREAD_LIMIT=1, and so should this command's caller for per-core figures.
struct BenchOCR: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ocr", abstract: "Scans: pages/s for images and PDFs, per core; CPU seconds per page; engine memory.")

    @Option(help: "Folder of page images (p*.png).")
    var devset = "../shared/devset/ocr"

    @Option(help: "Pages to read in each measurement.")
    var pages = 4

    @Flag(help: "One JSON object per figure instead of the markdown table.")
    var json = false

    func run() throws {
        let folder = URL(fileURLWithPath: devset)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: devset)) ?? [])
            .filter { $0.hasPrefix("p") && $0.hasSuffix(".png") }.sorted().prefix(max(1, pages))
        guard !names.isEmpty else { throw BenchError("no page images (p*.png) in \(devset): pass --devset") }
        let images = try names.map { [UInt8](try Data(contentsOf: folder.appendingPathComponent($0))) }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let threads = ProcessInfo.processInfo.environment["OMP_THREAD_LIMIT"] ?? "unset"
        BenchPrinter.progress("ocr: \(images.count) pages, \(cores) cores, OMP_THREAD_LIMIT=\(threads)")

        let before = residentMB()
        let engine = try OCREngine(languages: OCROptions().languages)
        let engineMB = residentMB() - before
        _ = try engine.read(images[0], kind: .png, options: OCROptions())  // warm-up: the model's pages in
        let afterPageMB = residentMB() - before

        var rows: [BenchRow] = []
        // One lane whose engine is started already, as in the daemon after its first scan.
        let lane = PageReader(pool: OCRPool(lanes: 1))
        _ = try lane.read(bytes: images[0])
        rows += try timed(images) { image in _ = try lane.read(bytes: image) }.rows("images, one lane")

        let scanned = images.compactMap { ScannedPDF.make(from: $0) }
        rows += try timed(scanned) { pdf in _ = try lane.read(bytes: pdf) }.rows("scanned PDFs, one lane")

        let text = try images.map(textPDF)
        rows += try timed(text) { pdf in _ = try lane.read(bytes: pdf) }.rows("text PDFs, one lane")

        let pool = OCRPool(lanes: cores)
        let reader = PageReader(pool: pool)
        // Start every lane's engine first (one page each), then time.
        _ = try timed(Array(repeating: images[0], count: cores), lanes: cores) { image in _ = try reader.read(bytes: image) }
        let parallel = try timed(Array(repeating: images, count: cores).flatMap { $0 }, lanes: cores) { image in
            _ = try reader.read(bytes: image)
        }
        rows.append(BenchRow("ocr", "images, \(cores) lanes", unit: "pages/s", samples: [parallel.pagesPerSecond],
                             note: "whole machine"))
        rows.append(BenchRow("ocr", "one chi_sim engine", unit: "MB RSS", samples: [engineMB],
                             note: "\(String(format: "%.0f", afterPageMB)) MB after its first page"))
        BenchPrinter.emit(rows, json: json)
    }

    struct Timing {
        var pages: Int
        var wall: Double
        var cpu: Double

        var pagesPerSecond: Double { Double(pages) / wall }
        var cpuPerPage: Double { cpu / Double(pages) }

        func rows(_ name: String) -> [BenchRow] {
            [BenchRow("ocr", name, unit: "pages/s", samples: [pagesPerSecond], note: "wall clock"),
             BenchRow("ocr", name + ", CPU per page", unit: "s", samples: [cpuPerPage],
                      note: String(format: "%.2f pages/s per core", 1 / cpuPerPage))]
        }
    }

    /// Reads every input once on `lanes` threads; wall time, and CPU time of this process
    /// (all threads) and of its children (pdfinfo, pdftotext, pdftoppm).
    private func timed(_ inputs: [[UInt8]], lanes: Int = 1, _ work: @Sendable ([UInt8]) throws -> Void) throws -> Timing {
        let cpu = processCPUSeconds() + childrenCPUSeconds(), wall = monotonicSeconds()
        let failures = ManagedFailures()
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            for index in stride(from: lane, to: inputs.count, by: lanes) {
                do { try work(inputs[index]) } catch { failures.record("\(error)") }
            }
        }
        if let failure = failures.first { throw BenchError(failure) }
        return Timing(pages: inputs.count, wall: monotonicSeconds() - wall,
                      cpu: processCPUSeconds() + childrenCPUSeconds() - cpu)
    }

    /// The page as tesseract's own PDF (the image with its OCR as an invisible text layer).
    private func textPDF(_ image: [UInt8]) throws -> [UInt8] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gazette-bench-ocr-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let png = folder.appendingPathComponent("page.png")
        try Data(image).write(to: png)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/tesseract")
        process.arguments = [png.path, folder.appendingPathComponent("page").path, "-l", "chi_sim", "pdf"]
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return [UInt8](try Data(contentsOf: folder.appendingPathComponent("page.pdf")))
    }

    private func residentMB() -> Double {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
              let pages = Double(statm.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1e6
    }
}

/// The first error of a parallel run.
private final class ManagedFailures: @unchecked Sendable {
    private let lock = NSLock()
    private var failures: [String] = []

    func record(_ failure: String) {
        lock.lock()
        failures.append(failure)
        lock.unlock()
    }

    var first: String? {
        lock.lock()
        defer { lock.unlock() }
        return failures.first
    }
}
