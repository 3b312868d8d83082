import Foundation
import GazetteCore

/// Builds the `TopicClassifier` the daemon and the CLI use.
///
/// With no paths it uses the taxonomy and model compiled into the binary (copies of
/// `config/taxonomy.toml` and `config/model/default.gznb`), so `gazette parse` and
/// `gazette classify` work with no configuration and no files installed.
public enum ClassifierLoader {
    public static func load(taxonomyPath: String?, modelPath: String?) throws(ClassifierError) -> TopicClassifier {
        TopicClassifier(taxonomy: try loadTaxonomy(path: taxonomyPath), model: try loadModel(path: modelPath))
    }

    /// The taxonomy at `path`, or the embedded default when nil.
    public static func loadTaxonomy(path: String?) throws(ClassifierError) -> Taxonomy {
        guard let path else { return try TaxonomyLoader.parse(EmbeddedDefaults.taxonomyTOML, path: "(built-in taxonomy)") }
        let bytes = try read(path)
        guard let source = String(validating: bytes, as: UTF8.self) else {
            throw .taxonomy(path: path, line: nil, problem: "not UTF-8 text: save the file as UTF-8")
        }
        return try TaxonomyLoader.parse(source, path: path)
    }

    /// The model at `path`, or the embedded default when nil.
    public static func loadModel(path: String?) throws(ClassifierError) -> NGramModel {
        let bytes: [UInt8]
        if let path {
            bytes = try read(path)
        } else {
            guard let data = Data(base64Encoded: EmbeddedDefaults.modelBase64) else {
                throw .model(path: "(built-in model)", problem: "embedded model is not valid base64: rebuild gazette")
            }
            bytes = [UInt8](data)
        }
        do {
            return try NGramModel(encoded: bytes)
        } catch {
            throw .model(path: path ?? "(built-in model)", problem: error.description)
        }
    }

    static func read(_ path: String) throws(ClassifierError) -> [UInt8] {
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
    }
}
