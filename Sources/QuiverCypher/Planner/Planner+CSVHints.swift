// Planner: LOAD CSV prefetch hints. Once a plan is built, every index equality lookup keyed by
// `toInteger(row.field)` (or `toInteger(row[i])`) of a LOAD CSV row is handed to that LOAD CSV
// operator, with the adjacency runs the plan's CREATE will append to for the vertex found, so
// the operator can prefetch the lookup rows ahead (CSVLookAhead). A hint never changes what
// the plan computes, only what is in cache when it does.

import QuiverCore

extension QueryPlanner {
    /// Gives each LOAD CSV operator under `root` the hinted lookups of its row variable.
    func attachCSVHints(_ root: PlanOperator) {
        var loads: [Int: LoadCSVOperator] = [:]
        var scans: [ScanByLabelPropertyOperator] = []
        var edges: [CreateEdgeSpec] = []
        collect(root, &loads, &scans, &edges)
        guard !loads.isEmpty else { return }
        for scan in scans {
            guard case .equal(let expression) = scan.lookup, let (slot, column) = Self.csvKey(expression),
                  let load = loads[slot] else { continue }
            load.hints.append(CSVLookupHint(label: scan.label, property: scan.property.id, column: column,
                                            outgoing: edges.contains { $0.fromSlot == scan.slot },
                                            incoming: edges.contains { $0.toSlot == scan.slot }))
        }
    }

    private func collect(_ op: PlanOperator, _ loads: inout [Int: LoadCSVOperator],
                         _ scans: inout [ScanByLabelPropertyOperator], _ edges: inout [CreateEdgeSpec]) {
        switch op {
        case let load as LoadCSVOperator: loads[load.spec.slot] = load
        case let scan as ScanByLabelPropertyOperator: scans.append(scan)
        case let create as CreateOperator: edges.append(contentsOf: create.pattern.edges)
        default: break
        }
        for child in op.children { collect(child, &loads, &scans, &edges) }
    }

    /// The LOAD CSV slot and field of `toInteger(row.field)` or `toInteger(row[i])`.
    static func csvKey(_ expression: Expr) -> (slot: Int, column: CSVColumn)? {
        if case .csvField(let access) = expression, access.integer { return (access.rowSlot, .name(access.key.name)) }
        guard case .function(let function, let arguments) = expression, function.name == "toInteger",
              arguments.count == 1 else { return nil }
        switch arguments[0] {
        case .property(.slot(let slot), let key):
            return (slot, .name(key.name))
        case .index(.slot(let slot), .constant(.int(let position))):
            guard let position = Int(exactly: position) else { return nil }
            return (slot, .position(position))
        case .index(.slot(let slot), .literal(let index)):
            return (slot, .literal(index))
        default:
            return nil
        }
    }
}
