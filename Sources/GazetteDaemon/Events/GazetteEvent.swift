/// Every kind of event the daemon reports to the journal, each with its stable 128-bit
/// `MESSAGE_ID`. This is the one place the ids are defined: `systemd/gazette.catalog` is
/// generated from `catalogText` (and a test keeps the two in step), so `journalctl -x`
/// explains each event and `journalctl MESSAGE_ID=…` finds all of one kind.
public enum GazetteEvent: String, Sendable, CaseIterable {
    case started = "dc62077e216746eea14c0c0001ff1c83"
    case ready = "eb5d058b930042c5ac83b7e5e7b5d59a"
    case fileStored = "098154a504364876ae7c00f315991bb4"
    case articleStored = "679f98afd2a14d4484f3de8af0c792ce"
    case duplicate = "b9338d5f31dc49e792c253004935ec80"
    case quarantined = "e6fa5cbb6a0540d6b92e1f667ad1fa07"
    case transientError = "3c57d4f5d8264b88b03d6220f18c3a08"
    case transientRecovered = "e6d796272bab42179489b8eadc3651d6"
    case reloaded = "11f0cba8c7554c428289fb4845e55392"
    case reloadFailed = "616ee5e029714130a0f73615d530a71c"
    case overflowRescan = "e79e759ab00646e492f8f61b547fd568"
    case inboxMissing = "f1e652666feb41648b97335952ade96a"
    case inboxRestored = "02bdf2b4d3cb4822852997987b38c73c"
    case dispositionFailed = "2cce256e3fbf453385270f08858c8edc"
    case stopping = "9ba646171fbb475281519e7ada23d06d"
    case stopped = "190e026dfe884617837f46b01ee737b2"

    /// The `MESSAGE_ID` journal field: 32 lower-case hex digits.
    public var messageID: String { rawValue }
}
