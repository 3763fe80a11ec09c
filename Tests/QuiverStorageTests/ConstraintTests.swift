// Constraints in storage: existence and uniqueness validated at commit (only touched vertices),
// IS TYPED at write time, creation over existing data, concurrent uniqueness (the second commit
// fails), analytical-mode refusals, and the public constraint list.
import Testing
import QuiverCore
@testable import QuiverStorage

/// The error a throwing call raised, or nil (keeps `catch … as QuiverError` out of test bodies).
private func failure(_ body: () throws(QuiverError) -> Void) -> QuiverError? {
    do {
        try body()
        return nil
    } catch {
        return error
    }
}

@Suite struct ConstraintTests {
    @Test func existenceIsCheckedAtCommit() throws {
        let storage = makeStorage()
        let user = storage.names.label("User"), name = storage.names.property("name")
        #expect(try storage.createExistenceConstraint(user, name))
        #expect(try !storage.createExistenceConstraint(user, name))
        let ok = storage.begin()
        let a = try ok.createVertex(labels: [user], properties: [(name, .string("a"))])
        try ok.commit()
        let bad = storage.begin()
        _ = try bad.createVertex(labels: [user])
        #expect(failure { () throws(QuiverError) in try bad.commit() }?.message == "Unable to commit due to existence constraint violation on :User(name)")
        #expect(bad.state == .aborted)
        // Removing the property later is caught too; a write and its removal in one transaction is fine.
        let remove = storage.begin()
        try remove.setProperty(a, name, .null)
        #expect(failure { () throws(QuiverError) in try remove.commit() } != nil)
        let fixed = storage.begin()
        let b = try fixed.createVertex(labels: [user])
        try fixed.setProperty(b, name, .string("b"))
        try fixed.commit()
        #expect(storage.vertexCount == 2)
        #expect(try storage.dropExistenceConstraint(user, name))
        #expect(try !storage.dropExistenceConstraint(user, name))
        #expect(storage.constraintInfo.isEmpty)
    }

