// Tests for the TCK value parser and TCK equality: scalars at their limits, escapes, nested
// collections, nodes, relationships, paths, malformed cells, the equality rules of FORMAT.md
// and a render-and-reparse round trip over every expected value in the shared TCK.
import QuiverCore
import Testing
@testable import QuiverTCK

@Suite struct TCKValueParserTests {
    func parse(_ text: String) -> TCKValue? { try? TCKValueParser.parse(text) }

    func same(_ text: String, _ expected: TCKValue, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let value = parse(text) else {
            Issue.record("cannot parse \(text)", sourceLocation: sourceLocation)
            return
        }
        #expect(TCKValue.tckEqual(value, expected), "\(text) → \(value)", sourceLocation: sourceLocation)
    }

    @Test func scalars() {
        same("null", .null)
        same("true", .bool(true))
        same(" false ", .bool(false))
        same("0", .int(0))
        same("-1", .int(-1))
        same("3004498500", .int(3_004_498_500))
        same("9223372036854775807", .int(.max))
        same("-9223372036854775808", .int(.min))
        #expect(parse("9223372036854775808") == nil, "beyond Int64 is not an integer")
        same("2.0", .float(2))
        same("0.5", .float(0.5))
        same("1e-305", .float(1e-305))
        same("-1.2635418652381264e305", .float(-1.2635418652381264e305))
        same("1.0E10", .float(1e10))
        same(".5", .float(0.5))
        same("NaN", .float(.nan))
        same("Infinity", .float(.infinity))
        same("-Infinity", .float(-.infinity))
        same("Inf", .float(.infinity))
        same("-Inf", .float(-.infinity))
    }

    @Test func negativeZero() throws {
        guard case .float(let zero)? = parse("-0.0") else { Issue.record("-0.0"); return }
        #expect(zero == 0 && zero.sign == .minus)
        #expect(TCKValue.tckEqual(.float(-0.0), .float(0.0)), "IEEE: -0.0 = 0.0")
        guard case .int(0)? = parse("-0") else { Issue.record("-0"); return }
    }

    @Test func strings() {
        same("''", .string(""))
        same("'Foo'", .string("Foo"))
        same("'\\''", .string("'"))
        same("'it\\'s'", .string("it's"))
        same("'a\\\\b'", .string("a\\b"))
        same("'a\\nb'", .string("a\\nb"))           // only \' and \\ are escapes
        same("'\\u00e9'", .string("\\u00e9"))
        same("'Malmö'", .string("Malmö"))
        same("'[1, 2]'", .string("[1, 2]"))
        same("'2015-07-21T21:40:32.142+01:00'", .string("2015-07-21T21:40:32.142+01:00"))
        same("' spaced  '", .string(" spaced  "))
    }

    @Test func collections() {
        same("[]", .list([]))
        same("{}", .map([:]))
        same("[1, 'a', [2]]", .list([.int(1), .string("a"), .list([.int(2)])]))
        same("[ [ ] , [[]] ]", .list([.list([]), .list([.list([])])]))
        same("{name: 'Popeye', level: 9001}", .map(["name": .string("Popeye"), "level": .int(9001)]))
        same("{a: {b: [1, {c: null}]}, `d e`: true, `x``y`: 1}",
             .map(["a": .map(["b": .list([.int(1), .map(["c": .null])])]), "d e": .bool(true), "x`y": .int(1)]))
        same("[{k: [1.0, NaN]}, {}]", .list([.map(["k": .list([.float(1), .float(.nan)])]), .map([:])]))
        same("{key: 'with } and ] inside'}", .map(["key": .string("with } and ] inside")]))
        #expect(parse("{a: 1, a: 2}") == nil, "duplicate key")
    }

    @Test func graphElements() {
        same("()", .node(TCKNode()))
        same("(:A)", .node(TCKNode(labels: ["A"])))
        same("(:A:B {p: 1})", .node(TCKNode(labels: ["A", "B"], properties: ["p": .int(1)])))
        same("({name: 'x'})", .node(TCKNode(properties: ["name": .string("x")])))
        same("[:T]", .relationship(TCKRelationship(type: "T")))
        same("[:T1 {id: 0}]", .relationship(TCKRelationship(type: "T1", properties: ["id": .int(0)])))
        same("[[:T], (:N)]", .list([.relationship(TCKRelationship(type: "T")), .node(TCKNode(labels: ["N"]))]))
        same("<()>", .path(TCKPath(start: TCKNode())))
        let path = TCKPath(start: TCKNode(labels: ["A"]), hops: [
            .init(relationship: TCKRelationship(type: "T"), forward: true, node: TCKNode(labels: ["B"])),
            .init(relationship: TCKRelationship(type: "U", properties: ["w": .float(0.5)]), forward: false, node: TCKNode()),
        ])
        same("<(:A)-[:T]->(:B)<-[:U {w: 0.5}]-()>", .path(path))
        same("< (:A) -[:T]-> (:B) <-[:U {w: 0.5}]- () >", .path(path))
    }

