// StatementWords: recognises a fixed admin statement (`DUMP DATABASE`, `CREATE SNAPSHOT`, …)
// by its words, case-insensitively, ignoring whitespace and a trailing `;`, without parsing.
enum StatementWords {
    static func matches(_ text: String, _ expected: [String]) -> Bool {
        // Every query passes here: decide on the first letter before splitting anything.
        guard let first = text.utf8.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x09 && $0 != 0x0D }),
              let wanted = expected.first?.utf8.first, first & 0xDF == wanted & 0xDF else { return false }
        var words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
        if words.last == ";" { words.removeLast() }
        if let last = words.last, last.hasSuffix(";") { words[words.count - 1] = last.dropLast() }
        return words.count == expected.count && zip(words, expected).allSatisfy { $0.uppercased() == $1 }
    }
}
