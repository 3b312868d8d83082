import Testing
@testable import GazetteCore

@Suite struct LeadParserTests {
    private func scalars(_ s: String) -> [Unicode.Scalar] { Array(s.unicodeScalars) }

    @Test func fullWidthLeadWithNamesAndDate() throws {
        let text = scalars("本报讯（杨雪柔 记者 高明山）9月30日，记者从市委组织部获悉。")
        let lead = try #require(LeadParser.lead(text))
        #expect(lead.source == "本报")
        #expect(lead.credits.reporters == ["高明山"])
        #expect(lead.credits.correspondents == ["杨雪柔"])
        #expect(lead.dateline == "9月30日")
        #expect(Array(text[lead.bodyStart...]).string.hasPrefix("9月30日，"))
    }

    @Test func halfWidthLeadOfANamedPaper() throws {
        let lead = try #require(LeadParser.lead(scalars("江门日报讯(记者/陈敏锐)近日,江门市举行活动。")))
        #expect(lead.source == "江门日报")
        #expect(lead.credits.reporters == ["陈敏锐"])
        #expect(lead.dateline == nil)
    }

    @Test func datelineAfterAQuoteAndChineseNumerals() {
        #expect(LeadParser.lead(scalars("本报讯 “我们回来了!”8月16日上午,队员返衡。"))?.dateline == "8月16日")
        #expect(LeadParser.lead(scalars("本报讯 十月二日，全市召开会议。"))?.dateline == "十月二日")
    }

    @Test func notALead() {
        #expect(LeadParser.lead(scalars("据本报记者了解，全市通讯工作顺利。")) == nil)
        #expect(LeadParser.lead(scalars("讯息传来，大家很高兴。")) == nil)
    }

    @Test func continuationMarks() throws {
        let a = try #require(LeadParser.continuation(scalars("(上接一版)高新区聚焦主导产业")))
        #expect(a.from == "一版")
        let b = try #require(LeadParser.continuation(scalars("上接A01版")))
        #expect(b.from == "A01版")
        #expect(b.rest == 6)
        #expect(LeadParser.continuation(scalars("上接下来的工作")) == nil)
        #expect(LeadParser.strippingForwardMark(scalars("会议要求全面推进。(下转A02版)")).string == "会议要求全面推进。")
    }

    @Test func captionEndsWithPhotoCredit() throws {
        let c = try #require(LeadParser.caption(scalars("培训班日前在县委党校开班，学员参观教育基地。 董长松 摄")))
        #expect(c.photographers == ["董长松"])
        #expect(c.text.string == "培训班日前在县委党校开班，学员参观教育基地。")
        let d = try #require(LeadParser.caption(scalars("志愿者在社区清理垃圾。（本报记者 张三 李四 摄）")))
        #expect(d.photographers == ["张三", "李四"])
        #expect(LeadParser.caption(scalars("他说这张照片是去年拍摄")) == nil)
    }

    @Test func noticeMarks() {
        #expect(LeadParser.isNoticeMark(scalars("讲文明 树新风 公益广告")))
        #expect(LeadParser.isNoticeMark(scalars("遗失声明")))
        #expect(!LeadParser.isNoticeMark(scalars("市政府发布公告要求全市企业做好安全生产工作，确保平稳。")))
    }
}
