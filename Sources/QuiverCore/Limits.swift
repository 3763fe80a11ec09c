// Limits: the hard bounds on user-supplied data that every layer enforces the same way, so a
// huge or deeply nested value gets a clear error instead of a crash or a stack overflow.

public enum Limits {
    /// Deepest nesting of lists and maps inside one value (a scalar is depth 0).
    public static let valueNestingDepthMax = 128
    /// Longest string stored as a property, in UTF-8 bytes.
    public static let stringBytesMax = 1 << 30
    /// Most labels on one vertex.
    public static let labelsPerVertexMax = 4096
}
