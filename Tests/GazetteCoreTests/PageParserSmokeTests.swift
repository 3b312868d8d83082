import Testing
@testable import GazetteCore

@Suite struct PageParserSmokeTests {
    @Test func emptyInputIsAnError() {
        #expect(throws: PageError.empty) { try PageParser.parse([]) }
    }
}
