// LOAD CSV: streams a CSV file record by record (a 10 GB file never sits in memory): per input
// row the path is evaluated and the file read through a fixed buffer. WITH HEADER makes each
// row a map keyed by the header, NO HEADER a list. Quotes may wrap delimiters, doubled quotes
// and newlines; IGNORE BAD skips rows whose field count differs from the header; NULLIF turns
// a given field text into null. Memgraph's semantics: all fields are strings.

import Glibc
import QuiverCore
import QuiverStorage

public struct LoadCSVSpec: Sendable {
    public var source: Expr
    public var withHeader: Bool
    public var ignoreBad: Bool
    public var delimiter: Expr?
    public var quote: Expr?
    public var nullIf: Expr?
    public var slot: Int
    /// This LOAD CSV's index among the plan's (`ExecutionContext.csvRows`).
    public var load = 0
    /// WITH HEADER: the hidden slot for each row's sequence number (CSVFieldAccess.swift).
    public var sequenceSlot: Int?
}

public final class LoadCSVOperator: PlanOperator {
    let input: PlanOperator
    let spec: LoadCSVSpec
    /// Index lookups the plan makes per row by one of its fields, prefetched ahead of the row
    /// (CSVLookAhead). Set by the planner once the plan is built, never changed after.
    public internal(set) var hints: [CSVLookupHint] = []
    /// The header names `row.name` accesses read by position (CSVFieldAccess.ordinal). Set by
    /// the planner, never changed after.
    public internal(set) var fieldNames: [String] = []

    public init(input: PlanOperator, spec: LoadCSVSpec) {
        self.input = input
        self.spec = spec
    }

    override public var name: String { "LoadCsv" }
    override public var children: [PlanOperator] { [input] }
    override public func makeCursor(_ profiler: Profiler?) -> Cursor {
        LoadCSVCursor(input: input.cursor(profiler), spec: spec, hints: hints, fieldNames: fieldNames)
    }
}

/// Reads CSV records from a file through a 64 KiB buffer.
final class CSVReader {
    private let file: UnsafeMutablePointer<FILE>
    private var buffer = [UInt8](repeating: 0, count: 65_536)
    private var length = 0
    private var position = 0
    private var field: [UInt8] = []
    let delimiter: UInt8
    let quote: UInt8

    init?(path: String, delimiter: UInt8, quote: UInt8) {
        guard let file = fopen(path, "rb") else { return nil }
        self.file = file
        self.delimiter = delimiter
        self.quote = quote
    }

    deinit { fclose(file) }

    private func nextByte() -> UInt8? {
        if position == length {
            length = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            position = 0
            if length == 0 { return nil }
        }
        defer { position += 1 }
        return buffer[position]
    }

    /// The next record's fields, nil at end of file.
    func next() -> [String]? {
        var fields: [String] = []
        return next(into: &fields) ? fields : nil
    }

    /// Reads the next record into `fields` (emptied first, its storage kept); false at end of
    /// file. Short fields (up to 15 UTF-8 bytes) are stored inline in their String: a record
    /// of ids costs no allocation.
    func next(into fields: inout [String]) -> Bool {
        fields.removeAll(keepingCapacity: true)
        field.removeAll(keepingCapacity: true)
        var quoted = false, sawAny = false
        while let byte = nextByte() {
            sawAny = true
            if quoted {
                if byte == quote {
                    if let following = nextByte() {
                        if following == quote { field.append(quote); continue }
                        quoted = false
                        position -= 1
                        continue
                    }
                    quoted = false
                    continue
                }
                field.append(byte)
            } else if byte == quote && field.isEmpty {
                quoted = true
            } else if byte == delimiter {
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
            } else if byte == 0x0A {
                if field.last == 0x0D { field.removeLast() }
                fields.append(String(decoding: field, as: UTF8.self))
                return true
            } else {
                field.append(byte)
            }
        }
        guard sawAny else { return false }
        if field.last == 0x0D { field.removeLast() }
        fields.append(String(decoding: field, as: UTF8.self))
        return true
    }
}

final class LoadCSVCursor: Cursor {
    let input: Cursor
    let spec: LoadCSVSpec
    let hints: [CSVLookupHint]
    /// Whether `row.name` accesses read this LOAD CSV's records from the context.
    let publishesRows: Bool
    var reader: CSVReader?
    /// Reads `reader` ahead when the plan has lookups to prefetch.
    var lookAhead: CSVLookAhead?
    var header: [String]?
    var nullIf: String?
    /// The fields of the current record (storage reused from row to row).
    var fields: [String] = []
    /// Where each header column's value sits in the row map (empty: build the map afresh).
    var positions: [Dictionary<String, Value>.Index] = []

    let fieldNames: [String]

    init(input: Cursor, spec: LoadCSVSpec, hints: [CSVLookupHint], fieldNames: [String]) {
        self.input = input
        self.spec = spec
        self.hints = hints
        self.fieldNames = fieldNames
        publishesRows = spec.sequenceSlot != nil && !fieldNames.isEmpty
    }

