// GraphFunctions: the built-in graph functions (table entries for FunctionLibrary).

import QuiverCore

enum GraphFunctions {
    static let table: [BuiltinFunction] = []
}
