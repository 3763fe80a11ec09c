// Procedures: what `CALL name(args) YIELD …` runs — a signature (typed inputs and outputs)
// and a body producing records — plus the registry a database keeps them in and the operator
// that calls one per input row, binding the yielded fields to slots.

import QuiverCore
import QuiverStorage
import Synchronization

public struct ProcedureField: Sendable, Equatable {
    public var name: String
    /// openCypher type name: ANY, BOOLEAN, INTEGER, FLOAT, NUMBER, STRING, MAP, LIST…, NODE…
    public var type: String

    public init(name: String, type: String) {
        self.name = name
        self.type = type
    }

    /// Whether `value` fits the declared type (null always does: fields are nullable).
    public func accepts(_ value: Value) -> Bool {
        switch (type.uppercased(), value) {
        case (_, .null), ("ANY", _): return true
        case ("BOOLEAN", .bool), ("INTEGER", .int), ("FLOAT", .float), ("FLOAT", .int), ("STRING", .string),
             ("NUMBER", .int), ("NUMBER", .float), ("MAP", .map), ("NODE", .node), ("RELATIONSHIP", .relationship),
             ("PATH", .path):
            return true
        case (let name, .list) where name.hasPrefix("LIST"): return true
        default: return false
        }
    }
}

public struct Procedure: Sendable {
    public typealias Body = @Sendable (_ arguments: [Value], _ context: ExecutionContext) throws(QuiverError) -> [[Value]]

    public var name: String
    public var inputs: [ProcedureField]
    public var outputs: [ProcedureField]
    public var body: Body

    public init(name: String, inputs: [ProcedureField], outputs: [ProcedureField], body: @escaping Body) {
        self.name = name
        self.inputs = inputs
        self.outputs = outputs
        self.body = body
    }
}

public final class ProcedureRegistry: Sendable {
    private let procedures = Mutex<[String: Procedure]>([:])

    public init() {}

    public func register(_ procedure: Procedure) {
        procedures.withLock { $0[procedure.name.lowercased()] = procedure }
    }

    public func lookup(_ name: String) -> Procedure? {
        procedures.withLock { $0[name.lowercased()] }
    }
}

/// Per input row: evaluates the arguments, checks their types, runs the procedure and emits
/// one row per record with the yielded fields in their slots. What a call returns counts
/// against its `PROCEDURE MEMORY LIMIT` (100 MiB unless the query says otherwise; nil for
/// UNLIMITED) and, while its records are held, against the query's memory.
public final class CallProcedureOperator: PlanOperator {
    let input: PlanOperator
    let procedure: Procedure
    let arguments: [Expr]
    /// (index of the output field, slot) for each yielded field.
    let yields: [(Int, Int)]
    let memoryLimitBytes: Int?

    /// Memgraph's default procedure memory limit.
    public static let defaultMemoryLimitBytes = 100 * 1024 * 1024

    public init(input: PlanOperator, procedure: Procedure, arguments: [Expr], yields: [(Int, Int)],
                memoryLimitBytes: Int? = CallProcedureOperator.defaultMemoryLimitBytes) {
        self.input = input
        self.procedure = procedure
        self.arguments = arguments
        self.yields = yields
        self.memoryLimitBytes = memoryLimitBytes
    }

    /// The memory a call's records hold (each record's array plus its values, nested ones included).
    static func recordBytes(_ records: [[Value]]) -> Int {
        var total = 32
        for record in records {
            total &+= 32
            for value in record { total &+= QueryMemory.deepBytes(value) }
        }
        return total
    }

    override public var name: String { "CallProcedure" }
    override public var details: String { procedure.name }
    override public var children: [PlanOperator] { [input] }
    override public func makeCursor(_ profiler: Profiler?) -> Cursor { CallCursor(input: input.cursor(profiler), plan: self) }

    final class CallCursor: Cursor {
        let input: Cursor
        unowned let plan: CallProcedureOperator
        var records: [[Value]] = []
        var position = 0
        /// What `records` charged to the query's memory.
        var charged = 0

        init(input: Cursor, plan: CallProcedureOperator) {
            self.input = input
            self.plan = plan
        }

        override func pull(_ context: ExecutionContext) throws(QuiverError) -> Bool {
            while position >= records.count {
                guard try input.pull(context) else { return false }
                var values: [Value] = []
                for (index, argument) in plan.arguments.enumerated() {
                    var value = try context.evaluate(argument)
                    let field = plan.procedure.inputs[index]
                    guard field.accepts(value) else {
                        throw QuiverError(.typeError, "Procedure \(plan.procedure.name) expects \(field.type) for \(field.name).",
                                          detail: "InvalidArgumentType")
                    }
                    if field.type.uppercased() == "FLOAT", case .int(let number) = value { value = .float(Double(number)) }
                    values.append(value)
                }
                release(context)
                records = []
                let produced = try plan.procedure.body(values, context)
                let bytes = CallProcedureOperator.recordBytes(produced)
                if let limit = plan.memoryLimitBytes, bytes > limit {
                    throw QuiverError(.memoryLimitExceeded,
                                      "Memory limit exceeded! Attempting to allocate a chunk of \(ByteSize.text(bytes)) which would put the current use to \(ByteSize.text(bytes)), while the maximum allowed size for allocation is set to \(ByteSize.text(limit)).")
                }
                try context.memory.charge(bytes)
                charged = bytes
                records = produced
                position = 0
                if plan.procedure.outputs.isEmpty { return true }
            }
            let record = records[position]
            position += 1
            for (field, slot) in plan.yields { context.frame[slot] = record[field] }
            return true
        }

        private func release(_ context: ExecutionContext) {
            if charged > 0 { context.memory.release(charged) }
            charged = 0
        }

        override func reset() {
            input.reset()
            records = []
            position = 0
        }
    }
}
