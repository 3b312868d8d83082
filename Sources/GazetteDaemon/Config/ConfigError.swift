/// Why a configuration was rejected. Each names the file, the line and the key, so the
/// operator can go straight to the mistake.
public enum ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(file: String, detail: String)
    case syntax(file: String, line: Int, column: Int, detail: String)
    case unknownKey(file: String, line: Int, key: String, known: [String])
    case badValue(file: String, line: Int, key: String, value: String, expected: String)
    case badFlag(flag: String, value: String, expected: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let detail):
            return "cannot read configuration \(file): \(detail)"
        case .syntax(let file, let line, let column, let detail):
            return "\(file):\(line):\(column): not valid TOML: \(detail)"
        case .unknownKey(let file, let line, let key, let known):
            return "\(file):\(line): unknown key '\(key)': the keys are \(known.joined(separator: ", "))"
        case .badValue(let file, let line, let key, let value, let expected):
            return "\(file):\(line): bad value \(value) for '\(key)': expected \(expected)"
        case .badFlag(let flag, let value, let expected):
            return "bad value '\(value)' for \(flag): expected \(expected)"
        }
    }
}
