// Writing operators: Create (nodes and relationships of a pattern), SetProperties, Delete,
// Merge and Foreach. All writes go through the storage transaction; statistics feed Bolt's
// `stats`. Property maps are evaluated per row; null values are skipped (Cypher never stores
// null), and graph values are refused by the property codec.

import QuiverCore
import QuiverStorage

public struct CreateNodeSpec: Sendable {
    public var slot: Int
    public var labels: [LabelTerm]
    public var properties: Expr?
    /// Already bound by an earlier clause: used, not created.
    public var isBound: Bool
}

public struct CreateEdgeSpec: Sendable {
    public var slot: Int
    public var fromSlot: Int
    public var toSlot: Int
    public var type: EdgeTypeID
    public var properties: Expr?
}

/// A pattern to create: its nodes, then its relationships (which join created or bound nodes),
/// then the path variables built from them.
public struct CreatePattern: Sendable {
    public var nodes: [CreateNodeSpec]
    public var edges: [CreateEdgeSpec]
    public var paths: [(slot: Int, pieces: [PathPiece])]
    /// MERGE: a null property value cannot be merged on.
    public var rejectsNullProperties = false
}

extension ExecutionContext {
    /// Evaluates a property map expression into storage pairs (nulls dropped).
    func propertyPairs(_ expression: Expr?, keepNulls: Bool = false,
                       rejectNulls: Bool = false) throws(QuiverError) -> [(PropertyID, Value)] {
        guard let expression else { return [] }
        let value = try evaluate(expression)
        let entries: [String: Value]
        switch value {
        case .map(let map): entries = map
        case .null: return []
        case .node(let gid): entries = try functions.graph!.properties(of: gid)
        case .relationship(let edge): entries = try functions.graph!.properties(of: edge)
        default: throw ExecutionErrors.type("Properties must be given as a map, got \(value.typeName).")
        }
        var pairs: [(PropertyID, Value)] = []
        pairs.reserveCapacity(entries.count)
        for (key, element) in entries {
            if element.isNull {
                if rejectNulls {
                    throw QuiverError(.semanticError, "Cannot merge using a null property value for \(key).",
                                      detail: "MergeReadOwnWrites")
                }
                if !keepNulls { continue }
            }
            pairs.append((names.property(key), element))
        }
        return pairs
    }

    func create(_ pattern: CreatePattern) throws(QuiverError) {
        for node in pattern.nodes {
            if node.isBound {
                guard case .node = frame[node.slot] else {
                    throw QuiverError(.semanticError, "Trying to create a relationship with a null or non-node endpoint.")
                }
                continue
            }
            var labels: [LabelID] = []
            for term in node.labels { labels.append(contentsOf: try resolveLabels(term)) }
            let properties = try propertyPairs(node.properties, rejectNulls: pattern.rejectsNullProperties)
            let gid = try transaction.createVertex(labels: labels, properties: properties)
            stats.nodesCreated += 1
            stats.labelsAdded += labels.count
            stats.propertiesSet += properties.count
            frame[node.slot] = .node(gid)
        }
        for edge in pattern.edges {
            guard case .node(let from) = frame[edge.fromSlot], case .node(let to) = frame[edge.toSlot] else {
                throw QuiverError(.semanticError, "Trying to create a relationship with a null endpoint.")
            }
            let properties = try propertyPairs(edge.properties, rejectNulls: pattern.rejectsNullProperties)
            let ref = try transaction.createEdge(from: from, to: to, type: edge.type, properties: properties)
            stats.relationshipsCreated += 1
            stats.propertiesSet += properties.count
            frame[edge.slot] = .relationship(ref)
        }
        for path in pattern.paths { frame[path.slot] = try buildPath(path.pieces) }
    }
}

public final class CreateOperator: PlanOperator {
    let input: PlanOperator
    let pattern: CreatePattern

    public init(input: PlanOperator, pattern: CreatePattern) {
        self.input = input
        self.pattern = pattern
    }

