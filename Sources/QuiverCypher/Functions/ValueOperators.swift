// ValueOperators: Cypher's arithmetic on values (`+ - * / % ^`, unary minus): integer overflow
// errors, int/float promotion, string and list concatenation; temporal operands are handed to
// TemporalArithmetic.

import QuiverCore

public enum ValueOperators {
    public static func add(_ lhs: Value, _ rhs: Value) throws(QuiverError) -> Value {
        throw QuiverError(.notSupported, "'+' is not supported yet.")
    }
    public static func subtract(_ lhs: Value, _ rhs: Value) throws(QuiverError) -> Value {
        throw QuiverError(.notSupported, "'-' is not supported yet.")
    }
    public static func multiply(_ lhs: Value, _ rhs: Value) throws(QuiverError) -> Value {
        throw QuiverError(.notSupported, "'*' is not supported yet.")
    }
    public static func divide(_ lhs: Value, _ rhs: Value) throws(QuiverError) -> Value {
        throw QuiverError(.notSupported, "'/' is not supported yet.")
    }
    public static func modulo(_ lhs: Value, _ rhs: Value) throws(QuiverError) -> Value {
        throw QuiverError(.notSupported, "'%' is not supported yet.")
    }
    public static func power(_ lhs: Value, _ rhs: Value) throws(QuiverError) -> Value {
        throw QuiverError(.notSupported, "'^' is not supported yet.")
    }
    public static func negate(_ operand: Value) throws(QuiverError) -> Value {
        throw QuiverError(.notSupported, "unary '-' is not supported yet.")
    }
}
