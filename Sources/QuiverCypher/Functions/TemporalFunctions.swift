// TemporalFunctions: the temporal constructors and helpers (`date`, `localtime`, `time`,
// `localdatetime`, `datetime`, `duration`, their `.truncate`/`.statement`/… forms,
// `duration.between`/`inMonths`/`inDays`/`inSeconds`) as FunctionLibrary table entries.
// Each entry only dispatches on its argument's kind; the rules live in TemporalParsing,
// TemporalConstruction, TemporalTruncation and DurationBetween.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import QuiverCore

enum TemporalFunctions {
    static let table: [BuiltinFunction] = constructors + truncations + epochFunctions + durationFunctions

    /// Which clock a constructor without arguments reads. `transaction` reads the statement's
    /// clock too: FunctionContext carries one reading per statement.
    private enum Clock { case statement, realtime }

    private static let kinds: [TemporalKind] = [.date, .localTime, .time, .localDateTime, .dateTime]

    private static let constructors: [BuiltinFunction] = kinds.flatMap { kind in
        [
            BuiltinFunction(kind.rawValue, arguments: 0...1, deterministic: false) { arguments, context throws(QuiverError) in
                try construct(kind, arguments.first, context, clock: nil)
            },
            BuiltinFunction(kind.rawValue + ".transaction", arguments: 0...1, deterministic: false) { arguments, context throws(QuiverError) in
                try construct(kind, arguments.first, context, clock: .statement)
            },
            BuiltinFunction(kind.rawValue + ".statement", arguments: 0...1, deterministic: false) { arguments, context throws(QuiverError) in
                try construct(kind, arguments.first, context, clock: .statement)
            },
            BuiltinFunction(kind.rawValue + ".realtime", arguments: 0...1, deterministic: false) { arguments, context throws(QuiverError) in
                try construct(kind, arguments.first, context, clock: .realtime)
            },
        ]
    }

    private static let truncations: [BuiltinFunction] = kinds.map { kind in
        BuiltinFunction(kind.rawValue + ".truncate", arguments: 2...3) { arguments, context throws(QuiverError) in
            if arguments[0].isNull || arguments[1].isNull { return .null }
            return try TemporalTruncation.truncate(kind, unitText: arguments[0], value: arguments[1],
                                                   map: arguments.count > 2 ? arguments[2] : nil,
                                                   environment: TemporalEnvironment(context))
        }
    }

    private static let epochFunctions: [BuiltinFunction] = [
        BuiltinFunction("datetime.fromepoch", arguments: 2...2) { arguments, context throws(QuiverError) in
            if arguments[0].isNull || arguments[1].isNull { return .null }
            let seconds = try integer(arguments[0], "datetime.fromepoch")
            let nanoseconds = try integer(arguments[1], "datetime.fromepoch")
            return try TemporalConstruction.build(.dateTime, from: ["epochSeconds": .int(seconds), "nanosecond": .int(nanoseconds)],
                                                  environment: TemporalEnvironment(context))
        },
        BuiltinFunction("datetime.fromepochmillis", arguments: 1...1) { arguments, context throws(QuiverError) in
            if arguments[0].isNull { return .null }
            let millis = try integer(arguments[0], "datetime.fromepochmillis")
            return try TemporalConstruction.build(.dateTime, from: ["epochMillis": .int(millis)],
                                                  environment: TemporalEnvironment(context))
        },
    ]

    private static let durationFunctions: [BuiltinFunction] = [
        BuiltinFunction("duration", arguments: 1...1) { arguments, _ throws(QuiverError) in
            try duration(arguments[0])
        },
        between("duration.between", .all),
        between("duration.inMonths", .months),
        between("duration.inDays", .days),
        between("duration.inSeconds", .seconds),
    ]

    private static func between(_ name: String, _ unit: DurationBetween.Unit) -> BuiltinFunction {
        BuiltinFunction(name, arguments: 2...2) { arguments, context throws(QuiverError) in
            try DurationBetween.compute(arguments[0], arguments[1], unit: unit, environment: TemporalEnvironment(context))
        }
    }

    // MARK: Constructors

    /// `kind()`, `kind(null)`, `kind('text')`, `kind({…})`, `kind(otherTemporal)`. With a clock
    /// variant, a string names the zone of "now" (`datetime.realtime('Europe/Oslo')`).
    private static func construct(_ kind: TemporalKind, _ argument: Value?, _ context: FunctionContext,
                                  clock: Clock?) throws(QuiverError) -> Value {
        var environment = TemporalEnvironment(context)
        if clock == .realtime { (environment.nowSeconds, environment.nowNanoseconds) = realtimeClock() }
        guard let argument else { return TemporalConstruction.now(kind, zone: nil, environment: environment) }
        switch argument {
        case .null:
            return .null
        case .string(let text):
            if clock != nil {
                let zone = try TemporalZone.parse(text, timeZones: environment.timeZones)
                return TemporalConstruction.now(kind, zone: zone, environment: environment)
            }
            return try parse(kind, text, environment: environment)
        case .map(let map):
            return try TemporalConstruction.build(kind, from: map, environment: environment)
        default:
            if let converted = TemporalConstruction.convert(argument, to: kind, environment: environment) { return converted }
            if TemporalParts(argument) != nil {
                throw TemporalErrors.invalid("Cannot construct a \(kind.rawValue) from a \(argument.typeName).")
            }
            throw TemporalErrors.wrongType(kind.rawValue, argument)
        }
    }

