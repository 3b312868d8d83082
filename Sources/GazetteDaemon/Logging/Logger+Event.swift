import Logging

extension Logger {
    /// Logs one daemon event with its stable `MESSAGE_ID` (key `message_id`), so the
    /// journal can find every event of a kind and `journalctl -x` can explain it. Other
    /// metadata keys become `GAZETTE_<KEY>` fields.
    func event(
        _ event: GazetteEvent, _ level: Logger.Level, _ message: @autoclosure () -> Logger.Message,
        _ metadata: Logger.Metadata = [:],
        file: String = #fileID, function: String = #function, line: UInt = #line
    ) {
        var fields = metadata
        fields["message_id"] = .string(event.messageID)
        log(level: level, message(), metadata: fields, file: file, function: function, line: line)
    }
}
