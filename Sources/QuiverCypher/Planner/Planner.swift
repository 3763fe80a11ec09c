// Planner: semantic analysis and planning in one walk over a query's clauses. It keeps the
// scope (each variable bound to a frame slot with what kind of value it holds), checks the
// rules openCypher states at compile time (unbound and redeclared variables, aggregation
// placement, CREATE's restrictions, UNION columns) and appends one operator after another to
// the plan. Matching is in Planner+Match.swift, projections in Planner+Projection.swift,
// writes in Planner+Updates.swift and expressions in Planner+Expressions.swift.

import QuiverCore

public enum VariableKind: Sendable, Equatable {
    case node, relationship, relationshipList, path
    /// Anything (a parameter, a property, a function result).
    case value
    /// Known not to be a node, relationship or path (a literal, list, map or arithmetic).
    case scalar
    /// A number, string, boolean or list literal: known to have no properties.
    case primitive
}

struct Binding {
    var slot: Int
    var kind: VariableKind
    /// A LOAD CSV … WITH HEADER row variable: `row.name` compiles to `Expr.csvField`.
    var csv: CSVBinding? = nil
}

struct CSVBinding {
    /// The LOAD CSV's index in `QueryPlanner.csvLoads`.
    var load: Int
    /// The hidden variable holding the row's sequence number.
    var sequenceSlot: Int
}

public final class QueryPlanner {
    let names: NameRegistry
    let catalog: PlanningCatalog
    var slotCount = 0
    var scope: [String: Binding] = [:]
    /// Writes happened since the last barrier: the next reading clause needs an Accumulate.
    var pendingWrites = false
    var containsWrites = false
    /// Every `$name` the query reads (checked before execution).
    var parameterNames: Set<String> = []
    /// The literals the plan cache stripped (Planner+Literals.swift): their start offsets
    /// map to their index in `PreparedQuery.literals`.
    var strippedOffsets: [Int32: Int] = [:]
    var stripped: [QueryText.StrippedLiteral] = []
    /// Cleared when the plan depends on the value of a stripped literal, so it must not serve
    /// other queries with the same cache key.
    var shareable = true
    /// Names of RETURN columns named by text that quotes a stripped literal.
    var literalColumnNames: Set<String> = []
    var literalColumnCount = 0
    /// The LOAD CSV operators planned, in order (CSVFieldAccess.load indexes them); the
    /// finished plan gets their prefetch hints (Planner+CSVHints).
    var csvLoads: [LoadCSVOperator] = []

    init(names: NameRegistry, catalog: PlanningCatalog) {
        self.names = names
        self.catalog = catalog
    }

    /// Plans a parsed statement. `literals` are those `QueryText.normalize` stripped from its
    /// text: the plan reads them from `PreparedQuery.literals`, and carries a `shape` when it
    /// may serve every text with the same normalised key.
    public static func plan(_ statement: Statement, names: NameRegistry, catalog: PlanningCatalog = .empty,
                            literals: [QueryText.StrippedLiteral] = []) throws(QuiverError) -> PreparedQuery {
        let planner = QueryPlanner(names: names, catalog: catalog)
        planner.stripped = literals
        for (index, literal) in literals.enumerated() { planner.strippedOffsets[literal.position.offset] = index }
        var prepared: PreparedQuery
        switch statement.kind {
        case .query(let query):
            prepared = try planner.planQuery(query, mode: .execute).limited(by: query.memoryLimit)
            if !literals.isEmpty {
                prepared.stripped = StrippedLiterals(values: literals.map(\.value),
                                                     shape: planner.shape(of: query, columns: prepared.columns))
            }
        case .explain(let query): prepared = try planner.planQuery(query, mode: .explain).limited(by: query.memoryLimit)
        case .profile(let query): prepared = try planner.planQuery(query, mode: .profile).limited(by: query.memoryLimit)
        case .dumpDatabase: throw QuiverError(.notSupported, "DUMP DATABASE is not supported yet.")
        }
        if !planner.csvLoads.isEmpty { planner.attachCSVHints(prepared.root) }
        if !literals.isEmpty && prepared.stripped == nil {
            prepared.stripped = StrippedLiterals(values: literals.map(\.value), shape: nil)
        }
        return prepared
    }

    func newSlot() -> Int {
        slotCount += 1
        return slotCount - 1
    }

