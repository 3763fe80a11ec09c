// NameInterner: thread-safe mapping between names (labels, edge types, property keys) and
// dense 32-bit ids. Ids are handed out on first use and never change or get reused.
import Synchronization

public final class NameInterner: Sendable {
    private struct State {
        var idsByName: [String: UInt32] = [:]
        var names: [String] = []
    }
    private let state = Mutex(State())

    public init() {}

    /// The id of `name`, created on first use. Unknown names are never an error.
    public func id(for name: String) -> UInt32 {
        state.withLock { state in
            if let existing = state.idsByName[name] { return existing }
            let id = UInt32(state.names.count)
            state.names.append(name)
            state.idsByName[name] = id
            return id
        }
    }

    /// The id of `name` if it was ever interned; nil otherwise (lookups that must not create).
    public func existingID(for name: String) -> UInt32? {
        state.withLock { $0.idsByName[name] }
    }

    /// The name of an id handed out earlier.
    public func name(for id: UInt32) -> String {
        state.withLock { state in
            precondition(Int(id) < state.names.count, "unknown interned id \(id)")
            return state.names[Int(id)]
        }
    }

    public var count: Int { state.withLock { $0.names.count } }
}

/// The three name spaces of a database.
public final class NameRegistry: Sendable {
    public let labels = NameInterner()
    public let edgeTypes = NameInterner()
    public let properties = NameInterner()

    public init() {}

    public func label(_ name: String) -> LabelID { LabelID(labels.id(for: name)) }
    public func edgeType(_ name: String) -> EdgeTypeID { EdgeTypeID(edgeTypes.id(for: name)) }
    public func property(_ name: String) -> PropertyID { PropertyID(properties.id(for: name)) }
}
