// AST shapes for representative forms, compared as S-expressions: operator precedence and
// associativity, chains, every clause, patterns and Memgraph expansions, plus positions and
// projection source text.
import Testing
import QuiverCore
@testable import QuiverCypher

@Suite struct ASTShapeTests {
    static let cases: [(String, String)] = [
        // Precedence and associativity (openCypher: ^ is left-associative, unary binds tighter).
        ("RETURN 1 + 2 * 3", "(query (single (return (+ 1 (* 2 3)))))"),
        ("RETURN 1 - 2 - 3", "(query (single (return (- (- 1 2) 3))))"),
        ("RETURN 2 ^ 3 ^ 2", "(query (single (return (^ (^ 2 3) 2))))"),
        ("RETURN -3 ^ 2", "(query (single (return (^ (- 3) 2))))"),
        ("RETURN -9223372036854775808", "(query (single (return -9223372036854775808)))"),
        ("RETURN - -1", "(query (single (return (- (- 1)))))"),
        ("RETURN -n.x", "(query (single (return (- (. n x)))))"),
        ("RETURN a OR b AND c", "(query (single (return (or a (and b c)))))"),
        ("RETURN a OR b OR c XOR d", "(query (single (return (or a b (xor c d)))))"),
        ("RETURN NOT a = b", "(query (single (return (not (= a b)))))"),
        ("RETURN NOT a AND b", "(query (single (return (and (not a) b))))"),
        ("RETURN NOT NOT a", "(query (single (return (not (not a)))))"),
        ("RETURN a AND NOT b OR NOT c", "(query (single (return (or (and a (not b)) (not c)))))"),
        ("RETURN 1 < 2 <= 3", "(query (single (return (chain 1 < 2 <= 3))))"),
        ("RETURN a = b <> c != d", "(query (single (return (chain a = b <> c <> d))))"),
        ("RETURN [1]+2 IN [3]+4", "(query (single (return (in (+ (list 1) 2) (+ (list 3) 4)))))"),
        ("RETURN false = true IN [true]", "(query (single (return (= false (in true (list true))))))"),
        ("RETURN NOT x IS NULL", "(query (single (return (not (is-null x)))))"),
        ("RETURN a + b IS NOT NULL", "(query (single (return (is-not-null (+ a b)))))"),
        ("RETURN x IN l IS NULL", "(query (single (return (is-null (in x l)))))"),
        ("RETURN 'abc' STARTS WITH 'a' = true", "(query (single (return (= (starts-with 'abc' 'a') true))))"),
        ("RETURN a =~ 'x' AND b ENDS WITH c CONTAINS d",
         "(query (single (return (and (=~ a 'x') (contains (ends-with b c) d)))))"),
        ("RETURN a[1][2].b[1..][..2]",
         "(query (single (return (slice (slice (. (index (index a 1) 2) b) 1 _) _ 2))))"),
        ("RETURN n:A:B AND m:C", "(query (single (return (and (labels n :A:B) (labels m :C)))))"),
        ("RETURN {a: 1, b: [2, {c: null}]}", "(query (single (return (map (a 1) (b (list 2 (map (c null))))))))"),
        ("RETURN $p, $0, 'it\\'s'", "(query (single (return $p $0 'it\\'s')))"),
        ("RETURN 0x1F, 0o17, 017, .5, 1e3", "(query (single (return 31 15 15 0.5 1000.0)))"),
        // Keyword-led atoms.
        ("RETURN CASE WHEN a THEN 1 WHEN b THEN 2 ELSE 3 END", "(query (single (return (case (when a 1) (when b 2) (else 3)))))"),
        ("RETURN CASE x WHEN 1 THEN 'one' END", "(query (single (return (case x (when 1 'one')))))"),
        ("RETURN [x IN l WHERE x > 1 | x * 2]", "(query (single (return (list-comp x l (where (> x 1)) (project (* x 2))))))"),
        ("RETURN [x IN l]", "(query (single (return (list-comp x l))))"),
        ("RETURN filter(x IN l WHERE x), extract(y IN l | y)",
         "(query (single (return (list-comp x l (where x)) (list-comp y l (project y)))))"),
        ("RETURN [p = (a)-->(b:B) WHERE b.x | p]",
         "(query (single (return (pattern-comp p (path (node a) (rel ->) (node b :B)) (where (. b x)) (project p)))))"),
        ("RETURN [(a)-->(b), 1]", "(query (single (return (list (pattern (path (node a) (rel ->) (node b))) 1))))"),
        ("RETURN n {.a, .*, k: 1, v}", "(query (single (return (map-proj n .a .* (k 1) v))))"),
        ("RETURN reduce(s = 0, x IN l | s + x)", "(query (single (return (reduce s 0 x l (+ s x)))))"),
        ("RETURN all(x IN l WHERE x), none(y IN l WHERE y)", "(query (single (return (all x l (where x)) (none y l (where y)))))"),
        ("RETURN count(*), count(DISTINCT x), a.b.f(1)", "(query (single (return (count *) (call count distinct x) (call a.b.f 1))))"),
        ("RETURN exists((a)-[:T]->()), exists(n.p)",
         "(query (single (return (exists (pattern (path (node a) (rel -> :T) (node)))) (call exists (. n p)))))"),
        ("RETURN EXISTS { (a)-->(b) WHERE b.x }, COUNT { MATCH (a) RETURN a }",
         "(query (single (return (exists (pattern (path (node a) (rel ->) (node b))) (where (. b x))) (count-subquery (query (single (match (pattern (path (node a)))) (return a)))))))"),
        ("RETURN Color::Red", "(query (single (return Color::Red)))"),
        // Token-level ambiguities resolved as Memgraph's grammar does.
        ("RETURN (a) - -1, (a) - [1], (a)--(b)",
         "(query (single (return (- a (- 1)) (- a (list 1)) (pattern (path (node a) (rel --) (node b))))))"),
        ("RETURN [x IN l, 2], [x IN l], [m = (n), 1]",
         "(query (single (return (list (in x l) 2) (list-comp x l) (list (= m n) 1))))"),
        ("RETURN (n {.p}) - -x, all(x IN l, 2)",
         "(query (single (return (- (map-proj n .p) (- x)) (call all (in x l) 2))))"),
        ("RETURN CASE end WHEN 1 THEN 2 END, CASE end XOR x WHEN true THEN 1 END",
         "(query (single (return (case end (when 1 2)) (case (xor end x) (when true 1)))))"),
        ("WITH {p: 1} AS count, 2 AS exists RETURN count {.p}, exists {k: 1}",
         "(query (single (with (as (map (p 1)) count) (as 2 exists)) (return (map-proj count .p) (map-proj exists (k 1)))))"),
        ("WITH 1 AS case RETURN case", "(query (single (with (as 1 case)) (return case)))"),
        ("MATCH (count) RETURN count.x", "(query (single (match (pattern (path (node count)))) (return (. count x))))"),
        // Clauses.
        ("MATCH (a:A|B:C {x: 1})<-[r:T|:U*2]-(b) WHERE a.x RETURN DISTINCT a AS x ORDER BY x DESC, a SKIP 1 LIMIT 2",
         "(query (single (match (pattern (path (node a :A|B:C (map (x 1))) (rel r <- :T|U (* 2 2)) (node b))) (where (. a x))) (return distinct (as a x) (order-by (desc x) a) (skip 1) (limit 2))))"),
        ("OPTIONAL MATCH p = ((a)--(b)) RETURN *", "(query (single (optional-match (pattern (named p (path (node a) (rel --) (node b))))) (return *)))"),
        ("MATCH (a)-[*..3]->(b)-[*2..]-(c)-[*]-(d) RETURN d",
         "(query (single (match (pattern (path (node a) (rel -> (* _ 3)) (node b) (rel -- (* 2 _)) (node c) (rel -- (* _ _)) (node d)))) (return d)))"),
        ("WITH * , a WHERE a > 1 RETURN a", "(query (single (with * a (where (> a 1))) (return a)))"),
        ("UNWIND [1] AS x RETURN x", "(query (single (unwind (list 1) x) (return x)))"),
        ("CREATE (a)-[:T {w: 1}]->(b:$L)", "(query (single (create (pattern (path (node a) (rel -> :T (map (w 1))) (node b :$L))))))"),
        ("MERGE (n:N) ON CREATE SET n.x = 1 ON MATCH SET n += $m, n:L",
         "(query (single (merge (path (node n :N)) (on-create (= (. n x) 1)) (on-match (+= n $m) (labels n :L)))))"),
        ("MATCH (n) SET n.a.b = 1, n = {}, n.m += {k: 2}, n:$ls:X, n:row.l",
         "(query (single (match (pattern (path (node n)))) (set (= (. (. n a) b) 1) (= n (map)) (+= (. n m) (map (k 2))) (labels n :$ls:X) (labels n :((. row l))))))"),
        ("MATCH (n) REMOVE n.x, n:A:B", "(query (single (match (pattern (path (node n)))) (remove (. n x) (labels n :A:B))))"),
        ("MATCH (n) DETACH DELETE n, m", "(query (single (match (pattern (path (node n)))) (detach-delete n m)))"),
        ("RETURN 1 UNION ALL RETURN 2 UNION RETURN 3",
         "(query (single (return 1)) union-all (single (return 2)) union (single (return 3)))"),
        ("CALL a.b(1) PROCEDURE MEMORY LIMIT 2 KB YIELD x AS y, z WHERE y RETURN y",
         "(query (single (call a.b (args 1) (memory-limit 2048) (yield (as x y) z (where y))) (return y)))"),
        ("CALL t.p", "(query (single (call t.p)))"),
        ("CALL t.p() YIELD *", "(query (single (call t.p (args) (yield *))))"),
        ("CALL (x) { RETURN x } IN TRANSACTIONS OF 10 ROWS",
         "(query (single (call-subquery (import x) (query (single (return x))) (in-transactions 10))))"),
        ("FOREACH (x IN l | SET x.a = 1 FOREACH (y IN x | DELETE y))",
         "(query (single (foreach x l (set (= (. x a) 1)) (foreach y x (delete y)))))"),
        ("LOAD CSV FROM 'f' WITH HEADER IGNORE BAD DELIMITER ';' QUOTE '\"' NULLIF 'n' AS r RETURN r",
         "(query (single (load-csv 'f' with-header ignore-bad (delimiter ';') (quote '\"') (nullif 'n') r) (return r)))"),
        ("LOAD JSONL FROM $f AS r RETURN r", "(query (single (load-jsonl $f r) (return r)))"),
        ("EXPLAIN RETURN 1", "(explain (query (single (return 1))))"),
        ("PROFILE RETURN 1", "(profile (query (single (return 1))))"),
        ("DUMP DATABASE", "(dump-database)"),
        ("RETURN 1 QUERY MEMORY LIMIT 1 MB", "(query (single (return 1)) (memory-limit 1048576))"),
        ("RETURN 1 QUERY MEMORY UNLIMITED", "(query (single (return 1)) (memory-limit unlimited))"),
        ("USING INDEX :L(p), :M USING HOPS LIMIT 3 MATCH (n) RETURN n",
         "(query (using-index :L(p) :M) (using-hops-limit 3) (single (match (pattern (path (node n)))) (return n)))"),
        // Memgraph expansions.
        ("MATCH (a)-[r *BFS ..5 (e, n | n.x)]->(b) RETURN r",
         "(query (single (match (pattern (path (node a) (rel r -> (*bfs _ 5 (filter e n (. n x)))) (node b)))) (return r)))"),
        ("MATCH (a)-[*BFS 3]->(b) RETURN b",
         "(query (single (match (pattern (path (node a) (rel -> (*bfs 3 3)) (node b)))) (return b)))"),
        ("MATCH (a)-[*WSHORTEST 4 (e, n | e.w) t (e, n, p | p)]-(b) RETURN t",
         "(query (single (match (pattern (path (node a) (rel -- (*wshortest _ 4 (weight e n (. e w)) (total t) (filter e n p p))) (node b)))) (return t)))"),
        ("MATCH (a)-[*ALLSHORTEST (e, n | 1)]-(b) RETURN a",
         "(query (single (match (pattern (path (node a) (rel -- (*allshortest _ _ (weight e n 1))) (node b)))) (return a)))"),
        ("MATCH (a)-[*KSHORTEST 1..3 | 2]->(b) RETURN a",
         "(query (single (match (pattern (path (node a) (rel -> (*kshortest 1 3 (limit 2))) (node b)))) (return a)))"),
        ("MATCH (a)-[*1..$n (e, v | e.ok)]->(b) RETURN a",
         "(query (single (match (pattern (path (node a) (rel -> (* 1 $n (filter e v (. e ok)))) (node b)))) (return a)))"),
        ("MATCH (a)—[r]－>(b) RETURN r", "(query (single (match (pattern (path (node a) (rel r ->) (node b)))) (return r)))"),
    ]

