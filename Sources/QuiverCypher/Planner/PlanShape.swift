// PlanShape: what lets one plan serve every query text that differs from the planned one only
// in the literals QueryText.normalize strips (the plan cache's key): the plan reads those
// literals from PreparedQuery.literals, and column names that quote them are rebuilt from the
// new text. Binding a shared plan to a new text's literals is here.

import QuiverCore

public struct PlanShape: Sendable {
    public enum Part: Sendable, Equatable {
        /// Text copied from the planned query.
        case text(String)
        /// The source text of stripped literal `i` of the query being bound.
        case literal(Int)
    }

    /// A column named by the text of an unaliased RETURN item that quotes stripped literals.
    public struct ColumnTemplate: Sendable {
        public var column: Int
        public var parts: [Part]
    }

    public var columnTemplates: [ColumnTemplate]
}

/// The stripped literals a plan reads, and its shape when it may be shared.
public final class StrippedLiterals: Sendable {
    public let values: [Value]
    public let shape: PlanShape?

    public init(values: [Value], shape: PlanShape?) {
        self.values = values
        self.shape = shape
    }
}

extension PreparedQuery {
    /// This plan for another query text with the same normalised key: that text's literal
    /// values, and its column names where they quote literals. Nil when the plan has no shape
    /// or the rebuilt column names collide (planning that text reports the error).
    public func bound(to normalized: QueryText.Normalized, text: String) -> PreparedQuery? {
        guard let shape, normalized.literals.count == literals.count else { return nil }
        var copy = self
        copy.stripped = StrippedLiterals(values: normalized.literals.map(\.value), shape: shape)
        guard !shape.columnTemplates.isEmpty else { return copy }
        let bytes = Array(text.utf8)
        for template in shape.columnTemplates {
            var name = ""
            for part in template.parts {
                switch part {
                case .text(let piece):
                    name += piece
                case .literal(let index):
                    let range = normalized.literals[index].range
                    name += String(decoding: bytes[Int(range.start)..<Int(range.end)], as: UTF8.self)
                }
            }
            copy.columns[template.column] = name
        }
        return Set(copy.columns).count == copy.columns.count ? copy : nil
    }
}
