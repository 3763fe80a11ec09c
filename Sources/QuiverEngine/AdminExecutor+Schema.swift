// AdminExecutor schema statements: index and constraint DDL with Memgraph's notifications
// (created, dropped, already exists, doesn't exist), SHOW INDEX INFO and SHOW CONSTRAINT INFO.
// Every change clears the plan cache (index choice depends on it).
import QuiverCore
import QuiverStorage

extension AdminExecutor {
    // MARK: Indexes

    func createIndex(_ label: String, _ properties: [String], name: String?) throws(QuiverError) -> QueryResult {
        if properties.contains(where: { $0.contains(".") }) {
            throw QuiverError(.notSupported, "Indexes on nested properties are not supported yet.")
        }
        let labelID = storage.names.label(label)
        let created: Bool
        if properties.count > 1 {
            created = try storage.createCompositeIndex(labelID, properties.map { storage.names.property($0) })
        } else if let property = properties.first {
            created = try storage.createLabelPropertyIndex(labelID, storage.names.property(property))
        } else {
            created = try storage.createLabelIndex(labelID)
        }
        database.invalidatePlans()
        let list = properties.joined(separator: ", ")
        var notifications = [created
            ? QueryNotification(code: "CreateIndex", title: "Created index on label \(label) on properties \(list).")
            : QueryNotification(code: "IndexAlreadyExists", title: "Index on label \(label) on properties \(list) already exists.")]
        if let name {
            notifications.append(QueryNotification(code: "IndexConstraintNameIgnored",
                                                   title: "Index and constraint names are ignored; '\(name)' was not stored."))
        }
        return schemaResult(notifications)
    }

    func dropIndex(_ label: String, _ properties: [String]) throws(QuiverError) -> QueryResult {
        let labelID = storage.names.label(label)
        var dropped = false
        if properties.isEmpty {
            dropped = try storage.dropLabelIndex(labelID)
        } else if properties.count == 1 {
            dropped = try storage.dropLabelPropertyIndex(labelID, storage.names.property(properties[0]))
        } else {
            dropped = try storage.dropCompositeIndex(labelID, properties.map { storage.names.property($0) })
        }
        database.invalidatePlans()
        let list = properties.joined(separator: ", ")
        return schemaResult([dropped
            ? QueryNotification(code: "DropIndex", title: "Dropped index on label \(label) on properties \(list).")
            : QueryNotification(code: "IndexDoesNotExist", title: "Index on label \(label) on properties \(list) doesn't exist.")])
    }

    func dropAllIndexes() throws(QuiverError) -> QueryResult {
        for index in storage.indexInfo {
            if let property = index.property { try storage.dropLabelPropertyIndex(index.label, property) } else { try storage.dropLabelIndex(index.label) }
        }
        for index in storage.compositeIndexInfo { try storage.dropCompositeIndex(index.label, index.properties) }
        database.invalidatePlans()
        return schemaResult([])
    }

    /// `index type, label, property, count`, sorted by type, label and property.
    func showIndexes() -> QueryResult {
        let names = storage.names
        // Label+property indexes list their properties (one or more, in index order), as Memgraph 3.x does.
        var rows: [(type: String, label: String, properties: [String]?, count: Int)] = storage.indexInfo.map { index in
            (index.property == nil ? "label" : "label+property", names.labels.name(for: index.label.rawValue),
             index.property.map { [names.properties.name(for: $0.rawValue)] }, index.count)
        }
        rows += storage.compositeIndexInfo.map { index in
            ("label+property", names.labels.name(for: index.label.rawValue),
             index.properties.map { names.properties.name(for: $0.rawValue) }, index.count)
        }
        let sorted = rows.sorted { lhs, rhs in
            if lhs.type != rhs.type { return lhs.type < rhs.type }
            if lhs.label != rhs.label { return lhs.label < rhs.label }
            return (lhs.properties ?? []).lexicographicallyPrecedes(rhs.properties ?? [])
        }
        return result(["index type", "label", "property", "count"], sorted.map { row in
            [.string(row.type), .string(row.label), row.properties.map { .list($0.map { .string($0) }) } ?? .null, .int(Int64(row.count))]
        })
    }

    // MARK: Constraints

