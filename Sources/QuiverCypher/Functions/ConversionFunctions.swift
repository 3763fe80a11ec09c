// ConversionFunctions: the built-in conversion functions (table entries for FunctionLibrary).

import QuiverCore

enum ConversionFunctions {
    static let table: [BuiltinFunction] = []
}
