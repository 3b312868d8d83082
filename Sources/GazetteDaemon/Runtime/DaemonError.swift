import GazetteClassifier
import GazetteStore

/// Why the daemon will not start. Each says what to do.
public enum DaemonError: Error, Sendable, CustomStringConvertible {
    case alreadyRunning(pid: String?, lock: String)
    case inboxInUse(pid: String?, inbox: String, lock: String)
    case lock(SystemError)
    case store(StoreError)
    case folder(name: String, SystemError)
    case watch(SystemError)
    case classifier(ClassifierError)
    case crossDevice(String, String)
    case damagedStore(path: String, problems: [String])

    public var description: String {
        switch self {
        case .alreadyRunning(let pid, let lock):
            let who = pid.map { "PID \($0)" } ?? "another process"
            return "another gazette daemon (\(who)) is already serving this store (lock \(lock)): stop it first (systemctl stop gazette), or use another --store"
        case .inboxInUse(let pid, let inbox, let lock):
            let who = pid.map { "PID \($0)" } ?? "another process"
            return "another gazette daemon (\(who)) is already serving the inbox \(inbox) (lock \(lock)), perhaps into another store: two daemons on one inbox would race for every file; stop it first (systemctl stop gazette), or give this one its own --inbox"
        case .lock(let error):
            return "cannot take the store lock: \(error)"
        case .store(let error):
            return "refusing to start: \(error)"
        case .folder(let name, let error):
            return "cannot prepare the \(name) folder: \(error)"
        case .watch(let error):
            return "cannot watch the inbox: \(error) (for a network share set watch = \"poll\"; if the limit of watches is reached raise fs.inotify.max_user_watches)"
        case .damagedStore(let path, let problems):
            return "refusing to start: store \(path) is damaged (\(problems.prefix(3).joined(separator: "; "))): run `gazette verify --store \(path)`, restore it from backup, or move it aside to start a new one; Gazette never overwrites it"
        case .crossDevice(let one, let other):
            return "the \(one) and \(other) folders are on different filesystems, so files cannot be renamed between them: put them on one filesystem (processed/ and failed/ default to beside the inbox)"
        case .classifier(let error):
            return "cannot load the classifier: \(error)"
        }
    }
}