    @Test(arguments: cases)
    func shape(_ query: String, _ expected: String) throws {
        let statement = try CypherParser.parse(query)
        #expect(statement.sExpression == expected, "\(query)")
    }

    @Test func positionsAndSourceText() throws {
        let statement = try CypherParser.parse("MATCH (n:Person)\n  RETURN n.name,\n   count( * ) AS c")
        guard case .query(let query) = statement.kind else { return }
        let match = query.first.clauses[0]
        let returnClause = query.first.clauses[1]
        #expect(match.position == SourcePosition(line: 1, column: 1, offset: 0))
        #expect(returnClause.position == SourcePosition(line: 2, column: 3, offset: 19))
        guard case .return(let projection) = returnClause.kind else { return }
        #expect(projection.items.map(\.columnName) == ["n.name", "c"])
        #expect(projection.items[0].text == "n.name")
        #expect(projection.items[1].text == "count( * )")
        #expect(projection.items[1].expression.position == SourcePosition(line: 3, column: 4, offset: 37))
        #expect(projection.items[0].range == SourceRange(start: 26, end: 32))
        guard case .match(let body) = match.kind else { return }
        let node = body.pattern.parts[0].element.start
        #expect(node.position.column == 7)
        #expect(node.variable?.position.column == 8)
        #expect(node.labels.conjunctionOfNames == ["Person"])
    }

    @Test func unicodeColumnsCountScalars() throws {
        let statement = try CypherParser.parse("RETURN 'ü€😀', x")
        guard case .query(let query) = statement.kind, case .return(let projection) = query.first.clauses[0].kind else { return }
        #expect(projection.items[1].expression.position == SourcePosition(line: 1, column: 15, offset: 20))
        #expect(projection.items[0].text == "'ü€😀'")
    }

    @Test func literalValues() throws {
        let statement = try CypherParser.parse("RETURN 'a\\tb\\u00e9\\U0001F600\\uD83D\\uDE00', \"q\\\"\", `a``b`")
        guard case .query(let query) = statement.kind, case .return(let projection) = query.first.clauses[0].kind else { return }
        #expect(projection.items[0].expression.kind == .string("a\tbé😀😀"))
        #expect(projection.items[1].expression.kind == .string("q\""))
        #expect(projection.items[2].expression.kind == .variable("a`b"))
    }
}
