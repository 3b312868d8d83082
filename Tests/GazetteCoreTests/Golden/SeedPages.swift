/// The five seed pages as a reader splits them. See `ExpectedArticle` for how to maintain this.
enum SeedPages {
    static let all: [ExpectedPage] = [page000, page001, page002, page003, page004]

    /// Five pieces plus a lost-headline one; the lone `□本报记者 吴文俊` above the shrimp
    /// headline is a stray byline, not an article; the 质量月 report is printed six times.
    static let page000 = ExpectedPage(file: "000_5a39acd64ccc7684.txt", articles: [
        ExpectedArticle(
            kicker: "唱好“双城记” 建好“经济圈”", headline: "资源共享 守护医保基金安全",
            subtitle: "川渝签署医疗保障基金监管合作事项 正式启动联合检查",
            reporters: ["赵蝶"], source: "本报", paragraphs: 3,
            key: [
                Excerpt(0, "为深入践行党中央国务院", "联合检查启动会。"),
                Excerpt(1, "会议梳理总结了今年川渝两地推进战略合作", "启动2021年度医保基金川渝联合检查。"),
                Excerpt(2, "据悉，川渝两地签署医保战略合作协议以来", "有计划的良性进展状态。"),
            ],
            containsOnce: ["基金监管合作、建立川渝两地", "提升了两地医保服务共建共享"],
            minJoinedBreaks: 3),
        ExpectedArticle(
            headline: nil, reporters: ["高明山", "李鹏飞"], correspondents: ["杨雪柔"], source: "本报",
            dateline: "9月30日", paragraphs: 4,
            key: [
                Excerpt(0, "9月30日，记者从四川省广汉市委组织部获悉", "激发民营经济活力。"),
                Excerpt(-1, "传承“红色基因”，勇担社会责任。", "累计捐款捐物400余万元。"),
            ]),
        ExpectedArticle(
            headline: "30多元一斤！ 四川广安产基围虾上市了",
            reporters: ["沈仁平", "童杰"], correspondents: ["康建林"], photographers: ["康建林", "沈仁平", "童杰"],
            source: "本报", paragraphs: 8,
            key: [
                Excerpt(0, "9月25日，家住四川省华蓥市的唐少云", "唐少云说。"),
                Excerpt(4, "目前，公司已产出3000余斤基围虾，为了让广安基围虾尽快上市", "解决销路问题。"),
                Excerpt(-1, "“三年内建成白对虾基地一万亩", "带动当地群众增收。"),
            ],
            minJoinedBreaks: 1),
        ExpectedArticle(
            kind: .interview, headline: "发挥审计监督作用 助力“强省会”五年行动", subtitle: "——访贵阳市审计局副局长陈刚",
            reporters: ["吴文俊"], correspondents: ["吴印祥"], source: "本报", paragraphs: 8,
            key: [
                Excerpt(0, "审计是党和国家监督体系的重要组成部分", "审计移送处理事项29件。"),
                Excerpt(2, "问：贵阳市是如何加强党对审计工作的集中统一领导", "审计全过程各方面的？"),
                Excerpt(3, "答：对审计系统来说", "打通“最后一公里”。"),
                Excerpt(5, "答：一年来，全市审计机关牢牢把握经济监督这个定位", "审计建设性作用得到进一步发挥。"),
                Excerpt(-1, "答：要围绕中共贵阳市第十一届十一次全会精神", "人才保障和智力支撑。"),
            ],
            containsOnce: [
                "坚决做到党的政府的工作重点抓什么", "立足点，坚持用政治眼光", "约束有力的预算制度",
                "进一步加大审计监督力度", "对改革发展中出现的一些新情况新问题",
            ],
            minJoinedBreaks: 4, minDroppedDuplicates: 1),
        ExpectedArticle(
            kicker: "强化统筹协调 积极回应消费者关切", headline: "贵阳市市场监管系统全面提升消费者满意度工作调度会举行",
            reporters: ["吴文俊"], source: "本报", paragraphs: 5,
            key: [
                Excerpt(0, "近日，贵阳市市场监管局", "相关负责人参加会议。"),
                Excerpt(-1, "会议强调，贵阳市市场监管部门要进一步提高政治站位", "作出新的贡献。"),
            ]),
        ExpectedArticle(
            headline: nil, reporters: ["吴文俊"], source: "本报", paragraphs: 5,
            key: [
                Excerpt(0, "近日，贵阳市2021年全国“质量月”活动宣传", "观摩会举行。"),
                Excerpt(-1, "会议强调，质量是治国之要", "提供基础支撑。"),
            ],
            minDroppedDuplicates: 19, garbled: nil),
    ])