    private func character(_ expression: Expr?, _ fallback: UInt8, _ what: String,
                           _ context: ExecutionContext) throws(QuiverError) -> UInt8 {
        guard let expression else { return fallback }
        guard case .string(let text) = try context.evaluate(expression), text.utf8.count == 1 else {
            throw QuiverError(.invalidArgument, "LOAD CSV \(what) must be a single-byte string.")
        }
        return text.utf8.first!
    }

    private func open(_ context: ExecutionContext) throws(QuiverError) {
        guard case .string(let path) = try context.evaluate(spec.source) else {
            throw QuiverError(.typeError, "LOAD CSV expects the file path as a string.")
        }
        let delimiter = try character(spec.delimiter, 0x2C, "DELIMITER", context)
        let quote = try character(spec.quote, 0x22, "QUOTE", context)
        if let nullIf = spec.nullIf {
            guard case .string(let text) = try context.evaluate(nullIf) else {
                throw QuiverError(.typeError, "LOAD CSV NULLIF expects a string.")
            }
            self.nullIf = text
        }
        guard let reader = CSVReader(path: path, delimiter: delimiter, quote: quote) else {
            throw QuiverError(.invalidArgument, "Couldn't open the file \(path) for LOAD CSV.")
        }
        self.reader = reader
        header = spec.withHeader ? reader.next() : nil
        positions = []
        lookAhead = makeLookAhead(reader, context)
        if publishesRows, let header {
            while context.csvRows.count <= spec.load { context.csvRows.append(CSVRowState()) }
            context.csvRows[spec.load].columns = fieldNames.map { header.lastIndex(of: $0) ?? -1 }
            context.csvRows[spec.load].nullIf = nullIf
        }
    }

    /// The read-ahead window for this file, nil when no hinted lookup applies to it.
    private func makeLookAhead(_ reader: CSVReader, _ context: ExecutionContext) -> CSVLookAhead? {
        var prefetchers: [(LookupPrefetcher, column: Int)] = []
        for hint in hints {
            let column: Int?
            switch hint.column {
            case .name(let name): column = header?.lastIndex(of: name)
            case .position(let position): column = header == nil ? position : nil
            case .literal(let index):
                if header == nil, index < context.literals.count, case .int(let position) = context.literals[index] {
                    column = Int(exactly: position)
                } else {
                    column = nil
                }
            }
            guard let column, column >= 0,
                  let prefetcher = LookupPrefetcher(context.transaction, label: hint.label, property: hint.property,
                                                    outgoing: hint.outgoing, incoming: hint.incoming)
            else { continue }
            prefetchers.append((prefetcher, column))
        }
        return prefetchers.isEmpty ? nil : CSVLookAhead(reader: reader, prefetchers: prefetchers)
    }

    /// The next record of the open file into `fields`; false at its end.
    @inline(__always)
    private func nextRecord(_ reader: CSVReader) -> Bool {
        if let lookAhead { return lookAhead.next(into: &fields) }
        return reader.next(into: &fields)
    }

    override func pull(_ context: ExecutionContext) throws(QuiverError) -> Bool {
        while true {
            if let reader {
                while nextRecord(reader) {
                    if let header {
                        if fields.count != header.count {
                            if spec.ignoreBad { continue }
                            throw QuiverError(.invalidArgument,
                                              "LOAD CSV: a row has \(fields.count) fields but the header has \(header.count).")
                        }
                        context.frame[spec.slot] = .map(rowMap(context))
                        if publishesRows { publish(context) }
                    } else {
                        context.frame[spec.slot] = .list(fields.map(value))
                    }
                    return true
                }
                self.reader = nil
                lookAhead = nil
            }
            guard try input.pull(context) else { return false }
            try open(context)
        }
    }

    private func value(_ field: String) -> Value { nullIf == field ? .null : .string(field) }

    /// Hands the record to `row.name` accesses: into the context (its storage swapped with
    /// `fields`, so neither is copied) under a new sequence number, written beside the row.
    private func publish(_ context: ExecutionContext) {
        let load = spec.load
        context.csvRows[load].sequence &+= 1
        swap(&fields, &context.csvRows[load].fields)
        context.frame[spec.sequenceSlot!] = .int(context.csvRows[load].sequence)
    }

    /// The row map for `fields`. The previous row's map is reused when nothing else holds it
    /// (the usual case: the row was consumed before the next pull): its values are replaced
    /// at the positions found once, so a row costs no hashing and no allocation.
    private func rowMap(_ context: ExecutionContext) -> [String: Value] {
        guard let header else { return [:] }
        var map: [String: Value] = [:]
        if case .map(let previous) = context.frame[spec.slot], !positions.isEmpty, previous.count == header.count {
            map = previous
        }
        context.frame[spec.slot] = .null
        if map.isEmpty {
            for (key, field) in zip(header, fields) { map[key] = value(field) }
            positions = map.count == header.count ? header.map { map.index(forKey: $0)! } : []
            return map
        }
        for column in 0..<positions.count { map.values[positions[column]] = value(fields[column]) }
        return map
    }

    override func reset() {
        input.reset()
        reader = nil
        lookAhead = nil
        positions = []
    }
}
