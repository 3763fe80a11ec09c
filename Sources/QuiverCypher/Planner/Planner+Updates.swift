// Planner, updates: CREATE, MERGE, SET, REMOVE, DELETE and FOREACH, with openCypher's compile-
// time rules for them (one type per created relationship, directed, not variable-length, no
// rebinding of bound variables with new labels or properties, no deleting of label tests).

import QuiverCore

extension QueryPlanner {
    func planCreate(_ op: PlanOperator, _ pattern: Pattern) throws(QuiverError) -> PlanOperator {
        var nodes: [CreateNodeSpec] = [], edges: [CreateEdgeSpec] = []
        var paths: [(slot: Int, pieces: [PathPiece])] = []
        for part in pattern.parts {
            // Earlier parts of this CREATE bind their variables for the later ones.
            let piece = try createPart(part, boundBefore: Set(scope.keys), declaring: true)
            nodes += piece.nodes
            edges += piece.edges
            paths += piece.paths
        }
        return try markWrite(CreateOperator(input: op, pattern: CreatePattern(nodes: nodes, edges: edges, paths: paths)))
    }

    /// The create spec of one pattern part. With `declaring`, new variables are declared here
    /// (CREATE); without, they were declared by MERGE's match and are looked up.
    func createPart(_ part: PatternPart, boundBefore: Set<String>, declaring: Bool) throws(QuiverError) -> CreatePattern {
        var nodes: [CreateNodeSpec] = [], edges: [CreateEdgeSpec] = []
        var nodeSlots: [Int] = []
        let chainNodes = [part.element.start] + part.element.chain.map(\.node)
        for node in chainNodes {
            let spec = try createNode(node, boundBefore: boundBefore, declaring: declaring,
                                      alone: part.element.chain.isEmpty, created: nodes)
            nodeSlots.append(spec.slot)
            if !nodes.contains(where: { $0.slot == spec.slot }) { nodes.append(spec) }
        }
        var pieces: [PathPiece] = [.node(nodeSlots[0])]
        for (index, link) in part.element.chain.enumerated() {
            let relationship = link.relationship
            if relationship.expansion != nil {
                throw QuiverError(.semanticError, "Variable length relationships cannot be created.", detail: "CreatingVarLength")
            }
            if declaring, let name = relationship.variable, scope[name.text] != nil {
                throw QuiverError(.semanticError, "Redeclaring variable: \(name.text).", detail: "VariableAlreadyBound")
            }
            guard relationship.types.count == 1, let typeName = relationship.types[0].staticName else {
                throw QuiverError(.semanticError, "Exactly one relationship type must be specified for CREATE.",
                                  detail: "NoSingleRelationshipType")
            }
            if relationship.direction == .both && declaring {
                throw QuiverError(.semanticError, "Only directed relationships are supported in CREATE.",
                                  detail: "RequiresDirectedRelationship")
            }
            let slot: Int
            if let name = relationship.variable {
                if declaring || boundBefore.contains(name.text) {
                    if scope[name.text] != nil {
                        throw QuiverError(.semanticError, "Redeclaring variable: \(name.text).", detail: "VariableAlreadyBound")
                    }
                    slot = try declare(name, .relationship)
                } else {
                    slot = try lookup(name).slot
                }
            } else {
                slot = newSlot()
            }
            let forward = relationship.direction != .incoming
            let properties = try relationship.properties.map { e throws(QuiverError) in try compile(e) }
            edges.append(CreateEdgeSpec(slot: slot, fromSlot: forward ? nodeSlots[index] : nodeSlots[index + 1],
                                        toSlot: forward ? nodeSlots[index + 1] : nodeSlots[index],
                                        type: names.edgeType(typeName), properties: properties))
            pieces.append(.relationship(slot))
            pieces.append(.node(nodeSlots[index + 1]))
        }
        var paths: [(slot: Int, pieces: [PathPiece])] = []
        if let pathName = part.variable {
            let slot = declaring ? try declare(pathName, .path) : try lookup(pathName).slot
            paths.append((slot, pieces))
        }
        return CreatePattern(nodes: nodes, edges: edges, paths: paths)
    }

