// CodePointText: string operations counted in Unicode code points (scalars), never in Swift
// Characters: a combining mark or one half of a flag is a code point of its own, as in Memgraph
// (ADR 008) and openCypher. Works on the UTF-8 bytes directly: a code point starts at every byte
// that is not a continuation byte (10xxxxxx), and because UTF-8 is self-synchronising, searching
// for a needle's bytes finds exactly its code-point occurrences. Must not use Character APIs.

import QuiverCore

enum CodePointText {
    @inline(__always)
    static func startsCodePoint(_ byte: UInt8) -> Bool { byte & 0xC0 != 0x80 }

    /// Runs `body` over the string's UTF-8 bytes without copying a native string.
    @inline(__always)
    static func withBytes<Result>(_ string: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        var string = string
        return string.withUTF8(body)
    }

    static func text(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// Number of code points.
    static func count(_ string: String) -> Int {
        withBytes(string) { bytes in
            var count = 0
            for byte in bytes where startsCodePoint(byte) { count += 1 }
            return count
        }
    }

    /// Byte offset of the code point `index` code points after byte offset `start`, or the
    /// end of the string when there are fewer.
    static func offset(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, advancing index: Int) -> Int {
        var seen = 0
        var offset = start
        while offset < bytes.count {
            if startsCodePoint(bytes[offset]) {
                if seen == index { return offset }
                seen += 1
            }
            offset += 1
        }
        return bytes.count
    }

    /// `length` code points (all the rest when nil) from code point `start`; clamps at the end.
    static func substring(_ string: String, start: Int, length: Int?) -> String {
        withBytes(string) { bytes in
            let lower = offset(in: bytes, from: 0, advancing: start)
            guard let length else { return text(bytes, lower..<bytes.count) }
            let upper = offset(in: bytes, from: lower, advancing: length)
            return text(bytes, lower..<upper)
        }
    }

    /// The last `count` code points (the whole string when it is shorter).
    static func suffix(_ string: String, _ count: Int) -> String {
        withBytes(string) { bytes in
            guard count > 0 else { return "" }
            var seen = 0
            var offset = bytes.count
            while offset > 0 {
                offset -= 1
                if startsCodePoint(bytes[offset]) {
                    seen += 1
                    if seen == count { break }
                }
            }
            return text(bytes, offset..<bytes.count)
        }
    }

    /// The code points in reverse order (a combining mark does not travel with its base).
    static func reversed(_ string: String) -> String {
        var result = String.UnicodeScalarView()
        result.append(contentsOf: string.unicodeScalars.reversed())
        return String(result)
    }

    /// Byte offset of the first occurrence of `needle` at or after `from`, nil when absent.
    /// `needle` must not be empty.
    static func find(_ needle: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        let first = needle[0]
        let last = bytes.count - needle.count
        var offset = from
        while offset <= last {
            if bytes[offset] == first {
                var index = 1
                while index < needle.count && bytes[offset + index] == needle[index] { index += 1 }
                if index == needle.count { return offset }
            }
            offset += 1
        }
        return nil
    }

    /// Every code point as a one-code-point string.
    static func codePoints(_ string: String) -> [Value] {
        string.unicodeScalars.map { .string(String($0)) }
    }

    /// `string` cut at each occurrence of any delimiter (the earliest, longest first at one
    /// position). Memgraph's rules: an empty string gives no parts, an empty delimiter splits
    /// into code points, and a delimiter at either end leaves an empty part there.
    static func split(_ string: String, by delimiters: [String]) -> [Value] {
        if string.isEmpty { return [] }
        let needles = delimiters.filter { !$0.isEmpty }
        if needles.count < delimiters.count || needles.isEmpty { return codePoints(string) }
        return withBytes(string) { bytes in
            var parts: [Value] = []
            var partStart = 0
            var position = 0
            while let (match, length) = earliest(needles, in: bytes, from: position) {
                parts.append(.string(text(bytes, partStart..<match)))
                partStart = match + length
                position = partStart
            }
            parts.append(.string(text(bytes, partStart..<bytes.count)))
            return parts
        }
    }

    private static func earliest(_ needles: [String], in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> (Int, Int)? {
        var best: (Int, Int)?
        for needle in needles {
            let found: Int? = withBytes(needle) { find($0, in: bytes, from: from) }
            guard let found else { continue }
            if let current = best, current.0 < found || (current.0 == found && current.1 >= needle.utf8.count) { continue }
            best = (found, needle.utf8.count)
        }
        return best
    }

    /// Every occurrence of `search` replaced by `replacement`, left to right without overlap.
    /// An empty `search` inserts `replacement` between all code points and at both ends.
    static func replace(_ string: String, _ search: String, with replacement: String) -> String {
        if search.isEmpty {
            var result = replacement
            for scalar in string.unicodeScalars {
                result.unicodeScalars.append(scalar)
                result += replacement
            }
            return result
        }
        return withBytes(string) { bytes in
            withBytes(search) { needle in
                var result = ""
                var copied = 0
                var position = 0
                while let match = find(needle, in: bytes, from: position) {
                    result += text(bytes, copied..<match)
                    result += replacement
                    copied = match + needle.count
                    position = copied
                }
                if copied == 0 { return string }
                result += text(bytes, copied..<bytes.count)
                return result
            }
        }
    }

    /// The string without leading and/or trailing Unicode white space.
    static func trim(_ string: String, leading: Bool, trailing: Bool) -> String {
        let scalars = string.unicodeScalars
        var lower = scalars.startIndex
        var upper = scalars.endIndex
        if leading {
            while lower < upper && scalars[lower].properties.isWhitespace { lower = scalars.index(after: lower) }
        }
        if trailing {
            while upper > lower {
                let before = scalars.index(before: upper)
                guard scalars[before].properties.isWhitespace else { break }
                upper = before
            }
        }
        if lower == scalars.startIndex && upper == scalars.endIndex { return string }
        return String(scalars[lower..<upper])
    }
}
