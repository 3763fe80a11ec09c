// TemporalValues: what property access and toString() mean on temporal values: the fields
// (`d.year`, `t.timezone`, `dur.minutesOfHour`…) and the ISO-8601 text Cypher prints.

import QuiverCore

public enum TemporalValues {
    /// `value.name` for a temporal value or duration; nil when `value` is not temporal.
    /// Throws for a field the kind does not have.
    public static func field(_ value: Value, _ name: String) throws(QuiverError) -> Value? { nil }

    /// toString() of a temporal value or duration (`2015-07-21T21:40:32.142+01:00[Europe/London]`,
    /// `P1Y2M3DT4H5M6.007S`); nil when `value` is not temporal.
    public static func string(_ value: Value) -> String? { nil }
}
