// CypherLiteral: a value written as Cypher text that evaluates back to the same value
// (DUMP DATABASE, the console). Strings are single-quoted with escapes, names are back-quoted
// when they are not plain identifiers, floats keep every bit (shortest round-trip digits;
// infinities and NaN as divisions), temporal values as their constructor over their ISO text.
// Graph values have no literal form and are written as null.
import QuiverCore

public enum CypherLiteral {
    public static func text(_ value: Value) -> String {
        var out = ""
        append(value, to: &out)
        return out
    }

    public static func append(_ value: Value, to out: inout String) {
        switch value {
        case .null, .node, .relationship, .path: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .int(let number): out += String(number)
        case .float(let number): out += float(number)
        case .string(let text): out += quoted(text)
        case .list(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += ", " }
                append(item, to: &out)
            }
            out += "]"
        case .map(let entries):
            appendMap(entries.sorted { $0.key < $1.key }, to: &out)
        case .date: out += "date(" + quoted(TemporalValues.string(value)!) + ")"
        case .localTime: out += "localTime(" + quoted(TemporalValues.string(value)!) + ")"
        case .time: out += "time(" + quoted(TemporalValues.string(value)!) + ")"
        case .localDateTime: out += "localDateTime(" + quoted(TemporalValues.string(value)!) + ")"
        case .dateTime: out += "datetime(" + quoted(TemporalValues.string(value)!) + ")"
        case .duration: out += "duration(" + quoted(TemporalValues.string(value)!) + ")"
        }
    }

    /// `{key: value, …}` in the order given.
    public static func appendMap(_ entries: [(key: String, value: Value)], to out: inout String) {
        out += "{"
        for (index, entry) in entries.enumerated() {
            if index > 0 { out += ", " }
            out += name(entry.key)
            out += ": "
            append(entry.value, to: &out)
        }
        out += "}"
    }

    /// A label, type or key: as is when it is a plain identifier, else back-quoted.
    public static func name(_ text: String) -> String {
        var plain = !text.isEmpty
        for (index, scalar) in text.unicodeScalars.enumerated() where plain {
            let letter = (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || scalar == "_"
            let digit = scalar >= "0" && scalar <= "9"
            plain = letter || (digit && index > 0)
        }
        // Keywords are names too (Memgraph's symbolicName), so only the characters matter.
        if plain { return text }
        return "`" + text.replacingAll("`", with: "``") + "`"
    }

    public static func quoted(_ text: String) -> String {
        var out = "'"
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "'"
    }

    static func float(_ number: Double) -> String {
        if number.isNaN { return "(0.0 / 0.0)" }
        if number.isInfinite { return number > 0 ? "(1.0 / 0.0)" : "(-1.0 / 0.0)" }
        let text = String(number)
        // Swift prints 1e+20 for large values; Cypher reads 1e20 and 1.0E20 alike, and "1.0" stays a float.
        return text.contains(".") || text.contains("e") || text.contains("E") ? text.replacingAll("e+", with: "e") : text + ".0"
    }
}

extension String {
    /// Every occurrence of `target` replaced (no Foundation).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        var out = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            out += rest[..<range.lowerBound]
            out += replacement
            rest = rest[range.upperBound...]
        }
        out += rest
        return out
    }
}