    override public var name: String { pattern.edges.isEmpty ? "CreateNode" : "CreateExpand" }
    override public var children: [PlanOperator] { [input] }
    override public func makeCursor(_ profiler: Profiler?) -> Cursor { CreateCursor(input: input.cursor(profiler), pattern: pattern) }

    final class CreateCursor: Cursor {
        let input: Cursor
        let pattern: CreatePattern
        init(input: Cursor, pattern: CreatePattern) {
            self.input = input
            self.pattern = pattern
        }
        override func pull(_ context: ExecutionContext) throws(QuiverError) -> Bool {
            guard try input.pull(context) else { return false }
            try context.create(pattern)
            return true
        }
        override func reset() { input.reset() }
    }
}

/// One SET or REMOVE item after analysis.
public enum SetAction: Sendable {
    case setProperty(target: Expr, key: PropertyKey, value: Expr)
    /// `SET n = map` (replace: true) or `SET n += map`.
    case setProperties(slot: Int, value: Expr, replace: Bool)
    case addLabels(slot: Int, labels: [LabelTerm])
    case removeProperty(target: Expr, key: PropertyKey)
    case removeLabels(slot: Int, labels: [LabelTerm])
    /// `SET n.p += map`, `SET n.a.b = e`, `REMOVE n.a.b`: the property `key` of `target`
    /// rewritten at the map `path` inside it (NestedPropertyUpdate.swift).
    case updateProperty(target: Expr, key: PropertyKey, path: [String], value: Expr?, mode: NestedPropertyMode)
}

extension ExecutionContext {
    func apply(_ actions: [SetAction]) throws(QuiverError) {
        for action in actions {
            switch action {
            case .setProperty(let target, let key, let value):
                try setProperty(try evaluate(target), key.id, try evaluate(value))
            case .removeProperty(let target, let key):
                try setProperty(try evaluate(target), key.id, .null)
            case .updateProperty(let target, let key, let path, let value, let mode):
                try updateProperty(try evaluate(target), key, path: path, value: try value.map { e throws(QuiverError) in try evaluate(e) },
                                   mode: mode)
            case .setProperties(let slot, let value, let replace):
                try setProperties(frame[slot], try propertyPairs(value, keepNulls: !replace), replace: replace)
            case .addLabels(let slot, let terms):
                guard case .node(let gid) = frame[slot] else {
                    if frame[slot].isNull { continue }
                    throw ExecutionErrors.type("Labels can only be set on nodes.")
                }
                for term in terms {
                    for label in try resolveLabels(term) where try transaction.addLabel(gid, label) { stats.labelsAdded += 1 }
                }
            case .removeLabels(let slot, let terms):
                guard case .node(let gid) = frame[slot] else {
                    if frame[slot].isNull { continue }
                    throw ExecutionErrors.type("Labels can only be removed from nodes.")
                }
                for term in terms {
                    for label in try resolveLabels(term) where try transaction.removeLabel(gid, label) { stats.labelsRemoved += 1 }
                }
            }
        }
    }

    func setProperty(_ target: Value, _ key: PropertyID, _ value: Value) throws(QuiverError) {
        switch target {
        case .node(let gid):
            guard transaction.vertexExists(gid) else { throw ExecutionErrors.deletedEntity() }
            try transaction.setProperty(gid, key, value)
        case .relationship(let edge):
            try transaction.setEdgeProperty(edge.gid, key, value)
        case .null:
            return
        default:
            throw ExecutionErrors.type("Properties can only be set on nodes and relationships, not on \(target.typeName).",
                                       detail: "InvalidArgumentType")
        }
        stats.propertiesSet += 1
    }

