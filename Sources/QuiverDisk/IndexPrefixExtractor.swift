// IndexPrefixExtractor: RocksDB's prefix extractor for the label+property index family. The
// prefix of a key `label | property | value | gid` is `label | property | value` (the value
// encoding is prefix-free, IndexValueEncoding.swift), so SST files and memtables keep a bloom
// filter of index values and an equality seek skips every sorted run that holds no entry for
// the value (one L0 file instead of all of them, after a bulk import).
//
// Seek keys that stop inside a value (range and string-prefix bounds) are outside the domain
// and are never filtered. Every read of the family other than an equality seek must still use
// total-order read options: a complete value used as a range bound (a boolean, for one) is
// inside the domain, and a filtered seek would skip runs that hold the keys after it.
import CRocksDB
import Glibc

enum IndexPrefixExtractor {
    /// Recorded in each SST's properties: files written under another extractor (or none) are
    /// read without the prefix filter.
    static let name = "quiver.index-value.v1"
    private static let headerBytes = 8 // label, property

    /// The length of `label | property | value` at the start of `key` (nil: not in the domain).
    static func prefixLength(_ key: UnsafeRawBufferPointer) -> Int? {
        let count = key.count
        guard count > headerBytes else { return nil }
        switch key[headerBytes] {
        case IndexValueEncoding.numberFamily:
            let length = headerBytes + 18 // family, ordered double, tag, exact bits
            return count >= length ? length : nil
        case IndexValueEncoding.boolFamily:
            let length = headerBytes + 2
            return count >= length ? length : nil
        case IndexValueEncoding.stringFamily, IndexValueEncoding.otherFamily:
            // Escaped bytes (0x00 0xFF stands for 0x00) ended by 0x00 0x01.
            var index = headerBytes + 1
            while index + 1 < count {
                if key[index] == 0 {
                    if key[index + 1] == 1 { return index + 2 }
                    index += 2
                } else {
                    index += 1
                }
            }
            return nil
        default:
            return nil
        }
    }

    /// A new slice transform (the options that take it own it).
    static func make() -> OpaquePointer {
        rocksdb_slicetransform_create(
            nil,
            { _ in },
            { _, key, length, prefixLength in
                let bytes = UnsafeRawBufferPointer(start: key, count: length)
                prefixLength!.pointee = IndexPrefixExtractor.prefixLength(bytes) ?? length
                return UnsafeMutablePointer(mutating: key)
            },
            { _, key, length in
                IndexPrefixExtractor.prefixLength(UnsafeRawBufferPointer(start: key, count: length)) == nil ? 0 : 1
            },
            { _, _, _ in 0 },
            { _ in IndexPrefixExtractor.nameCString })!
    }

    private nonisolated(unsafe) static let nameCString: UnsafePointer<CChar> = UnsafePointer(strdup(name)!)
}
