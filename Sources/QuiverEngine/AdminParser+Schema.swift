// AdminParser schema forms: index DDL (`ON :L[(p, …)]` and Neo4j's `[name] [IF NOT EXISTS]
// FOR (n:L) ON (n.p, …)`) and constraint DDL (Memgraph's `ON (n:L) ASSERT …` and Neo4j's
// `[name] [IF NOT EXISTS] FOR (n:L) REQUIRE …`), for both CREATE and DROP.
import QuiverCore
import QuiverStorage

extension AdminParser {
    /// After `CREATE [RANGE] INDEX`.
    mutating func createIndex() throws(QuiverError) -> AdminStatement {
        if accept("ON") {
            let (label, properties) = try classicIndexTarget()
            try refuseIndexConfig()
            return .createIndex(label: label, properties: properties, name: nil)
        }
        var indexName: String?
        if peek() != "IF" && peek() != "FOR", current?.isName == true { indexName = try name() }
        if accept("IF") { try expect("NOT", "EXISTS") }
        try expect("FOR")
        let (variable, label) = try nodePattern(what: "Indexes")
        try expect("ON")
        try expectSymbol("(")
        var properties: [String] = []
        repeat {
            properties.append(try propertyOf(variable))
        } while acceptSymbol(",")
        try expectSymbol(")")
        try refuseIndexConfig()
        return .createIndex(label: label, properties: properties, name: indexName)
    }

    /// `:Label` or `:Label(p[, q])` after `ON`.
    mutating func classicIndexTarget() throws(QuiverError) -> (String, [String]) {
        try expectSymbol(":")
        let label = try name()
        var properties: [String] = []
        if acceptSymbol("(") {
            repeat {
                var property = try name()
                while acceptSymbol(".") { property += "." + (try name()) }
                properties.append(property)
            } while acceptSymbol(",")
            try expectSymbol(")")
        }
        return (label, properties)
    }

    mutating func refuseIndexConfig() throws(QuiverError) {
        if peek() == "WITH" { throw QuiverError(.notSupported, "Index configuration (WITH CONFIG) is not supported yet.") }
        try expectEnd()
    }

    /// `(var:Label)`; a relationship pattern is refused with `what`'s name.
    mutating func nodePattern(what: String) throws(QuiverError) -> (variable: String, label: String) {
        try expectSymbol("(")
        if acceptSymbol(")") {
            throw QuiverError(.notSupported, what == "Indexes" ? "Edge-type indexes are not supported yet."
                : "Constraints on relationships are not supported.")
        }
        let variable = try name()
        try expectSymbol(":")
        let label = try name()
        try expectSymbol(")")
        return (variable, label)
    }

    /// `var.property`.
    mutating func propertyOf(_ variable: String) throws(QuiverError) -> String {
        let owner = try name()
        guard owner == variable else { throw syntaxError("expected \(variable).property") }
        try expectSymbol(".")
        return try name()
    }

    /// After `CREATE CONSTRAINT` / `DROP CONSTRAINT`.
    mutating func constraint(create: Bool) throws(QuiverError) -> AdminStatement {
        let spec: AdminStatement.ConstraintSpec
        var constraintName: String?
        if accept("ON") {
            let (variable, label) = try nodePattern(what: "Constraints")
            try expect("ASSERT")
            spec = try assertion(variable, label)
        } else {
            if peek() != "IF" && peek() != "FOR", current?.isName == true { constraintName = try name() }
            if atEnd && !create {
                throw QuiverError(.notSupported, "Dropping a constraint by name is not supported: constraint names are not kept.")
            }
            if accept("IF") {
                if create { try expect("NOT", "EXISTS") } else { try expect("EXISTS") }
            }
            try expect("FOR")
            let (variable, label) = try nodePattern(what: "Constraints")
            try expect("REQUIRE")
            spec = try requirement(variable, label)
        }
        try expectEnd()
        return create ? .createConstraint(spec, name: constraintName) : .dropConstraint(spec)
    }

    /// Memgraph's `ASSERT` bodies.
    mutating func assertion(_ variable: String, _ label: String) throws(QuiverError) -> AdminStatement.ConstraintSpec {
        if accept("EXISTS") {
            try expectSymbol("(")
            let property = try propertyOf(variable)
            try expectSymbol(")")
            return .existence(label: label, property: property)
        }
        let properties = try propertyList(variable)
        try expect("IS")
        return try kindAfterIs(label, properties, typedKeyword: "TYPED")
    }

    /// Neo4j's `REQUIRE` bodies.
    mutating func requirement(_ variable: String, _ label: String) throws(QuiverError) -> AdminStatement.ConstraintSpec {
        let properties = try propertyList(variable)
        try expect("IS")
        if accept("NOT", "NULL") {
            guard properties.count == 1 else { throw syntaxError("IS NOT NULL takes one property") }
            return .existence(label: label, property: properties[0])
        }
        if acceptSymbol("::") { return try typed(label, properties) }
        return try kindAfterIs(label, properties, typedKeyword: "TYPED")
    }

    /// `UNIQUE`, `NODE KEY` or `TYPED <type>` after `IS`.
    mutating func kindAfterIs(_ label: String, _ properties: [String], typedKeyword: String) throws(QuiverError) -> AdminStatement.ConstraintSpec {
        if accept("UNIQUE") { return .unique(label: label, properties: properties) }
        if accept("NODE", "KEY") { throw QuiverError(.notSupported, "Node key constraints is not implemented yet.") }
        if accept(typedKeyword) { return try typed(label, properties) }
        throw syntaxError("expected UNIQUE, NODE KEY or TYPED")
    }

    mutating func typed(_ label: String, _ properties: [String]) throws(QuiverError) -> AdminStatement.ConstraintSpec {
        guard properties.count == 1 else { throw syntaxError("a type constraint takes one property") }
        let word = try name()
        guard let type = ConstraintDataType(keyword: word) else { throw syntaxError("unknown data type \(word)") }
        return .typed(label: label, property: properties[0], type: type)
    }

    /// `n.p`, `n.p, n.q` or `(n.p, n.q)`.
    mutating func propertyList(_ variable: String) throws(QuiverError) -> [String] {
        let parenthesised = acceptSymbol("(")
        var properties: [String] = []
        repeat {
            properties.append(try propertyOf(variable))
        } while acceptSymbol(",")
        if parenthesised { try expectSymbol(")") }
        return properties
    }
}
