// Planner, procedure calls: `CALL name(args) [YIELD …]` in a query and standalone. Arguments
// are checked against the signature (count, literal types, no aggregation); a standalone call
// without parentheses takes its arguments from parameters named like the inputs; YIELD binds
// fields (renamed with AS) as new variables, and a standalone call returns every output.

import QuiverCore

extension QueryPlanner {
    func planProcedureCall(_ op: PlanOperator, _ call: ProcedureCall,
                           standalone: Bool) throws(QuiverError) -> PlannedProjection {
        guard let procedure = catalog.procedure(call.name.text) else {
            throw QuiverError(.semanticError, "There is no procedure named '\(call.name.text)'.", detail: "ProcedureNotFound")
        }
        var arguments: [Expr] = []
        if let explicit = call.arguments {
            guard explicit.count == procedure.inputs.count else {
                throw QuiverError(.semanticError, "Procedure \(procedure.name) takes \(procedure.inputs.count) argument(s).",
                                  detail: "InvalidNumberOfArguments")
            }
            for (index, argument) in explicit.enumerated() {
                if containsAggregate(argument) {
                    throw QuiverError(.semanticError, "Aggregation is not allowed in procedure arguments.",
                                      detail: "InvalidAggregation")
                }
                if let value = literalValue(argument), !procedure.inputs[index].accepts(value) {
                    throw QuiverError(.semanticError, "Procedure \(procedure.name) expects \(procedure.inputs[index].type).",
                                      detail: "InvalidArgumentType")
                }
                arguments.append(try compile(argument))
            }
        } else {
            guard standalone || procedure.inputs.isEmpty else {
                throw QuiverError(.semanticError, "Arguments of an in-query procedure call must be given explicitly.",
                                  detail: "InvalidArgumentPassingMode")
            }
            arguments = procedure.inputs.map { .parameter($0.name) }
            parameterNames.formUnion(procedure.inputs.map(\.name))
        }
        var yields: [(Int, Int)] = []
        var columns: [String] = []
        if let yield = call.yield, !yield.all {
            for item in yield.items {
                guard let field = procedure.outputs.firstIndex(where: { $0.name == item.field.text }) else {
                    throw QuiverError(.semanticError, "Procedure \(procedure.name) has no output named \(item.field.text).",
                                      detail: "UndefinedVariable")
                }
                yields.append((field, try declare(item.boundName, .value)))
                columns.append(item.boundName.text)
            }
        } else if standalone || call.yield?.all == true {
            if !standalone {
                throw QuiverError(.semanticError, "YIELD * is only allowed in a standalone procedure call.",
                                  detail: "UnexpectedSyntax")
            }
            for (index, field) in procedure.outputs.enumerated() {
                yields.append((index, newSlot()))
                columns.append(field.name)
            }
        }
        // No clause: Memgraph's default of 100 MB; UNLIMITED: none.
        let memoryLimitBytes = call.memoryLimit.map { $0.bytes.map { Int(clamping: $0) } } ?? CallProcedureOperator.defaultMemoryLimitBytes
        var result: PlanOperator = CallProcedureOperator(input: op, procedure: procedure, arguments: arguments, yields: yields,
                                                         memoryLimitBytes: memoryLimitBytes)
        if let condition = call.yield?.where {
            result = FilterOperator(input: result, predicate: try compilePredicate(condition, clause: "WHERE"))
        }
        return PlannedProjection(op: result, columns: columns, slots: yields.map(\.1))
    }
}
