// Operators that must see their whole input (or a set of it) before producing: hash Aggregate,
// OrderBy (a full sort, or a bounded top-k when LIMIT follows), Distinct and Accumulate (the
// barrier between a writing clause and the reads after it, which advances the transaction's
// command so later clauses see the writes). Memory they hold is added to trackedMemory.

import QuiverCore
import QuiverStorage

/// One aggregate column: the function, its argument (nil for count(*)), the percentile
/// parameter, and the slot the result goes to.
public struct AggregateItem: Sendable {
    public var kind: Aggregator.Kind
    public var distinct: Bool
    public var argument: Expr?
    public var parameter: Expr?
    public var slot: Int
}

public final class AggregateOperator: PlanOperator {
    let input: PlanOperator
    let keys: [(Expr, Int)]
    let aggregates: [AggregateItem]

    public init(input: PlanOperator, keys: [(Expr, Int)], aggregates: [AggregateItem]) {
        self.input = input
        self.keys = keys
        self.aggregates = aggregates
    }

    override public var name: String { "Aggregate" }
    override public var children: [PlanOperator] { [input] }
    override public func makeCursor(_ profiler: Profiler?) -> Cursor { AggregateCursor(input: input.cursor(profiler), plan: self) }

    final class AggregateCursor: Cursor {
        let input: Cursor
        unowned let plan: AggregateOperator
        var groups: [(key: [Value], states: [Aggregator])] = []
        var index: [[Value]: Int] = [:]
        var singleKeyIndex: [Value: Int] = [:]
        var position = -1
        /// Set when only count(*) is computed without keys: the row count.
        var countStarRows: Int64?

        init(input: Cursor, plan: AggregateOperator) {
            self.input = input
            self.plan = plan
        }

        private func freshStates() -> [Aggregator] {
            plan.aggregates.map { Aggregator($0.kind, distinct: $0.distinct) }
        }

        /// No grouping keys: one group, its states kept in a local (no nested copy-on-write
        /// checks per row); count(*) alone just counts rows.
        private func consumeUngrouped(_ context: ExecutionContext) throws(QuiverError) {
            var states = freshStates()
            let items = plan.aggregates
            if items.allSatisfy({ $0.kind == .countStar && !$0.distinct }) {
                var rows: Int64 = 0
                while try input.pull(context) { rows += 1 }
                groups = [([], states)]
                countStarRows = rows
                return
            }
            while try input.pull(context) {
                for index in items.indices {
                    let item = items[index]
                    let value = try item.argument.map { e throws(QuiverError) in try context.evaluate(e) } ?? .null
                    let parameter = try item.parameter.map { e throws(QuiverError) in try context.evaluate(e) } ?? .null
                    try states[index].add(value, parameter: parameter)
                    if states[index].keepsValues { try context.memory.charge(QueryMemory.retainedBytes(value)) }
                }
            }
            groups = [([], states)]
        }

        private func consume(_ context: ExecutionContext) throws(QuiverError) {
            let keys = plan.keys
            if keys.isEmpty { return try consumeUngrouped(context) }
            while try input.pull(context) {
                let group: Int
                if keys.isEmpty {
                    if groups.isEmpty { groups.append(([], freshStates())) }
                    group = 0
                } else if keys.count == 1 {
                    let key = try context.evaluate(keys[0].0)
                    if let found = singleKeyIndex[key] {
                        group = found
                    } else {
                        group = groups.count
                        singleKeyIndex[key] = group
                        groups.append(([key], freshStates()))
                        try context.memory.charge(64)
                    }
                } else {
                    var key: [Value] = []
                    key.reserveCapacity(keys.count)
                    for (expression, _) in keys { key.append(try context.evaluate(expression)) }
                    if let found = index[key] {
                        group = found
                    } else {
                        group = groups.count
                        index[key] = group
                        groups.append((key, freshStates()))
                        try context.memory.charge(64 + 32 * keys.count)
                    }
                }
                for (offset, item) in plan.aggregates.enumerated() {
                    let value = try item.argument.map { e throws(QuiverError) in try context.evaluate(e) } ?? .null
                    let parameter = try item.parameter.map { e throws(QuiverError) in try context.evaluate(e) } ?? .null
                    try groups[group].states[offset].add(value, parameter: parameter)
                    if groups[group].states[offset].keepsValues { try context.memory.charge(QueryMemory.retainedBytes(value)) }
                }
            }
            // No rows and no grouping keys: one row of empty aggregates (count → 0).
            if groups.isEmpty && keys.isEmpty { groups.append(([], freshStates())) }
        }

        override func pull(_ context: ExecutionContext) throws(QuiverError) -> Bool {
            if position < 0 {
                try consume(context)
                position = 0
            }
            guard position < groups.count else { return false }
            let group = groups[position]
            position += 1
            for (offset, (_, slot)) in plan.keys.enumerated() { context.frame[slot] = group.key[offset] }
            for (offset, item) in plan.aggregates.enumerated() {
                if let rows = countStarRows {
                    context.frame[item.slot] = .int(rows)
                } else {
                    context.frame[item.slot] = try group.states[offset].result()
                }
            }
            return true
        }

        override func reset() {
            input.reset()
            groups = []
            index = [:]
            singleKeyIndex = [:]
            position = -1
            countStarRows = nil
        }
    }
}

public struct SortKey: Sendable {
    public var expression: Expr
    public var descending: Bool
}

/// ORDER BY: buffers the carried slots plus the sort keys of every row, sorts stably by
/// openCypher's total order, and replays. With `limit` it keeps only the best rows.
public final class OrderByOperator: PlanOperator {
    let input: PlanOperator
    let keys: [SortKey]
    let carried: [Int]
    let limit: Expr?