    func planQuery(_ query: Query, mode: PreparedQuery.Mode) throws(QuiverError) -> PreparedQuery {
        var hopsLimit: Expr?
        for directive in query.directives {
            if case .hopsLimit(let expression) = directive.kind { hopsLimit = try compile(expression) }
            if case .periodicCommit = directive.kind {
                throw QuiverError(.notSupported, "USING PERIODIC COMMIT is not supported yet.")
            }
        }
        let singles = query.singleQueries
        if singles.count == 1 {
            let (root, columns, slots) = try planSingle(query.first, outputSlots: nil)
            return PreparedQuery(root: root, columns: columns, columnSlots: slots, slotCount: slotCount,
                                 isWrite: containsWrites, mode: mode, hopsLimit: hopsLimit, parameters: parameterNames)
        }
        var branches: [PlanOperator] = []
        var columns: [String]?
        var outputSlots: [Int]?
        for single in singles {
            scope = [:]
            pendingWrites = false
            let (root, branchColumns, slots) = try planSingle(single, outputSlots: outputSlots)
            if let columns, columns != branchColumns {
                throw QuiverError(.semanticError, "All subqueries in an UNION must have the same column names.",
                                  detail: "DifferentColumnsInUnion")
            }
            columns = branchColumns
            outputSlots = slots
            branches.append(root)
        }
        let alls = query.unions.map(\.all)
        if alls.contains(true) && alls.contains(false) {
            throw QuiverError(.semanticError, "Invalid combination of UNION and UNION ALL.",
                              detail: "InvalidClauseComposition")
        }
        var root: PlanOperator = UnionOperator(branches: branches)
        if alls.first == false { root = DistinctOperator(input: root, slots: outputSlots ?? []) }
        return PreparedQuery(root: root, columns: columns ?? [], columnSlots: outputSlots ?? [], slotCount: slotCount,
                             isWrite: containsWrites, mode: mode, hopsLimit: hopsLimit, parameters: parameterNames)
    }

    /// Plans one single query from `Once`; `outputSlots` makes RETURN write given slots (UNION).
    func planSingle(_ single: SingleQuery, outputSlots: [Int]?,
                    input: PlanOperator = OnceOperator()) throws(QuiverError) -> (PlanOperator, [String], [Int]) {
        var op = input
        var result: ([String], [Int])?
        if single.clauses.count == 1, case .callProcedure(let call) = single.clauses[0].kind {
            let planned = try planProcedureCall(op, call, standalone: true)
            if planned.columns.isEmpty { return (EmptyResultOperator(input: planned.op), [], []) }
            return (planned.op, planned.columns, planned.slots)
        }
        for (index, clause) in single.clauses.enumerated() {
            if result != nil {
                throw QuiverError(.syntaxError, "RETURN can only be used at the end of the query.",
                                  detail: "InvalidClauseComposition")
            }
            switch clause.kind {
            case .return(let projection):
                if pendingWrites {
                    op = AccumulateOperator(input: op, carried: boundSlots(), advanceCommand: true)
                    pendingWrites = false
                }
                let planned = try planProjection(op, projection, isReturn: true, outputSlots: outputSlots)
                op = planned.op
                result = (planned.columns, planned.slots)
            default:
                op = try planClause(op, clause, isLast: index == single.clauses.count - 1)
            }
        }
        guard let result else {
            if let last = single.clauses.last, case .with = last.kind {
                throw QuiverError(.syntaxError, "Query cannot conclude with WITH.", detail: "InvalidClauseComposition")
            }
            if let last = single.clauses.last, !last.isUpdating, !isStandaloneCall(last) {
                throw QuiverError(.syntaxError, "Query must end with RETURN or an updating clause.",
                                  detail: "InvalidClauseComposition")
            }
            return (EmptyResultOperator(input: op), [], [])
        }
        return (op, result.0, result.1)
    }

    private func isStandaloneCall(_ clause: Clause) -> Bool {
        switch clause.kind {
        case .callProcedure, .callSubquery: true
        default: false
        }
    }

    /// Slots of every variable in scope (what a barrier must carry).
    func boundSlots() -> [Int] { scope.values.map(\.slot).sorted() }

    /// Inserts a barrier when a reading clause follows writes.
    func barrierIfNeeded(_ op: PlanOperator) -> PlanOperator {
        guard pendingWrites else { return op }
        pendingWrites = false
        return AccumulateOperator(input: op, carried: boundSlots(), advanceCommand: true)
    }

