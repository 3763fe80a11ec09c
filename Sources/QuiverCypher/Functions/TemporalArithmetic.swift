// TemporalArithmetic: `+` and `-` between temporal values and durations, duration scaling by
// numbers (`*`, `/`), as ValueOperators needs them.

import QuiverCore

public enum TemporalArithmetic {
    /// `lhs + rhs` when either side is temporal (date/time kinds or duration); nil otherwise.
    public static func add(_ lhs: Value, _ rhs: Value) throws(QuiverError) -> Value? { nil }
    /// `lhs - rhs` when either side is temporal; nil otherwise.
    public static func subtract(_ lhs: Value, _ rhs: Value) throws(QuiverError) -> Value? { nil }
    /// `duration * number`, `number * duration`; nil otherwise.
    public static func multiply(_ lhs: Value, _ rhs: Value) throws(QuiverError) -> Value? { nil }
    /// `duration / number`; nil otherwise.
    public static func divide(_ lhs: Value, _ rhs: Value) throws(QuiverError) -> Value? { nil }
}
