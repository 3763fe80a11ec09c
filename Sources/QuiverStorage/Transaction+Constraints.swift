// Transaction constraint checks: IS TYPED at write time (before anything changes), the list of
// vertices whose existence and uniqueness constraints the commit must validate, and that
// validation. Writers pay nothing when no constraint exists (`constraints` is nil).
//
// Uniqueness at commit, under the registry's mutex: for each touched vertex and each unique
// constraint on its labels, the candidates holding the same value tuple are re-read as of the
// latest commit (plus transactions that already passed validation but have not published yet);
// any other vertex matching there is a violation. Two transactions writing the same tuple
// concurrently therefore cannot both commit: the second validation sees the first.
import Atomics
import QuiverCore

extension Transaction {
    // MARK: Write-time hooks (called only when `constraints` is not nil)

    /// A vertex about to be created: type checks, and whether its commit needs validation.
    func checkNewVertex(_ constraints: ConstraintSet, labels: [LabelID], properties: [(PropertyID, Value)]) throws(QuiverError) -> Bool {
        if !constraints.types.isEmpty {
            for label in labels where constraints.typedLabels.contains(label.rawValue) {
                for (property, value) in properties {
                    if let type = constraints.types[.init(label: label.rawValue, property: property.rawValue)], !type.matches(value) {
                        throw typeViolation(type, label.rawValue, property.rawValue)
                    }
                }
            }
        }
        return labels.contains { constraints.commitLabels.contains($0.rawValue) }
    }

    /// `label` is about to be added to a vertex whose current body is `body`.
    func checkAddedLabel(_ constraints: ConstraintSet, gid: UInt64, label: UInt32, body: UnsafeRawPointer?) throws(QuiverError) {
        if constraints.typedLabels.contains(label), let run = ObjectBody.properties(body) {
            var violation: (ConstraintDataType, UInt32)?
            PropertyCodec.forEach(in: run) { property, value in
                if let type = constraints.types[.init(label: label, property: property.rawValue)], !type.matches(value) {
                    violation = (type, property.rawValue)
                    return false
                }
                return true
            }
            if let (type, property) = violation { throw typeViolation(type, label, property) }
        }
        if constraints.commitLabels.contains(label) { constraintTouched.append(gid) }
    }

    /// A vertex property is about to be set (or removed, with null).
    func checkSetProperty(_ constraints: ConstraintSet, gid: UInt64, body: UnsafeRawPointer?, property: UInt32, value: Value) throws(QuiverError) {
        if let (label, type) = constraints.typeViolation(labels: body, property: property, value: value) {
            throw typeViolation(type, label, property)
        }
        if constraints.commitProperties.contains(property) { constraintTouched.append(gid) }
    }

    private func typeViolation(_ type: ConstraintDataType, _ label: UInt32, _ property: UInt32) -> QuiverError {
        type.violation(label: storage.labelName(LabelID(label)), property: storage.propertyName(PropertyID(property)))
    }

    // MARK: Commit-time validation

    /// Checks existence and uniqueness for every vertex this transaction touched; on a
    /// violation the transaction is rolled back and Memgraph's text thrown.
    func validateConstraintsAtCommit() throws(QuiverError) {
        guard let constraints, !constraintTouched.isEmpty else { return }
        let touched = Array(Set(constraintTouched)).sorted()
        constraintTouched = []
        var versions: [(gid: UInt64, labels: [LabelID])] = []
        var failure: QuiverError?
        for gid in touched {
            guard let vertex = storage.vertices.pointer(gid) else { continue }
            let word = vertex.wordPointer
            let payload = RecordWord.lockShared(word)
            if payload & RecordWord.existsBit != 0 && payload & RecordWord.deletedBit == 0 {
                let body = vertex.pointee.body
                if failure == nil { failure = existenceViolation(constraints, body) }
                versions.append((gid, ObjectBody.labels(body)))
            }
            RecordWord.unlockShared(word)
        }
        if failure == nil && !constraints.unique.isEmpty {
            failure = validateUniqueness(constraints, versions)
        }
        if let failure {
            abort()
            throw failure
        }
    }

