// MathFunctions: the built-in math functions (table entries for FunctionLibrary).

import QuiverCore

enum MathFunctions {
    static let table: [BuiltinFunction] = []
}
