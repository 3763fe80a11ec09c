// PokecGraph: the deterministic Pokec-like benchmark graph. :User vertices with int properties
// id, age, completion_percentage and gender; :Friend edges without properties; out-degrees
// drawn from a Pareto (power-law) distribution averaging ~17; targets uniform; edges emitted
// grouped by source, as Pokec's own edge file is.
import QuiverCore

struct PokecGraph {
    let vertexCount: Int
    /// Out-degree of every vertex, summing to `edgeCount`.
    let outDegrees: [Int32]
    let edgeCount: Int
    let seed: UInt64

    init(vertices: Int, averageDegree: Double = 17, seed: UInt64 = 42) {
        vertexCount = vertices
        self.seed = seed
        var random = SplitMix64(seed: seed)
        // Pareto with shape 2: mean = 2·scale; flooring loses ~0.5, so scale = (mean + 0.5) / 2.
        let shape = 2.0, scale = (averageDegree + 0.5) / 2, cap = 20_000.0
        var degrees = [Int32](repeating: 0, count: vertices)
        var total = 0
        for index in 0..<vertices {
            let degree = Int32(min(cap, (scale / random.nextUnitInterval().squareRoot()).rounded(.down)))
            degrees[index] = degree
            total += Int(degree)
        }
        outDegrees = degrees
        edgeCount = total
        _ = shape
    }

    struct UserProperties {
        var id: Int64, age: Int64, completion: Int64, gender: Int64
    }

    func user(_ index: Int) -> UserProperties {
        var random = SplitMix64(seed: seed &+ UInt64(index) &* 0x1000_0001)
        return UserProperties(id: Int64(index), age: Int64(14 + random.next(below: 67)),
                              completion: Int64(random.next(below: 101)), gender: Int64(random.next(below: 2)))
    }

    /// Calls `body(target)` for every out-edge of `source`; each source has its own random
    /// stream, so any worker can generate any source's edges identically.
    func forEachEdge(of source: Int, _ body: (Int) throws -> Void) rethrows {
        var random = SplitMix64(seed: seed ^ (UInt64(source) &* 0x9E37_79B9_7F4A_7C15) ^ 0xF00D)
        for _ in 0..<outDegrees[source] {
            var target = random.next(below: vertexCount)
            if target == source { target = (target + 1) % vertexCount }
            try body(target)
        }
    }
}