    private func createNode(_ node: NodePattern, boundBefore: Set<String>, declaring: Bool, alone: Bool,
                            created: [CreateNodeSpec]) throws(QuiverError) -> CreateNodeSpec {
        let hasDetails = !node.labels.isEmpty || node.properties != nil
        if let name = node.variable, let binding = scope[name.text],
           boundBefore.contains(name.text) || created.contains(where: { $0.slot == binding.slot }) {
            if binding.kind != .node && binding.kind != .value {
                throw QuiverError(.semanticError, "Type mismatch: \(name.text) is not a node.", detail: "VariableTypeConflict")
            }
            if hasDetails || (alone && boundBefore.contains(name.text)) {
                throw QuiverError(.semanticError, "Redeclaring variable: \(name.text).", detail: "VariableAlreadyBound")
            }
            return CreateNodeSpec(slot: binding.slot, labels: [], properties: nil, isBound: true)
        }
        var labels: [LabelTerm] = []
        for term in node.labels.terms {
            guard term.count == 1 else {
                throw QuiverError(.syntaxError, "Label alternatives cannot be created.", detail: "InvalidArgumentType")
            }
            labels.append(try labelTerm(term[0]))
        }
        let properties = try node.properties.map { e throws(QuiverError) in try compile(e) }
        let slot: Int
        if let name = node.variable {
            slot = declaring ? try declare(name, .node) : try lookup(name).slot
        } else {
            slot = newSlot()
        }
        return CreateNodeSpec(slot: slot, labels: labels, properties: properties, isBound: false)
    }

    func planMerge(_ op: PlanOperator, _ merge: Merge) throws(QuiverError) -> PlanOperator {
        let boundBefore = Set(scope.keys)
        if merge.part.element.chain.isEmpty, let name = merge.part.element.start.variable, scope[name.text] != nil {
            throw QuiverError(.semanticError, "Redeclaring variable: \(name.text).", detail: "VariableAlreadyBound")
        }
        for link in merge.part.element.chain {
            if let name = link.relationship.variable, scope[name.text] != nil {
                throw QuiverError(.semanticError, "Redeclaring variable: \(name.text).", detail: "VariableAlreadyBound")
            }
            if link.relationship.types.count != 1 {
                throw QuiverError(.semanticError, "Exactly one relationship type must be specified for MERGE.",
                                  detail: "NoSingleRelationshipType")
            }
            if link.relationship.expansion != nil {
                throw QuiverError(.semanticError, "Variable length relationships cannot be merged.", detail: "CreatingVarLength")
            }
        }
        let match = try planMatch(OnceOperator(), Pattern(parts: [merge.part]), nil)
        let pattern = try createPart(merge.part, boundBefore: boundBefore, declaring: false)
        var onMatch: [SetAction] = [], onCreate: [SetAction] = []
        for action in merge.actions {
            if action.onCreate { onCreate += try setActions(action.items) } else { onMatch += try setActions(action.items) }
        }
        var checked = pattern
        checked.rejectsNullProperties = true
        let introduced = scope.filter { !boundBefore.contains($0.key) }.map(\.value.slot).sorted()
        return try markWrite(MergeOperator(input: op, match: match, pattern: checked, onMatch: onMatch, onCreate: onCreate,
                                           slots: introduced))
    }

    func setActions(_ items: [SetItem]) throws(QuiverError) -> [SetAction] {
        var actions: [SetAction] = []
        for item in items {
            switch item.kind {
            case .property(let target, let value):
                let (base, key, path) = try propertyPath(target, "SET")
                if path.isEmpty {
                    actions.append(.setProperty(target: try compile(base), key: propertyKey(key), value: try compile(value)))
                } else {
                    actions.append(.updateProperty(target: try compile(base), key: propertyKey(key), path: path,
                                                   value: try compile(value), mode: .set))
                }
            case .appendToProperty(let target, let value):
                let (base, key, path) = try propertyPath(target, "SET")
                actions.append(.updateProperty(target: try compile(base), key: propertyKey(key), path: path,
                                               value: try compile(value), mode: .merge))
            case .replaceProperties(let variable, let value):
                actions.append(.setProperties(slot: try lookup(variable).slot, value: try compile(value), replace: true))
            case .mergeProperties(let variable, let value):
                actions.append(.setProperties(slot: try lookup(variable).slot, value: try compile(value), replace: false))
            case .addLabels(let variable, let labels):
                actions.append(.addLabels(slot: try lookup(variable).slot, labels: try labels.map(labelTerm)))
            }
        }
        return actions
    }

