// S-expression rendering of statements, queries and clauses:
// `(query (single (match (pattern …) (where …)) (return (item …))))`.

extension Statement: CustomStringConvertible {
    /// The statement as an S-expression (positions left out).
    public var sExpression: String {
        var printer = SExpressionPrinter()
        switch kind {
        case .query(let query): printer.write(query)
        case .explain(let query):
            printer.open("explain")
            printer.space()
            printer.write(query)
            printer.close()
        case .profile(let query):
            printer.open("profile")
            printer.space()
            printer.write(query)
            printer.close()
        case .dumpDatabase: printer.output += "(dump-database)"
        }
        return printer.output
    }

    public var description: String { sExpression }
}

extension Clause {
    public var sExpression: String {
        var printer = SExpressionPrinter()
        printer.write(self)
        return printer.output
    }
}

extension SExpressionPrinter {
    mutating func write(_ query: Query) {
        open("query")
        for directive in query.directives {
            space()
            write(directive)
        }
        space()
        write(query.first)
        for union in query.unions {
            word(union.all ? "union-all" : "union")
            space()
            write(union.query)
        }
        if let limit = query.memoryLimit { word("(memory-limit " + (limit.bytes.map(String.init) ?? "unlimited") + ")") }
        close()
    }

    mutating func write(_ single: SingleQuery) {
        open("single")
        for clause in single.clauses {
            space()
            write(clause)
        }
        close()
    }

    private mutating func write(_ directive: QueryDirective) {
        switch directive.kind {
        case .indexHints(let hints):
            open("using-index")
            for hint in hints {
                word(":" + (hint.label?.text ?? "") + (hint.properties.isEmpty ? "" : "(" + hint.properties.map(\.text).joined(separator: ",") + ")"))
            }
            close()
        case .hopsLimit(let limit): list("using-hops-limit", [limit])
        case .periodicCommit(let rows): list("using-periodic-commit", [rows])
        case .parallelExecution(let threads): list("using-parallel-execution", threads.map { [$0] } ?? [])
        }
    }

    mutating func write(_ clause: Clause) {
        switch clause.kind {
        case .match(let match):
            open(match.optional ? "optional-match" : "match")
            space(); write(match.pattern)
            optional("where", match.where)
            close()
        case .unwind(let unwind):
            open("unwind")
            space(); write(unwind.expression)
            word(unwind.variable.text)
            close()
        case .create(let pattern):
            open("create")
            space(); write(pattern)
            close()
        case .merge(let merge):
            open("merge")
            space(); write(merge.part)
            for action in merge.actions {
                space()
                writeSetItems(action.onCreate ? "on-create" : "on-match", action.items)
            }
            close()
        case .set(let items): writeSetItems("set", items)
        case .remove(let items): writeRemoveItems(items)
        case .delete(let delete): list(delete.detach ? "detach-delete" : "delete", delete.expressions)
        case .with(let with):
            write(with.projection, head: "with")
            if let condition = with.where {
                output.removeLast()
                optional("where", condition)
                close()
            }
        case .return(let projection): write(projection, head: "return")
        default: writeOtherClause(clause.kind)
        }
    }

    private mutating func writeOtherClause(_ kind: Clause.Kind) {
        switch kind {
        case .callProcedure(let call): write(call)
        case .callSubquery(let call):
            open("call-subquery")
            switch call.importing {
            case .all: word("(import *)")
            case .variables(let names): word("(import" + names.map { " " + $0.text }.joined() + ")")
            case nil: break
            }
            space(); write(call.query)
            if let transactions = call.inTransactions {
                space()
                list("in-transactions", transactions.rows.map { [$0] } ?? [])
            }
            close()
        case .foreach(let foreach):
            open("foreach " + foreach.variable.text)
            space(); write(foreach.list)
            for clause in foreach.clauses {
                space()
                write(clause)
            }
            close()
        case .loadCSV(let load):
            open("load-csv")
            space(); write(load.source)
            optional("config", load.config)
            word(load.withHeader ? "with-header" : "no-header")
            if load.ignoreBad { word("ignore-bad") }
            optional("delimiter", load.delimiter)
            optional("quote", load.quote)
            optional("nullif", load.nullIf)
            word(load.variable.text)
            close()
        case .loadFile(let load):
            open("load-" + load.format.rawValue)
            space(); write(load.source)
            optional("config", load.config)
            word(load.variable.text)
            close()
        default: output += "?"
        }
    }

    private mutating func write(_ call: ProcedureCall) {
        open("call " + call.name.text)
        if let arguments = call.arguments {
            space()
            list("args", arguments)
        }
        if let limit = call.memoryLimit { word("(memory-limit " + (limit.bytes.map(String.init) ?? "unlimited") + ")") }
        if let yield = call.yield {
            output += " (yield"
            if yield.all { word("*") }
            for item in yield.items {
                word(item.alias.map { "(as " + item.field.text + " " + $0.text + ")" } ?? item.field.text)
            }
            optional("where", yield.where)
            close()
        }
        close()
    }

    private mutating func write(_ projection: Projection, head: String) {
        open(head)
        if projection.distinct { word("distinct") }
        if projection.includesExisting { word("*") }
        for item in projection.items {
            space()
            if let alias = item.alias {
                open("as")
                space(); write(item.expression)
                word(alias.text)
                close()
            } else {
                write(item.expression)
            }
        }
        if !projection.orderBy.isEmpty {
            output += " (order-by"
            for sort in projection.orderBy {
                space()
                if sort.descending { list("desc", [sort.expression]) } else { write(sort.expression) }
            }
            close()
        }
        optional("skip", projection.skip)
        optional("limit", projection.limit)
        close()
    }

    private mutating func writeSetItems(_ head: String, _ items: [SetItem]) {
        open(head)
        for item in items {
            space()
            switch item.kind {
            case .property(let target, let value): list("=", [target, value])
            case .appendToProperty(let target, let value): list("+=", [target, value])
            case .replaceProperties(let variable, let value):
                open("= " + variable.text)
                space(); write(value)
                close()
            case .mergeProperties(let variable, let value):
                open("+= " + variable.text)
                space(); write(value)
                close()
            case .addLabels(let variable, let labels):
                output += "(labels " + variable.text + " " + labels.map { ":" + SExpressionPrinter.label($0) }.joined() + ")"
            }
        }
        close()
    }

    private mutating func writeRemoveItems(_ items: [RemoveItem]) {
        open("remove")
        for item in items {
            space()
            switch item.kind {
            case .property(let target): write(target)
            case .labels(let variable, let labels):
                output += "(labels " + variable.text + " " + labels.map { ":" + SExpressionPrinter.label($0) }.joined() + ")"
            }
        }
        close()
    }
}
