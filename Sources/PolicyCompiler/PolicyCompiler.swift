import Claims
import PolicyBytecode

/// The policy compiler: source text in, diagnostics and `.apb` bytecode out
/// (POLICY-LANGUAGE.md, "Compilation contract").
///
/// ```swift
/// let result = PolicyCompiler.compile(source: text, file: "prod.policy")
/// print(DiagnosticRenderer.text(result.diagnostics, source: text))
/// if let bytes = result.bytecode { try write(bytes, to: "prod.apb") }
/// ```
///
/// Passes, one file each: ``Lexer`` → ``Parser`` (error recovery: every broken declaration is
/// reported) → `Resolver` (declarations, schemas) → `TypeChecker` (names, claim paths, types) →
/// `Lowering` (IR) → `Optimizer` (folding, set hashing, ordering, dead lets) → `RuleAnalysis`
/// (never-true `allow`, shadowing `deny`, unused checks) → `CodeGenerator` → ``BytecodeWriter``.
public enum PolicyCompiler {
    /// Compiler settings.
    public struct Options: Sendable {
        /// Run the optimizer (constant folding always runs on consts and set elements).
        public var optimize: Bool
        /// Write the debug section (spans, explanation sites, the source text).
        public var debugInfo: Bool

        public init(optimize: Bool = true, debugInfo: Bool = true) {
            self.optimize = optimize
            self.debugInfo = debugInfo
        }
    }

    /// What a compilation produced.
    public struct Result: Sendable {
        /// Every error and warning, in source order.
        public let diagnostics: [Diagnostic]
        /// The compiled module; `nil` when there are errors.
        public let module: BytecodeModule?
        /// The `.apb` bytes of ``module``.
        public var bytecode: [UInt8]? { module.map(BytecodeWriter.encode) }
        public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    }

    /// Compiles `source` against `schemas` (by kind; default: every schema this build knows).
    public static func compile(
        source: String, file: String, schemas: [String: ClaimSchema] = ClaimSchema.all, options: Options = Options()
    ) -> Result {
        let front = analyze(source: source, file: file, schemas: schemas)
        guard let program = front.program, !front.diagnostics.contains(where: { $0.severity == .error }) else {
            return Result(diagnostics: front.diagnostics, module: nil)
        }
        var diagnostics = front.diagnostics
        var final = program
        if options.optimize {
            final = Optimizer.optimize(program).0
        } else {
            var folder = ConstantFolder()
            final.apply { folder.fold($0) }
        }
        switch CodeGenerator.generate(final, decisive: front.decisive, debugInfo: options.debugInfo) {
        case .success(let module):
            return Result(diagnostics: diagnostics, module: module)
        case .failure(let failure):
            diagnostics.append(Diagnostic(.error, .limitExceeded, failure.span, failure.message))
            return Result(diagnostics: diagnostics.sorted(by: Diagnostic.precedes), module: nil)
        }
    }

    /// Every diagnostic of `source` without generating code (`policyc check`).
    public static func check(source: String, file: String, schemas: [String: ClaimSchema] = ClaimSchema.all)
        -> [Diagnostic]
    {
        analyze(source: source, file: file, schemas: schemas).diagnostics
    }

    /// The front end and analyses: diagnostics, the unoptimized IR (when it type-checks) and
    /// the decisive checks.
    static func analyze(source: String, file: String, schemas: [String: ClaimSchema])
        -> (diagnostics: [Diagnostic], program: IRProgram?, decisive: Set<Int>)
    {
        let parsed = Parser.parse(source, file: file)
        var diagnostics = parsed.diagnostics
        let (table, resolveDiagnostics) = Resolver.resolve(parsed.syntax, schemas: schemas)
        diagnostics += resolveDiagnostics
        let (typed, typeDiagnostics) = TypeChecker.check(table)
        diagnostics += typeDiagnostics
        var program: IRProgram?
        var decisive = Set<Int>()
        if !diagnostics.contains(where: { $0.severity == .error }) {
            let (lowered, lowerDiagnostics) = Lowering.lower(typed, file: file, source: source)
            diagnostics += lowerDiagnostics
            var folded = lowered
            var folder = ConstantFolder()
            LetInlining.run(&folded, folder: &folder)
            diagnostics += folder.diagnostics
            let (decisiveChecks, ruleDiagnostics) = RuleAnalysis.analyze(folded, typed: typed)
            diagnostics += ruleDiagnostics
            decisive = decisiveChecks
            program = lowered
        }
        var seen = Set<String>()
        let unique = diagnostics.filter { seen.insert("\($0.span.line):\($0.span.column):\($0.message)").inserted }
        return (unique.sorted(by: Diagnostic.precedes), program, decisive)
    }
}
