import PolicyBytecode
import TestSupport
import Testing

@testable import PolicyCompiler

/// The shape the runtime's verifier relies on (`Grammar/BYTECODE.md`, "Verification").
@Suite("Code generation")
struct CodeGeneratorTests {
    static func modules() throws -> [BytecodeModule] {
        try (PolicyFixtures.corpusPolicies.map(PolicyFixtures.text) + OptimizerEquivalenceTests.targeted).flatMap {
            [PolicyFixtures.compile($0).module, PolicyFixtures.compile($0, optimize: false).module].compactMap { $0 }
        }
    }

    @Test func jumpsGoForwardAndLoopsArePairedAndNested() throws {
        for module in try Self.modules() {
            var open: [(begin: Int, next: Int, iterator: UInt16)] = []
            for (pc, instruction) in module.code.enumerated() {
                while let last = open.last, pc > last.next { open.removeLast() }
                switch instruction.opcode {
                case .jump, .jumpIfFalse, .jumpIfTrue, .jumpIfNotTrue:
                    let target = try #require(instruction.target(at: pc))
                    #expect(target > pc && target <= module.code.count)
                    // A jump out of a loop body goes to or past the loop's end, never into another body.
                    if let loop = open.last, target > loop.next { #expect(target >= loop.next + 1) }
                case .iterBegin:
                    let next = try #require(instruction.target(at: pc))
                    #expect(next < module.code.count)
                    let pair = module.code[next]
                    #expect(pair.opcode == .iterNext && pair.a == instruction.a && pair.c == instruction.c)
                    #expect(pair.target(at: next) == pc + 1)
                    if let outer = open.last { #expect(next < outer.next) }
                    open.append((pc, next, instruction.a))
                case .iterNext:
                    #expect(open.last?.next == pc)
                default: break
                }
            }
        }
    }

    @Test func operandsAreInRangeAndTypedRegistersMatch() throws {
        for module in try Self.modules() {
            for instruction in module.code {
                let layout = instruction.opcode.layout
                for (field, value) in [(layout.a, instruction.a), (layout.b, instruction.b), (layout.c, instruction.c)]
                {
                    switch field {
                    case .destination, .source, .readWrite: #expect(Int(value) < module.registers.count)
                    case .index(.constant): #expect(Int(value) < module.constants.count)
                    case .index(.set): #expect(Int(value) < module.sets.count)
                    case .index(.param): #expect(Int(value) < module.params.count)
                    case .index(.check): #expect(Int(value) < module.checks.count)
                    case .index(.rule): #expect(Int(value) < module.rules.count)
                    case .index(.trust): #expect(Int(value) < module.trusts.count)
                    case .index(.regex): #expect(Int(value) < module.regexes.count)
                    default: break
                    }
                }
                switch instruction.opcode {
                case .eq, .ne, .lt, .le, .gt, .ge:
                    #expect(module.registers[Int(instruction.a)] == .bool)
                    #expect(module.registers[Int(instruction.b)].kind.rawValue == instruction.x)
                    #expect(module.registers[Int(instruction.c)].kind.rawValue == instruction.x)
                case .check, .rule, .not, .and, .or: #expect(module.registers[Int(instruction.a)] == .bool)
                case .iterBegin, .iterNext:
                    #expect([.iterator, .arrayIterator].contains(module.registers[Int(instruction.a)].kind))
                default: break
                }
            }
            #expect(module.debug?.lineTable.count == module.code.count)
            // Each check's code ends with its `check` instruction.
            for (i, check) in module.checks.enumerated() {
                let last = module.code[Int(check.codeEnd) - 1]
                #expect(last.opcode == .check && Int(last.b) == i)
            }
        }
    }

    @Test func comparisonsCarryExplanationSites() throws {
        let source = try PolicyFixtures.text(CorpusFile.url("policies/contract-example.policy"))
        let module = try #require(PolicyFixtures.compile(source).module)
        let sites = try #require(module.debug?.sites)
        let floor = try #require(sites.first { $0.text == "tdx.tee_tcb_svn >= min_tee_tcb" })
        #expect(module.code[Int(floor.instruction)].opcode == .ge)
        #expect(floor.actual == .left)
        #expect(module.checks[Int(floor.check)].name == "tcb_floor")
        #expect(
            sites.contains {
                $0.text == "tdx.mrtd in allowed_mrtd" && module.code[Int($0.instruction)].opcode == .inParam
            })
    }

    @Test func deeplyNestedQuantifiersCompileWithoutOverflowingTheCostEstimate() throws {
        var body = "e24.mr == 1"
        for depth in stride(from: 24, through: 0, by: -1) {
            body = "any e\(depth) in tdx.events: " + (depth == 24 ? body : "(\(body))")
        }
        let result = PolicyFixtures.compile(PolicyFixtures.tdx("check deep \"m\": \(body)\nallow if deep"))
        #expect(result.module?.code.filter { $0.opcode == .iterBegin }.count == 25)
    }

    @Test func withoutDebugInfoThereIsNoDebugSection() throws {
        let source = try PolicyFixtures.text(CorpusFile.url("policies/snp-production.policy"))
        let result = PolicyCompiler.compile(
            source: source, file: "snp.policy", schemas: PolicyFixtures.schemas(for: source),
            options: .init(debugInfo: false))
        let module = try #require(result.module)
        #expect(module.debug == nil)
        #expect(try BytecodeReader.read(BytecodeWriter.encode(module)) == module)
    }
}