    @Test func malformedCells() {
        for text in ["", "nul", "'open", "[1, 2", "{a 1}", "(:A", "[:T", "<(:A)-[:T]-(:B)>", "1 2", "--1", "1e", "+", "[1,]", "(:)"] {
            #expect(parse(text) == nil, "\(text) should not parse")
        }
    }
}

@Suite struct TCKValueEqualityTests {
    @Test func integersAndFloatsDiffer() {
        #expect(!TCKValue.tckEqual(.int(1), .float(1.0)))
        #expect(TCKValue.tckEqual(.float(.nan), .float(-.nan)))
        #expect(!TCKValue.tckEqual(.float(.nan), .float(0)))
        #expect(TCKValue.tckEqual(.float(0.1 + 0.2), .float(0.30000000000000004)))
        #expect(!TCKValue.tckEqual(.float(0.1 + 0.2), .float(0.3)))
        #expect(!TCKValue.tckEqual(.null, .list([])))
        #expect(!TCKValue.tckEqual(.string("1"), .int(1)))
    }

    @Test func stringsCompareByCodePoints() {
        #expect(!TCKValue.tckEqual(.string("\u{E9}"), .string("e\u{301}")), "no canonical equivalence")
        #expect(TCKValue.tckEqual(.string("é"), .string("é")))
    }

    @Test func mapsAndLabelsIgnoreOrderListsDoNot() throws {
        let a = try TCKValueParser.parse("(:A:B {x: 1, y: [1, 2]})")
        let b = try TCKValueParser.parse("(:B:A {y: [1, 2], x: 1})")
        let c = try TCKValueParser.parse("(:B:A {y: [2, 1], x: 1})")
        #expect(TCKValue.tckEqual(a, b))
        #expect(!TCKValue.tckEqual(a, c))
        #expect(TCKValue.tckEqual(a, c, ignoringListOrder: true))
        #expect(!TCKValue.tckEqual(try TCKValueParser.parse("(:A)"), try TCKValueParser.parse("(:A {x: null})")))
    }

    @Test func ignoringListOrderIsDeepAndKeepsMultiplicity() throws {
        let a = try TCKValueParser.parse("[[1, 2], [3, [4, 5]], 1]")
        let b = try TCKValueParser.parse("[1, [[5, 4], 3], [2, 1]]")
        #expect(TCKValue.tckEqual(a, b, ignoringListOrder: true))
        #expect(!TCKValue.tckEqual(a, b))
        #expect(!TCKValue.tckEqual(.list([.int(1), .int(1), .int(2)]), .list([.int(1), .int(2), .int(2)]), ignoringListOrder: true))
    }

    @Test func pathsKeepDirectionAndOrder() throws {
        let forward = try TCKValueParser.parse("<(:A)-[:T]->(:B)>")
        let backward = try TCKValueParser.parse("<(:A)<-[:T]-(:B)>")
        let reversed = try TCKValueParser.parse("<(:B)<-[:T]-(:A)>")
        #expect(!TCKValue.tckEqual(forward, backward))
        #expect(!TCKValue.tckEqual(forward, reversed))
        #expect(TCKValue.tckEqual(forward, try TCKValueParser.parse("<(:A)-[:T]->(:B)>")))
    }

    @Test func nodesAndRelationshipsAreNotConfused() {
        #expect(!TCKValue.tckEqual(.node(TCKNode(labels: ["T"])), .relationship(TCKRelationship(type: "T"))))
        #expect(!TCKValue.tckEqual(.list([.string("T")]), .relationship(TCKRelationship(type: "T"))))
        #expect(!TCKValue.tckEqual(.map(["a": .string("b")]), .map(["a:b": .string("")])))
    }

    @Test func conversionFromCoreValues() throws {
        let value = Value.map(["n": .list([.int(1), .float(2), .null]), "d": .date(DateValue(daysSinceEpoch: 0)),
                               "s": .string("x"), "b": .bool(true), "v": .node(Gid(7))])
        let converted = TCKValue(value, temporalText: { temporal in
            if case .date = temporal { return "1970-01-01" }
            return "?"
        }, graph: { graphValue in
            guard case .node(let gid) = graphValue else { return .null }
            return .node(TCKNode(labels: ["L"], properties: ["id": .int(Int64(gid.rawValue))]))
        })
        let expected = try TCKValueParser.parse("{n: [1, 2.0, null], d: '1970-01-01', s: 'x', b: true, v: (:L {id: 7})}")
        #expect(TCKValue.tckEqual(converted, expected))
    }

    @Test func renderingRoundTrips() throws {
        let texts = ["[1, 2.5, 'it\\'s', null, true]", "{`a b`: [], c: {d: NaN}}", "(:A:B {p: -Infinity})",
                     "<(:A)-[:T {k: 'v'}]->()<-[:U]-(:C)>", "[:`odd type`]", "'back\\\\slash'", "-0.0", "1.0E-305"]
        for text in texts {
            let value = try TCKValueParser.parse(text)
            let again = try TCKValueParser.parse(value.description)
            #expect(TCKValue.tckEqual(value, again), "\(text) → \(value.description)")
        }
    }
}
