/// One column of the standard: its type and constraints (an entry under `fields:`).
public struct FieldSpec: Sendable {
    /// The header label that names the column.
    public let name: String
    /// The type of its values.
    public let type: FieldType
    /// Whether a missing value is a finding.
    public let isRequired: Bool
    /// Whether each value may appear only once (missing values excepted).
    public let isUnique: Bool
    /// Whether values are personal or secret: reports show only their shape (`### ### ####`).
    public let isSensitive: Bool
    /// The severity of this field's findings (default `error`).
    public let severity: Severity
    /// Guidance for a publisher whose data breaks this field's rules.
    public let help: String?
    /// Where the field is defined.
    public let location: SourceLocation
    /// Names the field had before (`previous-names:`, oldest first): its rules keep the tickets
    /// they had under the oldest, so renaming a column does not reopen every ticket.
    public let previousNames: [String]

    package var constraints: FieldConstraints

    package init(
        name: String, type: FieldType, isRequired: Bool, isUnique: Bool, isSensitive: Bool,
        severity: Severity, help: String?, location: SourceLocation, constraints: FieldConstraints,
        previousNames: [String] = []
    ) {
        self.previousNames = previousNames
        self.name = name
        self.type = type
        self.isRequired = isRequired
        self.isUnique = isUnique
        self.isSensitive = isSensitive
        self.severity = severity
        self.help = help
        self.location = location
        self.constraints = constraints
    }
}

/// The checks a field carries beyond its type, already parsed and compiled.
package struct FieldConstraints: Sendable {
    package struct Bound: Sendable {
        package var value: BoundValue
        package var isExclusive: Bool
        /// The text as written, for messages.
        package var text: String
    }

    package enum BoundValue: Sendable {
        case integer(Int64)
        case decimal(DecimalNumber)
        case number(Double)
        case temporal(TemporalKey)
    }

    package var lower: Bound?
    package var upper: Bound?
    package var minLength: Int?
    package var maxLength: Int?
    package var pattern: CompiledPattern?
    package var values: CodeList?
    package var codeList: CodeList?
    /// The date field whose value says when a `codes:` value must have been in force (`codes-as-of:`).
    package var codesAsOf: String?
    package var format: IdentifierFormat?
    package var layout: TemporalLayout?
    /// Texts meaning "no value" in this field, instead of the table's `missing:` (`missing:` on the field).
    package var missing: [String]?
    /// How a geopoint is written (`layout: pair | array | object`).
    package var geopointSyntax = GeopointSyntax.pair
    /// What separates a list's items (`delimiter:`), and their type (`item-type:`).
    package var listDelimiter: UInt8 = 0x2C
    package var itemType = FieldType.string
    /// The JSON Schema an object or array must match (`json-schema:`).
    package var jsonSchema: JSONSchemaSubset?
    package var scale: Int?
    package var trueValues: [String] = ["true", "True", "TRUE", "1"]
    package var falseValues: [String] = ["false", "False", "FALSE", "0"]
    /// How numbers are written, when not plainly (`group-char`, `currency`, …).
    package var numberSyntax: NumberSyntax?
    /// Whether values are checked without leading and trailing spaces (`trim:`; `nil`: the table's `trim:`).
    package var trim: Bool?
    /// Whether leading or trailing spaces are a finding (`whitespace: report`; `nil`: the table's).
    package var reportsPadding: Bool?
    /// The condition under which the field must have a value (`required-when:`).
    package var requiredWhen: Expression?
    /// The condition as written, for the rule's message.
    package var requiredWhenText: String?
    /// A constraint's own severity and help (`pattern: { value: …, severity: warning }`), by rule check.
    package var overrides: [String: RuleSettings] = [:]
    /// Where each constraint is written, by rule suffix (`min`, `pattern`, …), for reports that point into the standard.
    package var locations: [String: SourceLocation] = [:]

    package init() {}
}

/// One check's own severity and help, overriding its field's (`KEY: { value: …, severity: …, help: … }`).
package struct RuleSettings: Sendable {
    package var severity: Severity?
    package var help: String?
    package var failIf: Threshold?

    package init(severity: Severity? = nil, help: String? = nil) {
        self.severity = severity
        self.help = help
    }
}
