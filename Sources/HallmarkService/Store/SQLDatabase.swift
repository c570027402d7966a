/// The few things the store asks of an SQL database, so its queries are written once for SQLite
/// (``SQLiteDatabase``, through GRDB) and PostgreSQL (the `HallmarkPostgresStore` target).
///
/// Statements use `?` placeholders and the SQL both databases share; a database that numbers its
/// placeholders rewrites them. A transaction's body is synchronous because GRDB's are: a database
/// whose driver is asynchronous runs the body on a thread of its own.
package protocol SQLDatabase: Sendable {
    /// Brings the schema up to date with `migrations`, applying in order those not yet applied.
    func migrate(_ migrations: [SchemaMigration]) async throws
    /// Runs `body` in a read-only transaction that sees one consistent snapshot.
    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T
    /// Runs `body` in a write transaction; writes are serialized, so a body that reads and then
    /// writes sees no other writer in between. An error rolls the whole body back.
    @discardableResult
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T
}

/// One connection inside a transaction.
package protocol SQLConnection {
    /// Runs a statement; the number of rows it inserted, updated or deleted.
    @discardableResult
    func execute(_ sql: String, _ arguments: [any SQLBindable]) throws -> Int
    /// Runs a query and returns every row.
    func fetchAll(_ sql: String, _ arguments: [any SQLBindable]) throws -> [SQLRow]
}

extension SQLConnection {
    /// Runs a statement without arguments.
    @discardableResult
    package func execute(_ sql: String) throws -> Int { try execute(sql, []) }

    /// The first row, or nil.
    package func fetchOne(_ sql: String, _ arguments: [any SQLBindable]) throws -> SQLRow? {
        try fetchAll(sql, arguments).first
    }

    /// The first column of the first row, or nil when there is no row.
    package func scalar<T: SQLReadable>(_ sql: String, _ arguments: [any SQLBindable], as: T.Type = T.self) throws
        -> T?
    {
        guard let row = try fetchOne(sql, arguments), let first = row.values.first else { return nil }
        return try T(sqlValue: first, column: row.columns[0])
    }

    /// The first column of every row.
    package func column<T: SQLReadable>(_ sql: String, _ arguments: [any SQLBindable], as: T.Type = T.self) throws
        -> [T]
    {
        try fetchAll(sql, arguments).map { row in
            guard let first = row.values.first else { throw SQLStoreError.missingColumn("1") }
            return try T(sqlValue: first, column: row.columns[0])
        }
    }
}

/// A value in a statement or a row, in the types the schema uses.
package enum SQLValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case text(String)
    case bytes([UInt8])
    case bool(Bool)
}

/// A Swift value that binds to a statement's placeholder.
package protocol SQLBindable {
    /// The value as bound.
    var sqlValue: SQLValue { get }
}

/// A Swift value read from a row's column.
package protocol SQLReadable {
    /// Reads `value`; `column` names it in the error when the value is not of this type.
    init(sqlValue value: SQLValue, column: String) throws
}

/// The store's database cannot be reached now, or did not answer in time: the server or the
/// network is down, every connection stayed busy, or a lock was held too long. Trying again later
/// may succeed. ``FeedbackService`` answers it with 503 `store-unavailable` and `Retry-After`.
public struct StoreUnavailable: Error, CustomStringConvertible {
    /// Why, for the log: it names the database but never a password.
    public let description: String

    package init(_ description: String) { self.description = description }
}

/// The store read something its schema does not allow: a database changed by hand, or a bug.
package enum SQLStoreError: Error, CustomStringConvertible {
    case missingColumn(String)
    case unexpectedValue(column: String, expected: String)
    case unsupportedType(column: String, type: String)

    package var description: String {
        switch self {
        case .missingColumn(let column): "the store's query has no column \(column)"
        case .unexpectedValue(let column, let expected): "the store's column \(column) does not hold \(expected)"
        case .unsupportedType(let column, let type): "the store's column \(column) has type \(type)"
        }
    }
}

/// One row of a result, by column name.
package struct SQLRow: Sendable {
    /// The columns' names, in the query's order.
    package let columns: [String]
    /// The values, in the same order.
    package let values: [SQLValue]

    package init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    /// The value of `column` as `T`; an error when the query has no such column or its value is not a `T`.
    package subscript<T: SQLReadable>(_ column: String) -> T {
        get throws {
            guard let index = columns.firstIndex(of: column) else { throw SQLStoreError.missingColumn(column) }
            return try T(sqlValue: values[index], column: column)
        }
    }
}

extension String: SQLBindable, SQLReadable {
    package var sqlValue: SQLValue { .text(self) }
    package init(sqlValue value: SQLValue, column: String) throws {
        guard case .text(let text) = value else {
            throw SQLStoreError.unexpectedValue(column: column, expected: "text")
        }
        self = text
    }
}

extension Int64: SQLBindable, SQLReadable {
    package var sqlValue: SQLValue { .integer(self) }
    package init(sqlValue value: SQLValue, column: String) throws {
        guard case .integer(let number) = value else {
            throw SQLStoreError.unexpectedValue(column: column, expected: "an integer")
        }
        self = number
    }
}

extension Int: SQLBindable, SQLReadable {
    package var sqlValue: SQLValue { .integer(Int64(self)) }
    package init(sqlValue value: SQLValue, column: String) throws {
        guard let number = Int(exactly: try Int64(sqlValue: value, column: column)) else {
            throw SQLStoreError.unexpectedValue(column: column, expected: "an integer")
        }
        self = number
    }
}

extension Bool: SQLBindable, SQLReadable {
    package var sqlValue: SQLValue { .bool(self) }
    /// SQLite keeps a boolean as 0 or 1; PostgreSQL as a boolean.
    package init(sqlValue value: SQLValue, column: String) throws {
        switch value {
        case .bool(let flag): self = flag
        case .integer(0): self = false
        case .integer(1): self = true
        default: throw SQLStoreError.unexpectedValue(column: column, expected: "a boolean")
        }
    }
}

extension [UInt8]: SQLBindable, SQLReadable {
    package var sqlValue: SQLValue { .bytes(self) }
    package init(sqlValue value: SQLValue, column: String) throws {
        guard case .bytes(let bytes) = value else {
            throw SQLStoreError.unexpectedValue(column: column, expected: "bytes")
        }
        self = bytes
    }
}

extension Optional: SQLBindable where Wrapped: SQLBindable {
    package var sqlValue: SQLValue { map(\.sqlValue) ?? .null }
}

extension Optional: SQLReadable where Wrapped: SQLReadable {
    package init(sqlValue value: SQLValue, column: String) throws {
        self = value == .null ? nil : try Wrapped(sqlValue: value, column: column)
    }
}

/// One numbered step of the schema (see ``SchemaMigrations``).
package struct SchemaMigration: Sendable {
    /// Its name, recorded once applied.
    package let name: String
    /// Its statements, separated by semicolons.
    package let sql: String
}
