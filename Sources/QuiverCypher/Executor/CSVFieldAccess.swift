// CSV field access: `row.name` and `toInteger(row.name)` on a LOAD CSV … WITH HEADER row read
// the field straight from the record LOAD CSV keeps in the execution context (a column found
// once per file), not by hashing the name into the row map. The row map stays the value of the
// variable; a sequence number LOAD CSV writes beside it tells whether the slot still holds the
// record the context has (a barrier may have replayed older rows, a subquery may not carry
// it): when not, the access falls back to the map, so results are the same either way.

import QuiverCore

/// Where `row.name` reads from: the planner's `Expr.csvField`.
public struct CSVFieldAccess: Sendable {
    /// The LOAD CSV (its index in the plan) and the name's position among its bound fields.
    public var load: Int
    public var ordinal: Int
    /// The row variable's slot and the slot of the sequence number written beside it.
    public var rowSlot: Int
    public var sequenceSlot: Int
    /// The property key of the plain `row.name` access (the fallback).
    public var key: PropertyKey
    /// `toInteger(row.name)`.
    public var integer: Bool
}

/// The record a LOAD CSV produced last, as field accesses read it.
public struct CSVRowState {
    /// Counts records over the whole execution; the row slot's sequence number is compared
    /// with it.
    var sequence: Int64 = 0
    var fields: [String] = []
    /// Per bound field name, its column in `fields` (-1 when the header lacks it).
    var columns: [Int] = []
    var nullIf: String?
}

extension ExecutionContext {
    @inline(__always)
    func csvField(_ access: CSVFieldAccess) throws(QuiverError) -> Value {
        if access.load < csvRows.count, case .int(let sequence) = frame[access.sequenceSlot],
           csvRows[access.load].sequence == sequence {
            let column = csvRows[access.load].columns[access.ordinal]
            guard column >= 0 else { return .null }
            if let nullIf = csvRows[access.load].nullIf, nullIf == csvRows[access.load].fields[column] { return .null }
            if access.integer {
                if let integer = ConversionFunctions.plainInteger(csvRows[access.load].fields[column]) { return .int(integer) }
                return try ConversionFunctions.integer(.string(csvRows[access.load].fields[column])) ?? .null
            }
            return .string(csvRows[access.load].fields[column])
        }
        let value = try property(of: frame[access.rowSlot], access.key)
        guard access.integer, !value.isNull else { return value }
        // toInteger as the function library defines it (the fallback path).
        return try FunctionLibrary.lookup("toInteger")!.body([value], functions)
    }
}
