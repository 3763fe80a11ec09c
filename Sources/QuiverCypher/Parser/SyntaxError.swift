// Syntax errors in Memgraph's shape: "Error on line L position C. The underlying parsing error
// is …", where C is the 1-based column of the offending token. Every lexer and parser failure
// goes through here so the shape stays the same everywhere.

import QuiverCore

extension QuiverError {
    static func syntax(at position: SourcePosition, _ message: String) -> QuiverError {
        QuiverError(.syntaxError,
                    "Error on line \(position.line) position \(position.column). The underlying parsing error is \(message)")
    }
}
