// String functions: code-point semantics (not grapheme clusters), null propagation, wrong
// types, out-of-range positions, and the TCK String* cases.
import Testing
import QuiverCore
@testable import QuiverCypher

@Suite struct FunctionsStringTests {
    /// "é" written as e + COMBINING ACUTE ACCENT: one Character, two code points.
    let decomposed = "e\u{301}"
    /// A flag: one Character, two regional-indicator code points.
    let flag = "\u{1F1ED}\u{1F1F7}"

    @Test func sizeCountsCodePoints() {
        expectCall("size", .string("😀"), is: .int(1))
        expectCall("size", .string(decomposed), is: .int(2))
        expectCall("size", .string(flag), is: .int(2))
        expectCall("size", .string(""), is: .int(0))
        expectCall("size", .string("héllo wörld"), is: .int(11))
        expectCall("length", .string("abc"), is: .int(3))
    }

    @Test func caseMapping() {
        expectCall("toUpper", .string("hello ß"), is: .string("HELLO SS"))
        expectCall("TOUPPER", .string("abc"), is: .string("ABC"))
        expectCall("toLower", .string("ÀBC"), is: .string("àbc"))
        expectCall("toLower", .null, is: .null)
        expectError(.typeError, "InvalidArgumentValue") { try call("toUpper", .int(1)) }
    }

    @Test func trimming() {
        expectCall("trim", .string("  \t hi \n "), is: .string("hi"))
        expectCall("lTrim", .string("  hi  "), is: .string("hi  "))
        expectCall("rTrim", .string("  hi  "), is: .string("  hi"))
        expectCall("trim", .string("\u{3000}wide\u{00A0}"), is: .string("wide"))
        expectCall("trim", .string("   "), is: .string(""))
        expectCall("trim", .null, is: .null)
        expectError(.typeError, "InvalidArgumentValue") { try call("trim", .list([])) }
    }

    @Test func replaceByCodePoints() {
        expectCall("replace", .string("hello"), .string("l"), .string("L"), is: .string("heLLo"))
        expectCall("replace", .string("aaa"), .string("aa"), .string("b"), is: .string("ba"))
        expectCall("replace", .string("abc"), .string("x"), .string("y"), is: .string("abc"))
        expectCall("replace", .string("ab"), .string(""), .string("-"), is: .string("-a-b-"))
        // A bare combining accent is its own code point and can be replaced on its own.
        expectCall("replace", .string(decomposed), .string("\u{301}"), .string(""), is: .string("e"))
        expectCall("replace", .null, .string("a"), .string("b"), is: .null)
        expectCall("replace", .string("a"), .null, .string("b"), is: .null)
        expectError(.typeError, "InvalidArgumentValue") { try call("replace", .string("a"), .int(1), .string("b")) }
    }

    @Test func substringCountsCodePoints() {
        expectCall("substring", .string("0123456789"), .int(1), is: .string("123456789"))  // TCK String1 [1]
        expectCall("substring", .string("0123456789"), .int(1), .int(3), is: .string("123"))
        expectCall("substring", .string("😀a😀b"), .int(1), .int(2), is: .string("a😀"))
        expectCall("substring", .string(decomposed + "x"), .int(1), is: .string("\u{301}x"))
        expectCall("substring", .string("abc"), .int(10), is: .string(""))
        expectCall("substring", .string("abc"), .int(1), .int(100), is: .string("bc"))
        expectCall("substring", .string("abc"), .int(0), .int(0), is: .string(""))
        expectCall("substring", .null, .int(0), is: .null)
        expectError(.invalidArgument, "NegativeIntegerArgument") { try call("substring", .string("abc"), .int(-1)) }
        expectError(.invalidArgument, "NegativeIntegerArgument") { try call("substring", .string("abc"), .int(0), .int(-2)) }
        expectError(.typeError, "InvalidArgumentValue") { try call("substring", .string("abc"), .float(1)) }
        expectError(.typeError, "InvalidArgumentValue") { try call("substring", .int(5), .int(1)) }
    }

