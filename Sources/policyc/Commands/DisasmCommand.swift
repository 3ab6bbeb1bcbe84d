import ArgumentParser
import Claims
import PolicyBytecode

struct DisasmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disasm",
        abstract: "Print a readable listing of a bytecode file.",
        discussion: """
            Prints the header (policy name and version, source digest, inputs with their claim \
            schema versions), the tables (params, constants, sets, regexes, checks, rules, trust \
            entries, typed registers) and every instruction with decoded operands, under the \
            source line it came from. A file that does not parse as bytecode exits with 4.

            Example:
              policyc disasm prod.apb | less
            """)

    @Argument(help: "Bytecode file (.apb).")
    var bytecode: String

    func run() throws {
        let bytes: [UInt8]
        do {
            bytes = try FileOutput.read(bytecode)
        } catch {
            printError("policyc: cannot read \(bytecode): \(error.localizedDescription)")
            throw ExitCode(ExitStatus.unreadable)
        }
        let module: BytecodeModule
        do {
            module = try BytecodeReader.read(bytes)
        } catch {
            printError("policyc: \(bytecode): \(error)")
            throw ExitCode(ExitStatus.parse)
        }
        let schemas: [ClaimSchema?] = module.inputs.map { input in
            ClaimSchema.named(input.kind).flatMap { $0.fingerprint == input.schemaFingerprint ? $0 : nil }
        }
        print(
            Disassembler.listing(module) { input, slot in
                guard input < schemas.count, let schema = schemas[input] else { return nil }
                return schema.descriptor(ClaimSlot(UInt16(truncatingIfNeeded: slot)))?.path
            }, terminator: "")
    }
}
