import Testing
@testable import GazetteCore

@Suite struct PlaceFinderTests {
    let finder = PlaceFinder()

    @Test(arguments: [
        ("近日,两地在广安召开座谈会。", "四川省", "广安市"),
        ("李沧区委、区政府始终把助力脱贫攻坚作为重大政治任务。", "山东省", "李沧区"),
        ("今年以来,汉滨区医保局扎实开展活动。", "陕西省", "汉滨区"),
        ("江门将继续推动三组结对县共建产业园。", "广东省", "江门市"),
        ("以强有力的审计监督推动衡阳在高质量发展上奋勇争先。", "湖南省", "衡阳市"),
    ])
    func namedPlaceGivesItsProvince(text: String, province: String, place: String) {
        let found = finder.locate(headline: nil, paragraphs: [text])
        #expect(found.provinces == [province])
        #expect(found.places == [place])
    }

    @Test func documentedExampleHolds() {
        let found = finder.locate(headline: "李沧区助力对口帮扶地区率先摘帽", paragraphs: ["2021年,与康县签订协作方案。"])
        #expect(found.provinces == ["山东省", "甘肃省"])
        #expect(found.places == ["李沧区", "康县"])
    }

    @Test func provinceAndMunicipalityNamesCountAsProvinces() {
        let found = finder.locate(headline: nil, paragraphs: ["四川省、重庆市医疗保障局在四川广安召开座谈会。"])
        #expect(found.provinces == ["四川省", "重庆市"])
        #expect(found.places == ["广安市"])
    }

    @Test func jointRegionNameCountsForEachProvince() {
        let found = finder.locate(headline: "川渝签署医疗保障基金监管合作事项", paragraphs: ["会议在京召开。"])
        #expect(found.provinces == ["四川省", "重庆市"])
        #expect(found.places.isEmpty)
        let resolved = finder.locate(headline: nil, paragraphs: ["粤港澳大湾区建设中,开平、鹤山各展所长。"])
        #expect(resolved.places == ["开平市", "鹤山市"])
    }

    @Test func formerNameGivesTheCurrentOne() {
        let found = finder.locate(headline: nil, paragraphs: ["旬阳县新材料产业园项目顺利推进。"])
        #expect(found.provinces == ["陕西省"])
        #expect(found.places == ["旬阳市"])
    }

    @Test func sameNamedDistrictIsResolvedByThePrefectureNearby() {
        let nanjing = finder.locate(headline: nil, paragraphs: ["南京市鼓楼区开展消费者满意度测评。"])
        #expect(nanjing.provinces == ["江苏省"])
        #expect(nanjing.places == ["南京市", "鼓楼区"])
        let fuzhou = finder.locate(headline: "鼓楼区开展消费者满意度测评", paragraphs: ["福州消费者满意度持续提升。"])
        #expect(fuzhou.provinces == ["福建省"])
        #expect(fuzhou.places == ["鼓楼区", "福州市"])
    }

    @Test func sameNamedPlaceWithoutContextAddsNoProvince() {
        let found = finder.locate(headline: nil, paragraphs: ["鼓楼区召开座谈会。"])
        #expect(found.provinces.isEmpty)
        #expect(found.places == ["鼓楼区"])
        let short = finder.locate(headline: nil, paragraphs: ["开平今年GDP全力冲刺500亿元。"])
        #expect(short.provinces.isEmpty)
        #expect(short.places.isEmpty)
    }

    @Test func ambiguousShortFormIsResolvedByProvince() {
        let found = finder.locate(headline: nil, paragraphs: ["广东省内,开平、鹤山今年GDP全力冲刺500亿元。"])
        #expect(found.provinces == ["广东省"])
        #expect(found.places == ["开平市", "鹤山市"])
    }

