// Tests for strong ids and the name interner.
import Testing
@testable import QuiverCore

@Suite struct NameInternerTests {
    @Test func idsAreDenseStableAndShared() {
        let interner = NameInterner()
        #expect(interner.id(for: "User") == 0)
        #expect(interner.id(for: "Friend") == 1)
        #expect(interner.id(for: "User") == 0)
        #expect(interner.name(for: 1) == "Friend")
        #expect(interner.existingID(for: "Missing") == nil)
        #expect(interner.count == 2)
    }

    @Test func concurrentInterningGivesOneIDPerName() async {
        let interner = NameInterner()
        await withTaskGroup(of: [UInt32].self) { group in
            for _ in 0..<4 {
                group.addTask { (0..<500).map { interner.id(for: "name\($0)") } }
            }
            var results: [[UInt32]] = []
            for await ids in group { results.append(ids) }
            #expect(Set(results.map { $0 }).count == 1)
        }
        #expect(interner.count == 500)
    }
}