    func planClause(_ op: PlanOperator, _ clause: Clause, isLast: Bool) throws(QuiverError) -> PlanOperator {
        switch clause.kind {
        case .match(let match):
            let input = barrierIfNeeded(op)
            return match.optional ? try planOptionalMatch(input, match) : try planMatch(input, match.pattern, match.where)
        case .unwind(let unwind):
            let list = try compile(unwind.expression)
            let slot = try declare(unwind.variable, .value)
            return UnwindOperator(input: op, list: list, slot: slot)
        case .with(let with):
            let input = barrierIfNeeded(op)
            return try planProjection(input, with.projection, isReturn: false, outputSlots: nil, where: with.where).op
        case .create(let pattern):
            return try planCreate(op, pattern)
        case .merge(let merge):
            return try planMerge(barrierIfNeeded(op), merge)
        case .set(let items):
            return try markWrite(SetOperator(input: op, actions: try setActions(items), label: "SetProperties"))
        case .remove(let items):
            return try markWrite(SetOperator(input: op, actions: try removeActions(items), label: "RemoveProperties"))
        case .delete(let delete):
            return try planDelete(op, delete)
        case .foreach(let foreach):
            return try planForeach(op, foreach)
        case .callSubquery(let call):
            return try planSubqueryCall(barrierIfNeeded(op), call)
        case .callProcedure(let call):
            return try planProcedureCall(barrierIfNeeded(op), call, standalone: false).op
        case .loadCSV(let load):
            return try planLoadCSV(op, load)
        case .loadFile(let load):
            throw QuiverError(.notSupported, "LOAD \(load.format.rawValue.uppercased()) is not supported yet.")
        case .return:
            preconditionFailure("planSingle handles RETURN")
        }
    }

    func markWrite(_ op: PlanOperator) throws(QuiverError) -> PlanOperator {
        pendingWrites = true
        containsWrites = true
        return op
    }

    /// Binds a new variable; an existing one of the same name is an error.
    @discardableResult
    func declare(_ name: Name, _ kind: VariableKind) throws(QuiverError) -> Int {
        if scope[name.text] != nil {
            throw QuiverError(.semanticError, "Redeclaring variable: \(name.text).", detail: "VariableAlreadyBound")
        }
        let slot = newSlot()
        scope[name.text] = Binding(slot: slot, kind: kind)
        return slot
    }

    func lookup(_ name: Name) throws(QuiverError) -> Binding {
        if literalColumnNames.contains(name.text) { shareable = false }
        guard let binding = scope[name.text] else {
            throw QuiverError(.semanticError, "Unbound variable: \(name.text).", detail: "UndefinedVariable")
        }
        return binding
    }

    func planSubqueryCall(_ op: PlanOperator, _ call: SubqueryCall) throws(QuiverError) -> PlanOperator {
        if call.inTransactions != nil {
            throw QuiverError(.notSupported, "CALL { … } IN TRANSACTIONS is not supported yet.")
        }
        let outer = scope
        let outerPending = pendingWrites
        if let importing = call.importing {
            switch importing {
            case .all: break
            case .variables(let names):
                var imported: [String: Binding] = [:]
                for name in names { imported[name.text] = try lookup(name) }
                scope = imported
            }
        } else {
            // The plain form imports through a leading `WITH a, b`; everything else is hidden.
            scope = leadingImports(call.query.first, from: outer)
        }
        // Inside, a row variable's sequence number may not be carried with it: plain map access.
        for (name, binding) in scope where binding.csv != nil { scope[name]?.csv = nil }
        guard call.query.unions.isEmpty else {
            scope = outer
            throw QuiverError(.notSupported, "UNION inside CALL { … } is not supported yet.")
        }
        let (branch, columns, slots) = try planSingle(call.query.first, outputSlots: nil)
        let innerWrites = pendingWrites
        scope = outer
        pendingWrites = outerPending || innerWrites
        for (column, slot) in zip(columns, slots) {
            if scope[column] != nil {
                throw QuiverError(.semanticError, "Variable \(column) already declared in outer scope.",
                                  detail: "VariableAlreadyBound")
            }
            scope[column] = Binding(slot: slot, kind: .value)
        }
        return ApplyOperator(input: op, branch: branch, label: "Apply", drainsBranch: columns.isEmpty)
    }

    private func leadingImports(_ single: SingleQuery, from outer: [String: Binding]) -> [String: Binding] {
        guard let first = single.clauses.first, case .with(let with) = first.kind else { return [:] }
        var imported: [String: Binding] = [:]
        if with.projection.includesExisting { return outer }
        for item in with.projection.items {
            if case .variable(let name) = item.expression.kind, let binding = outer[name] { imported[name] = binding }
        }
        return imported
    }
}
