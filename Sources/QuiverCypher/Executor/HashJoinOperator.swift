// HashJoin: a cartesian product joined on an equality `probeKey = buildKey` (Memgraph's
// HashJoin). The branch, which reads nothing from the input side, runs once: each of its rows
// is stored (the slots it binds) in a hash table by its key; each input row then looks its key
// up and yields one row per stored row whose key is `=` to it, in the branch's order — the rows
// and order of a Cartesian followed by the Filter. The table's memory is tracked.

import QuiverCore

public final class HashJoinOperator: PlanOperator {
    let input: PlanOperator
    let branch: PlanOperator
    let probeKey: Expr
    let buildKey: Expr
    /// The slots the branch binds (stored per build row, restored per match).
    let buildSlots: Range<Int>
    let text: String

    public init(input: PlanOperator, branch: PlanOperator, probeKey: Expr, buildKey: Expr, buildSlots: Range<Int>,
                text: String) {
        self.input = input
        self.branch = branch
        self.probeKey = probeKey
        self.buildKey = buildKey
        self.buildSlots = buildSlots
        self.text = text
    }

    override public var name: String { "HashJoin" }
    override public var details: String { text }
    override public var children: [PlanOperator] { [input, branch] }
    override public func makeCursor(_ profiler: Profiler?) -> Cursor {
        HashJoinCursor(plan: self, input: input.cursor(profiler), branch: branch.cursor(profiler))
    }

    final class HashJoinCursor: Cursor {
        let plan: HashJoinOperator
        let input: Cursor
        let branch: Cursor
        var built = false
        /// Stored branch rows, `width` values each, and their keys.
        var rows: [Value] = []
        var keys: [Value] = []
        /// Rows by key, for keys whose equivalence agrees with `=` (numbers, strings, booleans,
        /// nodes, relationships); rows with other keys (lists, maps, temporals…) are compared
        /// one by one.
        var table: [Value: [Int]] = [:]
        var others: [Int] = []
        var matches: [Int] = []
        var next = 0
        var probe: Value = .null

        init(plan: HashJoinOperator, input: Cursor, branch: Cursor) {
            self.plan = plan
            self.input = input
            self.branch = branch
        }

        override func pull(_ context: ExecutionContext) throws(QuiverError) -> Bool {
            while true {
                while next < matches.count {
                    let row = matches[next]
                    next += 1
                    guard Value.cypherEquals(probe, keys[row]) == true else { continue }
                    let width = plan.buildSlots.count
                    var offset = row * width
                    for slot in plan.buildSlots {
                        context.frame[slot] = rows[offset]
                        offset += 1
                    }
                    return true
                }
                // The first input row comes before the build, so writes of earlier clauses
                // (run when the input is first pulled) are visible to the branch.
                guard try input.pull(context) else { return false }
                if !built { try build(context) }
                probe = try context.evaluate(plan.probeKey)
                next = 0
                if Self.isHashable(probe) {
                    matches = table[probe] ?? []
                } else {
                    matches = probe.isNull ? [] : others
                }
            }
        }

        private func build(_ context: ExecutionContext) throws(QuiverError) {
            built = true
            let width = plan.buildSlots.count
            // The input side's values in the branch's slots (none, normally) are put back.
            var saved: [Value] = []
            for slot in plan.buildSlots { saved.append(context.frame[slot]) }
            var count = 0
            while try branch.pull(context) {
                let key = try context.evaluate(plan.buildKey)
                if key.isNull { continue }
                for slot in plan.buildSlots { rows.append(context.frame[slot]) }
                keys.append(key)
                if Self.isHashable(key) {
                    table[key, default: []].append(count)
                } else {
                    others.append(count)
                }
                count += 1
                try context.memory.charge(48 + 16 * (width + 1))
            }
            for (index, slot) in plan.buildSlots.enumerated() { context.frame[slot] = saved[index] }
        }

        /// Keys whose equivalence (Hashable) holds exactly when `=` is true; NaN is never `=`.
        private static func isHashable(_ value: Value) -> Bool {
            switch value {
            case .bool, .int, .string, .node, .relationship: return true
            case .float(let number): return !number.isNaN
            default: return false
            }
        }

        override func reset() {
            input.reset()
            branch.reset()
            built = false
            rows = []
            keys = []
            table = [:]
            others = []
            matches = []
            next = 0
        }
    }
}