    func setProperties(_ target: Value, _ pairs: [(PropertyID, Value)], replace: Bool) throws(QuiverError) {
        if replace {
            let existing: [(PropertyID, Value)]
            switch target {
            case .node(let gid): existing = transaction.properties(of: gid) ?? []
            case .relationship(let edge): existing = transaction.edgeProperties(edge.gid) ?? []
            case .null: return
            default: throw ExecutionErrors.type("Properties can only be set on nodes and relationships.")
            }
            for (key, _) in existing where !pairs.contains(where: { $0.0 == key }) {
                try setProperty(target, key, .null)
            }
        }
        for (key, value) in pairs { try setProperty(target, key, value) }
    }

    func delete(_ value: Value, detach: Bool) throws(QuiverError) {
        switch value {
        case .null:
            return
        case .node(let gid):
            // Deleting twice in one query (a node on several rows) is no error.
            guard transaction.vertexExists(gid) else { return }
            var buffer: [AdjacencyEntry] = []
            var removed = 0
            if detach {
                transaction.edges(of: gid, .outgoing, into: &buffer)
                removed += buffer.count
                transaction.edges(of: gid, .incoming, into: &buffer)
                removed += buffer.filter { $0.neighbour != gid }.count
            }
            do {
                if try transaction.deleteVertex(gid, detach: detach) {
                    stats.nodesDeleted += 1
                    stats.relationshipsDeleted += removed
                }
            } catch where error.code == .vertexHasEdges {
                throw QuiverError(.vertexHasEdges, "Failed to remove node because of it's existing connections. Consider using DETACH DELETE.",
                                  detail: "DeleteConnectedNode")
            }
        case .relationship(let edge):
            if try transaction.deleteEdge(edge) { stats.relationshipsDeleted += 1 }
        case .path(let path):
            for edge in path.relationships { try delete(.relationship(edge), detach: detach) }
            for node in path.nodes { try delete(.node(node), detach: detach) }
        default:
            throw ExecutionErrors.type("Only nodes, relationships and paths can be deleted, not \(value.typeName).",
                                       detail: "InvalidArgumentType")
        }
    }
}

public final class SetOperator: PlanOperator {
    let input: PlanOperator
    let actions: [SetAction]
    let label: String

    public init(input: PlanOperator, actions: [SetAction], label: String) {
        self.input = input
        self.actions = actions
        self.label = label
    }

    override public var name: String { label }
    override public var children: [PlanOperator] { [input] }
    override public func makeCursor(_ profiler: Profiler?) -> Cursor { SetCursor(input: input.cursor(profiler), actions: actions) }

    final class SetCursor: Cursor {
        let input: Cursor
        let actions: [SetAction]
        init(input: Cursor, actions: [SetAction]) {
            self.input = input
            self.actions = actions
        }
        override func pull(_ context: ExecutionContext) throws(QuiverError) -> Bool {
            guard try input.pull(context) else { return false }
            try context.apply(actions)
            return true
        }
        override func reset() { input.reset() }
    }
}

public final class DeleteOperator: PlanOperator {
    let input: PlanOperator
    let expressions: [Expr]
    let detach: Bool

    public init(input: PlanOperator, expressions: [Expr], detach: Bool) {
        self.input = input
        self.expressions = expressions
        self.detach = detach
    }

    override public var name: String { "Delete" }
    override public var children: [PlanOperator] { [input] }
    override public func makeCursor(_ profiler: Profiler?) -> Cursor { DeleteCursor(input: input.cursor(profiler), plan: self) }

    final class DeleteCursor: Cursor {
        let input: Cursor
        unowned let plan: DeleteOperator
        init(input: Cursor, plan: DeleteOperator) {
            self.input = input
            self.plan = plan
        }
        override func pull(_ context: ExecutionContext) throws(QuiverError) -> Bool {
            guard try input.pull(context) else { return false }
            // Relationships first, so DELETE n, r of a connected pair works without DETACH.
            var values: [Value] = []
            for expression in plan.expressions { values.append(try context.evaluate(expression)) }
            for value in values { if case .relationship = value { try context.delete(value, detach: plan.detach) } }
            for value in values { if case .relationship = value {} else { try context.delete(value, detach: plan.detach) } }
            return true
        }
        override func reset() { input.reset() }
    }
}

