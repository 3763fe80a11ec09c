// Expression: one node of an expression tree, its kind and where it starts. Operators follow
// openCypher precedence as the parser builds them; a chain `a < b <= c` stays one node so
// the shared operand is evaluated once. Parts with several fields live in ExpressionParts.swift.

public struct Expression: Sendable, Hashable {
    public var kind: Kind
    public var position: SourcePosition

    public init(_ kind: Kind, at position: SourcePosition) {
        self.kind = kind
        self.position = position
    }

    public enum Kind: Sendable, Hashable {
        case null
        case boolean(Bool)
        case integer(Int64)
        case float(Double)
        case string(String)
        /// `$name` or `$0` (named "0").
        case parameter(String)
        case variable(String)
        case list([Expression])
        case map([MapEntry])
        /// `Enum::Value`.
        indirect case enumValue(type: String, value: String)

        indirect case property(Expression, Name)
        indirect case index(Expression, Expression)
        indirect case slice(Expression, from: Expression?, to: Expression?)
        /// `n:A:B` or `n:A|B`.
        indirect case hasLabels(Expression, LabelExpression)

        /// `a AND b AND …`, `a OR b OR …`, `a XOR b XOR …`: two or more operands, kept flat so
        /// that long generated chains stay shallow and conjunctions split without rewriting.
        case and([Expression])
        case or([Expression])
        case xor([Expression])
        indirect case unary(UnaryOperator, Expression)
        /// Arithmetic, comparison (one operator) and string/list predicates.
        indirect case binary(BinaryOperator, Expression, Expression)
        /// Two or more chained comparisons: `operands.count == operators.count + 1`, meaning
        /// `operands[0] op[0] operands[1] AND operands[1] op[1] operands[2] …`.
        indirect case comparisonChain(operands: [Expression], operators: [BinaryOperator])
        indirect case isNull(Expression, negated: Bool)

        indirect case caseExpression(CaseExpression)
        indirect case functionCall(FunctionCall)
        /// `count(*)`.
        case countStar
        /// `[x IN list WHERE p | e]`, and the legacy `filter(…)` and `extract(…)` forms.
        indirect case listComprehension(ListComprehension)
        /// `[p = (a)-->(b) WHERE … | e]`.
        indirect case patternComprehension(PatternComprehension)
        /// `n {.a, .*, k: e, v}`.
        indirect case mapProjection(MapProjection)
        /// `reduce(acc = init, x IN list | e)`.
        indirect case reduce(Reduce)
        /// `all/any/none/single(x IN list WHERE p)`.
        indirect case quantifier(Quantifier)
        /// `EXISTS { … }` and `exists((a)-->(b))`.
        indirect case exists(SubqueryBody)
        /// `COUNT { … }`.
        indirect case countSubquery(SubqueryBody)
        /// A bare relationship pattern used as a predicate: `WHERE (a)-->(b)`.
        indirect case patternPredicate(PatternElement)
    }

    /// True for null, boolean, number and string literals.
    public var isLiteral: Bool {
        switch kind {
        case .null, .boolean, .integer, .float, .string: true
        default: false
        }
    }
}

public enum UnaryOperator: String, Sendable, Hashable {
    case not = "NOT"
    case minus = "-"
    case plus = "+"
}

public enum BinaryOperator: String, Sendable, Hashable {
    case equal = "="
    case notEqual = "<>"
    case less = "<"
    case greater = ">"
    case lessEqual = "<="
    case greaterEqual = ">="
    case regexMatch = "=~"
    case `in` = "IN"
    case startsWith = "STARTS WITH"
    case endsWith = "ENDS WITH"
    case contains = "CONTAINS"
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case modulo = "%"
    case power = "^"

    public var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .greater, .lessEqual, .greaterEqual: true
        default: false
        }
    }
}
