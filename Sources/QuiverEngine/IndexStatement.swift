// IndexStatement: Memgraph's index DDL in its classic form — `CREATE INDEX ON :Label`,
// `CREATE INDEX ON :Label(property)` and the matching `DROP INDEX ON …` — recognised before the
// Cypher parser sees the text. Creating or dropping an index clears the plan cache.

import QuiverCore
import QuiverStorage

struct IndexStatement {
    var create: Bool
    var label: String
    var property: String?

    /// The statement in `text`, nil when `text` is not index DDL; malformed DDL is an error.
    static func parse(_ text: String) throws(QuiverError) -> IndexStatement? {
        var words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).map(String.init)
        if words.last == ";" { words.removeLast() }
        guard words.count >= 4, ["CREATE", "DROP"].contains(words[0].uppercased()), words[1].uppercased() == "INDEX",
              words[2].uppercased() == "ON" else { return nil }
        var target = words[3...].joined()
        if target.hasSuffix(";") { target.removeLast() }
        guard target.hasPrefix(":") else {
            throw QuiverError(.syntaxError, "Index DDL expects ON :Label or ON :Label(property).")
        }
        target.removeFirst()
        var property: String?
        if let open = target.firstIndex(of: "(") {
            guard target.hasSuffix(")") else { throw QuiverError(.syntaxError, "Index DDL: missing ')'.") }
            property = String(target[target.index(after: open)..<target.index(before: target.endIndex)])
            target = String(target[..<open])
        }
        func unquote(_ name: String) -> String {
            name.hasPrefix("`") && name.hasSuffix("`") && name.count >= 2 ? String(name.dropFirst().dropLast()) : name
        }
        guard !target.isEmpty, property?.isEmpty != true else { throw QuiverError(.syntaxError, "Index DDL: empty name.") }
        return IndexStatement(create: words[0].uppercased() == "CREATE", label: unquote(target), property: property.map(unquote))
    }

    func apply(to database: Database) throws(QuiverError) {
        let storage = database.storage
        let label = storage.names.label(self.label)
        if let property {
            let key = storage.names.property(property)
            if create { _ = try storage.createLabelPropertyIndex(label, key) } else { _ = try storage.dropLabelPropertyIndex(label, key) }
        } else {
            if create { _ = try storage.createLabelIndex(label) } else { _ = try storage.dropLabelIndex(label) }
        }
        database.invalidatePlans()
    }
}
