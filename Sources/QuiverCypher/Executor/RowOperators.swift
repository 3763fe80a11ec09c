// Row operators that transform a stream without buffering it: Filter, Produce (projection into
// slots), Skip, Limit, Unwind, Optional (a branch whose rows or one null-padded row follow each
// input row), Apply (rerun a branch per input row: subqueries and cartesian products), Union,
// and EmptyResult (drains its input; write queries without RETURN).

import QuiverCore
import QuiverStorage

public final class FilterOperator: PlanOperator {
    let input: PlanOperator
    let predicate: Expr
    let text: String

    public init(input: PlanOperator, predicate: Expr, text: String = "") {
        self.input = input
        self.predicate = predicate
        self.text = text
    }

    override public var name: String { "Filter" }
    override public var details: String { text }
    override public var children: [PlanOperator] { [input] }
    override public func makeCursor(_ profiler: Profiler?) -> Cursor { FilterCursor(input: input.cursor(profiler), predicate: predicate) }

    final class FilterCursor: Cursor {
        let input: Cursor
        let predicate: Expr
        init(input: Cursor, predicate: Expr) {
            self.input = input
            self.predicate = predicate
        }
        override func pull(_ context: ExecutionContext) throws(QuiverError) -> Bool {
            while try input.pull(context) {
                if try context.holds(predicate) { return true }
            }
            return false
        }
        override func reset() { input.reset() }
    }
}

public final class ProduceOperator: PlanOperator {
    let input: PlanOperator
    let items: [(Expr, Int)]
    let text: String

    public init(input: PlanOperator, items: [(Expr, Int)], text: String = "") {
        self.input = input
        self.items = items
        self.text = text
    }

    override public var name: String { "Produce" }
    override public var details: String { text }
    override public var children: [PlanOperator] { [input] }
    override public func makeCursor(_ profiler: Profiler?) -> Cursor { ProduceCursor(input: input.cursor(profiler), items: items) }

    final class ProduceCursor: Cursor {
        let input: Cursor
        let items: [(Expr, Int)]
        init(input: Cursor, items: [(Expr, Int)]) {
            self.input = input
            self.items = items
        }
        override func pull(_ context: ExecutionContext) throws(QuiverError) -> Bool {
            guard try input.pull(context) else { return false }
            for (expression, slot) in items { context.frame[slot] = try context.evaluate(expression) }
            return true
        }
        override func reset() { input.reset() }
    }
}

/// SKIP or LIMIT: the count is evaluated once, on the first pull, and must be a non-negative
/// integer.
public final class SkipLimitOperator: PlanOperator {
    let input: PlanOperator
    let count: Expr
    let isLimit: Bool
    /// LIMIT over writes: once the limit is reached, the remaining input is still pulled.
    let drainsInput: Bool

    public init(input: PlanOperator, count: Expr, isLimit: Bool, drainsInput: Bool = false) {
        self.input = input
        self.count = count
        self.isLimit = isLimit
        self.drainsInput = drainsInput
    }

    override public var name: String { isLimit ? "Limit" : "Skip" }
    override public var children: [PlanOperator] { [input] }
    override public func makeCursor(_ profiler: Profiler?) -> Cursor { SkipLimitCursor(input: input.cursor(profiler), plan: self) }

    static func evaluateCount(_ expression: Expr, _ keyword: String, _ context: ExecutionContext) throws(QuiverError) -> Int {
        let value = try context.evaluate(expression)
        switch value {
        case .int(let n) where n >= 0:
            return Int(n)
        case .int:
            throw QuiverError(.semanticError, "\(keyword) must be a non-negative integer.", detail: "NegativeIntegerArgument")
        default:
            throw QuiverError(.semanticError, "\(keyword) must be an integer, got \(value.typeName).",
                              detail: "InvalidArgumentType")
        }
    }

    final class SkipLimitCursor: Cursor {
        let input: Cursor
        unowned let plan: SkipLimitOperator
        var remaining: Int?
        init(input: Cursor, plan: SkipLimitOperator) {
            self.input = input
            self.plan = plan
        }
        override func pull(_ context: ExecutionContext) throws(QuiverError) -> Bool {
            if remaining == nil {
                remaining = try SkipLimitOperator.evaluateCount(plan.count, plan.isLimit ? "LIMIT" : "SKIP", context)
            }
            if plan.isLimit {
                guard remaining! > 0 else {
                    if plan.drainsInput { while try input.pull(context) {} }
                    return false
                }
                remaining! -= 1
                return try input.pull(context)
            }
            while remaining! > 0 {
                guard try input.pull(context) else { return false }
                remaining! -= 1
            }
            return try input.pull(context)
        }
        override func reset() {
            input.reset()
            remaining = nil
        }
    }
}

public final class UnwindOperator: PlanOperator {
    let input: PlanOperator
    let list: Expr
    let slot: Int

    public init(input: PlanOperator, list: Expr, slot: Int) {
        self.input = input
        self.list = list
        self.slot = slot
    }

    override public var name: String { "Unwind" }
    override public var children: [PlanOperator] { [input] }
    override public func makeCursor(_ profiler: Profiler?) -> Cursor { UnwindCursor(input: input.cursor(profiler), plan: self) }

