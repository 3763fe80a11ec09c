// Names in the syntax tree: a symbolic name as written (variable, alias, label, relationship
// type, property key, procedure) with its position, and label references, which Memgraph lets
// be static names, parameters (`:$label`) or expressions (`SET n:row.label`).

public struct Name: Sendable, Hashable {
    /// The name with backticks removed and doubled backticks halved; keywords keep their case.
    public var text: String
    public var position: SourcePosition

    public init(_ text: String, at position: SourcePosition) {
        self.text = text
        self.position = position
    }
}

/// One label or relationship type in a pattern, SET or REMOVE item.
public enum LabelRef: Sendable, Hashable {
    case name(Name)
    /// `:$param`: the parameter holds a label name or a list of them.
    case parameter(Name)
    /// `SET n:row.label`: a label computed per row (Memgraph's dynamic labels).
    indirect case expression(Expression)

    public var position: SourcePosition {
        switch self {
        case .name(let name), .parameter(let name): name.position
        case .expression(let expression): expression.position
        }
    }

    /// The static name, when this reference is one.
    public var staticName: String? {
        if case .name(let name) = self { return name.text }
        return nil
    }
}

/// Labels on a node pattern or in a label predicate: every term must hold (`:A:B`), and a
/// term holds when any of its alternatives does (`:A|B`). `:A|B:C` is `[[A, B], [C]]`.
public struct LabelExpression: Sendable, Hashable {
    public var terms: [[LabelRef]]

    public init(terms: [[LabelRef]] = []) {
        self.terms = terms
    }

    public var isEmpty: Bool { terms.isEmpty }

    /// The labels when the expression is a plain conjunction of static names (`:A:B`).
    public var conjunctionOfNames: [String]? {
        var names: [String] = []
        for term in terms {
            guard term.count == 1, let name = term[0].staticName else { return nil }
            names.append(name)
        }
        return names
    }
}
