// Stubs of the parts of GRDB's API that fixture projects and the migrations `gatekeeper fix`
// writes use, with GRDB's signatures: enough for `swiftc -typecheck`, nothing runs.
@_exported import Foundation

public struct Column: Sendable {
    public init(_ name: String) {}
}

public protocol FetchableRecord {}
public protocol TableRecord {
    static var databaseTableName: String { get }
}
public protocol PersistableRecord: TableRecord {}

public extension TableRecord {
    static var databaseTableName: String { "" }
}

public struct ColumnType: Sendable {
    public static let text = ColumnType(), integer = ColumnType(), double = ColumnType(), real = ColumnType(), numeric = ColumnType()
    public static let boolean = ColumnType(), blob = ColumnType(), date = ColumnType(), datetime = ColumnType(), any = ColumnType()
}

public protocol DatabaseValueConvertible {}
extension String: DatabaseValueConvertible {}
extension Int: DatabaseValueConvertible {}
extension Bool: DatabaseValueConvertible {}
extension Double: DatabaseValueConvertible {}
extension Int64: DatabaseValueConvertible {}

public final class ColumnDefinition {
    @discardableResult public func notNull() -> Self { self }
    @discardableResult public func defaults(to value: some DatabaseValueConvertible) -> Self { self }
    @discardableResult public func unique() -> Self { self }
    @discardableResult public func references(_ table: String) -> Self { self }
}

public final class TableDefinition {
    @discardableResult public func autoIncrementedPrimaryKey(_ name: String) -> ColumnDefinition { ColumnDefinition() }
    @discardableResult public func primaryKey(_ name: String, _ type: ColumnType) -> ColumnDefinition { ColumnDefinition() }
    @discardableResult public func column(_ name: String, _ type: ColumnType? = nil) -> ColumnDefinition { ColumnDefinition() }
}

public final class TableAlteration {
    @discardableResult public func add(column name: String, _ type: ColumnType? = nil) -> ColumnDefinition { ColumnDefinition() }
}

public final class Database {
    public func create(table name: String, body: (TableDefinition) throws -> Void) throws {}
    public func alter(table name: String, body: (TableAlteration) -> Void) throws {}
}

public struct DatabaseMigrator {
    public init() {}
    public mutating func registerMigration(_ identifier: String, migrate: @escaping (Database) throws -> Void) {}
}
