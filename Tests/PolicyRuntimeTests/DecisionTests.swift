import PolicyRuntime
import Testing

@Suite("Decision")
struct DecisionTests {
    @Test func exitCodesAreTheDocumentedOnes() {
        #expect(Decision.allow.exitCode == 0)
        #expect(Decision.deny.exitCode == 1)
        #expect(Decision.error.exitCode == 2)
    }
}
