// AdminExecutor info statements: SHOW STORAGE INFO (instance form: Memgraph's classic row set
// plus the rows SPEC.md §6 names), SHOW STORAGE INFO ON CURRENT DATABASE, SHOW CONFIG and
// SHOW BUILD INFO, with sizes in Memgraph's "44.32MiB" style and process figures read from
// /proc (resident and peak memory, vm.max_map_count).
import Glibc
import QuiverCore
import QuiverStorage

extension AdminExecutor {
    /// Columns `storage info`, `value`; one row per figure.
    func showStorageInfo() -> QueryResult {
        let resident = Storage.residentBytes
        let allocated = Storage.allocatorInUseBytes
        let rows: [(String, Value)] = [
            ("name", .string("memgraph")),
            ("database_uuid", .string(database.uuid)),
            ("vertex_count", .int(Int64(storage.vertexCount))),
            ("edge_count", .int(Int64(storage.edgeCount))),
            ("average_degree", .float(averageDegree)),
            ("vm_max_map_count", .int(ProcessFigures.vmMaxMapCount)),
            ("memory_res", .string(ReadableSize.format(resident))),
            ("peak_memory_res", .string(ReadableSize.format(max(resident, ProcessFigures.peakResidentBytes)))),
            ("unreleased_delta_objects", .int(Int64(storage.unreleasedDeltaCount))),
            ("disk_usage", .string(ReadableSize.format(diskUsage))),
            ("memory_tracked", .string(ReadableSize.format(allocated))),
            ("memory_usage", .string(ReadableSize.format(resident))),
            ("memory_allocated", .string(ReadableSize.format(allocated))),
            ("allocation_limit", .string(ReadableSize.format(memoryLimit))),
            ("global_isolation_level", .string(storage.isolationLevel.rawValue)),
            ("session_isolation_level", .string(session.sessionIsolation?.rawValue ?? "")),
            ("next_session_isolation_level", .string(session.nextIsolation?.rawValue ?? "")),
            ("storage_mode", .string(storage.mode.rawValue)),
        ]
        return result(["storage info", "value"], rows.map { [.string($0.0), $0.1] })
    }

    /// The per-database form (Memgraph ≥ 3.11's `ON CURRENT DATABASE` rows).
    func showDatabaseStorageInfo() -> QueryResult {
        let graphBytes = storage.memoryUsage.totalBytes
        let rows: [(String, Value)] = [
            ("name", .string("memgraph")),
            ("database_uuid", .string(database.uuid)),
            ("state", .string("HOT")),
            ("storage_mode", .string(storage.mode.rawValue)),
            ("vertex_count", .int(Int64(storage.vertexCount))),
            ("edge_count", .int(Int64(storage.edgeCount))),
            ("average_degree", .float(averageDegree)),
            ("unreleased_delta_objects", .int(Int64(storage.unreleasedDeltaCount))),
            ("disk_usage", .string(ReadableSize.format(diskUsage))),
            ("graph_memory_tracked", .string(ReadableSize.format(graphBytes))),
            ("query_memory_tracked", .string(ReadableSize.format(max(0, Storage.allocatorInUseBytes - graphBytes)))),
            ("vector_index_memory_tracked", .string(ReadableSize.format(0))),
            ("tenant_memory_tracked", .string(ReadableSize.format(Storage.allocatorInUseBytes))),
            ("tenant_peak_memory_tracked", .string(ReadableSize.format(ProcessFigures.peakResidentBytes))),
            ("tenant_memory_limit", .string("unlimited")),
            ("storage_isolation_level", .string(storage.isolationLevel.rawValue)),
            ("health", .string("ready")),
        ]
        return result(["storage info", "value"], rows.map { [.string($0.0), $0.1] })
    }

    private var averageDegree: Double {
        let vertices = storage.vertexCount
        return vertices == 0 ? 0 : 2 * Double(storage.edgeCount) / Double(vertices)
    }

    /// The enforced limit (the server sets it; 90% of physical memory for an embedded default).
    private var memoryLimit: Int {
        if let limit = storage.memoryGuard.limitBytes, limit > 0 { return limit }
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), pageSize = sysconf(Int32(_SC_PAGESIZE))
        return pages > 0 && pageSize > 0 ? Int(Double(pages) * Double(pageSize) * 0.9) : 0
    }

    /// `name, default_value, current_value, description`, sorted by name.
    func showConfig() -> QueryResult {
        let rows = database.config.flags.sorted { $0.name < $1.name }.map { entry -> [Value] in
            [.string(entry.name), .string(entry.defaultValue), .string(entry.currentValue), .string(entry.description)]
        }
        return result(["name", "default_value", "current_value", "description"], rows)
    }

    func showBuildInfo() -> QueryResult {
        #if DEBUG
        let buildType = "debug"
        #else
        let buildType = "release"
        #endif
        return result(["build info", "value"], [[.string("build_type"), .string(buildType)],
                                                [.string("version"), .string(QuiverVersion.string)]])
    }

    /// Bytes under the data directory (RocksDB's files included), or the private on-disk
    /// store's files for a database without a data directory.
    private var diskUsage: Int {
        if let measure = database.config.diskUsage { return measure() }
        return storage.externalStore?.diskUsageBytes ?? 0
    }
}

/// Memgraph's `GetReadableSize`: binary units, no decimals for bytes, two otherwise.
enum ReadableSize {
    static func format(_ bytes: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var size = Double(max(0, bytes))
        var unit = 0
        while unit + 1 < units.count && size >= 1024 {
            size /= 1024
            unit += 1
        }
        if unit == 0 { return "\(Int(size))B" }
        return String(format2: size) + units[unit]
    }
}

/// Process-wide figures from /proc.
enum ProcessFigures {
    /// Peak resident set size (`VmHWM`), 0 when unknown.
    static var peakResidentBytes: Int {
        guard let text = read("/proc/self/status") else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap { Int($0) }
            return (digits ?? 0) * 1024
        }
        return 0
    }

    /// The kernel's `vm.max_map_count`, -1 when unknown.
    static var vmMaxMapCount: Int64 {
        guard let text = read("/proc/sys/vm/max_map_count") else { return -1 }
        return Int64(text.filter { !$0.isWhitespace }) ?? -1
    }

    private static func read(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
