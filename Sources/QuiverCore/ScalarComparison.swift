// ScalarComparison: the exact primitives every value rule is built from: an integer against a
// double without rounding either, and strings by Unicode code point (UTF-8 byte order). It must
// never use Swift's `String ==`/`<`, which compare by canonical equivalence ("é" == "e\u{301}").

/// Exact comparisons between Int64 and Double. Converting the integer to a double would round
/// above 2^53 (Int64.max becomes 2^63), so mixed comparisons split the double instead.
@usableFromInline
enum NumericComparison {
    /// 2^63, the first double above every Int64 (exactly representable).
    @usableFromInline static let twoToThe63: Double = 9_223_372_036_854_775_808.0

    /// `i` against `d`; nil when `d` is NaN.
    @inlinable
    static func compare(_ i: Int64, _ d: Double) -> ValueOrder? {
        if d.isNaN { return nil }
        if d >= twoToThe63 { return .less }
        if d < -twoToThe63 { return .greater }
        // Now -2^63 <= d < 2^63, so its integral part converts to Int64 exactly.
        let truncated = d.rounded(.towardZero)
        let whole = Int64(truncated)
        if i != whole { return i < whole ? .less : .greater }
        let fraction = d - truncated
        return fraction > 0 ? .less : (fraction < 0 ? .greater : .equal)
    }

    /// `a` against `b`; nil when either is NaN. -0.0 equals 0.0.
    @inlinable
    static func compare(_ a: Double, _ b: Double) -> ValueOrder? {
        if a < b { return .less }
        if a > b { return .greater }
        if a == b { return .equal }
        return nil
    }

    /// The ORDER BY order on doubles: NaN sorts above every other number and all NaNs tie.
    @inlinable
    static func totalOrder(_ a: Double, _ b: Double) -> ValueOrder {
        if let order = compare(a, b) { return order }
        if a.isNaN { return b.isNaN ? .equal : .greater }
        return .less
    }

    /// The ORDER BY order of an integer against a double (NaN above every integer).
    @inlinable
    static func totalOrder(_ i: Int64, _ d: Double) -> ValueOrder {
        compare(i, d) ?? .less
    }

    /// The integer equal to `d` when there is one (integral and inside Int64's range).
    @inlinable
    static func exactInt64(_ d: Double) -> Int64? {
        guard d >= -twoToThe63, d < twoToThe63, d == d.rounded(.towardZero) else { return nil }
        return Int64(d)
    }
}

/// String equality, order and hashing by code point. UTF-8 preserves code-point order, so
/// byte-wise comparison of the UTF-8 forms is code-point comparison.
@usableFromInline
enum CodePointComparison {
    @usableFromInline
    static func equal(_ a: String, _ b: String) -> Bool {
        let aBytes = a.utf8, bBytes = b.utf8
        if aBytes.count != bBytes.count { return false }
        let fast = aBytes.withContiguousStorageIfAvailable { aBuffer in
            bBytes.withContiguousStorageIfAvailable { bBuffer in
                compareBytes(aBuffer, bBuffer) == .equal
            }
        }
        if let result = fast ?? nil { return result }
        return aBytes.elementsEqual(bBytes)
    }

    @usableFromInline
    static func compare(_ a: String, _ b: String) -> ValueOrder {
        let fast = a.utf8.withContiguousStorageIfAvailable { aBuffer in
            b.utf8.withContiguousStorageIfAvailable { bBuffer in compareBytes(aBuffer, bBuffer) }
        }
        if let result = fast ?? nil { return result }
        var aIterator = a.utf8.makeIterator(), bIterator = b.utf8.makeIterator()
        while true {
            switch (aIterator.next(), bIterator.next()) {
            case (nil, nil): return .equal
            case (nil, _): return .less
            case (_, nil): return .greater
            case let (x?, y?): if x != y { return x < y ? .less : .greater }
            }
        }
    }

    /// Feeds the UTF-8 bytes and their count, so that "ab","c" and "a","bc" hash apart in lists.
    @usableFromInline
    static func hash(_ s: String, into hasher: inout Hasher) {
        let bytes = s.utf8
        let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            hasher.combine(bytes: UnsafeRawBufferPointer(buffer))
        }
        if done == nil {
            for byte in bytes { hasher.combine(byte) }
        }
        hasher.combine(bytes.count)
    }

    /// Lexicographic byte order, eight bytes at a time (big-endian words keep byte order).
    @usableFromInline
    static func compareBytes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> ValueOrder {
        let common = min(a.count, b.count)
        var index = 0
        if common >= 8 {
            let aRaw = UnsafeRawBufferPointer(a), bRaw = UnsafeRawBufferPointer(b)
            while index + 8 <= common {
                let aWord = UInt64(bigEndian: aRaw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                let bWord = UInt64(bigEndian: bRaw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                if aWord != bWord { return aWord < bWord ? .less : .greater }
                index += 8
            }
        }
        while index < common {
            let x = a[index], y = b[index]
            if x != y { return x < y ? .less : .greater }
            index += 1
        }
        return ValueOrder(a.count, b.count)
    }
}
