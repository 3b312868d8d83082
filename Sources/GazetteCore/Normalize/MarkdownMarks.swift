/// Removes markdown that OCR tools and editors use as layout from one trimmed line.
///
/// Only marks that cannot be part of Chinese newspaper text are touched: a `#` run or a bullet
/// must be followed by a space (`#1号文件` and `-5℃` stay), a rule must be a whole line of one
/// mark, and `**` never occurs in print. Single `*`/`_` emphasis is left alone: in OCR text it is
/// more often a footnote star or a blank to fill in than markup.
enum MarkdownMarks {
    private static let hash: UInt8 = 0x23, space: UInt8 = 0x20, star: UInt8 = 0x2A
    private static let dash: UInt8 = 0x2D, plus: UInt8 = 0x2B, underscore: UInt8 = 0x5F
    private static let equals: UInt8 = 0x3D, greater: UInt8 = 0x3E

    /// Strips the marks in place; the line stays trimmed (it may become empty).
    static func strip(_ line: inout [UInt8]) {
        guard line.contains(where: isMarkByte) else { return }
        if isRule(line) { line.removeAll(keepingCapacity: true); return }
        var start = 0
        // Quote marks, then one bullet, then a heading prefix: `> - ## text` reduces to `text`.
        while start < line.count, line[start] == greater {
            start += 1
            while start < line.count, line[start] == space { start += 1 }
        }
        if start + 1 < line.count, [dash, star, plus].contains(line[start]), line[start + 1] == space {
            start += 2
        }
        var hashes = 0
        while start + hashes < line.count, line[start + hashes] == hash { hashes += 1 }
        if (1...6).contains(hashes), start + hashes == line.count || line[start + hashes] == space {
            start += hashes
            // A closing sequence `## Title ##` goes too.
            var end = line.count
            while end > start, line[end - 1] == hash { end -= 1 }
            if end < line.count, end > start, line[end - 1] != space { end = line.count }
            line.removeSubrange(end..<line.count)
        }
        if start > 0 { line.removeSubrange(0..<min(start, line.count)) }
        removeBoldMarks(&line)
        trim(&line)
    }

    /// Whether a line starting with this byte may carry a heading, bullet, quote or rule mark.
    @inline(__always)
    static func mayStartWithMark(_ byte: UInt8) -> Bool {
        byte == hash || byte == dash || byte == plus || byte == underscore || byte == equals || byte == greater
            || byte == star
    }

    /// A line made only of three or more of one of `-`, `*`, `_`, `=` (spaces allowed between).
    static func isRule(_ line: [UInt8]) -> Bool {
        guard let mark = line.first, [dash, star, underscore, equals].contains(mark) else { return false }
        var marks = 0
        for byte in line {
            if byte == mark { marks += 1 } else if byte != space { return false }
        }
        return marks >= 3
    }

    /// Removes every run of two or more `*` (bold, bold italic).
    private static func removeBoldMarks(_ line: inout [UInt8]) {
        guard line.count >= 2 else { return }
        var out: [UInt8] = []
        out.reserveCapacity(line.count)
        var index = 0
        var changed = false
        while index < line.count {
            if line[index] == star, index + 1 < line.count, line[index + 1] == star {
                index += 2
                while index < line.count, line[index] == star { index += 1 }  // `***x***`
                changed = true
                continue
            }
            out.append(line[index])
            index += 1
        }
        if changed { line = out }
    }

    /// Trims the ends and folds the double spaces that removed marks can leave
    /// (`** 本报讯 **` → `本报讯`); one linear pass, whatever the line length.
    private static func trim(_ line: inout [UInt8]) {
        var out: [UInt8] = []
        out.reserveCapacity(line.count)
        for byte in line where !(byte == space && (out.isEmpty || out.last == space)) {
            out.append(byte)
        }
        if out.last == space { out.removeLast() }
        if out.count != line.count { line = out }
    }

    @inline(__always)
    private static func isMarkByte(_ byte: UInt8) -> Bool {
        byte == hash || byte == star || byte == dash || byte == plus || byte == underscore
            || byte == equals || byte == greater
    }
}
