// Keyword: the words the parser gives meaning to, recognised case-insensitively by the lexer.
// A keyword is still a name: Memgraph's `symbolicName` includes every keyword, so the parser
// decides by position whether `count` or `order` is a keyword or a variable, label or key.

public enum Keyword: UInt8, Sendable, Hashable, CaseIterable {
    /// Not a keyword (the word is only a name).
    case nonKeyword = 0
    case all, allshortest, and, any, `as`, asc, ascending
    case bad, bfs, by
    case call, `case`, commit, config, contains, count, create, csv
    case database, delete, delimiter, desc, descending, detach, distinct, dump
    case `else`, end, ends, execution, exists, explain, extract
    case `false`, filter, foreach, from
    case header, hops
    case ignore, `in`, index, `is`
    case jsonl
    case kb, kshortest
    case limit, load
    case match, mb, memory, merge
    case no, none, not, null, nullif
    case of, on, optional, or, order
    case parallel, parquet, periodic, procedure, profile
    case query, quote
    case reduce, remove, `return`, rows
    case set, single, skip, starts
    case then, transactions, `true`
    case union, unlimited, unwind, using
    case when, `where`, with, wshortest
    case xor
    case yield

    /// The keyword's spelling in upper case, as error messages show it.
    public var spelling: String {
        switch self {
        case .nonKeyword: ""
        default: String(describing: self).uppercased()
        }
    }

    /// An open-addressing table from a keyword's lower-case spelling (packed little-endian
    /// into two words, at most 16 bytes) to the keyword: one multiply and usually one probe.
    private struct Table {
        static let slotCount = 512
        var low = [UInt64](repeating: 0, count: slotCount)
        var high = [UInt64](repeating: 0, count: slotCount)
        var keywords = [Keyword](repeating: .nonKeyword, count: slotCount)

        static func slot(_ low: UInt64, _ high: UInt64) -> Int {
            Int(truncatingIfNeeded: ((low ^ (high &* 0x94D0_49BB_1331_11EB)) &* 0x9E37_79B9_7F4A_7C15) >> 55)
        }

        init() {
            for keyword in Keyword.allCases where keyword != .nonKeyword {
                var low: UInt64 = 0
                var high: UInt64 = 0
                for (index, byte) in keyword.spelling.lowercased().utf8.enumerated() {
                    if index < 8 { low |= UInt64(byte) << (8 * index) } else { high |= UInt64(byte) << (8 * (index - 8)) }
                }
                var slot = Table.slot(low, high)
                while keywords[slot] != .nonKeyword { slot = (slot + 1) & (Table.slotCount - 1) }
                self.low[slot] = low
                self.high[slot] = high
                keywords[slot] = keyword
            }
        }
    }

    private static let table = Table()

    /// Classifies the word `bytes[start..<end]`; `.nonKeyword` when it is not a keyword.
    static func classify(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> Keyword {
        let length = end - start
        guard length >= 2 && length <= 12 else { return .nonKeyword }
        var low: UInt64 = 0
        var high: UInt64 = 0
        for index in 0..<length {
            let byte = bytes[start + index]
            guard Byte.isLetter(byte) else { return .nonKeyword }
            if index < 8 {
                low |= UInt64(byte | 0x20) << (8 * index)
            } else {
                high |= UInt64(byte | 0x20) << (8 * (index - 8))
            }
        }
        let table = Keyword.table
        var slot = Table.slot(low, high)
        while table.keywords[slot] != .nonKeyword {
            if table.low[slot] == low && table.high[slot] == high { return table.keywords[slot] }
            slot = (slot + 1) & (Table.slotCount - 1)
        }
        return .nonKeyword
    }
}