    private func existenceViolation(_ constraints: ConstraintSet, _ body: UnsafeRawPointer?) -> QuiverError? {
        for label in ObjectBody.labels(body) {
            guard let required = constraints.existence[label.rawValue] else { continue }
            for property in required where ObjectBody.properties(body).map({ PropertyCodec.contains(PropertyID(property), in: $0) }) != true {
                return QuiverError(.constraintViolation,
                                   "Unable to commit due to existence constraint violation on :\(storage.labelName(label))(\(storage.propertyName(PropertyID(property))))")
            }
        }
        return nil
    }

    /// Uniqueness for the touched vertices; on success this transaction counts as committed
    /// for later validations until it publishes (or aborts).
    private func validateUniqueness(_ constraints: ConstraintSet, _ vertices: [(gid: UInt64, labels: [LabelID])]) -> QuiverError? {
        let registry = storage.constraintRegistry
        return registry.state.withLock { state -> QuiverError? in
            for (gid, labels) in vertices {
                for label in labels {
                    for constraint in constraints.uniqueConstraints(label: label.rawValue) {
                        guard let tuple = newestTuple(gid, constraint) else { continue }
                        var candidates = state.candidates[constraint, default: [:]][tuple, default: []]
                        for candidate in candidates where candidate != gid {
                            switch committedMatch(candidate, constraint, tuple, validated: state.validated) {
                            case .matches:
                                let names = constraint.properties.map { storage.propertyName(PropertyID($0)) }.joined(separator: ", ")
                                return QuiverError(.constraintViolation,
                                                   "Unable to commit due to unique constraint violation on :\(storage.labelName(label))(\(names))")
                            case .stale: candidates.remove(candidate)
                            case .pending: break
                            }
                        }
                        candidates.insert(gid)
                        state.candidates[constraint, default: [:]][tuple] = candidates
                    }
                }
            }
            state.validated.insert(id)
            constraintValidated = true
            return nil
        }
    }

    /// The constraint's value tuple in the newest version of a touched vertex (ours).
    private func newestTuple(_ gid: UInt64, _ constraint: ConstraintSet.Unique) -> [Value]? {
        guard let vertex = storage.vertices.pointer(gid) else { return nil }
        let word = vertex.wordPointer
        let payload = RecordWord.lockShared(word)
        defer { RecordWord.unlockShared(word) }
        guard payload & RecordWord.existsBit != 0, payload & RecordWord.deletedBit == 0,
              ObjectBody.hasLabel(vertex.pointee.body, constraint.label) else { return nil }
        return Storage.tuple(vertex.pointee.body, constraint.properties)
    }

    private enum CandidateState { case matches, stale, pending }

    /// Whether `gid` holds `tuple` under the constraint's label in its latest committed version
    /// (counting validated, unpublished transactions and our own writes as committed); `.stale`
    /// when neither that version nor the newest one does, so the entry can go.
    private func committedMatch(_ gid: UInt64, _ constraint: ConstraintSet.Unique, _ tuple: [Value],
                                validated: Set<UInt64>) -> CandidateState {
        guard let vertex = storage.vertices.pointer(gid) else { return .stale }
        let word = vertex.wordPointer
        let payload = RecordWord.lockShared(word)
        defer { RecordWord.unlockShared(word) }
        if payload & RecordWord.existsBit == 0 { return .stale }
        var exists = payload & RecordWord.deletedBit == 0
        var hasLabel = ObjectBody.hasLabel(vertex.pointee.body, constraint.label)
        var values = constraint.properties.map { property in
            ObjectBody.properties(vertex.pointee.body).flatMap { PropertyCodec.value(for: PropertyID(property), in: $0) } ?? .null
        }
        let newestMatches = exists && hasLabel && values == tuple
        var current = RecordWord.deltaPointer(payload)
        while let delta = current {
            let stamp = UnsafeAtomic<UInt64>(at: delta.pointee.commitCell).load(ordering: .acquiring)
            if stamp < Timestamps.transactionIDBase || stamp == id || validated.contains(stamp) { break }
            switch delta.pointee.action {
            case .deleteObject: exists = false
            case .recreateObject: exists = true
            case .addLabel where delta.pointee.labelID == constraint.label: hasLabel = true
            case .removeLabel where delta.pointee.labelID == constraint.label: hasLabel = false
            case .setProperty:
                if let index = constraint.properties.firstIndex(of: delta.pointee.propertyID.rawValue) {
                    values[index] = delta.pointee.oldValue
                }
            default: break
            }
            current = delta.pointee.next
        }
        if exists && hasLabel && values == tuple { return .matches }
        return newestMatches ? .pending : .stale
    }
}