    func removeActions(_ items: [RemoveItem]) throws(QuiverError) -> [SetAction] {
        var actions: [SetAction] = []
        for item in items {
            switch item.kind {
            case .property(let target):
                let (base, key, path) = try propertyPath(target, "REMOVE")
                if path.isEmpty {
                    actions.append(.removeProperty(target: try compile(base), key: propertyKey(key)))
                } else {
                    actions.append(.updateProperty(target: try compile(base), key: propertyKey(key), path: path,
                                                   value: nil, mode: .remove))
                }
            case .labels(let variable, let labels):
                actions.append(.removeLabels(slot: try lookup(variable).slot, labels: try labels.map(labelTerm)))
            }
        }
        return actions
    }

    /// `n.a.b.c` as the entity expression `n`, its property `a` and the map path `[b, c]`
    /// (the chain stops at the first base that is not itself a property access).
    private func propertyPath(_ target: Expression, _ clause: String) throws(QuiverError) -> (Expression, String, [String]) {
        guard case .property(var base, let last) = target.kind else {
            throw QuiverError(.syntaxError, "\(clause) expects a property.", detail: "InvalidArgumentType")
        }
        var keys = [last.text]
        while case .property(let inner, let key) = base.kind {
            keys.append(key.text)
            base = inner
        }
        keys.reverse()
        return (base, keys[0], Array(keys.dropFirst()))
    }

    func planDelete(_ op: PlanOperator, _ delete: Delete) throws(QuiverError) -> PlanOperator {
        var expressions: [Expr] = []
        for expression in delete.expressions {
            switch expression.kind {
            case .hasLabels:
                throw QuiverError(.semanticError, "DELETE expects nodes, relationships or paths, not a label test.",
                                  detail: "InvalidDelete")
            case .binary, .unary, .integer, .float, .string, .boolean:
                throw QuiverError(.semanticError, "DELETE expects nodes, relationships or paths.",
                                  detail: "InvalidArgumentType")
            default:
                expressions.append(try compile(expression))
            }
        }
        // Eager: every row is matched before anything is deleted, so a later row never reads
        // an entity an earlier row deleted.
        let eager = AccumulateOperator(input: op, carried: boundSlots(), advanceCommand: false)
        return try markWrite(DeleteOperator(input: eager, expressions: expressions, detach: delete.detach))
    }

    func planForeach(_ op: PlanOperator, _ foreach: Foreach) throws(QuiverError) -> PlanOperator {
        let list = try compile(foreach.list)
        let saved = scope
        defer { scope = saved }
        let slot = newSlot()
        scope[foreach.variable.text] = Binding(slot: slot, kind: .value)
        var body: PlanOperator = OnceOperator()
        for clause in foreach.clauses { body = try planClause(body, clause, isLast: false) }
        return try markWrite(ForeachOperator(input: op, list: list, slot: slot, body: body))
    }
}

extension QueryPlanner {
    func planLoadCSV(_ op: PlanOperator, _ load: LoadCSV) throws(QuiverError) -> PlanOperator {
        if load.config != nil { throw QuiverError(.notSupported, "LOAD CSV … WITH CONFIG is not supported yet.") }
        let compileOptional = { (e: Expression?) throws(QuiverError) -> Expr? in try e.map { x throws(QuiverError) in try self.compile(x) } }
        var spec = LoadCSVSpec(source: try compile(load.source), withHeader: load.withHeader, ignoreBad: load.ignoreBad,
                               delimiter: try compileOptional(load.delimiter), quote: try compileOptional(load.quote),
                               nullIf: try compileOptional(load.nullIf), slot: try declare(load.variable, .value))
        spec.load = csvLoads.count
        if load.withHeader {
            // The sequence number is a hidden variable, so barriers and sorts carry it with the row.
            let sequenceSlot = newSlot()
            scope["  csv row \(csvLoads.count)"] = Binding(slot: sequenceSlot, kind: .value)
            scope[load.variable.text]?.csv = CSVBinding(load: csvLoads.count, sequenceSlot: sequenceSlot)
            spec.sequenceSlot = sequenceSlot
        }
        let loadCSV = LoadCSVOperator(input: op, spec: spec)
        csvLoads.append(loadCSV)
        return loadCSV
    }
}
