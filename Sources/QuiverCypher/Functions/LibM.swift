// LibM: the C math library functions the Cypher functions and operators need (`^`, sin, log…),
// behind one small seam so that only this file imports the platform C module.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

enum LibM {
    @inline(__always) static func power(_ base: Double, _ exponent: Double) -> Double { pow(base, exponent) }
    @inline(__always) static func exponential(_ x: Double) -> Double { exp(x) }
    @inline(__always) static func naturalLogarithm(_ x: Double) -> Double { log(x) }
    @inline(__always) static func logarithm10(_ x: Double) -> Double { log10(x) }
    @inline(__always) static func sine(_ x: Double) -> Double { sin(x) }
    @inline(__always) static func cosine(_ x: Double) -> Double { cos(x) }
    @inline(__always) static func tangent(_ x: Double) -> Double { tan(x) }
    @inline(__always) static func arcSine(_ x: Double) -> Double { asin(x) }
    @inline(__always) static func arcCosine(_ x: Double) -> Double { acos(x) }
    @inline(__always) static func arcTangent(_ x: Double) -> Double { atan(x) }
    @inline(__always) static func arcTangent2(_ y: Double, _ x: Double) -> Double { atan2(y, x) }
}
