// Expressions by precedence climbing, lowest to highest: OR, XOR, AND, NOT, comparisons
// (chainable), string/list/null predicates (=~ IN STARTS WITH ENDS WITH CONTAINS IS [NOT]
// NULL), + -, * / %, ^ (left-associative), unary + -, then postfix property lookup, indexing,
// slicing and label predicates. Chains loop instead of recursing; each result carries its
// tree height so that no operator chain builds a tree deeper than `expressionHeightMax`.

import QuiverCore

/// An expression under construction and the height of its tree.
struct Operand {
    var expression: Expression
    var height: Int
}

enum Precedence {
    static let or = 1
    static let xor = 2
    static let and = 3
    static let not = 4
    static let comparison = 5
    static let predicate = 6
    static let additive = 7
    static let multiplicative = 8
    static let power = 9
}

extension Parser {
    mutating func parseExpression() throws(QuiverError) -> Expression {
        try enterNesting()
        let operand = try parseBinary(minimum: Precedence.or)
        leaveNesting()
        heightWatermark = max(heightWatermark, operand.height)
        return operand.expression
    }

    /// The precedence of the binary operator at the cursor, or 0 when there is none.
    func binaryPrecedence() -> Int {
        let token = current
        switch token.kind {
        case .word:
            switch token.keyword {
            case .or: return Precedence.or
            case .xor: return Precedence.xor
            case .and: return Precedence.and
            case .in, .contains: return Precedence.predicate
            case .starts, .ends: return peek().isKeyword(.with) ? Precedence.predicate : 0
            case .is: return peek().isKeyword(.null) || peek().isKeyword(.not) ? Precedence.predicate : 0
            default: return 0
            }
        case .equal, .notEqual, .bangEqual, .less, .greater, .lessEqual, .greaterEqual: return Precedence.comparison
        case .regexMatch: return Precedence.predicate
        case .plus, .minus: return Precedence.additive
        case .star, .slash, .percent: return Precedence.multiplicative
        case .caret: return Precedence.power
        default: return 0
        }
    }

    mutating func parseBinary(minimum: Int) throws(QuiverError) -> Operand {
        var left: Operand
        if minimum <= Precedence.not && checkKeyword(.not) {
            left = try parseNot()
        } else {
            left = try parseUnary()
        }
        while true {
            let precedence = binaryPrecedence()
            guard precedence > 0 && precedence >= minimum else { return left }
            switch precedence {
            case Precedence.or, Precedence.xor, Precedence.and:
                left = try parseLogicalChain(left, precedence: precedence)
            case Precedence.comparison:
                left = try parseComparisonChain(left)
            case Precedence.predicate:
                left = try parsePredicate(left)
            default:
                let token = advance()
                let right = try parseBinary(minimum: precedence + 1)
                left = try combine(arithmeticOperator(token.kind), left, right, at: token)
            }
        }
    }

    private func arithmeticOperator(_ kind: TokenKind) -> BinaryOperator {
        switch kind {
        case .plus: .add
        case .minus: .subtract
        case .star: .multiply
        case .slash: .divide
        case .percent: .modulo
        default: .power
        }
    }

    private func combine(_ op: BinaryOperator, _ left: Operand, _ right: Operand, at token: Token) throws(QuiverError) -> Operand {
        let height = max(left.height, right.height) + 1
        try checkHeight(height, at: token)
        return Operand(expression: Expression(.binary(op, left.expression, right.expression), at: left.expression.position),
                       height: height)
    }

    /// `NOT NOT … comparison`: every NOT applies to what follows up to the next AND/XOR/OR.
    private mutating func parseNot() throws(QuiverError) -> Operand {
        var positions: [SourcePosition] = []
        while checkKeyword(.not) {
            let token = advance()
            positions.append(token.position)
            try checkHeight(positions.count, at: token)
        }
        var operand = try parseBinary(minimum: Precedence.comparison)
        for position in positions.reversed() {
            operand.expression = Expression(.unary(.not, operand.expression), at: position)
        }
        operand.height += positions.count
        try checkHeight(operand.height, at: token(at: index - 1))
        return operand
    }

    /// `a OR b OR …` (likewise XOR, AND) as one flat node.
    private mutating func parseLogicalChain(_ first: Operand, precedence: Int) throws(QuiverError) -> Operand {
        var operands = [first.expression]
        var height = first.height
        while binaryPrecedence() == precedence {
            advance()
            let right = try parseBinary(minimum: precedence + 1)
            operands.append(right.expression)
            height = max(height, right.height)
        }
        let kind: Expression.Kind = switch precedence {
        case Precedence.or: .or(operands)
        case Precedence.xor: .xor(operands)
        default: .and(operands)
        }
        return Operand(expression: Expression(kind, at: first.expression.position), height: height + 1)
    }

