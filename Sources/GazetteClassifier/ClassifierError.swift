/// Why the classifier could not be loaded; each description names the file, the line when
/// there is one, and what to do.
public enum ClassifierError: Error, Equatable, CustomStringConvertible {
    /// The taxonomy file is not valid TOML or breaks a rule of the taxonomy.
    case taxonomy(path: String, line: Int?, problem: String)
    /// A file could not be read at all.
    case unreadable(path: String, reason: String)
    /// The model file is not a model `gazette train` wrote.
    case model(path: String, problem: String)
    /// A line of a labelled JSONL file is unusable.
    case labelled(path: String, line: Int, problem: String)

    public var description: String {
        switch self {
        case .taxonomy(let path, let line, let problem):
            let at = line.map { " line \($0)" } ?? ""
            return "taxonomy \(path)\(at): \(problem)"
        case .unreadable(let path, let reason):
            return "cannot read \(path): \(reason): check the path and its permissions"
        case .model(let path, let problem):
            return "model \(path): \(problem)"
        case .labelled(let path, let line, let problem):
            return "labelled data \(path) line \(line): \(problem)"
        }
    }
}
