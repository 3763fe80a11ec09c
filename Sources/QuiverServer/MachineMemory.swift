// MachineMemory: the default of `--memory-limit 0`, as Memgraph computes it: 90% of physical
// memory when the machine has no swap, all of it otherwise (read from /proc/meminfo).
import Glibc

enum MachineMemory {
    static var defaultLimitBytes: Int {
        let physical = Int(sysconf(Int32(_SC_PHYS_PAGES))) * Int(sysconf(Int32(_SC_PAGESIZE)))
        return swapBytes == 0 ? physical / 10 * 9 : physical
    }

    /// SwapTotal from /proc/meminfo in bytes (0 when absent or unreadable).
    static var swapBytes: Int {
        guard let file = fopen("/proc/meminfo", "r") else { return 0 }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(cString: line)
            guard text.hasPrefix("SwapTotal:") else { continue }
            let digits = text.dropFirst("SwapTotal:".count).filter { $0.isNumber }
            return (Int(digits) ?? 0) * 1024
        }
        return 0
    }
}
