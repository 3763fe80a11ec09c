// TCKStepError: why a step (its sentence or its table) could not be understood. FeatureReader
// attaches the file and line; value cells are parsed through `TCKStepError.value`.

public struct TCKStepError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    /// Parses one value cell, reporting a parse failure as a step error.
    static func value(_ cell: String) throws(TCKStepError) -> TCKValue {
        do {
            return try TCKValueParser.parse(cell)
        } catch {
            throw TCKStepError(error.description)
        }
    }
}

/// A feature file that could not be read: where and why.
public struct FeatureParseError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var message: String
    public init(path: String, line: Int, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }
    public var description: String { "\(path):\(line): \(message)" }
}