    func createConstraint(_ spec: AdminStatement.ConstraintSpec, name: String?) throws(QuiverError) -> QueryResult {
        let names = storage.names
        let notification: QueryNotification
        switch spec {
        case .existence(let label, let property):
            let created = try storage.createExistenceConstraint(names.label(label), names.property(property))
            notification = constraintNotification(created: created, "EXISTS", label, property)
        case .unique(let label, let properties):
            let created = try storage.createUniqueConstraint(names.label(label), properties.map { names.property($0) })
            notification = constraintNotification(created: created, "UNIQUE", label, properties.joined(separator: ", "))
        case .typed(let label, let property, let type):
            try storage.createTypeConstraint(names.label(label), names.property(property), type)
            notification = QueryNotification(code: "CreateConstraint",
                                             title: "Created IS TYPED \(type.name) constraint on label \(label) on properties \(property).")
        }
        var notifications = [notification]
        if let name {
            notifications.append(QueryNotification(code: "IndexConstraintNameIgnored",
                                                   title: "Index and constraint names are ignored; '\(name)' was not stored."))
        }
        return schemaResult(notifications)
    }

    func dropConstraint(_ spec: AdminStatement.ConstraintSpec) throws(QuiverError) -> QueryResult {
        let names = storage.names
        let notification: QueryNotification
        switch spec {
        case .existence(let label, let property):
            let dropped = try storage.dropExistenceConstraint(names.label(label), names.property(property))
            notification = constraintNotification(dropped: dropped, "EXISTS", label, property)
        case .unique(let label, let properties):
            let dropped = try storage.dropUniqueConstraint(names.label(label), properties.map { names.property($0) })
            notification = constraintNotification(dropped: dropped, "UNIQUE", label, properties.joined(separator: ", "))
        case .typed(let label, let property, let type):
            try storage.dropTypeConstraint(names.label(label), names.property(property), type)
            notification = QueryNotification(code: "DropConstraint",
                                             title: "Dropped IS TYPED \(type.name) constraint on label \(label) on properties \(property).")
        }
        return schemaResult([notification])
    }

    func dropAllConstraints() throws(QuiverError) -> QueryResult {
        try storage.dropAllConstraints()
        return schemaResult([])
    }

    private func constraintNotification(created: Bool, _ kind: String, _ label: String, _ properties: String) -> QueryNotification {
        created
            ? QueryNotification(code: "CreateConstraint", title: "Created \(kind) constraint on label \(label) on properties \(properties).")
            : QueryNotification(code: "ConstraintAlreadyExists",
                                title: "Constraint \(kind) on label \(label) on properties \(properties) already exists.")
    }

    private func constraintNotification(dropped: Bool, _ kind: String, _ label: String, _ properties: String) -> QueryNotification {
        dropped
            ? QueryNotification(code: "DropConstraint", title: "Dropped \(kind) constraint on label \(label) on properties \(properties).")
            : QueryNotification(code: "ConstraintDoesNotExist",
                                title: "Constraint \(kind) on label \(label) on properties \(properties) doesn't exist.")
    }

    /// `constraint type, label, properties, data_type`, sorted by type, label and properties.
    func showConstraints() -> QueryResult {
        let names = storage.names
        let order: [ConstraintInfo.Kind: Int] = [.existence: 0, .unique: 1, .dataType: 2]
        let rows = storage.constraintInfo.map { info in
            (kind: info.kind, label: names.labels.name(for: info.label.rawValue),
             properties: info.properties.map { names.properties.name(for: $0.rawValue) }, type: info.typeName)
        }.sorted { lhs, rhs in
            if lhs.kind != rhs.kind { return order[lhs.kind]! < order[rhs.kind]! }
            if lhs.label != rhs.label { return lhs.label < rhs.label }
            return lhs.properties.lexicographicallyPrecedes(rhs.properties)
        }
        return result(["constraint type", "label", "properties", "data_type"], rows.map { row in
            let shown: Value = row.kind == .unique ? .list(row.properties.map { .string($0) }) : .string(row.properties.first ?? "")
            return [.string(row.kind.rawValue), .string(row.label), shown, .string(row.type)]
        })
    }

    private func schemaResult(_ notifications: [QueryNotification]) -> QueryResult {
        let result = result([], [], notifications)
        result.isSchemaChange = true
        return result
    }
}
