// A seeded generator of random valid queries (clauses, patterns with Memgraph expansions,
// expressions of every kind up to a depth), for property tests: everything it produces must
// parse, and mutations of it must never trap the parser.
import QuiverCore

struct QueryGenerator {
    var random: SplitMix64

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    mutating func pick<T>(_ options: [T]) -> T { options[random.next(below: options.count)] }
    mutating func chance(_ percent: Int) -> Bool { random.next(below: 100) < percent }

    mutating func name() -> String { pick(["n", "m", "x", "count", "order", "`a b`", "_v", "ünï", "end"]) }
    mutating func label() -> String { pick(["A", "Person", "`L x`", "match", "$lbl"]) }

    mutating func literal() -> String {
        pick(["1", "-2", "0x1F", "0o7", "1.5", ".5e3", "'s'", "\"d\\n\"", "true", "null", "$p", "$0", "[]", "{}"])
    }

    mutating func expression(depth: Int) -> String {
        guard depth > 0, chance(75) else { return chance(50) ? literal() : name() }
        let inner = depth - 1
        switch random.next(below: 22) {
        case 0: return expression(depth: inner) + " " + pick(["+", "-", "*", "/", "%", "^"]) + " " + expression(depth: inner)
        case 1: return expression(depth: inner) + " " + pick(["AND", "OR", "XOR"]) + " " + expression(depth: inner)
        case 2: return expression(depth: inner) + " " + pick(["=", "<>", "!=", "<", "<=", ">", ">="]) + " " + expression(depth: inner)
        case 3: return expression(depth: inner) + " " + pick(["IN", "STARTS WITH", "ENDS WITH", "CONTAINS", "=~"]) + " " + expression(depth: inner)
        case 4: return "(NOT " + expression(depth: inner) + ")"
        case 5: return "-" + expression(depth: inner)
        case 6: return expression(depth: inner) + pick([" IS NULL", " IS NOT NULL"])
        case 7: return "(" + expression(depth: inner) + ")"
        case 8: return "[" + (0..<random.next(below: 3)).map { _ in expression(depth: inner) }.joined(separator: ", ") + "]"
        case 9: return "{k: " + expression(depth: inner) + ", `q`: " + expression(depth: inner) + "}"
        case 10: return name() + "." + pick(["p", "order", "`x y`"])
        case 11: return name() + "[" + expression(depth: inner) + "]" + pick(["", "[1..]", "[..2]"])
        case 12: return "CASE " + (chance(50) ? expression(depth: inner) + " " : "") + "WHEN " + expression(depth: inner) + " THEN "
            + expression(depth: inner) + (chance(50) ? " ELSE " + expression(depth: inner) : "") + " END"
        case 13: return "[x IN " + expression(depth: inner) + (chance(50) ? " WHERE " + expression(depth: inner) : "")
            + (chance(50) ? " | " + expression(depth: inner) : "") + "]"
        case 14: return pick(["all", "any", "none", "single"]) + "(x IN " + expression(depth: inner) + " WHERE " + expression(depth: inner) + ")"
        case 15: return "reduce(acc = 0, x IN " + expression(depth: inner) + " | acc + " + expression(depth: inner) + ")"
        case 16: return pick(["count(*)", "count(DISTINCT x)", "f.g(1, 2)", "toUpper('a')", "coalesce(a, b)"])
        case 17: return "[" + pattern(depth: inner, named: false) + " | " + expression(depth: inner) + "]"
        case 18: return "EXISTS { " + pattern(depth: inner, named: false) + " }"
        case 19: return "COUNT { MATCH " + pattern(depth: inner, named: false) + " RETURN 1 AS one }"
        case 20: return name() + " {.p, .*, k: " + expression(depth: inner) + "}"
        default: return name() + ":" + label()
        }
    }

    mutating func node(depth: Int) -> String {
        var text = "("
        if chance(70) { text += name() }
        if chance(50) { text += ":" + label() + (chance(30) ? "|" + label() : "") }
        if chance(30) { text += " {p: " + expression(depth: min(depth, 1)) + "}" }
        return text + ")"
    }

    mutating func relationship(depth: Int) -> String {
        var detail = ""
        if chance(50) { detail += "r" }
        if chance(50) { detail += ":T" + (chance(30) ? "|:U" : "") }
        if chance(40) {
            detail += pick(["*", "*2", "*1..3", "*..4", "*2..", "*BFS", "*BFS ..5 (e, v | true)",
                            "*WSHORTEST (e, v | e.w) total", "*ALLSHORTEST 3 (e, v | 1) t (e, v | v.ok)",
                            "*KSHORTEST | 2", "*1..2 (e, v | e.x > 1)"])
        }
        let body = detail.isEmpty && chance(50) ? "" : "[" + detail + "]"
        return pick(["-" + body + "->", "<-" + body + "-", "-" + body + "-"])
    }

    mutating func pattern(depth: Int, named: Bool) -> String {
        var text = named && chance(20) ? "p = " : ""
        text += node(depth: depth)
        for _ in 0..<(1 + random.next(below: 3)) {
            text += relationship(depth: depth) + node(depth: depth)
        }
        return text
    }

    mutating func clause() -> String {
        switch random.next(below: 12) {
        case 0: return (chance(30) ? "OPTIONAL " : "") + "MATCH " + pattern(depth: 2, named: true)
            + (chance(50) ? " WHERE " + expression(depth: 3) : "")
        case 1: return "WITH " + (chance(20) ? "DISTINCT " : "") + expression(depth: 3) + " AS w"
            + (chance(30) ? " ORDER BY w DESC SKIP 1 LIMIT 2" : "") + (chance(30) ? " WHERE w" : "")
        case 2: return "UNWIND " + expression(depth: 2) + " AS u"
        case 3: return "CREATE " + pattern(depth: 1, named: true)
        case 4: return "MERGE " + node(depth: 1) + " ON CREATE SET n.p = " + expression(depth: 2)
        case 5: return "SET " + pick(["n.p = 1", "n += {a: 1}", "n:L", "n = $m", "n.a.b = 2"])
        case 6: return "REMOVE " + pick(["n.p", "n:L:M"])
        case 7: return pick(["DELETE n", "DETACH DELETE n, m"])
        case 8: return "CALL m.proc(" + expression(depth: 2) + ") YIELD out"
        case 9: return "CALL { RETURN " + expression(depth: 2) + " AS c }"
        case 10: return "FOREACH (i IN " + expression(depth: 2) + " | SET n.x = i)"
        default: return "LOAD CSV FROM 'f' WITH HEADER AS row"
        }
    }

    mutating func query() -> String {
        var parts: [String] = []
        if chance(10) { parts.append(pick(["EXPLAIN", "PROFILE", "USING HOPS LIMIT 3"])) }
        for _ in 0..<random.next(below: 4) { parts.append(clause()) }
        parts.append("RETURN " + (chance(20) ? "*, " : "") + expression(depth: 4) + " AS r")
        if chance(10) { parts.append("UNION ALL RETURN 1 AS r") }
        if chance(10) { parts.append("QUERY MEMORY LIMIT 5 MB") }
        return parts.joined(separator: pick([" ", "\n", "  /* c */ "]))
    }
}