/// MERGE: per input row, the rows of `match` (with ON MATCH applied) or, when it finds none,
/// the created pattern (with ON CREATE applied). The match reads the newest view, so the next
/// row's match sees what this one created, and it runs to the end before any row goes on, so
/// writes downstream never feed back into the same match.
public final class MergeOperator: PlanOperator {
    let input: PlanOperator
    let match: PlanOperator
    let pattern: CreatePattern
    let onMatch: [SetAction]
    let onCreate: [SetAction]
    /// The slots the merge pattern binds.
    let slots: [Int]

    public init(input: PlanOperator, match: PlanOperator, pattern: CreatePattern, onMatch: [SetAction],
                onCreate: [SetAction], slots: [Int]) {
        self.input = input
        self.match = match
        self.pattern = pattern
        self.onMatch = onMatch
        self.onCreate = onCreate
        self.slots = slots
    }

    override public var name: String { "Merge" }
    override public var children: [PlanOperator] { [input, match] }
    override public func makeCursor(_ profiler: Profiler?) -> Cursor {
        MergeCursor(input: input.cursor(profiler), match: match.cursor(profiler), plan: self)
    }

    final class MergeCursor: Cursor {
        let input: Cursor
        let match: Cursor
        unowned let plan: MergeOperator
        var matches: [[Value]] = []
        var position = 0

        init(input: Cursor, match: Cursor, plan: MergeOperator) {
            self.input = input
            self.match = match
            self.plan = plan
        }

        private func collectMatches(_ context: ExecutionContext) throws(QuiverError) {
            let saved = context.readView
            context.readView = .new
            defer { context.readView = saved }
            matches.removeAll(keepingCapacity: true)
            position = 0
            match.reset()
            while try match.pull(context) { matches.append(plan.slots.map { context.frame[$0] }) }
        }

        override func pull(_ context: ExecutionContext) throws(QuiverError) -> Bool {
            if position < matches.count {
                for (index, slot) in plan.slots.enumerated() { context.frame[slot] = matches[position][index] }
                position += 1
                try context.apply(plan.onMatch)
                return true
            }
            guard try input.pull(context) else { return false }
            try collectMatches(context)
            if !matches.isEmpty { return try pull(context) }
            try context.create(plan.pattern)
            try context.apply(plan.onCreate)
            return true
        }

        override func reset() {
            input.reset()
            matches = []
            position = 0
        }
    }
}

/// FOREACH: per input row and list element, runs the body (updating clauses) to exhaustion.
public final class ForeachOperator: PlanOperator {
    let input: PlanOperator
    let list: Expr
    let slot: Int
    let body: PlanOperator

    public init(input: PlanOperator, list: Expr, slot: Int, body: PlanOperator) {
        self.input = input
        self.list = list
        self.slot = slot
        self.body = body
    }

    override public var name: String { "Foreach" }
    override public var children: [PlanOperator] { [input, body] }
    override public func makeCursor(_ profiler: Profiler?) -> Cursor { ForeachCursor(input: input.cursor(profiler), body: body.cursor(profiler), plan: self) }

    final class ForeachCursor: Cursor {
        let input: Cursor
        let body: Cursor
        unowned let plan: ForeachOperator
        init(input: Cursor, body: Cursor, plan: ForeachOperator) {
            self.input = input
            self.body = body
            self.plan = plan
        }
        override func pull(_ context: ExecutionContext) throws(QuiverError) -> Bool {
            guard try input.pull(context) else { return false }
            let saved = context.frame[plan.slot]
            for element in try context.listOperand(try context.evaluate(plan.list), "FOREACH") ?? [] {
                context.frame[plan.slot] = element
                body.reset()
                while try body.pull(context) {}
            }
            context.frame[plan.slot] = saved
            return true
        }
        override func reset() { input.reset() }
    }
}
