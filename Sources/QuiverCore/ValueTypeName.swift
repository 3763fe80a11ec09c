// ValueTypeName: the type names Memgraph prints in runtime errors such as
// "Invalid types: int and string for '+'." (src/query/typed_value.cpp).

extension Value {
    /// Memgraph's runtime-error name for this value's type: null, bool, int, double, string,
    /// list, map, date, local_time, local_date_time, zoned_date_time, duration.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .int: "int"
        case .float: "double"
        case .string: "string"
        case .list: "list"
        case .map: "map"
        case .date: "date"
        case .localTime: "local_time"
        case .localDateTime: "local_date_time"
        case .dateTime: "zoned_date_time"
        case .duration: "duration"
        case .time: "zoned_time"
        case .node: "vertex"
        case .relationship: "edge"
        case .path: "path"
        }
    }
}
