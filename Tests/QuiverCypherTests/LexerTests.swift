// Lexer: token kinds, keyword recognition, positions (line, scalar column, byte offset),
// number forms, strings, names, comments, Unicode whitespace and look-alikes.
import Testing
import QuiverCore
@testable import QuiverCypher

@Suite struct LexerTests {
    func kinds(_ text: String) throws -> [TokenKind] {
        try CypherParser.tokenize(text).map(\.kind)
    }

    func texts(_ text: String) throws -> [String] {
        let bytes = Array(text.utf8)
        return try CypherParser.tokenize(text).dropLast().map {
            String(decoding: bytes[Int($0.start)..<Int($0.end)], as: UTF8.self)
        }
    }

    @Test func operatorsAndPunctuation() throws {
        #expect(try texts("=~ <> != += .. :: <= >= < > = + - * / % ^ | , ; : . $ ( ) [ ] { }")
            == ["=~", "<>", "!=", "+=", "..", "::", "<=", ">=", "<", ">", "=", "+", "-", "*", "/", "%", "^", "|", ",", ";",
                ":", ".", "$", "(", ")", "[", "]", "{", "}"])
        #expect(try kinds("-->") == [.minus, .minus, .greater, .endOfInput])
        #expect(try kinds("<-[") == [.less, .minus, .leftBracket, .endOfInput])
        #expect(try kinds("1..2") == [.integer, .dotDot, .integer, .endOfInput])
        #expect(try kinds("x[..2]") == [.word, .leftBracket, .dotDot, .integer, .rightBracket, .endOfInput])
        #expect(try kinds("a.b") == [.word, .dot, .word, .endOfInput])
    }

    @Test func keywordsAreCaseInsensitiveWords() throws {
        let tokens = try CypherParser.tokenize("MATCH match MaTcH matches optional ALLSHORTEST transactions")
        #expect(tokens.dropLast().allSatisfy { $0.kind == .word })
        #expect(tokens.map(\.keyword) == [.match, .match, .match, .nonKeyword, .optional, .allshortest, .transactions, .nonKeyword])
        #expect(try CypherParser.tokenize("`MATCH`")[0].kind == .escapedName)
        #expect(try CypherParser.tokenize("`MATCH`")[0].keyword == .nonKeyword)
        for keyword in Keyword.allCases where keyword != .nonKeyword {
            #expect(try CypherParser.tokenize(keyword.spelling.lowercased())[0].keyword == keyword)
        }
    }

    @Test func numbers() throws {
        #expect(try kinds("0 7 42 0x1F 0X1f 0o17 017 1.5 .5 1e9 1E-9 1.5e+3 1.e5")
            == [.integer, .integer, .integer, .integer, .integer, .integer, .integer, .float, .float, .float, .float, .float,
                .float, .endOfInput])
        #expect(NumberLiteral.integerMagnitude(ArraySlice("0x7FFFFFFFFFFFFFFF".utf8)) == UInt64(Int64.max))
        #expect(NumberLiteral.integerMagnitude(ArraySlice("0o777777777777777777777".utf8)) == UInt64(Int64.max))
        #expect(NumberLiteral.integerMagnitude(ArraySlice("017".utf8)) == 15)
        #expect(NumberLiteral.integerMagnitude(ArraySlice("18446744073709551616".utf8)) == nil)
        #expect(NumberLiteral.floatValue(ArraySlice("1e400".utf8)) == nil)
        #expect(NumberLiteral.floatValue(ArraySlice(".5".utf8)) == 0.5)
        #expect(NumberLiteral.floatValue(ArraySlice("1.e5".utf8)) == 100_000)
        #expect(try kinds("1.x") == [.integer, .dot, .word, .endOfInput])
    }

    @Test func stringsAndNames() throws {
        #expect(try kinds("'a' \"b\" 'it\\'s' \"q\\\"\" `x` `a``b` `` _x x1 x$y") ==
            [.string, .string, .string, .string, .escapedName, .escapedName, .escapedName, .word, .word, .word, .endOfInput])
        #expect(StringLiteral.decode(ArraySlice("'\\b\\f\\n\\r\\t\\\\\\'\\\"'".utf8)) == "\u{8}\u{C}\n\r\t\\'\"")
        #expect(StringLiteral.decode(ArraySlice("'\\u0041\\U0001F600'".utf8)) == "A😀")
        #expect(StringLiteral.decode(ArraySlice("'\\uDE00'".utf8)) == nil)
        #expect(StringLiteral.decode(ArraySlice("'multi\nline'".utf8)) == "multi\nline")
        #expect(EscapedName.decode(ArraySlice("`a``b`".utf8)) == "a`b")
        #expect(EscapedName.decode(ArraySlice("``".utf8)) == "")
    }

    @Test func unicodeIdentifiersWhitespaceAndLookalikes() throws {
        #expect(try kinds("Órgão 日本 naïve ‿x") == [.word, .word, .word, .word, .endOfInput])
        #expect(try kinds("a\u{00A0}b\u{2003}c\u{3000}d") == [.word, .word, .word, .word, .endOfInput])
        #expect(try kinds("—－‐⟨〈﹤＜⟩〉﹥＞") == [.dashLookalike, .dashLookalike, .dashLookalike, .leftArrowLookalike,
                                              .leftArrowLookalike, .leftArrowLookalike, .leftArrowLookalike,
                                              .rightArrowLookalike, .rightArrowLookalike, .rightArrowLookalike,
                                              .rightArrowLookalike, .endOfInput])
    }

    @Test func commentsAreSkipped() throws {
        #expect(try texts("a // rest of line\nb /* block\n * more */ c /**/ d//end") == ["a", "b", "c", "d"])
        #expect(try texts("a/b") == ["a", "/", "b"])
    }

    @Test func positions() throws {
        let tokens = try CypherParser.tokenize("MATCH (n)\n  /* é\n */ RETURN 'ü\nx', n\r\n\tLIMIT 1")
        let positions = tokens.map { "\($0.line):\($0.column)@\($0.start)" }
        #expect(positions == ["1:1@0", "1:7@6", "1:8@7", "1:9@8", "3:5@22", "3:12@29", "4:3@35", "4:5@37", "5:2@41",
                              "5:8@47", "5:9@48"])
    }

    @Test func everyTokenHasItsSourceText() throws {
        let query = "MATCH (a:`A b`)-[r:T*1..2]->(b) WHERE a.x =~ 'y' RETURN count(*) AS c"
        let bytes = Array(query.utf8)
        let tokens = try CypherParser.tokenize(query)
        var rebuilt = ""
        var previousEnd = 0
        for token in tokens {
            rebuilt += String(decoding: bytes[previousEnd..<Int(token.start)], as: UTF8.self)
            rebuilt += String(decoding: bytes[Int(token.start)..<Int(token.end)], as: UTF8.self)
            previousEnd = Int(token.end)
        }
        #expect(rebuilt == query)
        #expect(tokens.last?.kind == .endOfInput)
        #expect(tokens.last?.start == Int32(bytes.count))
    }
}
