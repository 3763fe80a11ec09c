// Scan operators: Once (the single empty row every plan starts from) and the vertex sources —
// all vertices, by label, and by label + property through an index (equality, range, prefix).
// Scans read the transaction's view as of the current command (`.old`), so rows a query creates
// while it scans are never scanned again; the planner advances the command between clauses.

import QuiverCore
import QuiverStorage

public final class OnceOperator: PlanOperator {
    override public var name: String { "Once" }
    override public func makeCursor(_ profiler: Profiler?) -> Cursor { OnceCursor() }

    final class OnceCursor: Cursor {
        var done = false
        override func pull(_ context: ExecutionContext) throws(QuiverError) -> Bool {
            if done { return false }
            done = true
            return true
        }
        override func reset() { done = false }
    }
}

/// Shared shape of the scans: for each input row, produce every matching vertex into `slot`.
class ScanCursor: Cursor {
    let input: Cursor
    let slot: Int
    var active = false

    init(input: Cursor, slot: Int) {
        self.input = input
        self.slot = slot
    }

    /// Starts the scan for a new input row; false when it can produce nothing.
    func start(_ context: ExecutionContext) throws(QuiverError) -> Bool { true }
    /// The next vertex of the current scan.
    func next(_ context: ExecutionContext) throws(QuiverError) -> Gid? { nil }

    override final func pull(_ context: ExecutionContext) throws(QuiverError) -> Bool {
        while true {
            try context.tick()
            if active, let gid = try next(context) {
                context.frame[slot] = .node(gid)
                return true
            }
            active = false
            guard try input.pull(context) else { return false }
            active = try start(context)
        }
    }

    override func reset() {
        input.reset()
        active = false
    }
}

public final class ScanAllOperator: PlanOperator {
    let input: PlanOperator
    let slot: Int
    let variable: String

    public init(input: PlanOperator, slot: Int, variable: String) {
        self.input = input
        self.slot = slot
        self.variable = variable
    }

    override public var name: String { "ScanAll" }
    override public var details: String { "(\(variable))" }
    override public var children: [PlanOperator] { [input] }
    override public func makeCursor(_ profiler: Profiler?) -> Cursor { Scan(input: input.cursor(profiler), slot: slot) }

    final class Scan: ScanCursor {
        var cursor = VertexCursor()
        override func start(_ context: ExecutionContext) throws(QuiverError) -> Bool {
            cursor = context.transaction.vertices()
            return true
        }
        override func next(_ context: ExecutionContext) -> Gid? { cursor.next(context.transaction, view: context.readView) }
    }
}

public final class ScanByLabelOperator: PlanOperator {
    let input: PlanOperator
    let slot: Int
    let variable: String
    let label: LabelID
    let labelName: String

    public init(input: PlanOperator, slot: Int, variable: String, label: LabelID, labelName: String) {
        self.input = input
        self.slot = slot
        self.variable = variable
        self.label = label
        self.labelName = labelName
    }

    override public var name: String { "ScanAllByLabel" }
    override public var details: String { "(\(variable) :\(labelName))" }
    override public var children: [PlanOperator] { [input] }
    override public func makeCursor(_ profiler: Profiler?) -> Cursor { Scan(input: input.cursor(profiler), slot: slot, label: label) }

    final class Scan: ScanCursor {
        let label: LabelID
        var cursor: LabelCursor?
        init(input: Cursor, slot: Int, label: LabelID) {
            self.label = label
            super.init(input: input, slot: slot)
        }
        override func start(_ context: ExecutionContext) throws(QuiverError) -> Bool {
            cursor = context.transaction.vertices(label: label)
            return true
        }
        override func next(_ context: ExecutionContext) -> Gid? { cursor?.next(context.transaction, view: context.readView) }
    }
}

/// How an index scan looks its values up, with expressions evaluated per input row.
public enum IndexLookupExpr: Sendable {
    case equal(Expr)
    case range(lower: (Expr, inclusive: Bool)?, upper: (Expr, inclusive: Bool)?)
    case prefix(Expr)
}

public final class ScanByLabelPropertyOperator: PlanOperator {
    let input: PlanOperator
    let slot: Int
    let variable: String
    let label: LabelID
    let property: PropertyKey
    let labelName: String
    let lookup: IndexLookupExpr
    /// The pattern's `{p: v}` test this equality lookup replaces: index equality is Cypher
    /// equality for int, string and boolean values, so the test runs only for other values
    /// (floats: NaN; lists and maps: nulls inside).
    let residual: Expr?