    @Test func leftAndRight() {
        expectCall("left", .string("hello"), .int(3), is: .string("hel"))
        expectCall("left", .string("😀😀😀"), .int(2), is: .string("😀😀"))
        expectCall("left", .string("hi"), .int(10), is: .string("hi"))
        expectCall("right", .string("hello"), .int(3), is: .string("llo"))
        expectCall("right", .string("a😀b"), .int(2), is: .string("😀b"))
        expectCall("right", .string("hi"), .int(10), is: .string("hi"))
        expectCall("right", .string("hi"), .int(0), is: .string(""))
        expectCall("left", .null, .int(1), is: .null)
        expectCall("right", .string("a"), .null, is: .null)
        expectError(.invalidArgument, "NegativeIntegerArgument") { try call("left", .string("a"), .int(-1)) }
        expectError(.typeError, "InvalidArgumentValue") { try call("right", .list([]), .int(1)) }
    }

    @Test func split() {
        expectCall("split", .string("one1two"), .string("1"), is: .list([.string("one"), .string("two")]))  // TCK String4
        expectCall("split", .string("a,,b,"), .string(","), is: .list([.string("a"), .string(""), .string("b"), .string("")]))
        expectCall("split", .string(",a"), .string(","), is: .list([.string(""), .string("a")]))
        expectCall("split", .string("a--b--c"), .string("--"), is: .list([.string("a"), .string("b"), .string("c")]))
        expectCall("split", .string("abc"), .string("x"), is: .list([.string("abc")]))
        expectCall("split", .string("a😀b"), .string(""), is: .list([.string("a"), .string("😀"), .string("b")]))
        expectCall("split", .string(decomposed), .string(""), is: .list([.string("e"), .string("\u{301}")]))
        expectCall("split", .string(""), .string(","), is: .list([]))
        expectCall("split", .string("a,b;c"), .list([.string(","), .string(";")]),
                   is: .list([.string("a"), .string("b"), .string("c")]))
        expectCall("split", .null, .string(","), is: .null)
        expectCall("split", .string("a"), .null, is: .null)
        expectError(.typeError, "InvalidArgumentValue") { try call("split", .string("a"), .int(1)) }
    }

    @Test func reverseByCodePoint() {
        expectCall("reverse", .string("raksO"), is: .string("Oskar"))  // TCK String3 [1]
        // By code point, the accent moves in front of its base letter.
        expectCall("reverse", .string("a" + decomposed), is: .string("\u{301}ea"))
        expectCall("reverse", .string(flag), is: .string("\u{1F1F7}\u{1F1ED}"))
        expectCall("reverse", .string(""), is: .string(""))
        expectCall("reverse", .null, is: .null)
        expectError(.typeError, "InvalidArgumentValue") { try call("reverse", .int(12)) }
    }

    @Test func predicateFunctions() {
        expectCall("startsWith", .string("abcdef"), .string("abc"), is: .bool(true))
        expectCall("startsWith", .string("abc"), .string("abcd"), is: .bool(false))
        expectCall("endsWith", .string("abcdef"), .string("def"), is: .bool(true))
        expectCall("endsWith", .string("abcdef"), .string("abc"), is: .bool(false))
        expectCall("contains", .string("abcdef"), .string("cd"), is: .bool(true))
        expectCall("contains", .string("abcdef"), .string(""), is: .bool(true))
        expectCall("contains", .string("abc"), .string("x"), is: .bool(false))
        // Code points, not canonical equivalence: precomposed é is not e + accent.
        expectCall("contains", .string("caf\u{E9}"), .string(decomposed), is: .bool(false))
        expectCall("contains", .null, .string("a"), is: .null)
        expectError(.typeError, "InvalidArgumentValue") { try call("startsWith", .string("a"), .int(1)) }
    }

    @Test func wrongTypeMessagesFollowMemgraph() {
        let message = expectError(.typeError, "InvalidArgumentValue") { try call("toUpper", .int(1)) }
        #expect(message == "'toUpper' argument at position 1 must be either 'null' or 'string'.")
        let three = expectError(.typeError, "InvalidArgumentValue") { try call("reverse", .bool(true)) }
        #expect(three == "'reverse' argument at position 1 must be either 'null', 'string' or 'list'.")
    }
}
