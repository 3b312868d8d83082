/// The administrative divisions PlaceFinder knows, parsed once from `GazetteerData`.
///
/// Immutable after construction, so one shared instance serves every thread. Each
/// division knows its province and (for counties) its prefecture by index, which is what
/// resolving a same-named county against the places around it needs.
struct Gazetteer: Sendable {
    enum Level: UInt8, Sendable, Comparable {
        case province = 0, prefecture = 1, county = 2
        static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    struct Division: Sendable {
        /// The six-digit administrative code (e.g. 370213 for 李沧区).
        let code: Int
        let name: String
        /// Other names the text may use: the short form (李沧), a former name (旬阳县).
        let otherNames: [String]
        let level: Level
        /// Whether the full name is matched in text (false for generic names like 城区).
        let nameIsMatched: Bool
        /// Index of the province this division belongs to (itself for a province).
        var province: Int = -1
        /// Index of the prefecture a county belongs to (itself for a prefecture), or -1.
        var prefecture: Int = -1
        /// Index of the first division with the same name (鼓楼区 is four divisions): lets
        /// PlaceFinder compare and collect names as integers instead of hashing Strings.
        var nameID: Int = -1
    }

    /// A joint name of several provinces (川渝, 京津冀): a mention counts for each member.
    struct Region: Sendable {
        let name: String
        let members: [Int]  // division indices
    }

    let divisions: [Division]
    let regions: [Region]

    /// The one gazetteer, built on first use from the compiled-in tables.
    static let shared = Gazetteer(tsv: GazetteerData.divisions)

    /// Parses `code<TAB>name<TAB>other,names|-<TAB>level<TAB>parent|-<TAB>1|0` lines; lines that do
    /// not have that shape are skipped (the table is generated, so none should be).
    init(tsv: String) {
        var list: [Division] = []
        var parents: [Int?] = []
        var indexByCode: [Int: Int] = [:]
        var regionRows: [(name: String, members: [Int])] = []
        for line in tsv.split(separator: "\n", omittingEmptySubsequences: true) {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 6 else { continue }
            if fields[3] == "region" {
                regionRows.append((String(fields[1]), fields[4].split(separator: ",").compactMap { Int($0) }))
                continue
            }
            guard let code = Int(fields[0]) else { continue }
            let level: Level
            switch fields[3] {
            case "province": level = .province
            case "prefecture": level = .prefecture
            case "county": level = .county
            default: continue
            }
            indexByCode[code] = list.count
            list.append(Division(
                code: code, name: String(fields[1]),
                otherNames: fields[2] == "-" ? [] : fields[2].split(separator: ",").map(String.init),
                level: level, nameIsMatched: fields[5] == "1"))
            parents.append(Int(fields[4]))
        }
        for index in list.indices {
            let parent = parents[index].flatMap { indexByCode[$0] }
            switch list[index].level {
            case .province:
                list[index].province = index
            case .prefecture:
                list[index].prefecture = index
                list[index].province = parent ?? index
            case .county:
                guard let parent else { list[index].province = index; continue }
                if list[parent].level == .prefecture {
                    list[index].prefecture = parent
                    list[index].province = parents[parent].flatMap { indexByCode[$0] } ?? parent
                } else {
                    list[index].province = parent
                }
            }
        }
        var firstByName: [String: Int] = [:]
        for index in list.indices {
            if firstByName[list[index].name] == nil { firstByName[list[index].name] = index }
            list[index].nameID = firstByName[list[index].name] ?? index
        }
        divisions = list
        regions = regionRows.map { row in
            Region(name: row.name, members: row.members.compactMap { indexByCode[$0] })
        }
    }
}
