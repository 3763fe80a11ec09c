// RETURN and WITH bodies: items with their source text (unaliased items are named by it),
// DISTINCT and `*`, ORDER BY, SKIP, LIMIT, and the WHERE that may follow WITH.

public struct Projection: Sendable, Hashable {
    public var distinct: Bool
    /// `RETURN *` / `WITH *` (possibly followed by more items).
    public var includesExisting: Bool
    public var items: [ProjectionItem]
    public var orderBy: [SortItem]
    public var skip: Expression?
    public var limit: Expression?
}

public struct With: Sendable, Hashable {
    public var projection: Projection
    public var `where`: Expression?
}

public struct ProjectionItem: Sendable, Hashable {
    public var expression: Expression
    public var alias: Name?
    /// The expression's text exactly as written (the column name of an unaliased item).
    public var text: String
    /// Byte range of that text in the query, so a plan cache can tell whether a stripped
    /// literal lies inside an unaliased item (whose column name would then differ).
    public var range: SourceRange

    /// The column name: the alias, or the source text.
    public var columnName: String { alias?.text ?? text }

    public var position: SourcePosition { expression.position }
}

public struct SortItem: Sendable, Hashable {
    public var expression: Expression
    public var descending: Bool

    public var position: SourcePosition { expression.position }
}
