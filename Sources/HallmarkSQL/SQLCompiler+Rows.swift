import Hallmark

/// Checks across a row's fields and across rows: row rules and `required-when`, keys, duplicate
/// rows and foreign keys.
extension SQLCompiler {
    /// A row fails a rule where its condition (if any) is true and its assertion false, or
    /// unknown under `unknown: fail`; an unknown condition does not apply the rule.
    mutating func compileRowRule(
        _ rule: String, condition: Expression?, assertion: Expression, failsWhenUnknown: Bool, isError: Bool
    ) {
        let expressions = rowExpressions
        do throws(SQLExpression.Refusal) {
            let fails = Self.fails(try expressions.translate(assertion), whenUnknown: failsWhenUnknown)
            let applies = try condition.map { condition throws(SQLExpression.Refusal) in
                "COALESCE(\(try expressions.translate(condition)), false)"
            }
            checks.append(
                SQLCheck(rule: rule, condition: applies.map { "(\($0) AND \(fails))" } ?? fails, isError: isError))
        } catch {
            unchecked.append((rule, error.reason))
        }
    }

    mutating func compileKeys() {
        let dataset = standard.dataset
        var keys: [(rule: String, fields: [String])] = []
        if !dataset.primaryKey.isEmpty { keys.append(("dataset:primary-key", dataset.primaryKey)) }
        for fields in dataset.uniqueKeys {
            keys.append(("dataset:unique-key:" + fields.joined(separator: "+"), fields))
        }
        for (rule, names) in keys {
            let fields = names.compactMap { name in standard.fields.first { $0.name == name } }
            // A part by its meaning where its text is a valid value, else by its text, as natively.
            let parts = fields.map { field -> String? in
                guard field.keysCompareByMeaning else { return cell(field) }
                guard
                    case .checked(let fails) = SQLGrammar.typeCheck(
                        field.type, column: cell(field), constraints: field.constraints, dialect: dialect)
                else { return nil }
                return keyValue(field, column: cell(field), isValid: fails.map { "NOT (\($0))" } ?? "true")
            }
            guard parts.allSatisfy({ $0 != nil }) else {
                unchecked.append((rule, "keys compared by meaning are not translated to SQL yet"))
                continue
            }
            let columns = parts.compactMap { $0 }
            let present = fields.map { "NOT " + missing($0) }.joined(separator: " AND ")
            let repeats = "repeat_\(windows.count)"
            windows.append(
                (
                    repeats,
                    "CASE WHEN \(present) THEN row_number() OVER (PARTITION BY \(columns.joined(separator: ", ")), (\(present)) ORDER BY hallmark_row) ELSE 0 END"
                ))
            checks.append(SQLCheck(rule: rule, condition: "\(repeats) > 1", isError: true))
        }
        if dataset.rejectsDuplicateRows { compileDuplicateRows() }
    }

    /// The value a key compares for `field`: its text, or for an integer or decimal its one
    /// spelling (``SQLGrammar/canonicalNumber(_:)``) where `isValid`; `nil` for other types whose
    /// values have several spellings.
    func keyValue(_ field: FieldSpec, column: String, isValid: String) -> String? {
        guard field.keysCompareByMeaning else { return column }
        switch field.type {
        case .integer, .decimal:
            return isValid == "true"
                ? SQLGrammar.canonicalNumber(column, dialect: dialect)
                : "(CASE WHEN \(isValid) THEN \(SQLGrammar.canonicalNumber(column, dialect: dialect)) ELSE \(column) END)"
        default:
            return nil
        }
    }

    /// A row repeats an earlier one when every cell is the same as its field reads it (trimmed
    /// where it trims), a missing cell the same as an empty one; a blank row (every cell empty) is
    /// its own finding natively, never a duplicate.
    private mutating func compileDuplicateRows() {
        switch standard.table.fieldsMatch {
        case .exact, .anyOrder, .subset: break
        case .ordered, .extraColumns, .partial:
            // The native engine compares the columns the standard does not name too.
            unchecked.append(
                ("dataset:duplicate-rows", "duplicate rows of a table with columns the standard does not name"))
            return
        }
        let cells = standard.fields.map { "COALESCE(\(cell($0)), '')" }
        let blank = standard.fields.map { "COALESCE(\(dialect.identifier($0.name)), '') = ''" }
        let isBlank = "(" + blank.joined(separator: " AND ") + ")"
        let repeats = "repeat_\(windows.count)"
        // Blank rows are partitioned apart: a row of spaces under trim must not repeat one.
        windows.append(
            (
                repeats,
                "CASE WHEN \(isBlank) THEN 0 ELSE row_number() OVER (PARTITION BY \(cells.joined(separator: ", ")), \(isBlank) ORDER BY hallmark_row) END"
            ))
        checks.append(SQLCheck(rule: "dataset:duplicate-rows", condition: "\(repeats) > 1", isError: true))
    }

    /// The most keys of a referenced file written into the query.
    private static let maxInlinedKeys = 100_000

    /// A row fails a foreign key when every part of its key is present and the key is not among
    /// the referenced ones: the code list's codes, or the keys of the table's rows whose
    /// referenced fields are all present, compared as text, as each field reads it.
    mutating func compile(_ key: ForeignKey) {
        let fields = key.fields.compactMap { name in standard.fields.first { $0.name == name } }
        let present = fields.map { "NOT " + missing($0) }.joined(separator: " AND ")
        let referenced: String
        switch key.reference {
        case .codeList(let name):
            guard let list = standard.codeLists[name], fields.count == 1 else {
                unchecked.append((key.ruleID, "the code list \(name) of a key of one field"))
                return
            }
            referenced = Self.isIn(cell(fields[0]), list, dialect: dialect)
        case .sameTable(let names):
            let targets = names.compactMap { name in standard.fields.first { $0.name == name } }
            let targetPresent = targets.map { "NOT " + missing($0) }.joined(separator: " AND ")
            // An uncorrelated IN, which both engines hash, not a subquery per row.
            let keys = "SELECT \(targets.map(cell).joined(separator: ", ")) FROM rows WHERE \(targetPresent)"
            let row = fields.count == 1 ? cell(fields[0]) : "(\(fields.map(cell).joined(separator: ", ")))"
            referenced = "\(row) IN (\(keys))"
        case .file(let path, _):
            // The file was read when the standard loaded: its keys go into the query.
            guard let keys = key.referencedText, keys.count <= Self.maxInlinedKeys else {
                unchecked.append(
                    (key.ruleID, "\(path) has more than \(Self.maxInlinedKeys) keys: load it as a table and join it"))
                return
            }
            let row = fields.count == 1 ? cell(fields[0]) : "(\(fields.map(cell).joined(separator: ", ")))"
            let list = keys.map { "(" + $0.map(dialect.literal).joined(separator: ", ") + ")" }
            referenced = list.isEmpty ? "false" : dialect.isAmong(row, rows: list.joined(separator: ", "))
        }
        let orphan = "orphan_\(windows.count)"
        windows.append((orphan, "(\(present) AND NOT (\(referenced)))"))
        checks.append(SQLCheck(rule: key.ruleID, condition: orphan, isError: key.severity == .error))
    }
}