    final class UnwindCursor: Cursor {
        let input: Cursor
        unowned let plan: UnwindOperator
        var elements: [Value] = []
        var position = 0
        init(input: Cursor, plan: UnwindOperator) {
            self.input = input
            self.plan = plan
        }
        override func pull(_ context: ExecutionContext) throws(QuiverError) -> Bool {
            while position >= elements.count {
                guard try input.pull(context) else { return false }
                switch try context.evaluate(plan.list) {
                case .list(let values): elements = values
                case .null: elements = []
                case let single: elements = [single]
                }
                position = 0
            }
            try context.tick()
            context.frame[plan.slot] = elements[position]
            position += 1
            return true
        }
        override func reset() {
            input.reset()
            elements = []
            position = 0
        }
    }
}

/// OPTIONAL MATCH: for each input row, the branch's rows, or the input row with `slots` null.
public final class OptionalOperator: PlanOperator {
    let input: PlanOperator
    let branch: PlanOperator
    let slots: [Int]

    public init(input: PlanOperator, branch: PlanOperator, slots: [Int]) {
        self.input = input
        self.branch = branch
        self.slots = slots
    }

    override public var name: String { "Optional" }
    override public var children: [PlanOperator] { [input, branch] }
    override public func makeCursor(_ profiler: Profiler?) -> Cursor {
        OptionalCursor(input: input.cursor(profiler), branch: branch.cursor(profiler), slots: slots)
    }

    final class OptionalCursor: Cursor {
        let input: Cursor
        let branch: Cursor
        let slots: [Int]
        var inBranch = false
        var branchProduced = false
        init(input: Cursor, branch: Cursor, slots: [Int]) {
            self.input = input
            self.branch = branch
            self.slots = slots
        }
        override func pull(_ context: ExecutionContext) throws(QuiverError) -> Bool {
            while true {
                if inBranch {
                    if try branch.pull(context) {
                        branchProduced = true
                        return true
                    }
                    inBranch = false
                    if !branchProduced {
                        for slot in slots { context.frame[slot] = .null }
                        return true
                    }
                }
                guard try input.pull(context) else { return false }
                branch.reset()
                inBranch = true
                branchProduced = false
            }
        }
        override func reset() {
            input.reset()
            inBranch = false
        }
    }
}

/// For each input row, every row of `branch` (which sees the input row's slots). Used for
/// CALL subqueries and cartesian products of unconnected pattern parts. With `drainsBranch`
/// (a unit subquery: no RETURN) the branch runs to exhaustion and the input row passes once.
public final class ApplyOperator: PlanOperator {
    let input: PlanOperator
    let branch: PlanOperator
    let label: String
    let drainsBranch: Bool

    public init(input: PlanOperator, branch: PlanOperator, label: String = "Apply", drainsBranch: Bool = false) {
        self.input = input
        self.branch = branch
        self.label = label
        self.drainsBranch = drainsBranch
    }

    override public var name: String { label }
    override public var children: [PlanOperator] { [input, branch] }
    override public func makeCursor(_ profiler: Profiler?) -> Cursor {
        ApplyCursor(input: input.cursor(profiler), branch: branch.cursor(profiler), drains: drainsBranch)
    }

    final class ApplyCursor: Cursor {
        let input: Cursor
        let branch: Cursor
        let drains: Bool
        var inBranch = false
        init(input: Cursor, branch: Cursor, drains: Bool) {
            self.input = input
            self.branch = branch
            self.drains = drains
        }
        override func pull(_ context: ExecutionContext) throws(QuiverError) -> Bool {
            while true {
                if inBranch {
                    if try branch.pull(context) { return true }
                    inBranch = false
                }
                guard try input.pull(context) else { return false }
                branch.reset()
                if drains {
                    while try branch.pull(context) {}
                    return true
                }
                inBranch = true
            }
        }
        override func reset() {
            input.reset()
            inBranch = false
        }
    }
}

/// UNION ALL: the rows of each branch in turn; every branch writes the same output slots.
public final class UnionOperator: PlanOperator {
    let branches: [PlanOperator]

    public init(branches: [PlanOperator]) {
        self.branches = branches
    }

    override public var name: String { "Union" }
    override public var children: [PlanOperator] { branches }
    override public func makeCursor(_ profiler: Profiler?) -> Cursor { UnionCursor(branches: branches.map { $0.cursor(profiler) }) }

    final class UnionCursor: Cursor {
        let branches: [Cursor]
        var current = 0
        init(branches: [Cursor]) { self.branches = branches }
        override func pull(_ context: ExecutionContext) throws(QuiverError) -> Bool {
            while current < branches.count {
                if try branches[current].pull(context) { return true }
                current += 1
            }
            return false
        }
        override func reset() {
            for branch in branches { branch.reset() }
            current = 0
        }
    }
}

public final class EmptyResultOperator: PlanOperator {
    let input: PlanOperator

    public init(input: PlanOperator) { self.input = input }

    override public var name: String { "EmptyResult" }
    override public var children: [PlanOperator] { [input] }
    override public func makeCursor(_ profiler: Profiler?) -> Cursor { EmptyCursor(input: input.cursor(profiler)) }

    final class EmptyCursor: Cursor {
        let input: Cursor
        init(input: Cursor) { self.input = input }
        override func pull(_ context: ExecutionContext) throws(QuiverError) -> Bool {
            while try input.pull(context) {}
            return false
        }
        override func reset() { input.reset() }
    }
}