    public init(input: PlanOperator, slot: Int, variable: String, label: LabelID, labelName: String,
                property: PropertyKey, lookup: IndexLookupExpr, residual: Expr? = nil) {
        self.input = input
        self.residual = residual
        self.slot = slot
        self.variable = variable
        self.label = label
        self.labelName = labelName
        self.property = property
        self.lookup = lookup
    }

    override public var name: String {
        switch lookup {
        case .equal: "ScanAllByLabelPropertyValue"
        case .range, .prefix: "ScanAllByLabelPropertyRange"
        }
    }
    override public var details: String { "(\(variable) :\(labelName) {\(property.name)})" }
    override public var children: [PlanOperator] { [input] }
    override public func makeCursor(_ profiler: Profiler?) -> Cursor { Scan(input: input.cursor(profiler), slot: slot, plan: self) }

    final class Scan: ScanCursor {
        /// Strong: an `unowned` reference costs a checked retain and release on every access,
        /// and the plan outlives its cursors anyway.
        let plan: ScanByLabelPropertyOperator
        /// The lookup value of an equality scan (read per row without unpacking the plan's), and
        /// the same when it is a LOAD CSV field, read without touching the expression at all
        /// (copying an `Expr` out of a stored property costs a retain and a release).
        let equalValue: Expr?
        let equalField: CSVFieldAccess?
        var cursor: LabelPropertyCursor? {
            didSet { probe = cursor.map { Unmanaged.passUnretained($0) } }
        }
        /// `cursor`, borrowed without reference counting for the per-row calls (`cursor` keeps
        /// it alive; an `unowned(unsafe)` copy was still retained around each call): an index
        /// nested-loop join calls `start` and `next` twice per input row.
        private var probe: Unmanaged<LabelPropertyCursor>?
        /// Whether the residual test must run for this row's lookup value.
        var checkResidual = false

        init(input: Cursor, slot: Int, plan: ScanByLabelPropertyOperator) {
            self.plan = plan
            if case .equal(let expression) = plan.lookup { equalValue = expression } else { equalValue = nil }
            if case .csvField(let access)? = equalValue { equalField = access } else { equalField = nil }
            super.init(input: input, slot: slot)
        }

        override func start(_ context: ExecutionContext) throws(QuiverError) -> Bool {
            guard let lookup = try resolve(context) else { return false }
            if let probe { return probe._withUnsafeGuaranteedRef { $0.reset(lookup) } }
            guard let fresh = context.transaction.vertices(label: plan.label, property: plan.property.id, lookup) else {
                throw QuiverError(.indexDoesNotExist, "The index on :\(plan.labelName)(\(plan.property.name)) was dropped.")
            }
            cursor = fresh
            return true
        }

        /// The storage lookup for this row; nil when it can match nothing (a null bound).
        private func resolve(_ context: ExecutionContext) throws(QuiverError) -> IndexLookup? {
            if equalField != nil || equalValue != nil {
                let value: Value
                if let equalField { value = try context.csvField(equalField) } else { value = try context.evaluate(equalValue!) }
                switch value {
                case .null: return nil
                case .int, .string, .bool: checkResidual = false
                default: checkResidual = plan.residual != nil
                }
                return .equal(value)
            }
            switch plan.lookup {
            case .equal:
                preconditionFailure("equality lookups are resolved above")
            case .range(let lower, let upper):
                var lowerBound: IndexLookup.Bound?, upperBound: IndexLookup.Bound?
                if let lower {
                    let value = try context.evaluate(lower.0)
                    if value.isNull { return nil }
                    lowerBound = .init(value, inclusive: lower.inclusive)
                }
                if let upper {
                    let value = try context.evaluate(upper.0)
                    if value.isNull { return nil }
                    upperBound = .init(value, inclusive: upper.inclusive)
                }
                return .range(lower: lowerBound, upper: upperBound)
            case .prefix(let expression):
                guard case .string(let prefix) = try context.evaluate(expression) else { return nil }
                return .prefix(prefix)
            }
        }

        override func next(_ context: ExecutionContext) throws(QuiverError) -> Gid? {
            guard let probe else { return nil }
            let transaction = context.transaction, view = context.readView
            while let gid = probe._withUnsafeGuaranteedRef({ $0.next(transaction, view: view) }) {
                guard checkResidual, let residual = plan.residual else { return gid }
                context.frame[slot] = .node(gid)
                if try context.truth(try context.evaluate(residual), "WHERE") == true { return gid }
            }
            return nil
        }
    }
}
