internal import Hallmark

#if canImport(FoundationEssentials)
    internal import FoundationEssentials
#else
    internal import Foundation
#endif

/// The one row an ``SQLQuery`` returns, read back from JSON: an object of its columns, as
/// `row_to_json` in PostgreSQL, `duckdb -json` or a Spark job write it (a one-element array of it
/// is read too).
///
/// ```swift
/// let result = try SQLResult(json: bytes)
/// let query = SQLQuery(standard: standard, dialect: result.dialect, table: result.table, rowID: result.rowIDColumn)
/// let report = try query.report(from: result)
/// ```
public struct SQLResult: Sendable {
    /// The engine the query was compiled for (`hallmark_engine`).
    public let dialect: SQLDialect
    /// The table it checked (`hallmark_table`).
    public let table: String
    /// What names its rows (`hallmark_row_identity`): `column NAME` or `row number`.
    public let rowIdentity: String
    /// The row-id column, when rows are named by one.
    public var rowIDColumn: String? {
        rowIdentity.hasPrefix("column ") ? String(rowIdentity.dropFirst("column ".count)) : nil
    }
    /// Which checks the query made, in order (`hallmark_checks`).
    let checks: String
    /// Each `count_N`, by N.
    let counts: [Int: Int]
    /// Each `rows_N`, by N; absent for a rule about the whole table.
    let rows: [Int: [Int]]
    let rowCount: Int
    let rowsWithErrors: Int
    /// The example rows' cells, by row id.
    let cells: [Int: [String?]]

    /// The most bytes a result may have: a query's row holds counts and at most its example rows'
    /// cells, far less than this (64 MiB).
    public static let maxBytes = 64 << 20

    /// Reads a result; the bytes are UTF-8 JSON.
    ///
    /// - Throws: ``SQLResultError`` when it is over ``maxBytes``, not JSON, not an object of the
    ///   query's columns, or a count is not a whole number from 0.
    public init(json: [UInt8]) throws(SQLResultError) {
        guard json.count <= Self.maxBytes else {
            throw SQLResultError(message: "the result is \(json.count) bytes, over the limit of \(Self.maxBytes)")
        }
        let parsed: Value
        do {
            parsed = try JSONDecoder().decode(Value.self, from: Data(json))
        } catch {
            throw SQLResultError(message: "the result is not JSON")
        }
        var object: [String: Value] = [:]
        switch parsed {
        case .object(let only): object = only
        case .list(let rows) where rows.count == 1:
            if case .object(let only) = rows[0] { object = only }
        default: break
        }
        if object.isEmpty {
            throw SQLResultError(message: "the result is not one row of 'hallmark sql': a JSON object of its columns")
        }
        func text(_ name: String) throws(SQLResultError) -> String {
            guard case .text(let value)? = object[name] else {
                throw SQLResultError(
                    message: "the result has no column \(name): is it the row of a query 'hallmark sql' printed?")
            }
            return value
        }
        func whole(_ value: Value?, _ name: String) throws(SQLResultError) -> Int {
            // Engines write a bigint as a number, or as text where JSON numbers would lose digits.
            if case .number(let number)? = value, number >= 0 { return number }
            if case .text(let text)? = value, let number = Int(text), number >= 0 { return number }
            throw SQLResultError(message: "the result's \(name) is not a whole number from 0")
        }
        guard let dialect = SQLDialect(rawValue: try text("hallmark_engine")) else {
            throw SQLResultError(
                message:
                    "the result's hallmark_engine is not one of \(SQLDialect.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        self.dialect = dialect
        table = try text("hallmark_table")
        rowIdentity = try text("hallmark_row_identity")
        checks = try text("hallmark_checks")
        rowCount = try whole(object["row_count"], "row_count")
        rowsWithErrors = try whole(object["rows_with_errors"], "rows_with_errors")
        var counts: [Int: Int] = [:]
        var rows: [Int: [Int]] = [:]
        for (name, value) in object {
            if name.hasPrefix("count_"), let index = Int(name.dropFirst("count_".count)) {
                counts[index] = try whole(value, name)
            } else if name.hasPrefix("rows_"), let index = Int(name.dropFirst("rows_".count)) {
                switch value {
                case .null: continue
                case .list(let list):
                    var ids: [Int] = []
                    for id in list { ids.append(try whole(id, name)) }
                    rows[index] = ids
                default: throw SQLResultError(message: "the result's \(name) is not an array of row ids")
                }
            }
        }
        self.counts = counts
        self.rows = rows
        cells = try Self.cells(object["examples"] ?? .null)
    }

    /// The `examples` column: JSON text (or JSON) of `[[row id, cell, …], …]`, or `NULL`.
    private static func cells(_ value: Value) throws(SQLResultError) -> [Int: [String?]] {
        var value = value
        if case .text(let text) = value {
            guard let parsed = try? JSONDecoder().decode(Value.self, from: Data(text.utf8)) else {
                throw SQLResultError(message: "the result's examples is not JSON")
            }
            value = parsed
        }
        if case .null = value { return [:] }
        guard case .list(let rows) = value else {
            throw SQLResultError(message: "the result's examples is not an array of rows")
        }
        var cells: [Int: [String?]] = [:]
        for row in rows {
            guard case .list(let row) = row, let id = row.first?.wholeNumber else {
                throw SQLResultError(message: "the result's examples has a row without its row id")
            }
            guard cells[id] == nil else {
                throw SQLResultError(
                    message:
                        "the result's examples has two rows with id \(id): the row-id column must name each row once")
            }
            cells[id] = try row.dropFirst().map { cell throws(SQLResultError) -> String? in
                switch cell {
                case .text(let text): return text
                case .null: return nil
                default: throw SQLResultError(message: "the result's examples has a cell that is not text")
                }
            }
        }
        return cells
    }

    /// A JSON value as a result holds them: whole numbers, text, arrays, objects and null.
    private indirect enum Value: Decodable {
        case null
        case number(Int)
        case text(String)
        case list([Value])
        case object([String: Value])
        case other

        init(from decoder: any Decoder) throws {
            if let keyed = try? decoder.container(keyedBy: Name.self) {
                var object: [String: Value] = [:]
                for key in keyed.allKeys { object[key.stringValue] = try keyed.decode(Value.self, forKey: key) }
                self = .object(object)
                return
            }
            if var unkeyed = try? decoder.unkeyedContainer() {
                var list: [Value] = []
                while !unkeyed.isAtEnd { list.append(try unkeyed.decode(Value.self)) }
                self = .list(list)
                return
            }
            let single = try decoder.singleValueContainer()
            if single.decodeNil() {
                self = .null
            } else if (try? single.decode(Bool.self)) != nil {
                self = .other
            } else if let number = try? single.decode(Int.self) {
                self = .number(number)
            } else if let text = try? single.decode(String.self) {
                self = .text(text)
            } else {
                self = .other
            }
        }

        /// A row id as an engine writes it: a number, or its digits as text.
        var wholeNumber: Int? {
            switch self {
            case .number(let number): number
            case .text(let text): Int(text)
            default: nil
            }
        }

        private struct Name: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
    }
}

/// A result that cannot be read, or is not of the query it is read against.
public struct SQLResultError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// The message.
    public var description: String { message }
}
