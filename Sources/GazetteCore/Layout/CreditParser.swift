/// Who reported, corresponded and photographed a piece, as printed in a byline, in a lead's
/// parentheses or in a caption credit. Names are people only: roles, marks and paper names are
/// stripped, spaces inside a name removed (`陈 润` → `陈润`).
struct Credits: Equatable, Sendable {
    var reporters: [String] = []
    var correspondents: [String] = []
    var photographers: [String] = []
    /// The paper named with the credit (`本报`, `江门日报`), or nil.
    var source: String?
    /// `文/图`: everyone credited wrote the text and took the pictures.
    var textAndPhotos = false
    /// Every name in the order printed (for `文/图`, which credits all of them with photos).
    var printedOrder: [String] = []

    var isEmpty: Bool { reporters.isEmpty && correspondents.isEmpty && photographers.isEmpty }

    /// Adds another credit line of the same piece (bylines are often printed on two lines).
    mutating func merge(_ other: Credits) {
        for n in other.reporters where !reporters.contains(n) { reporters.append(n) }
        for n in other.correspondents where !correspondents.contains(n) { correspondents.append(n) }
        for n in other.photographers where !photographers.contains(n) { photographers.append(n) }
        if source == nil { source = other.source }
        textAndPhotos = textAndPhotos || other.textAndPhotos
        for n in other.printedOrder where !printedOrder.contains(n) { printedOrder.append(n) }
    }
}

/// Reads credits. A byline is a short line made only of marks, role words, paper names and
/// person names; anything else (a sentence that mentions `本报记者`) is rejected, which is what
/// keeps body text from being mistaken for a byline.
enum CreditParser {
    private enum Role { case unlabelled, reporter, correspondent, photographer }

    /// Role words, longest first so that `实习记者` wins over `记者`.
    private static let roleWords: [([Unicode.Scalar], Role)] = [
        ("摄影记者", Role.photographer), ("全媒体记者", .reporter), ("融媒体记者", .reporter),
        ("实习记者", .reporter), ("见习记者", .reporter), ("特约记者", .reporter), ("首席记者", .reporter),
        ("特约通讯员", .correspondent), ("通讯员", .correspondent), ("实习生", .reporter),
        ("记者", .reporter), ("摄影", .photographer),
    ].map { (Array($0.0.unicodeScalars), $0.1) }

    // Tokens are compared as scalars, not as Strings: the text is in NFC (TextNormalizer),
    // where canonical equality is scalar equality, and a String per token, hashed with NFC
    // checks, cost more than the rest of the byline test.
    private static let photoFlags = ["文/图", "图/文", "文图", "图文", "文／图", "图／文"].map { Array($0.unicodeScalars) }
    private static let ignorable = ["文", "图", "报道", "整理", "编辑", "本报", "/"].map { Array($0.unicodeScalars) }
    private static let photoWords = ["摄", "摄影"].map { Array($0.unicodeScalars) }

    /// Whether the text opens with a role word (`记者`, `通讯员` …).
    static func startsWithRole(_ text: ArraySlice<Unicode.Scalar>) -> Bool {
        roleWords.contains { entry in
            text.count >= entry.0.count && zip(text, entry.0).allSatisfy { $0 == $1 }
        }
    }

    /// Whether the text ends with a role word (`…通讯员`): the names follow on the next line.
    static func endsWithRole(_ text: [Unicode.Scalar]) -> Bool {
        let t = text.trimmed
        return roleWords.contains { entry in t.count >= entry.0.count && Array(t.suffix(entry.0.count)) == entry.0 }
    }

    /// Marks an OCR engine reads as ideographs: `□` comes out as `口`, `■` as `国` or `回`.
    /// Only at the very start of a line and only before a paper or a role word, where no
    /// name or sentence can begin with them.
    private static let misreadMarks: Set<Unicode.Scalar> = ["口", "国", "回"]

    /// Parses a whole line as a byline; nil when the line is not one.
    static func byline(_ line: [Unicode.Scalar]) -> Credits? {
        var text = line.trimmed
        if let f = text.first, misreadMarks.contains(f), text.count > 3 {
            let rest = Array(text.dropFirst()).trimmed
            if rest.hasPrefix("本报") || startsWithRole(rest[...]) { text = [Unicode.Scalar("□")] + rest }
        }
        guard !text.isEmpty, text.count <= 60 else { return nil }
        for s in text {
            if Glyph.isSentenceFinal(s) || Glyph.isComma(s) || Glyph.isOpener(s) || Glyph.isCloser(s) { return nil }
        }
        let marked = text.first.map(Glyph.isMark) ?? false
        guard let parsed = parse(text[...]) else { return nil }
        guard marked || parsed.sawRole else { return nil }
        return parsed.credits
    }

    /// Parses the names inside a lead's parentheses (`记者/黎禹君 通讯员/聂继业 钟颖杰`).
    static func names(_ text: ArraySlice<Unicode.Scalar>) -> Credits? {
        parse(text)?.credits
    }

    /// Parses a caption credit (`董长松 摄`, `记者 张三 李四 摄`): nil unless it names a photographer.
    static func photoCredit(_ text: ArraySlice<Unicode.Scalar>) -> [String]? {
        guard let parsed = parse(text), !parsed.credits.photographers.isEmpty else { return nil }
        return parsed.credits.photographers
    }

