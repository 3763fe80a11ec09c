// ScalarFunctions: the built-in scalar functions (table entries for FunctionLibrary).

import QuiverCore

enum ScalarFunctions {
    static let table: [BuiltinFunction] = []
}