    public init(input: PlanOperator, keys: [SortKey], carried: [Int], limit: Expr?) {
        self.input = input
        self.keys = keys
        self.carried = carried
        self.limit = limit
    }

    override public var name: String { "OrderBy" }
    override public var children: [PlanOperator] { [input] }
    override public func makeCursor(_ profiler: Profiler?) -> Cursor { OrderByCursor(input: input.cursor(profiler), plan: self) }

    final class OrderByCursor: Cursor {
        let input: Cursor
        unowned let plan: OrderByOperator
        /// Each row: sort keys first, then carried slots, then an arrival number for stability.
        var rows: [[Value]] = []
        var position = -1

        init(input: Cursor, plan: OrderByOperator) {
            self.input = input
            self.plan = plan
        }

        private func precedes(_ a: [Value], _ b: [Value]) -> Bool {
            for (offset, key) in plan.keys.enumerated() {
                var order = Value.orderCompare(a[offset], b[offset])
                if key.descending { order = order.reversed }
                if order != .equal { return order == .less }
            }
            return false
        }

        private func consume(_ context: ExecutionContext) throws(QuiverError) {
            let bound = try plan.limit.map { e throws(QuiverError) in try SkipLimitOperator.evaluateCount(e, "LIMIT", context) }
            while try input.pull(context) {
                var row: [Value] = []
                row.reserveCapacity(plan.keys.count + plan.carried.count)
                for key in plan.keys { row.append(try context.evaluate(key.expression)) }
                for slot in plan.carried { row.append(context.frame[slot]) }
                if let bound {
                    if bound == 0 { continue }
                    // Top-k: insert after every row that is not worse (keeps arrival order on ties).
                    if rows.count == bound, !precedes(row, rows[bound - 1]) { continue }
                    var low = 0, high = rows.count
                    while low < high {
                        let mid = (low + high) / 2
                        if precedes(row, rows[mid]) { high = mid } else { low = mid + 1 }
                    }
                    rows.insert(row, at: low)
                    if rows.count > bound { rows.removeLast() }
                } else {
                    rows.append(row)
                    try context.memory.charge(16 * row.count)
                }
            }
            if bound == nil {
                // A stable merge sort: Swift's sort is stable (introsort was replaced by timsort).
                rows.sort(by: precedes)
            }
        }

        override func pull(_ context: ExecutionContext) throws(QuiverError) -> Bool {
            if position < 0 {
                try consume(context)
                position = 0
            }
            guard position < rows.count else { return false }
            let row = rows[position]
            position += 1
            let offset = plan.keys.count
            for (index, slot) in plan.carried.enumerated() { context.frame[slot] = row[offset + index] }
            return true
        }

        override func reset() {
            input.reset()
            rows = []
            position = -1
        }
    }
}

/// DISTINCT over the given slots (by equivalence: 1 and 1.0 are one row, nulls are equal).
public final class DistinctOperator: PlanOperator {
    let input: PlanOperator
    let slots: [Int]

    public init(input: PlanOperator, slots: [Int]) {
        self.input = input
        self.slots = slots
    }

    override public var name: String { "Distinct" }
    override public var children: [PlanOperator] { [input] }
    override public func makeCursor(_ profiler: Profiler?) -> Cursor { DistinctCursor(input: input.cursor(profiler), slots: slots) }

    final class DistinctCursor: Cursor {
        let input: Cursor
        let slots: [Int]
        var seen = Set<[Value]>()
        var seenSingle = Set<Value>()
        init(input: Cursor, slots: [Int]) {
            self.input = input
            self.slots = slots
        }
        override func pull(_ context: ExecutionContext) throws(QuiverError) -> Bool {
            while try input.pull(context) {
                if slots.count == 1 {
                    if seenSingle.insert(context.frame[slots[0]]).inserted {
                        try context.memory.charge(48)
                        return true
                    }
                    continue
                }
                var key: [Value] = []
                key.reserveCapacity(slots.count)
                for slot in slots { key.append(context.frame[slot]) }
                if seen.insert(key).inserted {
                    try context.memory.charge(48 + 32 * slots.count)
                    return true
                }
            }
            return false
        }
        override func reset() {
            input.reset()
            seen = []
            seenSingle = []
        }
    }
}

/// Drains the input, storing the carried slots, then (optionally) advances the transaction's
/// command so later reads see this clause's writes, and replays the rows.
public final class AccumulateOperator: PlanOperator {
    let input: PlanOperator
    let carried: [Int]
    let advanceCommand: Bool

    public init(input: PlanOperator, carried: [Int], advanceCommand: Bool) {
        self.input = input
        self.carried = carried
        self.advanceCommand = advanceCommand
    }

    override public var name: String { "Accumulate" }
    override public var children: [PlanOperator] { [input] }
    override public func makeCursor(_ profiler: Profiler?) -> Cursor { AccumulateCursor(input: input.cursor(profiler), plan: self) }

    final class AccumulateCursor: Cursor {
        let input: Cursor
        unowned let plan: AccumulateOperator
        var rows: [[Value]] = []
        var position = -1
        init(input: Cursor, plan: AccumulateOperator) {
            self.input = input
            self.plan = plan
        }
        override func pull(_ context: ExecutionContext) throws(QuiverError) -> Bool {
            if position < 0 {
                while try input.pull(context) {
                    rows.append(plan.carried.map { context.frame[$0] })
                    try context.memory.charge(16 * plan.carried.count)
                }
                if plan.advanceCommand { context.transaction.advanceCommand() }
                position = 0
            }
            guard position < rows.count else { return false }
            for (index, slot) in plan.carried.enumerated() { context.frame[slot] = rows[position][index] }
            position += 1
            return true
        }
        override func reset() {
            input.reset()
            rows = []
            position = -1
        }
    }
}
