// ConsoleFormat: how the console prints results: values as Cypher-like text (mgconsole's
// style: quoted strings, `(:Label {k: v})` nodes, `[:TYPE]` relationships), aligned tables with
// borders, CSV (RFC 4180 quoting) and the one-line summary. Pure string building.
import QuiverBolt
import QuiverCore

enum ConsoleFormat {
    enum Output: String { case table, csv }

    static func text(_ value: BoltValue, quoteStrings: Bool = true) -> String {
        switch value {
        case .null: return "Null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .float(let number): return String(number)
        case .string(let text): return quoteStrings ? "\"" + text + "\"" : text
        case .bytes(let bytes): return "<\(bytes.count) bytes>"
        case .list(let items): return "[" + items.map { text($0) }.joined(separator: ", ") + "]"
        case .map(let map): return properties(map)
        case .node(let node): return "(" + node.labels.map { ":" + $0 }.joined() + (node.properties.isEmpty ? "" : " " + properties(node.properties)) + ")"
        case .relationship(let relationship):
            return "[:" + relationship.type + (relationship.properties.isEmpty ? "" : " " + properties(relationship.properties)) + "]"
        case .unboundRelationship(let relationship):
            return "[:" + relationship.type + (relationship.properties.isEmpty ? "" : " " + properties(relationship.properties)) + "]"
        case .path(let path): return pathText(path)
        case .date(let date): return "Date(\(date.daysSinceEpoch) days)"
        case .time(let time): return "Time(\(time.nanosecondsSinceMidnight) ns, offset \(time.offsetSeconds) s)"
        case .localTime(let time): return "LocalTime(\(time.nanosecondsSinceMidnight) ns)"
        case .dateTime(let dateTime):
            return "DateTime(\(dateTime.secondsSinceEpochUTC) s UTC, offset \(dateTime.offsetSeconds) s\(dateTime.zoneID.map { ", " + $0 } ?? ""))"
        case .localDateTime(let dateTime): return "LocalDateTime(\(dateTime.secondsSinceEpoch) s)"
        case .duration(let duration):
            return "Duration(\(duration.months) months, \(duration.days) days, \(duration.seconds) s, \(duration.nanoseconds) ns)"
        case .point2D(let point): return "Point(\(point.x), \(point.y))"
        case .point3D(let point): return "Point(\(point.x), \(point.y), \(point.z))"
        }
    }

    static func properties(_ map: BoltMap) -> String {
        "{" + map.map { "\($0.key): \(text($0.value))" }.joined(separator: ", ") + "}"
    }

    private static func pathText(_ path: BoltPath) -> String {
        guard let first = path.nodes.first else { return "<>" }
        var parts = [text(.node(first))]
        var index = 0
        while index + 1 < path.indices.count {
            let relationshipIndex = Int(path.indices[index]), nodeIndex = Int(path.indices[index + 1])
            let relationship = path.relationships[abs(relationshipIndex) - 1]
            let body = text(.unboundRelationship(relationship))
            parts.append(relationshipIndex > 0 ? "-" + body + "->" : "<-" + body + "-")
            parts.append(text(.node(path.nodes[nodeIndex])))
            index += 2
        }
        return parts.joined()
    }

    /// mgconsole-style table: `+---+` rules, `| a |` cells, left-aligned.
    static func table(fields: [String], rows: [[BoltValue]]) -> String {
        guard !fields.isEmpty else { return "" }
        let cells = rows.map { $0.map { text($0) } }
        var widths = fields.map(\.count)
        for row in cells {
            for (column, cell) in row.enumerated() where column < widths.count { widths[column] = max(widths[column], cell.count) }
        }
        let rule = "+" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+") + "+"
        func line(_ values: [String]) -> String {
            "|" + values.enumerated().map { " " + $1 + String(repeating: " ", count: max(0, widths[$0] - $1.count)) + " " }.joined(separator: "|") + "|"
        }
        var lines = [rule, line(fields), rule]
        lines += cells.map(line)
        lines.append(rule)
        return lines.joined(separator: "\n") + "\n"
    }

    static func csv(fields: [String], rows: [[BoltValue]], header: Bool) -> String {
        var lines: [String] = header ? [fields.map(csvField).joined(separator: ",")] : []
        lines += rows.map { $0.map { csvField(text($0, quoteStrings: false)) }.joined(separator: ",") }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingAll("\"", with: "\"\"") + "\""
    }

    static func summary(rows: Int, fields: Int, seconds: Double, stats: BoltMap?) -> String {
        var text = fields > 0 ? "\(rows) row\(rows == 1 ? "" : "s") in set" : "Empty set"
        text += " (round trip in \(String(format3: seconds)) sec)"
        if let stats, !stats.isEmpty {
            let counters = stats.compactMap { entry -> String? in
                guard case .int(let count) = entry.value else { return nil }
                return "\(count) \(entry.key.replacingAll("-", with: " "))"
            }
            if !counters.isEmpty { text += "\n" + counters.joined(separator: ", ") }
        }
        return text
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self { if character == target { result += replacement } else { result.append(character) } }
        return result
    }

    init(format3 value: Double) {
        let millis = Int64((value * 1000).rounded())
        let fraction = String(millis % 1000)
        self = "\(millis / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
