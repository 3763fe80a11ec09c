// StringFunctions: the built-in string functions (table entries for FunctionLibrary).

import QuiverCore

enum StringFunctions {
    static let table: [BuiltinFunction] = []
}
