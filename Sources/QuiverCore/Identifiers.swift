// Strong identifier types shared by every module: object gids and interned name ids.
// Owns only the types and their raw widths; interning lives in NameInterner.swift.

/// A vertex or edge identity: 64 bits, monotonic per database, never reused.
public struct Gid: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: UInt64
    @inlinable public init(_ rawValue: UInt64) { self.rawValue = rawValue }
    @inlinable public static func < (lhs: Gid, rhs: Gid) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { String(rawValue) }
}

/// An interned vertex label.
public struct LabelID: Hashable, Comparable, Sendable {
    public var rawValue: UInt32
    @inlinable public init(_ rawValue: UInt32) { self.rawValue = rawValue }
    @inlinable public static func < (lhs: LabelID, rhs: LabelID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// An interned edge type.
public struct EdgeTypeID: Hashable, Comparable, Sendable {
    public var rawValue: UInt32
    @inlinable public init(_ rawValue: UInt32) { self.rawValue = rawValue }
    @inlinable public static func < (lhs: EdgeTypeID, rhs: EdgeTypeID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// An interned property key.
public struct PropertyID: Hashable, Comparable, Sendable {
    public var rawValue: UInt32
    @inlinable public init(_ rawValue: UInt32) { self.rawValue = rawValue }
    @inlinable public static func < (lhs: PropertyID, rhs: PropertyID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A reference to an edge as expansions and creations return it.
public struct EdgeRef: Hashable, Sendable {
    public var gid: Gid
    public var from: Gid
    public var to: Gid
    public var type: EdgeTypeID

    @inlinable public init(gid: Gid, from: Gid, to: Gid, type: EdgeTypeID) {
        self.gid = gid
        self.from = from
        self.to = to
        self.type = type
    }
}