    private static func parse(_ text: ArraySlice<Unicode.Scalar>) -> (credits: Credits, sawRole: Bool)? {
        let tokens = tokenize(text)
        guard !tokens.isEmpty, tokens.count <= 14 else { return nil }
        var credits = Credits()
        var role = Role.unlabelled
        var sawRole = false
        var photoFlag = false
        var named: [(String, Role)] = []
        var segmentStart = 0
        for token in tokens {
            if photoFlags.contains(token) { photoFlag = true; continue }
            if photoWords.contains(token) {
                for k in segmentStart..<named.count { named[k].1 = .photographer }
                sawRole = true
                segmentStart = named.count
                continue
            }
            if ignorable.contains(token) { continue }
            if let (at, length, found) = findRole(token) {
                let prefix = Array(token[..<at])
                var rest = Array(token[(at + length)...])
                while let f = rest.first, f == "/" || f == "：" || f == ":" || f == "／" { rest.removeFirst() }
                if let paper = paperName(prefix) {
                    if credits.source == nil { credits.source = paper }
                } else if isName(prefix) {
                    named.append((prefix.string, .unlabelled))
                } else if !prefix.isEmpty {
                    return nil
                }
                role = found
                sawRole = true
                segmentStart = named.count
                if !rest.isEmpty {
                    guard let n = nameWithCredit(rest) else { return nil }
                    named.append((n.name, n.photo ? .photographer : role))
                }
                continue
            }
            guard let n = nameWithCredit(token) else { return nil }
            if n.photo {
                for k in segmentStart..<named.count { named[k].1 = .photographer }
                segmentStart = named.count + 1
                sawRole = true
            }
            named.append((n.name, n.photo ? .photographer : role))
        }
        guard !named.isEmpty else { return nil }
        let labelled = named.contains { $0.1 == .reporter || $0.1 == .correspondent }
        for (name, r) in named {
            if !credits.printedOrder.contains(name) { credits.printedOrder.append(name) }
            switch r {
            case .reporter: append(name, to: &credits.reporters)
            case .correspondent: append(name, to: &credits.correspondents)
            case .photographer: append(name, to: &credits.photographers)
            case .unlabelled:
                // Papers print the correspondent's name unlabelled before `记者 …`; a name with
                // no role at all (`■朱桂林`) is the reporter's.
                if labelled { append(name, to: &credits.correspondents) } else { append(name, to: &credits.reporters) }
            }
        }
        credits.textAndPhotos = photoFlag
        return (credits, sawRole || photoFlag)
    }

    private static func append(_ name: String, to list: inout [String]) {
        if !list.contains(name) { list.append(name) }
    }

    /// Splits on spaces and `、`, then glues runs of one-scalar tokens back together: OCR
    /// spaces out short names and role words (`陈 润`, `通 讯 员`).
    private static func tokenize(_ text: ArraySlice<Unicode.Scalar>) -> [[Unicode.Scalar]] {
        var raw: [[Unicode.Scalar]] = []
        var cur: [Unicode.Scalar] = []
        for s in text {
            if Glyph.isSpace(s) || s == "、" || Glyph.isMark(s) {
                if !cur.isEmpty { raw.append(cur); cur = [] }
            } else {
                cur.append(s)
            }
        }
        if !cur.isEmpty { raw.append(cur) }
        var out: [[Unicode.Scalar]] = []
        var run: [Unicode.Scalar] = []
        for t in raw {
            if t.count == 1, Glyph.isHan(t[0]) {
                run.append(t[0])
            } else {
                if !run.isEmpty { out.append(run); run = [] }
                out.append(t)
            }
        }
        if !run.isEmpty { out.append(run) }
        return out
    }

    private static func findRole(_ token: [Unicode.Scalar]) -> (Int, Int, Role)? {
        var i = 0
        while i < token.count {
            for (word, role) in roleWords where i + word.count <= token.count && token[i] == word[0] {
                var k = 1
                while k < word.count, token[i + k] == word[k] { k += 1 }
                if k == word.count { return (i, word.count, role) }
            }
            i += 1
        }
        return nil
    }

    /// `本报`, `江门日报`, `青岛财经日报/首页新闻` → the paper (up to its first `报`), else nil.
    static func paperName(_ prefix: [Unicode.Scalar]) -> String? {
        var p = prefix
        while let l = p.last, l == "/" || l == "／" { p.removeLast() }
        guard p.count >= 2 else { return nil }
        if let i = p.firstIndex(of: "报") {
            let paper = Array(p[...i])
            return paper.count >= 2 && paper.allSatisfy(Glyph.isHan) ? paper.string : nil
        }
        if let l = p.last, l == "社" || l == "台" || l == "网", p.allSatisfy(Glyph.isHan) { return p.string }
        return nil
    }

    /// A person's name: two to five Han characters (a middle dot allowed for transliterations).
    static func isName(_ token: [Unicode.Scalar]) -> Bool {
        let han = token.count(where: Glyph.isHan)
        guard han >= 2, han <= 5 else { return false }
        return token.allSatisfy { Glyph.isHan($0) || $0 == "·" || $0 == "•" }
    }

    /// A name, possibly glued to its photo credit (`张三摄`).
    private static func nameWithCredit(_ token: [Unicode.Scalar]) -> (name: String, photo: Bool)? {
        if token.count >= 3, token.last == "摄" {
            let base = Array(token.dropLast())
            if isName(base) { return (base.string, true) }
        }
        return isName(token) ? (token.string, false) : nil
    }
}
