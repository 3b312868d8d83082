import Foundation

extension DaemonConfig {
    /// The effective configuration as TOML that `DaemonConfig.parse` reads back to the
    /// same value (what `gazette config print` shows).
    public func renderTOML() -> String {
        func quoted(_ text: String) -> String {
            var escaped = ""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": escaped += "\\\""
                case "\\": escaped += "\\\\"
                case "\n": escaped += "\\n"
                case "\t": escaped += "\\t"
                default:
                    if scalar.value < 0x20 || scalar.value == 0x7F {
                        escaped += String(format: "\\u%04X", scalar.value)
                    } else {
                        escaped.unicodeScalars.append(scalar)
                    }
                }
            }
            return "\"\(escaped)\""
        }
        func ms(_ duration: Duration) -> Int64 {
            duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        }
        let lines = [
            "inbox = \(quoted(inbox))",
            "processed = \(quoted(processed))",
            "failed = \(quoted(failed))",
            "store = \(quoted(store))",
            "password_file = \(quoted(passwordFile))",
            "taxonomy = \(quoted(taxonomy))",
            "model = \(quoted(model))",
            "batch_size = \(batchSize)",
            "batch_delay_ms = \(ms(batchDelay))",
            "quiet_period_ms = \(ms(quietPeriod))",
            "rescan_interval_s = \(rescanInterval.components.seconds)",
            "watch = \(quoted(watch.rawValue))",
            "poll_interval_ms = \(ms(pollInterval))",
            "after_success = \(quoted(afterSuccess.rawValue))",
            "max_file_size = \(maxFileSize)",
            "accept_hard_links = \(acceptHardLinks)",
            "log_level = \(quoted(logLevel.rawValue))",
            "log_articles = \(quoted(logArticles.rawValue))",
            "ocr_languages = \(quoted(ocr.languages))",
            "ocr_dpi_default = \(ocr.dpiDefault)",
            "max_image_pixels = \(ocr.maxImagePixels)",
            "max_pdf_pages = \(ocr.maxPDFPages)",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}