    /// The garbled first paragraph is kept; four subheads stay inside the first article.
    static let page001 = ExpectedPage(file: "001_eb8fb2ea7c3d4019.txt", articles: [
        ExpectedArticle(
            kicker: "顶格推动!", headline: "李沧区助力对口帮扶地区率先\"摘帽\"",
            reporters: ["黄元晖"], source: "青岛财经日报",
            subheads: ["坚持顶格推动 凝聚工作合力", "多方筹措资金 强化财力支持", "夯实人才引领 聚力汇智强协作", "同心携手帮扶 共筑美好生活"],
            paragraphs: 12,
            key: [
                Excerpt(0, "昨日,青岛市召开", "荣誉称号。"),
                Excerpt(1, "李沧区委、区政府始终把助力脱贫攻坚", "合力推动乡村振兴。"),
                Excerpt(2, "坚决落实乡村振兴资金保障责任", "驰援康县。"),
                Excerpt(-1, "2020年,李沧区帮扶陇南康县、菏泽单县", "作出新的贡献。"),
            ],
            containsOnce: [
                "作为母基金,成立李沧(康县/单县特困学生)教育基金", "15所学校、10家医疗机构",
                "邀请市畜牧兽医研究所专家到康县技术指导", "授人以渔",
            ],
            minJoinedBreaks: 2, minDroppedDuplicates: 1, garbled: true),
        ExpectedArticle(
            headline: "青岛上半年追回违规医保基金3577万元", reporters: ["封满楼"], source: "青岛财经日报", paragraphs: 6,
            key: [
                Excerpt(0, "医保基金是老百姓的\"救命钱\"", "移送(报案)1起。"),
                Excerpt(-1, "青岛市医保局通过服务对象", "提出的疑难问题。"),
            ]),
        ExpectedArticle(
            headline: "青岛市生态环境局市北分局 深化环评\"放管服\"改革推进项目建设落地",
            reporters: ["辛小丽"], source: "青岛财经日报", paragraphs: 5,
            key: [
                Excerpt(1, "今年以来,为进一步优化营商环境", "助推重大项目及时落地"),
                Excerpt(2, "环境影响评价是项目落地的必备环节", "各种应急处置预案等。"),
            ],
            containsOnce: ["危废品处理以及日常运营监管"], minJoinedBreaks: 1),
        ExpectedArticle(
            kind: .notice, headline: "讲文明 树新风 公益广告", paragraphs: 1,
            key: [Excerpt(0, "积极参与垃圾分类 共同呵护绿色家园", "共同呵护绿色家园")]),
    ])

