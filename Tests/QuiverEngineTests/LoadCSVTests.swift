// LOAD CSV through the engine: header and headerless files, quoted fields with delimiters,
// doubled quotes and newlines, custom delimiter, NULLIF, IGNORE BAD, and a missing file.

import Foundation
import QuiverCore
import QuiverEngine
import Testing

@Suite struct LoadCSVTests {
    func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("quiver-\(UUID().uuidString).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func withHeaderRowsAreMaps() throws {
        let path = try file("id,name\n1,\"Ana, the first\"\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\n")
        let session = Database().session()
        let rows = try session.run("LOAD CSV FROM $path WITH HEADER AS row CREATE (:P {id: toInteger(row.id), name: row.name})",
                                   parameters: ["path": .string(path)]).all()
        #expect(rows.isEmpty)
        let names = try session.run("MATCH (p:P) RETURN p.name ORDER BY p.id").all()
        #expect(names == [[.string("Ana, the first")], [.string("say \"hi\"")], [.string("two\nlines")]])
    }

    @Test func noHeaderDelimiterNullIfAndIgnoreBad() throws {
        let path = try file("a;b\nx;\ny\n")
        let session = Database().session()
        let lists = try session.run("LOAD CSV FROM $path NO HEADER DELIMITER ';' NULLIF '' AS row RETURN row",
                                    parameters: ["path": .string(path)]).all()
        #expect(lists == [[.list([.string("a"), .string("b")])], [.list([.string("x"), .null])], [.list([.string("y")])]])
        let good = try session.run("LOAD CSV FROM $path WITH HEADER IGNORE BAD DELIMITER ';' AS row RETURN row.a",
                                   parameters: ["path": .string(path)]).all()
        #expect(good == [[.string("x")]])
        #expect(throws: QuiverError.self) {
            try session.run("LOAD CSV FROM $path WITH HEADER DELIMITER ';' AS row RETURN row", parameters: ["path": .string(path)]).all()
        }
        #expect(throws: QuiverError.self) {
            try session.run("LOAD CSV FROM '/nonexistent/file.csv' NO HEADER AS row RETURN row").all()
        }
    }
}