    @Test(arguments: [
        "维护世界和平,共建美好家园。",          // 和平 (和平区) is a word
        "凝聚新乡贤力量促振兴。",               // 新乡 inside 新乡贤
        "推动健康县域经济发展。",               // 康县 inside 健康县域
        "隆重庆祝建党百年。",                  // 重庆 across 隆重 | 庆祝
        "确保社会长治久安。",                  // 长治 inside an idiom
        "城区和郊区的矿区都已整治。",            // generic district names
        "唱好“双城记” 建好“经济圈”",           // 双城 (双城区) inside 双城记
        "白云区政府有关负责人参会。",            // two 白云区, no context: no province
        "医保部门现场检查医保定点医药机构。",      // 保定 across 医保 | 定点
        "邀请武汉大学教授授课。",               // a university, not the city
        "门店位于南京路步行街。",               // a street named after a city
    ])
    func ordinaryWordsAreNotPlaces(text: String) {
        let found = finder.locate(headline: nil, paragraphs: [text])
        #expect(found.provinces.isEmpty, "\(found)")
        #expect(found.places.filter { $0 != "白云区" }.isEmpty, "\(found)")
    }

    @Test func passingMentionDoesNotMakeAProvince() {
        let body = Array(repeating: "李沧区持续深化东西部协作,青岛各界积极参与。", count: 6)
            + ["青岛鼎润茶文化有限公司联合福建天湖茶叶有限公司合作。"]
        let found = finder.locate(headline: "李沧区助力对口帮扶地区", paragraphs: body)
        #expect(found.provinces == ["山东省"])
        #expect(found.places == ["李沧区", "青岛市"])
    }

    @Test func headlineOutweighsBody() {
        let found = finder.locate(headline: "衡阳外经合作成绩不俗", paragraphs: ["支援株洲疫情防控工作,广州也派出队伍。"])
        #expect(found.provinces.first == "湖南省")
    }

    @Test func outputIsDeterministic() {
        let text = ["汉滨区、旬阳市、岚皋县、平利县、镇坪县、白河县和瀛湖生态旅游区等6个县(市、区)。",
                    "江门、广州、南京市鼓楼区、福州、四川广安、重庆市渝北区均有参与。"]
        let first = finder.locate(headline: "观摩督导", paragraphs: text)
        for _ in 0..<5 {
            let again = finder.locate(headline: "观摩督导", paragraphs: text)
            #expect(again.provinces == first.provinces)
            #expect(again.places == first.places)
        }
        #expect(first.places.prefix(6) == ["汉滨区", "旬阳市", "岚皋县", "平利县", "镇坪县", "白河县"])
    }

    @Test func emptyAndNonChineseInputFindNothing() {
        #expect(finder.locate(headline: nil, paragraphs: []) == ([], []))
        let found = finder.locate(headline: "", paragraphs: ["", "abc 123 ☃️ é", "\u{FFFD}\u{FFFD}"])
        #expect(found.provinces.isEmpty && found.places.isEmpty)
    }

    @Test func randomTextNeverTrapsAndOnlyYieldsKnownNames() {
        // Fragments of names, unit words, ASCII, emoji and combining marks, glued at random.
        let pieces = ["广", "安", "李沧", "区", "县", "市", "省", "鼓楼", "江门", "日报", "大学", "健康", "医保定",
                      "川渝", "a", "1", " ", "。", "\u{301}", "🇨🇳", "\u{FFFD}", "é", "\n", "四川", "重庆"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        let known = Set(Gazetteer.shared.divisions.map(\.name))
        for _ in 0..<300 {
            let paragraph = (0..<(next() % 40)).map { _ in pieces[next() % pieces.count] }.joined()
            let found = finder.locate(headline: nil, paragraphs: [paragraph])
            #expect(found.provinces.allSatisfy(known.contains))
            #expect(found.places.allSatisfy(known.contains))
            #expect(Set(found.places).count == found.places.count)
        }
    }

    @Test func gazetteerHasAllLevelsAndParents() {
        let divisions = Gazetteer.shared.divisions
        #expect(divisions.filter { $0.level == .province }.count == 34)
        #expect(divisions.count > 3000)
        let licang = divisions.first { $0.name == "李沧区" }
        #expect(licang.map { divisions[$0.prefecture].name } == "青岛市")
        #expect(licang.map { divisions[$0.province].name } == "山东省")
        let xiantao = divisions.first { $0.name == "仙桃市" }  // county-level, directly under the province
        #expect(xiantao.map { divisions[$0.province].name } == "湖北省")
    }
}
