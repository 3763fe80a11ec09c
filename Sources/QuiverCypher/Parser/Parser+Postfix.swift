// Unary and postfix operators: `+`/`-` prefixes (with `-9223372036854775808` folded into one
// literal), then property lookup `.key`, indexing `[i]`, slicing `[a..b]` and label predicates
// `n:A:B` after an atom. Runs of them loop; each adds one to the tree height, checked.

import QuiverCore

extension Parser {
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
