// ConfigListing: the server's flags as SHOW CONFIG rows (name with Memgraph's underscore
// spelling, compiled default, value in force, description), and the data-directory size that
// SHOW STORAGE INFO reports as `disk_usage`.
import Foundation
import QuiverEngine

extension ServerConfiguration {
    /// One SHOW CONFIG row per flag the server acts on.
    var configEntries: [ConfigEntry] {
        let defaults = ServerConfiguration()
        func entry(_ name: String, _ keyPath: KeyPath<ServerConfiguration, some CustomStringConvertible>, _ text: String) -> ConfigEntry {
            ConfigEntry(name: name, defaultValue: defaults[keyPath: keyPath].description,
                        currentValue: self[keyPath: keyPath].description, description: text)
        }
        func optional(_ name: String, _ keyPath: KeyPath<ServerConfiguration, String?>, _ text: String) -> ConfigEntry {
            ConfigEntry(name: name, defaultValue: defaults[keyPath: keyPath] ?? "", currentValue: self[keyPath: keyPath] ?? "",
                        description: text)
        }
        return [
            entry("bolt_address", \.boltAddress, "IP address on which the Bolt server should listen."),
            entry("bolt_port", \.boltPort, "Port on which the Bolt server should listen."),
            entry("bolt_num_workers", \.boltNumWorkers, "Number of workers used by the Bolt server."),
            optional("bolt_cert_file", \.boltCertFile, "Certificate file which should be used for the Bolt server."),
            optional("bolt_key_file", \.boltKeyFile, "Key file which should be used for the Bolt server."),
            optional("bolt_server_name_for_init", \.boltServerNameForInit, "Server name which the database should send to the client in the Bolt INIT message."),
            entry("data_directory", \.dataDirectory, "Path to directory in which to save all permanent data."),
            entry("storage_mode", \.storageMode, "Default storage mode Memgraph uses."),
            entry("storage_properties_on_edges", \.storagePropertiesOnEdges, "Controls whether edges have properties."),
            entry("storage_gc_cycle_sec", \.storageGCCycleSeconds, "Storage garbage collector interval (in seconds)."),
            entry("storage_access_timeout_sec", \.storageAccessTimeoutSeconds,
                  "Determines the timeout for unique storage access (storage mode changes, index and constraint DDL)."),
            entry("isolation_level", \.isolationLevel, "Default isolation level used for the transactions."),
            entry("memory_limit", \.memoryLimitMiB, "Total memory limit in MiB. Set to 0 to use the default values which are 100% of the physical memory if the swap is enabled and 90% of the physical memory otherwise."),
            entry("query_execution_timeout_sec", \.queryExecutionTimeoutSeconds,
                  "Maximum allowed query execution time. Queries exceeding this limit will be aborted. Value of 0 means no limit."),
        ]
    }

    /// Bytes of regular files under the data directory.
    static func directorySize(_ path: String) -> Int {
        guard let enumerator = FileManager.default.enumerator(atPath: path) else { return 0 }
        var total = 0
        while let relative = enumerator.nextObject() as? String {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path + "/" + relative)
            if attributes?[.type] as? FileAttributeType == .typeRegular { total += (attributes?[.size] as? Int) ?? 0 }
        }
        return total
    }
}
