// Binary and NOT operators by operator precedence with explicit stacks (shunting-yard), so an
// expression costs stack only per nesting level, never per operator or precedence level.
// Lowest to highest: OR, XOR, AND, NOT, comparisons (chainable), string/list/null predicates
// (=~ IN STARTS WITH ENDS WITH CONTAINS IS [NOT] NULL), + -, * / %, ^ (left-associative).
// AND/OR/XOR runs become one flat node; comparison runs one chain node. Each result carries
// its tree height, so no operator run builds a tree deeper than `expressionHeightMax`.

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

/// An operator waiting on the stack for its right operand to be complete.
private struct PendingOperator {
    enum Kind {
        case not
        /// OR, XOR, AND and comparisons: equal neighbours merge into one n-ary node.
        case run(BinaryOperator?)
        case binary(BinaryOperator)
    }

    var kind: Kind
    var precedence: Int
    var token: Token
}

extension Parser {
    mutating func parseExpression() throws(QuiverError) -> Expression {
        try enterNesting()
        let operand: Operand
        if !checkKeyword(.not) {
            let first = try parseUnary()
            operand = binaryPrecedence() == 0 ? first : try parseOperators(first: first)
        } else {
            operand = try parseOperators(first: nil)
        }
        leaveNesting()
        heightWatermark = max(heightWatermark, operand.height)
        return operand.expression
    }

    /// An expression whose first atom the caller has already parsed.
    mutating func parseExpression(startingWith atom: Operand) throws(QuiverError) -> Expression {
        try enterNesting()
        let first = try parsePostfix(allowLabels: true, startingWith: atom)
        let operand = binaryPrecedence() == 0 ? first : try parseOperators(first: first)
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

    /// Operands and operators until no binary operator follows; `first` is an operand the
    /// caller already parsed (nil when the expression starts with NOT).
    private mutating func parseOperators(first: Operand?) throws(QuiverError) -> Operand {
        var operands: [Operand] = []
        var operators: [PendingOperator] = []
        var next = first
        while true {
            if let operand = next {
                operands.append(operand)
                next = nil
            } else {
                try pushNots(onto: &operators)
                operands.append(try parseUnary())
            }
            while true {
                let precedence = binaryPrecedence()
                if precedence == 0 {
                    try reduce(&operands, &operators, above: 0, joiningRun: false)
                    return operands[0]
                }
                if checkKeyword(.is) {
                    try reduce(&operands, &operators, above: Precedence.predicate, joiningRun: false)
                    try applyNullTest(to: &operands[operands.count - 1])
                    continue
                }
                let pending = pendingOperator(precedence: precedence)
                let joins = if case .run = pending.kind { true } else { false }
                try reduce(&operands, &operators, above: precedence, joiningRun: joins)
                operators.append(pending)
                break
            }
        }
    }

    /// NOT is a prefix at its own level: allowed where an AND/XOR/OR operand (or another
    /// NOT's) begins; elsewhere `not` is just a name.
    private mutating func pushNots(onto operators: inout [PendingOperator]) throws(QuiverError) {
        var count = 0
        while checkKeyword(.not) && (operators.last?.precedence ?? 0) <= Precedence.not {
            let token = advance()
            operators.append(PendingOperator(kind: .not, precedence: Precedence.not, token: token))
            count += 1
            try checkHeight(count, at: token)
        }
    }

    /// Consumes the operator at the cursor (two words for STARTS WITH and ENDS WITH).
    private mutating func pendingOperator(precedence: Int) -> PendingOperator {
        let token = advance()
        let kind: PendingOperator.Kind
        switch token.kind {
        case .equal: kind = .run(.equal)
        case .notEqual, .bangEqual: kind = .run(.notEqual)
        case .less: kind = .run(.less)
        case .greater: kind = .run(.greater)
        case .lessEqual: kind = .run(.lessEqual)
        case .greaterEqual: kind = .run(.greaterEqual)
        case .regexMatch: kind = .binary(.regexMatch)
        case .plus: kind = .binary(.add)
        case .minus: kind = .binary(.subtract)
        case .star: kind = .binary(.multiply)
        case .slash: kind = .binary(.divide)
        case .percent: kind = .binary(.modulo)
        case .caret: kind = .binary(.power)
        default:
            switch token.keyword {
            case .in: kind = .binary(.in)
            case .contains: kind = .binary(.contains)
            case .starts:
                advance()
                kind = .binary(.startsWith)
            case .ends:
                advance()
                kind = .binary(.endsWith)
            default: kind = .run(nil)  // OR, XOR, AND: the precedence tells which
            }
        }
        return PendingOperator(kind: kind, precedence: precedence, token: token)
    }

    /// `IS [NOT] NULL` applied to the last operand.
    private mutating func applyNullTest(to operand: inout Operand) throws(QuiverError) {
        let token = advance()
        let negated = acceptKeyword(.not)
        try expectKeyword(.null)
        operand.height += 1
        try checkHeight(operand.height, at: token)
        operand.expression = Expression(.isNull(operand.expression, negated: negated), at: operand.expression.position)
    }

    /// Applies stacked operators binding at least as tightly as `precedence` (all of them for
    /// 0); an incoming run operator leaves an equal-precedence run on the stack to join it.
    private mutating func reduce(_ operands: inout [Operand], _ operators: inout [PendingOperator], above precedence: Int,
                                 joiningRun: Bool) throws(QuiverError) {
        while let top = operators.last, top.precedence >= precedence {
            if joiningRun && top.precedence == precedence { return }
            switch top.kind {
            case .not:
                operators.removeLast()
                var operand = operands.removeLast()
                operand.expression = Expression(.unary(.not, operand.expression), at: top.token.position)
                operand.height += 1
                try checkHeight(operand.height, at: top.token)
                operands.append(operand)
            case .binary(let op):
                operators.removeLast()
                let right = operands.removeLast()
                let left = operands.removeLast()
                let height = max(left.height, right.height) + 1
                try checkHeight(height, at: top.token)
                operands.append(Operand(expression: Expression(.binary(op, left.expression, right.expression),
                                                               at: left.expression.position), height: height))
            case .run:
                reduceRun(&operands, &operators, precedence: top.precedence)
            }
        }
    }

    /// Pops a run of equal-precedence OR/XOR/AND or comparison operators into one node.
    private func reduceRun(_ operands: inout [Operand], _ operators: inout [PendingOperator], precedence: Int) {
        var count = 0
        while count < operators.count && operators[operators.count - 1 - count].precedence == precedence { count += 1 }
        let runOperators = operators.suffix(count)
        let runOperands = operands.suffix(count + 1)
        operators.removeLast(count)
        operands.removeLast(count + 1)
        let height = runOperands.map(\.height).max()! + 1
        let expressions = runOperands.map(\.expression)
        let position = expressions[0].position
        let kind: Expression.Kind
        switch precedence {
        case Precedence.or: kind = .or(expressions)
        case Precedence.xor: kind = .xor(expressions)
        case Precedence.and: kind = .and(expressions)
        default:
            let comparisons = runOperators.map { pending -> BinaryOperator in
                if case .run(let op?) = pending.kind { return op }
                return .equal
            }
            kind = count == 1 ? .binary(comparisons[0], expressions[0], expressions[1])
                : .comparisonChain(operands: expressions, operators: comparisons)
        }
        operands.append(Operand(expression: Expression(kind, at: position), height: height))
    }
}
