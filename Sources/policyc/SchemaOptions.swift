import ArgumentParser
import Claims
import PolicyCompiler

/// `--schema FILE`: claim schemas read from files (the text form of `ClaimSchemaFile`) that
/// replace the built-in schema of the same kind, for checking policies against schemas this
/// build does not define yet.
struct SchemaOptions: ParsableArguments {
    @Option(
        name: .customLong("schema"),
        help: ArgumentHelp(
            "A claim schema file replacing the built-in schema of its kind (repeatable).",
            discussion:
                "Format: a schema's canonical description plus `alias ALIAS CANONICAL` lines; see Corpus/schemas/.",
            valueName: "file"))
    var files: [String] = []

    /// The built-in schemas with the files' schemas in place of theirs.
    func schemas() throws -> [String: ClaimSchema] {
        var all = ClaimSchema.all
        for path in files {
            guard let text = FileOutput.readText(path) else { throw ExitCode(ExitStatus.unreadable) }
            do {
                let schema = try ClaimSchemaFile.parse(text)
                all[schema.kind] = schema
            } catch {
                throw ValidationError("\(path): \(error)")
            }
        }
        return all
    }
}
