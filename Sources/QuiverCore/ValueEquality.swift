// ValueEquality: the two equality relations of openCypher on Value. `==` is equivalence (DISTINCT,
// grouping, map keys, Hashable); `cypherEquals` is the ternary `=` operator. Neither may use
// Swift's String `==`, which treats canonically equivalent strings as equal.

extension Value: Equatable {
    /// openCypher equivalence: null ≡ null, NaN ≡ NaN, 1 ≡ 1.0 (exactly, without rounding the
    /// integer), -0.0 ≡ 0.0, strings by code point, lists and maps element by element, temporal
    /// values field by field (a DateTime keeps its offset and zone). Different kinds never match.
    public static func == (lhs: Value, rhs: Value) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.int(a), .int(b)): return a == b
        case let (.float(a), .float(b)): return a == b || (a.isNaN && b.isNaN)
        case let (.int(a), .float(b)): return NumericComparison.compare(a, b) == .equal
        case let (.float(a), .int(b)): return NumericComparison.compare(b, a) == .equal
        case let (.string(a), .string(b)): return CodePointComparison.equal(a, b)
        case let (.list(a), .list(b)):
            guard a.count == b.count else { return false }
            for index in a.indices where !(a[index] == b[index]) { return false }
            return true
        case let (.map(a), .map(b)):
            guard a.count == b.count else { return false }
            for (key, value) in a {
                guard let other = Value.entry(of: b, forKey: key), value == other else { return false }
            }
            return true
        case let (.date(a), .date(b)): return a == b
        case let (.localTime(a), .localTime(b)): return a == b
        case let (.localDateTime(a), .localDateTime(b)): return a == b
        case let (.dateTime(a), .dateTime(b)): return a == b
        case let (.duration(a), .duration(b)): return a == b
        case let (.time(a), .time(b)): return a == b
        case let (.node(a), .node(b)): return a == b
        case let (.relationship(a), .relationship(b)): return a.gid == b.gid
        case let (.path(a), .path(b)): return a == b
        default: return false
        }
    }

    /// openCypher's `=`: nil (null) when either side is null; NaN equals nothing, itself
    /// included; numbers compare exactly across int and float; values of different kinds are
    /// false. Lists of different lengths and maps with different key sets are false even when
    /// they hold nulls; otherwise any false element makes the whole false, and any null element
    /// (with no false one) makes it null (TCK Comparison1 [6], [7]). DateTime values are equal
    /// when they are the same instant in the same zone, as in Neo4j and Memgraph.
    public static func cypherEquals(_ lhs: Value, _ rhs: Value) -> Bool? {
        switch (lhs, rhs) {
        case (.null, _), (_, .null):
            return nil
        case let (.float(a), .float(b)):
            return a == b
        case let (.list(a), .list(b)):
            guard a.count == b.count else { return false }
            var unknown = false
            for index in a.indices {
                switch cypherEquals(a[index], b[index]) {
                case false?: return false
                case nil: unknown = true
                case true?: break
                }
            }
            return unknown ? nil : true
        case let (.map(a), .map(b)):
            guard a.count == b.count else { return false }
            var unknown = false
            for (key, value) in a {
                guard let other = Value.entry(of: b, forKey: key) else { return false }
                switch cypherEquals(value, other) {
                case false?: return false
                case nil: unknown = true
                case true?: break
                }
            }
            return unknown ? nil : true
        default:
            // Every remaining case is a scalar or temporal value (or a mix of kinds), where `=`
            // and equivalence agree; NaN against an int is false in both.
            return lhs == rhs
        }
    }

    /// The value stored under a key that matches `key` code point for code point. A Swift
    /// dictionary finds keys by canonical equivalence, so the key found is checked again.
    @usableFromInline
    static func entry(of map: [String: Value], forKey key: String) -> Value? {
        guard let index = map.index(forKey: key) else { return nil }
        let entry = map[index]
        return CodePointComparison.equal(entry.key, key) ? entry.value : nil
    }
}