    /// Seven 本报讯 items, a photo, and a continued piece; a duplicate paragraph and a
    /// truncated copy of that piece stand after the seventh item and are dropped there.
    static let page002 = ExpectedPage(file: "002_d55adda2c18c22b8.txt", articles: [
        ExpectedArticle(
            headline: "汉滨推进国家组织药品及医用耗材集中带量采购", correspondents: ["王波", "汪华丽"], source: "本报",
            paragraphs: 4, key: [Excerpt(0, "今年以来,汉滨区医保局", "取得实效。")]),
        ExpectedArticle(
            headline: "中秋国庆假期全市安全形势总体平稳", correspondents: ["黄余余"], source: "本报", paragraphs: 4,
            key: [Excerpt(0, "连日来,我市强化安排部署", "全市安全形势总体平稳。")],
            containsOnce: ["网红打卡景点等部位", "业务能力强、熟悉突发事件"], minJoinedBreaks: 2),
        ExpectedArticle(
            headline: "汉阴凝聚新乡贤力量促振兴", correspondents: ["吴登清"], source: "本报", paragraphs: 4,
            containsOnce: ["服务中心1个"], minJoinedBreaks: 1),
        ExpectedArticle(
            kicker: "全力干好“三个年” 奋力开创新局面", headline: "紫阳精准服务保障企业用工稳产",
            correspondents: ["欧绪珍"], source: "本报", paragraphs: 6,
            key: [Excerpt(0, "“幸好社区工作人员上门介绍工作", "开心地说。")]),
        ExpectedArticle(
            headline: "宁陕县人大助力营商环境持续优化", correspondents: ["王家贵"], source: "本报", paragraphs: 5,
            containsOnce: ["薛家榜小区居民停车难问题"], minJoinedBreaks: 1),
        ExpectedArticle(
            headline: "平利县委编办多措并举助力城市基层党建提质增效", correspondents: ["刘英明", "魏娜"], source: "本报",
            paragraphs: 4, containsOnce: ["社区工作指导中心专司社区建设"], minJoinedBreaks: 1),
        ExpectedArticle(
            headline: "镇坪财政局“双监控”强化预算绩效管理", correspondents: ["王晓茜"], source: "本报", paragraphs: 4,
            key: [Excerpt(-1, "聚焦关键,确保绩效监控跟踪有效。", "预算绩效管理工作水平。")],
            containsOnce: ["结果运用、及时纠偏"], minJoinedBreaks: 1, minDroppedDuplicates: 2),
        ExpectedArticle(
            kind: .photo, headline: nil, photographers: ["董长松"], paragraphs: 1,
            key: [Excerpt(0, "石泉县2023年中青年干部培训班日前在县委党校开班。", "筑牢信仰之基。")]),
        ExpectedArticle(
            headline: "竭力跑出高质量发展“加速度”", continuedFrom: "一版", paragraphs: 5,
            key: [
                Excerpt(0, "高新区聚焦主导产业", "还需强化的问题。"),
                Excerpt(1, "东片区观摩督导组对旬阳市", "重点产业链。"),
                Excerpt(2, "纵观东片区项目,一方面项目进展取得新成效。", "取得一定成效。"),
                Excerpt(-1, "保持定力、集中精力、凝聚合力", "发展“加速度”。"),
            ],
            containsOnce: ["瀛湖生态旅游区全要素保障"], minJoinedBreaks: 1),
    ])

    /// Two subheaded features, two 江门日报讯 items, a continuation without headline, and a
    /// public-service notice; a caption sits between the halves of a cut sentence.
    static let page003 = ExpectedPage(file: "003_b8c0f3f0eef71bca.txt", articles: [
        ExpectedArticle(
            headline: "实施创先、进位、消薄行动 各县(市、区)在不同赛道赛龙夺锦",
            reporters: ["陈敏锐"], source: "江门日报", subheads: ["“一县一策”差异化发展", "增强县域发展内生动力"],
            paragraphs: 22,
            key: [
                Excerpt(0, "2月27日,《中共广东省委", "在不同赛道上争先位。"),
                Excerpt(-1, "市发展改革局相关负责人介绍", "提升县城综合承载能力。"),
            ],
            containsOnce: ["建设宜居宜业宜游的现代活力新城", "江门将继续推动三组结对县"], minJoinedBreaks: 2),
        ExpectedArticle(
            headline: "“学习进行时”微课堂开课 品味诗词中的人文精神 与中国式现代化",
            reporters: ["黎禹君"], correspondents: ["聂继业", "钟颖杰"], source: "江门日报", dateline: "5月24日",
            paragraphs: 4, key: [Excerpt(0, "5月24日,由市委宣传部、市文明办主办", "人文精神与中国式现代化。")]),
        ExpectedArticle(
            headline: "我市启动化妆品安全 科普宣传周活动 让安全用妆知识 “飞入寻常百姓家”",
            reporters: ["陈敏锐"], source: "江门日报", paragraphs: 3,
            key: [Excerpt(0, "近日,江门市2023年化妆品安全科普宣传周启动仪式", "化妆品安全社会共治。")]),
        ExpectedArticle(
            kind: .fragment, headline: nil, continuedFrom: "A01版", paragraphs: 3,
            key: [
                Excerpt(0, "据了解,学习贯彻习近平新时代中国特色社会主义思想主题教育", "出口到香港市场。"),
                Excerpt(-1, "在江门海关的护航下", "超过2亿元。"),
            ]),
        ExpectedArticle(
            headline: "我市医保部门打好医保基金监管工作“组合拳” 守好人民群众“看病钱”",
            reporters: ["朱磊磊"], correspondents: ["林冬梅"], photographers: ["朱磊磊", "林冬梅"], source: "江门日报",
            subheads: ["以培训提升业务水平", "线上线下发力做好宣传", "保持严厉打击欺诈骗保高压态势"],
            paragraphs: 15,
            key: [
                Excerpt(0, "医保基金关乎每一位市民切身利益", "守好人民群众“看病钱”。"),
                Excerpt(4, "市医保局蓬江分局的培训围绕医保政策法规", "语言生动有趣……"),
                Excerpt(5, "市医保局江海分局在江海万达广场举办主题宣传活动", "遇到的问题和困惑。"),
                Excerpt(-1, "“下一步,市医保局将结合医保基金监管年专项整治工作", "守好人民群众“看病钱”。"),
            ],
            containsOnce: ["集中带量采购、飞行检查"], minJoinedBreaks: 1),
        ExpectedArticle(
            kind: .notice, headline: "讲文明 树新风 公益广告", paragraphs: 6,
            key: [
                Excerpt(0, "天育物有时 地生财有限", "地生财有限"),
                Excerpt(-1, "中共江门市委宣传部 江门日报社", "江门日报社"),
            ]),
    ])

