// S-expression rendering of patterns: `(node n :A (map …))`, `(rel r -> :T (* 1 3))`, and a
// path element as its nodes and relationships in order.

extension SExpressionPrinter {
    mutating func write(_ pattern: Pattern) {
        open("pattern")
        for part in pattern.parts {
            space()
            write(part)
        }
        close()
    }

    mutating func write(_ part: PatternPart) {
        guard let variable = part.variable else {
            write(part.element)
            return
        }
        open("named " + variable.text)
        space()
        write(part.element)
        close()
    }

    mutating func write(_ element: PatternElement) {
        open("path")
        space()
        write(element.start)
        for link in element.chain {
            space()
            write(link.relationship)
            space()
            write(link.node)
        }
        close()
    }

    mutating func write(_ node: NodePattern) {
        open("node")
        if let variable = node.variable { word(variable.text) }
        if !node.labels.isEmpty { word(SExpressionPrinter.labels(node.labels)) }
        if let properties = node.properties {
            space()
            write(properties)
        }
        close()
    }

    mutating func write(_ relationship: RelationshipPattern) {
        open("rel")
        if let variable = relationship.variable { word(variable.text) }
        switch relationship.direction {
        case .outgoing: word("->")
        case .incoming: word("<-")
        case .both: word("--")
        }
        if !relationship.types.isEmpty {
            word(":" + relationship.types.map(SExpressionPrinter.label).joined(separator: "|"))
        }
        if let properties = relationship.properties {
            space()
            write(properties)
        }
        if let expansion = relationship.expansion {
            space()
            write(expansion)
        }
        close()
    }

    mutating func write(_ expansion: VariableExpansion) {
        switch expansion.kind {
        case .depthFirst: open("*")
        case .breadthFirst: open("*bfs")
        case .weightedShortest: open("*wshortest")
        case .allShortest: open("*allshortest")
        case .kShortest: open("*kshortest")
        }
        space(); write(expansion.lowerBound)
        space(); write(expansion.upperBound)
        if let weight = expansion.weight {
            space()
            write(weight, head: "weight")
        }
        if let total = expansion.totalWeight { word("(total " + total.text + ")") }
        if let filter = expansion.filter {
            space()
            write(filter, head: "filter")
        }
        optional("limit", expansion.limit)
        close()
    }

    mutating func write(_ lambda: PathLambda, head: String) {
        let names = [lambda.edge, lambda.node] + [lambda.path, lambda.weight].compactMap { $0 }
        open(head + " " + names.map(\.text).joined(separator: " "))
        space()
        write(lambda.expression)
        close()
    }
}
