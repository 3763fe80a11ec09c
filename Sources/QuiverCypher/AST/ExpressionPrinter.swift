// S-expression rendering of expressions and patterns, for tests, debugging and EXPLAIN-style
// tools: `(+ 1 (. n age))`, `(node n :Person (map (name 'x')))`. Positions are left out so
// two parses of equivalent text print the same.

extension Expression: CustomStringConvertible {
    /// The expression as an S-expression.
    public var sExpression: String {
        var printer = SExpressionPrinter()
        printer.write(self)
        return printer.output
    }

    public var description: String { sExpression }
}

struct SExpressionPrinter {
    var output = ""

    mutating func open(_ head: String) {
        output += "("
        output += head
    }

    mutating func close() { output += ")" }

    mutating func word(_ text: String) {
        output += " "
        output += text
    }

    mutating func space() { output += " " }

    mutating func write(_ expression: Expression?) {
        guard let expression else {
            output += "_"
            return
        }
        write(kind: expression.kind)
    }

    /// Writes `(head e1 e2 …)`.
    mutating func list(_ head: String, _ expressions: [Expression]) {
        open(head)
        for expression in expressions {
            space()
            write(expression)
        }
        close()
    }

    mutating func write(kind: Expression.Kind) {
        switch kind {
        case .null: output += "null"
        case .boolean(let value): output += value ? "true" : "false"
        case .integer(let value): output += String(value)
        case .float(let value): output += String(value)
        case .string(let value): output += SExpressionPrinter.quoted(value)
        case .parameter(let name): output += "$" + name
        case .variable(let name): output += name
        case .list(let elements): list("list", elements)
        case .map(let entries): writeEntries("map", entries)
        case .enumValue(let type, let value): output += type + "::" + value
        case .property(let base, let key):
            open(".")
            space()
            write(base)
            word(key.text)
            close()
        case .index(let base, let position): list("index", [base, position])
        case .slice(let base, let from, let to):
            open("slice")
            space(); write(base)
            space(); write(from)
            space(); write(to)
            close()
        case .hasLabels(let base, let labels):
            open("labels")
            space()
            write(base)
            word(SExpressionPrinter.labels(labels))
            close()
        case .and(let operands): list("and", operands)
        case .or(let operands): list("or", operands)
        case .xor(let operands): list("xor", operands)
        case .unary(let op, let operand): list(op == .not ? "not" : op.rawValue, [operand])
        case .binary(let op, let left, let right): list(SExpressionPrinter.name(of: op), [left, right])
        case .comparisonChain(let operands, let operators):
            open("chain")
            for (offset, operand) in operands.enumerated() {
                if offset > 0 { word(operators[offset - 1].rawValue) }
                space()
                write(operand)
            }
            close()
        case .isNull(let operand, let negated): list(negated ? "is-not-null" : "is-null", [operand])
        default: writeCompound(kind)
        }
    }

    private mutating func writeCompound(_ kind: Expression.Kind) {
        switch kind {
        case .caseExpression(let body): writeCase(body)
        case .functionCall(let call):
            open("call " + call.qualifiedName + (call.distinct ? " distinct" : ""))
            for argument in call.arguments {
                space()
                write(argument)
            }
            close()
        case .countStar: output += "(count *)"
        case .listComprehension(let comprehension):
            open("list-comp " + comprehension.variable.text)
            space(); write(comprehension.list)
            optional("where", comprehension.predicate)
            optional("project", comprehension.projection)
            close()
        case .patternComprehension(let comprehension):
            open("pattern-comp")
            if let variable = comprehension.pathVariable { word(variable.text) }
            space(); write(comprehension.pattern)
            optional("where", comprehension.predicate)
            optional("project", comprehension.projection)
            close()
        case .mapProjection(let projection): writeMapProjection(projection)
        case .reduce(let reduce):
            open("reduce " + reduce.accumulator.text)
            space(); write(reduce.initial)
            word(reduce.variable.text)
            space(); write(reduce.list)
            space(); write(reduce.expression)
            close()
        case .quantifier(let quantifier):
            open(quantifier.kind.rawValue + " " + quantifier.variable.text)
            space(); write(quantifier.list)
            optional("where", quantifier.predicate)
            close()
        case .exists(let body): writeSubquery("exists", body)
        case .countSubquery(let body): writeSubquery("count-subquery", body)
        case .patternPredicate(let element):
            open("pattern")
            space()
            write(element)
            close()
        default: output += "?"
        }
    }

    mutating func optional(_ head: String, _ expression: Expression?) {
        guard let expression else { return }
        space()
        list(head, [expression])
    }

    mutating func writeEntries(_ head: String, _ entries: [MapEntry]) {
        open(head)
        for entry in entries {
            output += " ("
            output += entry.key.text
            space()
            write(entry.value)
            close()
        }
        close()
    }

    private mutating func writeCase(_ body: CaseExpression) {
        open("case")
        if let test = body.test {
            space()
            write(test)
        }
        for alternative in body.alternatives {
            space()
            list("when", [alternative.when, alternative.then])
        }
        optional("else", body.elseExpression)
        close()
    }

    private mutating func writeMapProjection(_ projection: MapProjection) {
        open("map-proj " + projection.variable.text)
        for item in projection.items {
            switch item {
            case .property(let key): word("." + key.text)
            case .allProperties: word(".*")
            case .variable(let name): word(name.text)
            case .entry(let entry):
                output += " ("
                output += entry.key.text
                space()
                write(entry.value)
                close()
            }
        }
        close()
    }

    private mutating func writeSubquery(_ head: String, _ body: SubqueryBody) {
        open(head)
        switch body {
        case .pattern(let pattern, let condition):
            space()
            write(pattern)
            optional("where", condition)
        case .query(let query):
            space()
            write(query)
        }
        close()
    }

    static func name(of op: BinaryOperator) -> String {
        switch op {
        case .in: "in"
        case .startsWith: "starts-with"
        case .endsWith: "ends-with"
        case .contains: "contains"
        default: op.rawValue
        }
    }

    static func quoted(_ text: String) -> String { CypherLiteral.quoted(text) }

    static func labels(_ expression: LabelExpression) -> String {
        expression.terms.map { term in ":" + term.map(label).joined(separator: "|") }.joined()
    }

    static func label(_ reference: LabelRef) -> String {
        switch reference {
        case .name(let name): name.text
        case .parameter(let name): "$" + name.text
        case .expression(let expression): "(" + expression.sExpression + ")"
        }
    }
}