    private static func parse(_ kind: TemporalKind, _ text: String, environment: TemporalEnvironment) throws(QuiverError) -> Value {
        switch kind {
        case .date:
            return .date(DateValue(daysSinceEpoch: try TemporalParsing.date(text)))
        case .localTime:
            let parsed = try TemporalParsing.time(text)
            guard parsed.offsetSeconds == nil, parsed.zoneID == nil else { throw TemporalErrors.invalid("A local time cannot have a zone: \(text)") }
            return .localTime(LocalTimeValue(nanosecondsSinceMidnight: parsed.nanosecondsOfDay!))
        case .time:
            let parsed = try TemporalParsing.time(text)
            var offset = parsed.offsetSeconds
            if offset == nil {
                let zone = try parsed.zoneID.map { id throws(QuiverError) in try TemporalZone.parse(id, timeZones: environment.timeZones) }
                offset = environment.offset(of: zone ?? environment.defaultZone)
            }
            return .time(TimeValue(nanosecondsSinceMidnight: parsed.nanosecondsOfDay!, offsetSeconds: offset!))
        case .localDateTime:
            let parsed = try TemporalParsing.dateTime(text)
            guard parsed.offsetSeconds == nil, parsed.zoneID == nil else {
                throw TemporalErrors.invalid("A local date time cannot have a zone: \(text)")
            }
            return .localDateTime(TemporalBuild.localDateTime(days: parsed.days!, nanosecondsOfDay: parsed.nanosecondsOfDay ?? 0))
        case .dateTime:
            return .dateTime(try parseDateTime(text, environment: environment))
        }
    }

    /// A date-time string: a `[Zone/Name]` wins (its offset must agree with a written one), else
    /// the written offset, else the default zone.
    private static func parseDateTime(_ text: String, environment: TemporalEnvironment) throws(QuiverError) -> DateTimeValue {
        let parsed = try TemporalParsing.dateTime(text)
        let days = parsed.days!, nanoseconds = parsed.nanosecondsOfDay ?? 0
        let timeZones = environment.timeZones
        if let zoneID = parsed.zoneID {
            let zone = try TemporalZone.parse(zoneID, timeZones: timeZones)
            let value = TemporalBuild.dateTime(days: days, nanosecondsOfDay: nanoseconds, zone: zone,
                                               preferredOffset: parsed.offsetSeconds, timeZones: timeZones)
            if let offset = parsed.offsetSeconds, offset != value.offsetSeconds {
                throw TemporalErrors.invalid("Timezone and offset do not match: \(text)")
            }
            return value
        }
        let zone = parsed.offsetSeconds.map { TemporalZone.fixed($0) } ?? environment.defaultZone
        return TemporalBuild.dateTime(days: days, nanosecondsOfDay: nanoseconds, zone: zone, timeZones: timeZones)
    }

    private static func duration(_ argument: Value) throws(QuiverError) -> Value {
        switch argument {
        case .null:
            return .null
        case .string(let text):
            return .duration(try TemporalParsing.duration(text))
        case .map(let map):
            var components: [(DurationUnit, DurationAmount)] = []
            for (key, value) in map {
                guard let unit = DurationUnit(mapKey: key) else {
                    throw TemporalErrors.invalid("No such field in a duration: \(key)")
                }
                switch value {
                case .null: continue
                case .int(let number): components.append((unit, .int(number)))
                case .float(let number): components.append((unit, .float(number)))
                default: throw TemporalErrors.wrongType("duration", value)
                }
            }
            guard let duration = DurationValue(components: components) else {
                throw TemporalErrors.invalid("The duration is out of range.")
            }
            return .duration(duration)
        case .duration:
            return argument
        default:
            throw TemporalErrors.wrongType("duration", argument)
        }
    }

    private static func integer(_ value: Value, _ function: String) throws(QuiverError) -> Int64 {
        guard case .int(let number) = value else { throw TemporalErrors.wrongType(function, value) }
        return number
    }

    /// The wall clock now, for the `.realtime` variants.
    private static func realtimeClock() -> (Int64, Int32) {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return (Int64(spec.tv_sec), Int32(spec.tv_nsec))
    }
}
