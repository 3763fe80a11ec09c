// CSVLookAhead: LOAD CSV's read-ahead window. When the plan looks vertices up in an index by a
// field of the row (`MATCH (b:User {id: toInteger(row.to)})`), LOAD CSV reads a few records
// ahead of the row it hands out and hints each upcoming lookup to storage in stages, a couple
// of rows apart (index leaf, vertex record, adjacency runs, append slot: LookupPrefetcher), so
// the random cache misses of row n + k are in flight while row n is processed. Rows come out
// exactly as the reader produced them, in order; the hints never change a result.

import QuiverCore
import QuiverStorage

/// Which field of a LOAD CSV row a lookup key comes from.
public enum CSVColumn: Sendable {
    /// `row.name` (WITH HEADER): the last header column of that name, as the row map keeps.
    case name(String)
    /// `row[i]` (NO HEADER).
    case position(Int)
    /// `row[i]` with `i` a literal the plan cache stripped (`ExecutionContext.literals`).
    case literal(Int)
}

/// An index lookup the plan makes per LOAD CSV row: `toInteger(<column>)` on `label.property`;
/// the edges created from or to the vertex found tell which adjacency runs to prefetch.
public struct CSVLookupHint: Sendable {
    public var label: LabelID
    public var property: PropertyID
    public var column: CSVColumn
    public var outgoing: Bool
    public var incoming: Bool
}

final class CSVLookAhead {
    /// Records read ahead of the one handed out; stages run at these distances before use.
    /// Measured at full size (1 M users, 17 M edges): 8 rows with stages 2 apart gained half
    /// as much as 16 with stages 4 apart; 32 and 64 gained no more.
    static let depth = 16
    private static let recordStage = 12, runStage = 8, slotStage = 4

    private let reader: CSVReader
    /// Owns the prefetchers `hinted` borrows (per-row calls then cost no reference counting).
    private let prefetchers: [LookupPrefetcher]
    private let hinted: [Unmanaged<LookupPrefetcher>]
    private let columns: [Int]
    /// Ring of records read ahead: `count` of them from `head`.
    private var rows: [[String]]
    private var head = 0
    private var count = 0
    /// Per ring position and prefetcher: the lookup key and the vertex it found.
    private var keys: [Int64]
    private var gids: [UInt64]
    private static let none = UInt64.max, pending = UInt64.max - 1
    /// The previous record's key per prefetcher (repeated keys, like a file grouped by
    /// source, are hinted once).
    private var previousKeys: [Int64?]

    init(reader: CSVReader, prefetchers: [(LookupPrefetcher, column: Int)]) {
        self.reader = reader
        self.prefetchers = prefetchers.map(\.0)
        hinted = prefetchers.map { Unmanaged.passUnretained($0.0) }
        columns = prefetchers.map(\.column)
        rows = Array(repeating: [], count: Self.depth)
        keys = Array(repeating: 0, count: Self.depth * prefetchers.count)
        gids = Array(repeating: Self.none, count: Self.depth * prefetchers.count)
        previousKeys = Array(repeating: nil, count: prefetchers.count)
    }

    /// The next record into `fields` (its storage swapped with a ring slot); false at the end.
    func next(into fields: inout [String]) -> Bool {
        while count < Self.depth {
            let slot = (head + count) % Self.depth
            guard reader.next(into: &rows[slot]) else { break }
            count += 1
            hint()
        }
        guard count > 0 else { return false }
        swap(&fields, &rows[head])
        head = (head + 1) % Self.depth
        count -= 1
        return true
    }

    /// Runs each stage for the record now at its distance from use: the newest one (just
    /// read) gets its leaf hinted, older ones their record, runs and append slot.
    private func hint() {
        let newest = (head + count - 1) % Self.depth
        let width = prefetchers.count
        for index in 0..<width {
            let column = columns[index]
            let key: Int64? = rows.withUnsafeBufferPointer { rows in
                column < rows[newest].count ? ConversionFunctions.plainInteger(rows[newest][column]) : nil
            }
            let position = newest * width + index
            if let key, key != previousKeys[index] {
                keys[position] = key
                gids[position] = Self.pending
                hinted[index]._withUnsafeGuaranteedRef { $0.prefetchLeaf(key) }
            } else {
                gids[position] = Self.none
            }
            previousKeys[index] = key
        }
        stage(at: Self.depth - Self.recordStage) { prefetcher, position in
            if gids[position] == Self.pending { gids[position] = prefetcher.prefetchRecord(keys[position]) ?? Self.none }
        }
        stage(at: Self.depth - Self.runStage) { prefetcher, position in
            if gids[position] != Self.pending { prefetcher.prefetchRuns(gids[position]) }
        }
        stage(at: Self.depth - Self.slotStage) { prefetcher, position in
            if gids[position] != Self.pending { prefetcher.prefetchAppendSlots(gids[position]) }
        }
    }

    /// Calls `body` for every prefetcher with a pending hint on the record `age` reads back.
    @inline(__always)
    private func stage(at age: Int, _ body: (LookupPrefetcher, Int) -> Void) {
        guard count > age else { return }
        let width = hinted.count
        let slot = (head + count - 1 - age) % Self.depth
        for index in 0..<width where gids[slot * width + index] != Self.none {
            hinted[index]._withUnsafeGuaranteedRef { body($0, slot * width + index) }
        }
    }
}