    @Test func creatingOverViolatingDataFails() throws {
        let storage = makeStorage()
        let user = storage.names.label("User"), name = storage.names.property("name"), age = storage.names.property("age")
        let setup = storage.begin()
        _ = try setup.createVertex(labels: [user], properties: [(age, .int(1))])
        _ = try setup.createVertex(labels: [user], properties: [(age, .int(1)), (name, .string("x"))])
        try setup.commit()
        #expect(failure { () throws(QuiverError) in _ = try storage.createExistenceConstraint(user, name) }?.message
            == "Unable to create existence constraint :User(name), because an existing node violates it.")
        #expect(failure { () throws(QuiverError) in _ = try storage.createUniqueConstraint(user, [age]) }?.message
            == "Unable to create unique constraint :User(age), because an existing node violates it.")
        #expect(failure { () throws(QuiverError) in try storage.createTypeConstraint(user, age, .string) }?.message
            == "Unable to create IS TYPED STRING constraint on :User(age), because an existing node violates it.")
        #expect(storage.constraintInfo.isEmpty)
        try storage.createTypeConstraint(user, age, .integer)
        #expect(failure { () throws(QuiverError) in try storage.createTypeConstraint(user, age, .integer) }?.message
            == "Constraint IS TYPED INTEGER on :User(age) already exists")
        #expect(failure { () throws(QuiverError) in try storage.dropTypeConstraint(user, name, .integer) }?.message
            == "Constraint IS TYPED INTEGER on :User(name) doesn't exist")
    }

    @Test func typeConstraintsAreCheckedAtWriteTime() throws {
        let storage = makeStorage()
        let user = storage.names.label("User"), age = storage.names.property("age")
        try storage.createTypeConstraint(user, age, .integer)
        let tx = storage.begin()
        let message = "IS TYPED INTEGER violation on User(age)"
        #expect(failure { () throws(QuiverError) in _ = try tx.createVertex(labels: [user], properties: [(age, .string("x"))]) }?.message == message)
        let plain = try tx.createVertex(properties: [(age, .string("x"))])
        #expect(failure { () throws(QuiverError) in try tx.addLabel(plain, user) }?.message == message)
        let typed = try tx.createVertex(labels: [user], properties: [(age, .int(3))])
        #expect(failure { () throws(QuiverError) in try tx.setProperty(typed, age, .float(1.5)) }?.message == message)
        try tx.setProperty(typed, age, .null)  // removing is allowed
        try tx.commit()
        #expect(storage.constraintInfo == [ConstraintInfo(kind: .dataType, label: user, properties: [age], dataType: .integer)])
    }

    @Test func uniquenessAcrossTransactions() throws {
        let storage = makeStorage()
        let user = storage.names.label("User"), email = storage.names.property("email")
        #expect(try storage.createUniqueConstraint(user, [email]))
        #expect(try !storage.createUniqueConstraint(user, [email]))
        let first = storage.begin()
        let a = try first.createVertex(labels: [user], properties: [(email, .string("a@x"))])
        try first.commit()
        let duplicate = storage.begin()
        _ = try duplicate.createVertex(labels: [user], properties: [(email, .string("a@x"))])
        #expect(failure { () throws(QuiverError) in try duplicate.commit() }?.message == "Unable to commit due to unique constraint violation on :User(email)")
        // Freeing a value and reusing it in one later transaction works; a swap within one too.
        let move = storage.begin()
        try move.setProperty(a, email, .string("b@x"))
        _ = try move.createVertex(labels: [user], properties: [(email, .string("a@x"))])
        try move.commit()
        // 1 and 1.0 are the same value for uniqueness.
        let numbers = storage.begin()
        _ = try numbers.createVertex(labels: [user], properties: [(email, .int(1))])
        _ = try numbers.createVertex(labels: [user], properties: [(email, .float(1.0))])
        #expect(failure { () throws(QuiverError) in try numbers.commit() } != nil)
    }

    @Test func concurrentUniqueWritersSecondCommitFails() throws {
        let storage = makeStorage()
        let user = storage.names.label("User"), first = storage.names.property("first"), last = storage.names.property("last")
        #expect(try storage.createUniqueConstraint(user, [last, first]))
        let t1 = storage.begin(), t2 = storage.begin()
        _ = try t1.createVertex(labels: [user], properties: [(first, .string("A")), (last, .string("B"))])
        _ = try t2.createVertex(labels: [user], properties: [(first, .string("A")), (last, .string("B"))])
        try t1.commit()
        #expect(failure { () throws(QuiverError) in try t2.commit() }?.message == "Unable to commit due to unique constraint violation on :User(first, last)")
        // Partial tuples are not constrained.
        let partial = storage.begin()
        _ = try partial.createVertex(labels: [user], properties: [(first, .string("A"))])
        _ = try partial.createVertex(labels: [user], properties: [(first, .string("A"))])
        try partial.commit()
        #expect(storage.constraintInfo.map(\.properties) == [[first, last].sorted { $0.rawValue < $1.rawValue }])
    }

    @Test func abortedWriterDoesNotBlockUniqueValue() throws {
        let storage = makeStorage()
        let user = storage.names.label("User"), key = storage.names.property("key")
        try storage.createUniqueConstraint(user, [key])
        let aborted = storage.begin()
        _ = try aborted.createVertex(labels: [user], properties: [(key, .int(7))])
        aborted.abort()
        let later = storage.begin()
        _ = try later.createVertex(labels: [user], properties: [(key, .int(7))])
        try later.commit()
        storage.collectGarbage()
        let again = storage.begin()
        _ = try again.createVertex(labels: [user], properties: [(key, .int(7))])
        #expect(failure { () throws(QuiverError) in try again.commit() } != nil)
    }

    @Test func analyticalModeRefusesConstraints() throws {
        let storage = makeStorage()
        let user = storage.names.label("User"), key = storage.names.property("key")
        try storage.createExistenceConstraint(user, key)
        #expect(failure { () throws(QuiverError) in try storage.setMode(.inMemoryAnalytical) }?.message
            == "Constraints are not supported in analytical storage mode. Please drop them before changing storage mode to analytical or use transactional mode.")
        #expect(try storage.dropAllConstraints() == 1)
        try storage.setMode(.inMemoryAnalytical)
        #expect(failure { () throws(QuiverError) in _ = try storage.createExistenceConstraint(user, key) }?.message
            == "Existence constraints are not supported in analytical storage mode.")
        #expect(failure { () throws(QuiverError) in _ = try storage.createUniqueConstraint(user, [key]) }?.message
            == "Unique constraints are not supported in analytical storage mode.")
    }

    @Test func untouchedViolationsAreNotRechecked() throws {
        // Validation looks only at touched vertices: a write to an unrelated vertex commits.
        let storage = makeStorage()
        let user = storage.names.label("User"), name = storage.names.property("name"), other = storage.names.property("other")
        try storage.createExistenceConstraint(user, name)
        let tx = storage.begin()
        let gid = try tx.createVertex(labels: [user], properties: [(name, .string("n"))])
        try tx.commit()
        let update = storage.begin()
        try update.setProperty(gid, other, .int(1))
        #expect(update.constraintTouched.isEmpty)
        try update.commit()
    }
}
