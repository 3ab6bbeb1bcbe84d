/// A range of a policy source: where a token, an expression or a declaration starts and the
/// position just after it ends. Lines and columns are 1-based; columns count Unicode scalars.
public struct SourceSpan: Hashable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int
    public let endLine: Int
    public let endColumn: Int

    public init(file: String, line: Int, column: Int, endLine: Int, endColumn: Int) {
        self.file = file
        self.line = line
        self.column = column
        self.endLine = endLine
        self.endColumn = endColumn
    }

    /// The first character's location.
    public var start: SourceLocation { SourceLocation(file: file, line: line, column: column) }

    /// The span from the start of `self` to the end of `other`.
    public func through(_ other: SourceSpan) -> SourceSpan {
        SourceSpan(file: file, line: line, column: column, endLine: other.endLine, endColumn: other.endColumn)
    }

    public var description: String { start.description }
}
