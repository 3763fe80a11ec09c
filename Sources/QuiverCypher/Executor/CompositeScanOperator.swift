// ScanByLabelPropertiesOperator: the start of a pattern found through a composite label+property
// index by equality on all its properties (values evaluated per input row). A null value
// matches nothing. The pattern's own filters run after it, so it only narrows the candidates.
import QuiverCore
import QuiverStorage

public final class ScanByLabelPropertiesOperator: PlanOperator {
    let input: PlanOperator
    let slot: Int
    let variable: String
    let label: LabelID
    let labelName: String
    let properties: [PropertyKey]
    let values: [Expr]

    init(input: PlanOperator, slot: Int, variable: String, label: LabelID, labelName: String,
         properties: [PropertyKey], values: [Expr]) {
        self.input = input
        self.slot = slot
        self.variable = variable
        self.label = label
        self.labelName = labelName
        self.properties = properties
        self.values = values
    }

    override public var name: String { "ScanAllByLabelProperties" }
    override public var details: String {
        "(\(variable) :\(labelName) {\(properties.map(\.name).joined(separator: ", "))})"
    }
    override public var children: [PlanOperator] { [input] }
    override public func makeCursor(_ profiler: Profiler?) -> Cursor { Scan(input: input.cursor(profiler), slot: slot, plan: self) }

    final class Scan: ScanCursor {
        let plan: ScanByLabelPropertiesOperator
        var cursor: CompositeCursor?
        /// The sought values, refilled per input row.
        var sought: [Value]

        init(input: Cursor, slot: Int, plan: ScanByLabelPropertiesOperator) {
            self.plan = plan
            sought = Array(repeating: .null, count: plan.values.count)
            super.init(input: input, slot: slot)
        }

        override func start(_ context: ExecutionContext) throws(QuiverError) -> Bool {
            for position in plan.values.indices {
                let value = try context.evaluate(plan.values[position])
                if value.isNull { return false }
                sought[position] = value
            }
            if cursor == nil {
                guard let fresh = context.transaction.vertices(label: plan.label, properties: plan.properties.map(\.id)) else {
                    let list = plan.properties.map(\.name).joined(separator: ", ")
                    throw QuiverError(.indexDoesNotExist, "The index on :\(plan.labelName)(\(list)) was dropped.")
                }
                cursor = fresh
            }
            return cursor!.reset(sought)
        }

        override func next(_ context: ExecutionContext) throws(QuiverError) -> Gid? {
            cursor?.next(context.transaction, view: context.readView)
        }
    }
}