    /// Markdown-headed page: `##` kicker, `#` headline, a subtitle line; a spaced-out name
    /// (`陈 润`) and role (`通 讯 员`).
    static let page004 = ExpectedPage(file: "004_895ac4d94b7de334.txt", articles: [
        ExpectedArticle(
            kicker: "市委审计委员会举行第四次会议", headline: "以强有力的审计监督 推动衡阳在高质量发展上奋勇争先",
            subtitle: "秦国文主持 朱健出席", reporters: ["陈润"], source: "本报", dateline: "8月16日", paragraphs: 6,
            key: [
                Excerpt(0, "8月16日,市委审计委员会举行第四次会议", "市委审计委员会副主任朱健出席。"),
                Excerpt(2, "会议充分肯定了全市审计工作。", "审计监督就跟进到哪里。"),
                Excerpt(-1, "市领导毛朝晖、刘正兴、伍清明出席。", "伍清明出席。"),
            ],
            minJoinedBreaks: 2),
        ExpectedArticle(
            headline: "以更加精准化精细化的举措 慎终如始抓好常态化疫情防控",
            subtitle: "朱健主持召开全市新冠肺炎疫情防控工作视频会议",
            reporters: ["罗文鹏"], source: "本报", dateline: "8月16日", paragraphs: 6,
            key: [
                Excerpt(0, "8月16日下午,市委副书记、市长朱健主持召开", "来之不易的疫情防控成果。"),
                Excerpt(2, "朱健充分肯定全市本轮疫情防控取得的阶段性成效。", "切实防范疫情输入传播风险。"),
                Excerpt(-1, "副市长杨洪峰参加会议。", "参加会议。"),
            ],
            containsOnce: ["核酸检测等疫情防控前线的力量"], minJoinedBreaks: 2),
        ExpectedArticle(
            headline: "我市外经合作 成绩不俗",
            subtitle: "今年已完成对外承包工程营业额821.15万美元,完成中方合同投资额800万美元",
            reporters: ["向吟吟"], correspondents: ["刘海华"], source: "本报", dateline: "8月16日", paragraphs: 4,
            key: [Excerpt(0, "8月16日,记者从市商粮局获悉", "入围省重点培育项目。")]),
        ExpectedArticle(
            headline: "15名援株洲流调工作队队员平安返衡", reporters: ["朱桂林"], source: "本报", dateline: "8月16日",
            paragraphs: 4,
            key: [
                Excerpt(0, "“我们回来了!”8月16日上午", "队员平安返衡。"),
                Excerpt(-1, "疫情就是命令,防控就是责任。", "保驾护航。"),
            ],
            containsOnce: ["由衡阳市疾控中心李解生带队,星夜驰援株洲", "排查次密接触者1928人。"], minJoinedBreaks: 2),
    ])
}
