// ResultMatcher: compares a query's columns and rows with an expected result table by the
// rules of FORMAT.md "Result checks" — same column names, rows as a bag or in order, list
// order optionally ignored — and explains the first difference it finds.

enum ResultMatcher {
    /// Nil when the actual result satisfies the expectation, else a readable explanation.
    static func mismatch(expected: ExpectedResult, columns: [String], rows: [[TCKValue]]) -> String? {
        if expected.isEmptyExpectation {
            return rows.isEmpty ? nil : "expected no rows, got \(rows.count):\n" + table(columns, rows)
        }
        guard let order = columnOrder(expected: expected.columns, actual: columns) else {
            return "expected columns \(expected.columns), got \(columns)"
        }
        if let bad = rows.firstIndex(where: { $0.count != columns.count }) {
            return "row \(bad + 1) has \(rows[bad].count) values for \(columns.count) columns"
        }
        let aligned = rows.map { row in order.map { row[$0] } }
        let expectedKeys = expected.rows.map { key(of: $0, expected.ignoringListOrder) }
        let actualKeys = aligned.map { key(of: $0, expected.ignoringListOrder) }
        let differs = expected.ordered ? expectedKeys != actualKeys : expectedKeys.sorted() != actualKeys.sorted()
        guard differs else { return nil }
        var explanation = "expected \(expected.rows.count) rows (\(mode(expected))), got \(rows.count)"
        if expected.ordered, expected.rows.count == rows.count,
           let first = expectedKeys.indices.first(where: { expectedKeys[$0] != actualKeys[$0] }) {
            explanation += "; first difference at row \(first + 1)"
        } else if !expected.ordered {
            explanation += bagDifference(expected: expected.rows, expectedKeys: expectedKeys, actual: aligned, actualKeys: actualKeys)
        }
        return explanation + "\nexpected:\n" + table(expected.columns, expected.rows) + "\nactual:\n" + table(expected.columns, aligned)
    }

    /// For each expected column, the index of the actual column with that name; nil when the
    /// names differ. Repeated names are matched by position.
    static func columnOrder(expected: [String], actual: [String]) -> [Int]? {
        guard expected.count == actual.count, expected.sorted() == actual.sorted() else { return nil }
        if expected == actual || Set(actual).count != actual.count { return Array(actual.indices) }
        return expected.map { name in actual.firstIndex(of: name)! }
    }

    private static func key(of row: [TCKValue], _ ignoringListOrder: Bool) -> TCKCanonicalKey {
        var bytes: [UInt8] = []
        for value in row { value.appendKey(to: &bytes, ignoringListOrder: ignoringListOrder) }
        return TCKCanonicalKey(bytes: bytes)
    }

    private static func mode(_ expected: ExpectedResult) -> String {
        let order = expected.ordered ? "in order" : "in any order"
        return expected.ignoringListOrder ? order + ", ignoring list order" : order
    }

    /// `; missing: ...; unexpected: ...` for bag comparison (multiplicities respected).
    private static func bagDifference(expected: [[TCKValue]], expectedKeys: [TCKCanonicalKey],
                                      actual: [[TCKValue]], actualKeys: [TCKCanonicalKey]) -> String {
        var counts: [TCKCanonicalKey: Int] = [:]
        for key in actualKeys { counts[key, default: 0] += 1 }
        var missing: [[TCKValue]] = []
        for (row, key) in zip(expected, expectedKeys) {
            if let count = counts[key], count > 0 { counts[key] = count - 1 } else { missing.append(row) }
        }
        let unexpected = zip(actual, actualKeys).compactMap { row, key -> [TCKValue]? in
            guard let count = counts[key], count > 0 else { return nil }
            counts[key] = count - 1
            return row
        }
        var text = ""
        if !missing.isEmpty { text += "; missing \(rowList(missing))" }
        if !unexpected.isEmpty { text += "; unexpected \(rowList(unexpected))" }
        return text
    }

    private static func rowList(_ rows: [[TCKValue]]) -> String {
        let shown = rows.prefix(5).map { "| " + $0.map(\.description).joined(separator: " | ") + " |" }
        return shown.joined(separator: " ") + (rows.count > 5 ? " (+\(rows.count - 5) more)" : "")
    }

    /// A Gherkin-style table, at most 20 rows.
    static func table(_ columns: [String], _ rows: [[TCKValue]]) -> String {
        var lines = ["  | " + columns.joined(separator: " | ") + " |"]
        for row in rows.prefix(20) { lines.append("  | " + row.map(\.description).joined(separator: " | ") + " |") }
        if rows.count > 20 { lines.append("  ... \(rows.count - 20) more rows") }
        return lines.joined(separator: "\n")
    }
}
