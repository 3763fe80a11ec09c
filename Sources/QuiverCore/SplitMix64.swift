// SplitMix64: the project's one seeded pseudo-random generator, for tests, benchmarks and data
// generators that must be reproducible from a seed. Not for anything security-related.

public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z &>> 31)
    }

    /// Uniform in (0, 1].
    @inlinable
    public mutating func nextUnitInterval() -> Double { (Double(next() >> 11) + 1) / Double(1 << 53) }

    /// Uniform in 0 ..< bound (bound > 0), by modulo: fine for tests and benchmarks.
    @inlinable
    public mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
