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

    /// Keywords keyed by their lower-case spelling packed into 128 bits (at most 16 bytes).
    private static let table: [UInt128: Keyword] = {
        var table: [UInt128: Keyword] = [:]
        for keyword in Keyword.allCases where keyword != .nonKeyword {
            var packed: UInt128 = 0
            for (index, byte) in keyword.spelling.lowercased().utf8.enumerated() {
                packed |= UInt128(byte) << (8 * index)
            }
            table[packed] = keyword
        }
        return table
    }()

    /// Classifies the word `bytes[start..<end]`; `.nonKeyword` when it is not a keyword.
    static func classify(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> Keyword {
        let length = end - start
        guard length >= 2 && length <= 12 else { return .nonKeyword }
        var packed: UInt128 = 0
        for index in 0..<length {
            let byte = bytes[start + index]
            guard Byte.isLetter(byte) else { return .nonKeyword }
            packed |= UInt128(byte | 0x20) << (8 * index)
        }
        return table[packed] ?? .nonKeyword
    }
}
