// SourcePosition: where a token or syntax node starts in the query text. Lines and columns are
// 1-based as Memgraph reports them ("Error on line L position C"); columns count Unicode
// scalars, the byte offset counts UTF-8 bytes from the start of the query.

public struct SourcePosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// 1-based line number (lines are separated by LF).
    public var line: Int32
    /// 1-based column in Unicode scalars (a tab counts as one).
    public var column: Int32
    /// 0-based UTF-8 byte offset from the start of the query.
    public var offset: Int32

    @inlinable
    public init(line: Int32, column: Int32, offset: Int32) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    public static let start = SourcePosition(line: 1, column: 1, offset: 0)

    public var description: String { "\(line):\(column)" }

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool { lhs.offset < rhs.offset }
}

/// A half-open range of UTF-8 byte offsets in the query text.
public struct SourceRange: Sendable, Hashable {
    public var start: Int32
    public var end: Int32

    @inlinable
    public init(start: Int32, end: Int32) {
        self.start = start
        self.end = end
    }

    @inlinable
    public func contains(_ offset: Int32) -> Bool { offset >= start && offset < end }
}
