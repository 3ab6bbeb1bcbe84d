import PolicyCompiler
import Testing

@Suite("SourceLocation")
struct SourceLocationTests {
    @Test func printsAsFileLineColumnAndOrdersByPosition() {
        let a = SourceLocation(file: "prod.policy", line: 3, column: 14)
        let b = SourceLocation(file: "prod.policy", line: 10, column: 1)
        #expect(a.description == "prod.policy:3:14")
        #expect(a < b)
    }
}