    private mutating func parseComparisonChain(_ first: Operand) throws(QuiverError) -> Operand {
        var operands = [first.expression]
        var operators: [BinaryOperator] = []
        var height = first.height
        while binaryPrecedence() == Precedence.comparison {
            let token = advance()
            operators.append(comparisonOperator(token.kind))
            let right = try parseBinary(minimum: Precedence.comparison + 1)
            operands.append(right.expression)
            height = max(height, right.height)
        }
        let position = first.expression.position
        let expression = operators.count == 1
            ? Expression(.binary(operators[0], operands[0], operands[1]), at: position)
            : Expression(.comparisonChain(operands: operands, operators: operators), at: position)
        return Operand(expression: expression, height: height + 1)
    }

    private func comparisonOperator(_ kind: TokenKind) -> BinaryOperator {
        switch kind {
        case .equal: .equal
        case .notEqual, .bangEqual: .notEqual
        case .less: .less
        case .greater: .greater
        case .lessEqual: .lessEqual
        default: .greaterEqual
        }
    }

    /// One string, list or null predicate applied to `left`.
    private mutating func parsePredicate(_ left: Operand) throws(QuiverError) -> Operand {
        let token = advance()
        let op: BinaryOperator
        switch token.kind {
        case .regexMatch:
            op = .regexMatch
        default:
            switch token.keyword {
            case .is:
                let negated = acceptKeyword(.not)
                try expectKeyword(.null)
                let height = left.height + 1
                try checkHeight(height, at: token)
                return Operand(expression: Expression(.isNull(left.expression, negated: negated), at: left.expression.position),
                               height: height)
            case .in: op = .in
            case .contains: op = .contains
            case .starts:
                advance()
                op = .startsWith
            default:
                advance()
                op = .endsWith
            }
        }
        let right = try parseBinary(minimum: Precedence.additive)
        return try combine(op, left, right, at: token)
    }

    // MARK: Unary and postfix

    mutating func parseUnary() throws(QuiverError) -> Operand {
        guard check(.minus) || check(.plus) else { return try parsePostfix(allowLabels: true) }
        var signs: [Token] = []
        while check(.minus) || check(.plus) {
            signs.append(advance())
            try checkHeight(signs.count, at: signs[signs.count - 1])
        }
        var operand: Operand
        if signs[signs.count - 1].kind == .minus && check(.integer)
            && NumberLiteral.integerMagnitude(bytes(of: current)) == UInt64(Int64.max) + 1 {
            // -9223372036854775808: the magnitude alone does not fit, so the minus joins it.
            let sign = signs.removeLast()
            advance()
            operand = try parsePostfix(allowLabels: true, startingWith: Operand(expression: Expression(.integer(.min), at: sign.position), height: 1))
        } else {
            operand = try parsePostfix(allowLabels: true)
        }
        for sign in signs.reversed() {
            operand.expression = Expression(.unary(sign.kind == .minus ? .minus : .plus, operand.expression), at: sign.position)
        }
        operand.height += signs.count
        try checkHeight(operand.height, at: token(at: index - 1))
        return operand
    }

    /// An atom followed by `.key`, `[i]`, `[a..b]` and (when allowed) a label predicate.
    mutating func parsePostfix(allowLabels: Bool, startingWith start: Operand? = nil) throws(QuiverError) -> Operand {
        var operand: Operand
        if let start {
            operand = start
        } else {
            operand = try parseAtom()
        }
        while true {
            let token = current
            let position = operand.expression.position
            switch token.kind {
            case .dot where peek().isName:
                advance()
                let key = Name(nameText(of: current), at: current.position)
                advance()
                operand.expression = Expression(.property(operand.expression, key), at: position)
            case .leftBracket:
                operand.expression = try parseSubscript(of: operand.expression)
            case .colon where allowLabels && (peek().isName || peek().kind == .dollar):
                let labels = try parseLabelExpression(allowDisjunction: false)
                operand.expression = Expression(.hasLabels(operand.expression, labels), at: position)
                operand.height += 1
                try checkHeight(operand.height, at: token)
                return operand
            default:
                return operand
            }
            operand.height += 1
            try checkHeight(operand.height, at: token)
        }
    }

    /// `[i]`, `[a..b]`, `[..b]`, `[a..]` after `base`.
    private mutating func parseSubscript(of base: Expression) throws(QuiverError) -> Expression {
        try expect(.leftBracket)
        let lower = check(.dotDot) ? nil : try parseExpression()
        if accept(.dotDot) {
            let upper = check(.rightBracket) ? nil : try parseExpression()
            try expect(.rightBracket)
            return Expression(.slice(base, from: lower, to: upper), at: base.position)
        }
        try expect(.rightBracket, "{'..', ']'}")
        return Expression(.index(base, lower!), at: base.position)
    }
}
