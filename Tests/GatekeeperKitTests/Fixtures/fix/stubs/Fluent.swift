// Stubs of the parts of Fluent's API that fixture projects and the migrations `gatekeeper fix`
// writes use, with Fluent's signatures: enough for `swiftc -typecheck`, nothing runs.
@_exported import Foundation
import Vapor

public final class EventLoopFuture<Value>: @unchecked Sendable {
    public func flatMap<New>(_ next: @escaping (Value) -> EventLoopFuture<New>) -> EventLoopFuture<New> { fatalError() }
    public func map<New>(_ next: @escaping (Value) -> New) -> EventLoopFuture<New> { fatalError() }
}

public struct DatabaseID: Sendable {
    public static let psql = DatabaseID()
    public static let sqlite = DatabaseID()
}

public struct FieldKey: ExpressibleByStringLiteral, Hashable, Sendable {
    public init(stringLiteral value: String) {}
    public static func string(_ name: String) -> FieldKey { FieldKey(stringLiteral: name) }
    public static let id: FieldKey = "id"
}

public enum DatabaseSchema {
    public indirect enum DataType: Sendable {
        case string, bool, float, double, datetime, date, time, uuid, data
        case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64
        case array(of: DataType?)
        case dictionary(of: DataType?)
        public static var json: DataType { .dictionary(of: nil) }
    }

    public enum FieldConstraint: Sendable {
        case required
        case identifier(auto: Bool)
        case foreignKey(String, FieldKey)
        public static func references(_ schema: String, _ field: FieldKey) -> FieldConstraint { .foreignKey(schema, field) }
    }
}

public protocol Database: Sendable {}

public extension Database {
    func schema(_ schema: String) -> SchemaBuilder { SchemaBuilder() }
}

public final class SchemaBuilder: @unchecked Sendable {
    public func id() -> Self { self }
    public func field(_ key: FieldKey, _ dataType: DatabaseSchema.DataType, _ constraints: DatabaseSchema.FieldConstraint...) -> Self { self }
    public func deleteField(_ key: FieldKey) -> Self { self }
    public func unique(on fields: FieldKey...) -> Self { self }
    public func deleteUnique(on fields: FieldKey...) -> Self { self }
    public func create() -> EventLoopFuture<Void> { fatalError() }
    public func update() -> EventLoopFuture<Void> { fatalError() }
    public func delete() -> EventLoopFuture<Void> { fatalError() }
    public func create() async throws {}
    public func update() async throws {}
    public func delete() async throws {}
}

public protocol Migration: Sendable {
    func prepare(on database: Database) -> EventLoopFuture<Void>
    func revert(on database: Database) -> EventLoopFuture<Void>
}

public protocol AsyncMigration: Migration {
    func prepare(on database: Database) async throws
    func revert(on database: Database) async throws
}

public extension AsyncMigration {
    func prepare(on database: Database) -> EventLoopFuture<Void> { fatalError() }
    func revert(on database: Database) -> EventLoopFuture<Void> { fatalError() }
}

public final class Migrations: @unchecked Sendable {
    public func add(_ migration: Migration..., to id: DatabaseID? = nil) {}
    public func add(_ migrations: [Migration], to id: DatabaseID? = nil) {}
}

public enum SQLiteStorage: Sendable {
    case memory
    case file(String)
}

public struct DatabaseConfigurationFactory: Sendable {
    public static func sqlite(_ storage: SQLiteStorage) -> DatabaseConfigurationFactory { DatabaseConfigurationFactory() }
}

public final class Databases: @unchecked Sendable {
    public func use(_ factory: DatabaseConfigurationFactory, as id: DatabaseID) {}
}

public extension Application {
    var databases: Databases { Databases() }
    var migrations: Migrations { Migrations() }
    func autoMigrate() async throws {}
}

public protocol Model: AnyObject, Sendable {
    static var schema: String { get }
    init()
}

public enum TimestampTrigger { case create, update, delete }

public protocol Fields: AnyObject, Sendable {
    init()
}

@propertyWrapper public final class Group<Value: Fields>: @unchecked Sendable {
    public init(key: FieldKey) {}
    public var wrappedValue: Value { get { fatalError() } set {} }
}

@propertyWrapper public final class ID<Value>: @unchecked Sendable {
    public init(key: FieldKey) {}
    public init(custom key: FieldKey) {}
    public var wrappedValue: Value? { get { nil } set {} }
}

@propertyWrapper public final class Field<Value>: @unchecked Sendable {
    public init(key: FieldKey) {}
    public var wrappedValue: Value { get { fatalError() } set {} }
}

@propertyWrapper public final class OptionalField<Value>: @unchecked Sendable {
    public init(key: FieldKey) {}
    public var wrappedValue: Value? { get { nil } set {} }
}

@propertyWrapper public final class Enum<Value>: @unchecked Sendable {
    public init(key: FieldKey) {}
    public var wrappedValue: Value { get { fatalError() } set {} }
}

@propertyWrapper public final class Boolean: @unchecked Sendable {
    public init(key: FieldKey) {}
    public var wrappedValue: Bool { get { false } set {} }
}

@propertyWrapper public final class Parent<To: Model>: @unchecked Sendable {
    public init(key: FieldKey) {}
    public var wrappedValue: To { get { fatalError() } set {} }
}

@propertyWrapper public final class OptionalParent<To: Model>: @unchecked Sendable {
    public init(key: FieldKey) {}
    public var wrappedValue: To? { get { nil } set {} }
}

@propertyWrapper public final class Timestamp: @unchecked Sendable {
    public init(key: FieldKey, on trigger: TimestampTrigger) {}
    public var wrappedValue: Date? { get { nil } set {} }
}
