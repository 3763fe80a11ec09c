// ListFunctions: the built-in list functions (table entries for FunctionLibrary): range, tail,
// reverse (of lists and strings), toSet. head/last/size are scalar functions; `[]` slicing,
// comprehensions and reduce belong to the evaluator.

import QuiverCore

enum ListFunctions {
    /// The longest list `range` builds; a bigger request is refused before allocating.
    static let rangeElementsMax: Int128 = 1 << 27

    static let table: [BuiltinFunction] = [range, reverse, tail, toSet]

    /// range(start, end [, step]): inclusive bounds, step 1 by default, never 0. Non-integer
    /// bounds or steps are ArgumentError InvalidArgumentType (TCK List11 [5]), a zero step
    /// NumberOutOfRange (List11 [4]); null anywhere gives null, as in Memgraph.
    static let range = BuiltinFunction("range", arguments: 2...3) { arguments, context throws(QuiverError) -> Value in
        var bounds: [Int64] = []
        var sawNull = false
        for (index, argument) in arguments.enumerated() {
            switch argument {
            case .int(let integer): bounds.append(integer)
            case .null: sawNull = true
            default:
                let expected: [ArgumentKind] = [.null, .integer]
                throw QuiverError(.invalidArgument,
                                  FunctionError.wrongTypeMessage("range", position: index + 1, expected: expected),
                                  detail: "InvalidArgumentType")
            }
        }
        if sawNull { return .null }
        let start = bounds[0], end = bounds[1]
        let step = bounds.count == 3 ? bounds[2] : 1
        guard step != 0 else {
            throw QuiverError(.invalidArgument, "Optional 'range' argument at position 3 must be a non-zero integer.",
                              detail: "NumberOutOfRange")
        }
        let span = Int128(end) - Int128(start)
        guard span == 0 || (span > 0) == (step > 0) else { return .list([]) }
        let count = span / Int128(step) + 1
        guard count <= rangeElementsMax else {
            throw FunctionError.badValue("range", "the list would have \(count) elements, more than \(rangeElementsMax).",
                                         detail: "NumberOutOfRange")
        }
        try context.memory?.precheck(Int(count) * MemoryLayout<Value>.stride)
        var list: [Value] = []
        list.reserveCapacity(Int(count))
        // start + k·step stays between start and end for k < count, so it cannot overflow.
        for k in 0..<Int64(count) { list.append(.int(start &+ k &* step)) }
        return .list(list)
    }

    static let reverse = FunctionBuilder.nullPropagating("reverse") { argument throws(QuiverError) -> Value in
        switch argument {
        case .string(let string): return .string(CodePointText.reversed(string))
        case .list(let list): return .list(list.reversed())
        default: throw FunctionError.wrongType("reverse", position: 1, expected: [.null, .string, .list])
        }
    }

    static let tail = FunctionBuilder.nullPropagating("tail") { argument throws(QuiverError) -> Value in
        guard case .list(let list) = argument else {
            throw FunctionError.wrongType("tail", position: 1, expected: [.null, .list])
        }
        return .list(Array(list.dropFirst()))
    }

    /// toSet(list): the distinct elements (by equivalence, so 1 and 1.0 are one) in first-seen order.
    static let toSet = FunctionBuilder.nullPropagating("toSet") { argument throws(QuiverError) -> Value in
        guard case .list(let list) = argument else {
            throw FunctionError.wrongType("toSet", position: 1, expected: [.null, .list])
        }
        var seen = Set<Value>(minimumCapacity: list.count)
        return .list(list.filter { seen.insert($0).inserted })
    }
}
