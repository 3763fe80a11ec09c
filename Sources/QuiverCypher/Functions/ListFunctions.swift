// ListFunctions: the built-in list functions (table entries for FunctionLibrary).

import QuiverCore

enum ListFunctions {
    static let table: [BuiltinFunction] = []
}
