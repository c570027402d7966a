import Foundation
import Testing

@testable import Hallmark

/// Rules over several fields (#11, first part): the expression language, its three-valued logic,
/// load-time errors, `required-when`, and a constraint's own severity and help.
@Suite("Row rules and expressions")
struct RulesTests {
    static let fields = """
          T: { type: string }
          U: { type: string }
          N: { type: decimal }
          M: { type: integer }
          F: { type: number }
          B: { type: boolean }
          D: { type: date, layout: DD/MM/YYYY }
          E: { type: date }
          S: { type: datetime }
          X:
        """
    // X is never named by a rule: it keeps a row of missing values from being a blank row.
    static let header = "T,U,N,M,F,B,D,E,S,X"

    /// The value of `expression` on one row: `true`, `false`, or `nil` for unknown, told apart by
    /// the same assertion under `unknown: pass` (the default) and `unknown: fail`.
    func value(_ expression: String, _ row: String) throws -> Bool? {
        let quoted = "'" + expression.replacingOccurrences(of: "'", with: "''") + "'"
        let yaml = standardYAML(
            fields: Self.fields,
            extra: """
                rules:
                  - { id: lenient, assert: \(quoted), message: m }
                  - { id: strict, assert: \(quoted), message: m, unknown: fail }
                """)
        var options = Validator.Options()
        options.today = "2026-11-30"
        let report = Validator(standard: try loadStandard(yaml), options: options)
            .validate(bytes: Array("\(Self.header)\n\(row)\n".utf8))
        let lenient = report.counts["rule:lenient"] != nil
        let strict = report.counts["rule:strict"] != nil
        if lenient { return false }
        return strict ? nil : true
    }

    static let row = "abc,ABC,0.1,3,2.5,true,31/01/2024,2024-03-01,2024-03-01T12:00:00,x"
    static let empty = ",,,,,,,,,x"

    @Test(
        "operators and functions",
        arguments: [
            ("N + 0.2 = 0.3", true), ("N * 3 = 0.3", true), ("N / 3 * 3 = 0.1", false), ("M / 2 = 1.5", true),
            ("M - 4 < 0", true), ("-M = 0 - 3", true), ("F > 2.49 and F < 2.51", true), ("N = 0.10", true),
            ("M >= 3 and M <= 3 and M != 4", true), ("T = \"abc\" and T != \"abd\" and T < \"abd\" and U < T", true),
            ("B = true and not (B = false)", true), ("M in [1, 2, 3]", true), ("M not in [1, 2]", true),
            ("T in [\"x\", \"y\"]", false), ("if M > 2 then T = \"abc\" else false", true),
            ("(if M > 5 then 1 else 2) = 2", true), ("length(T) = 3 and length(\"é\") = 1", true),
            ("lower(U) = T and upper(T) = U", true), ("trim(\"  x \") = \"x\"", true),
            ("starts-with(T, \"ab\") and ends-with(T, \"bc\") and contains(T, \"b\")", true),
            ("contains(T, \"z\")", false), ("matches(T, \"[a-c]+\")", true), ("matches(U, \"[a-c]+\")", false),
            ("days-between(D, E) = 30", true), ("days-between(E, D) = -30", true),
            ("year(D) = 2024 and month(D) = 1", true),
            ("year(S) = 2024 and month(S) = 3", true), ("D < E and E > date(\"2024-02-29\")", true),
            ("today() = date(\"2026-11-30\")", true), ("abs(0 - M) = 3", true), ("round(2.555, 2) = 2.56", true),
            ("round(F) = 3", true), ("min(M, 1, 2) = 1 and max(M, 10) = 10", true), ("M / 0 = 1", nil),
            ("T is missing", false), ("T is not missing", true),
        ] as [(String, Bool?)])
    func operatorsAndFunctions(expression: String, expected: Bool?) throws {
        #expect(try value(expression, Self.row) == expected, "\(expression)")
    }

    @Test("missing values are unknown, and and/or/not follow three-valued logic")
    func threeValuedLogic() throws {
        // With every cell empty, T = "x" is unknown; true and false are what they are.
        let table: [(String, Bool?)] = [
            ("T = \"x\"", nil), ("not (T = \"x\")", nil), ("T is missing", true), ("T is not missing", false),
            ("T = \"x\" and true", nil), ("T = \"x\" and false", false), ("false and T = \"x\"", false),
            ("T = \"x\" or true", true), ("T = \"x\" or false", nil), ("true or T = \"x\"", true),
            ("T = \"x\" or T = \"y\"", nil), ("M + 1 > 0", nil), ("length(T) = 0", nil), ("M in [1, 2]", nil),
            ("if T = \"x\" then true else false", nil), ("M * 0 = 0", nil),
        ]
        for (expression, expected) in table {
            #expect(try value(expression, Self.empty) == expected, "\(expression)")
        }
        // An invalid value is unknown too: its type finding already says what is wrong.
        #expect(try value("M > 0", "a,b,x,notanumber,1,true,01/01/2024,2024-01-01,2024-01-01T00:00:00,x") == nil)
    }

    @Test("expressions are parsed and type-checked at load, each mistake at its own column")
    func loadErrors() {
        func errors(_ assertion: String) -> [String] {
            diagnostics(
                of: standardYAML(
                    fields: Self.fields, extra: "rules:\n  - { id: r, message: m, assert: '\(assertion)' }"))
        }
        // The assertion's quote is at column 34 of line 5, so its text starts at column 35.
        #expect(
            errors("Nn > 1") == [
                "standard.yaml:5:35: error: assert of rule 'r': unknown field 'Nn' (did you mean 'N'?)"
            ])
        #expect(
            errors("D > 1") == ["standard.yaml:5:37: error: assert of rule 'r': cannot compare a date with a number"])
        #expect(
            errors("D + \"x\" > 1") == ["standard.yaml:5:35: error: assert of rule 'r': '+' needs a number, not a date"]
        )
        #expect(
            errors("M + 1") == [
                "standard.yaml:5:35: error: assert of rule 'r' must be true or false, not a number: compare it with something"
            ])
        #expect(
            errors("lenght(T) = 1") == [
                "standard.yaml:5:35: error: assert of rule 'r': unknown function 'lenght' (did you mean 'length'?)"
            ])
        #expect(
            errors("M > ") == [
                "standard.yaml:5:39: error: assert of rule 'r': expected a value, a field or a function, found the end of the expression"
            ])
        #expect(errors("matches(T, \"[\")").first?.contains("does not compile") == true)
        // A hostile standard cannot make checking or evaluating recurse without bound.
        #expect(
            errors(String(repeating: "(", count: 40) + "M > 1" + String(repeating: ")", count: 40)) == [
                "standard.yaml:5:67: error: assert of rule 'r': the expression nests more than 32 parentheses or calls deep"
            ])
        #expect(
            errors("M > 0" + String(repeating: " + 1", count: 300)).first?.contains("more than 512 parts; split it")
                == true)
        // `else` takes the whole comparison after it: parentheses make (if … else M) = 1.
        #expect(
            errors("if M > 1 then T else M = 1") == [
                "standard.yaml:5:58: error: assert of rule 'r': 'then' gives text but 'else' gives true or false; both must give the same type ('else' takes everything after it: write (if … else …) = X to compare the result)"
            ])
        #expect(
            diagnostics(
                of: standardYAML(
                    fields: "  A:",
                    extra:
                        "rules:\n  - { id: 9x, message: m, assert: A is missing }\n  - { id: y, assert: A is missing }")
            )
                == [
                    "standard.yaml:5:11: error: rule '9x': an id is letters, digits and '-', starting with a letter (it becomes rule:9x)",
                    "standard.yaml:6:5: error: rule 'y' needs a 'message:' for publishers",
                ])
    }

    @Test("messages that send a rule's author the right way (found in a stranger's trial)")
    func ruleMessages() {
        func errors(_ assertion: String, fields: String = Self.fields) -> [String] {
            diagnostics(
                of: standardYAML(fields: fields, extra: "rules:\n  - { id: r, message: m, assert: '\(assertion)' }")
            )
            .map { $0.components(separatedBy: "assert of rule 'r': ").last ?? $0 }
        }
        #expect(
            errors("pop-2020 > 0", fields: "  pop-2020: { type: integer }") == [
                "unknown field 'pop' (did you mean `pop-2020`? a name with spaces, '-' or other signs goes in backticks; put spaces around '-' to subtract)"
            ])
        #expect(
            errors("M > 1 AND true") == [
                "the name 'AND' cannot follow a complete expression ('and' is a keyword: keywords are lower case)"
            ])
        #expect(errors("True") == ["unknown field 'True' ('true' is a keyword: keywords are lower case)"])
        #expect(
            errors("contains(T, \"\\n\")") == ["text may escape only \\\" and \\\\; write other characters as they are"]
        )
        #expect(errors("(M = 1) is missing") == ["'is missing' applies to a field, such as `Close Date` is missing"])
        #expect(errors("length(T, U) = 1") == ["length(…) takes 1 argument, not 2"])
    }

    @Test("a mistake's column is exact in quoted scalars with escapes; a multi-line scalar quotes the part meant")
    func escapedColumns() {
        func errors(_ line: String) -> [String] {
            diagnostics(
                of: standardYAML(
                    fields: "  tx: { type: integer }\n  t:", extra: "rules:\n  - id: r\n    message: m\n    " + line))
        }
        // Line 7; `    assert: ` is 12 columns, so the scalar starts at column 13.
        #expect(
            errors(#"assert: "t = \"a\" and tq = 1""#) == [
                "standard.yaml:7:28: error: assert of rule 'r': unknown field 'tq' (did you mean 'tx'?)"
            ])
        #expect(errors(#"assert: "t = \"\u00e9\" or tq = 1""#).first?.hasPrefix("standard.yaml:7:32:") == true)
        // Columns count characters, not bytes: "é" written as itself is one column.
        #expect(errors(#"assert: "t = \"é\" or tq = 1""#).first?.hasPrefix("standard.yaml:7:27:") == true)
        #expect(
            errors("assert: 't = \"it''s\" and tq = 1'") == [
                "standard.yaml:7:30: error: assert of rule 'r': unknown field 'tq' (did you mean 'tx'?)"
            ])
        #expect(
            errors("assert: >\n      t = \"a\"\n      and tq = 1") == [
                "standard.yaml:7:13: error: assert of rule 'r': unknown field 'tq' (did you mean 'tx'?) (at 'tq = 1')"
            ])
    }

    @Test(
        "a rule that reads a sensitive field masks the value it shows; matches(…) stopped by the limits fails closed; unknown: fail says why"
    )
    func ruleSafety() throws {
        let yaml = standardYAML(
            fields: "  name:\n  nhs: { sensitive: true }\n  code:",
            extra: """
                rules:
                  - { id: not-the-number, assert: name != nhs, message: the name is the NHS number, fields: [name] }
                  - { id: shape, assert: 'matches(code, "(a+)+$")', message: m }
                  - { id: both, assert: code = "x" and name = "y", message: m, unknown: fail, fields: [code] }
                """)
        var options = Validator.Options()
        options.patternMatchLimit = 1000
        let report = Validator(standard: try loadStandard(yaml), options: options).validate(
            bytes: Array("name,nhs,code\n9434765919,9434765919,\(String(repeating: "a", count: 40))!\n,1,x\n".utf8))
        let leak = try #require(report.rule("rule:not-the-number")?.examples.first)
        #expect(leak.value == "##########")
        let undecided = try #require(report.rule("rule:shape")?.examples.first)
        #expect(undecided.note == "matches(…) could not be decided within the pattern limits (see pattern-limit)")
        let unknown = try #require(report.rule("rule:both")?.examples.last)
        #expect(unknown.row == 3 && unknown.note == "its value is unknown: a value it needs is missing or not valid")
    }

    @Test("rules name their rows and fields; a field in backticks; when: limits where a rule applies")
    func findings() throws {
        let yaml = standardYAML(
            fields: "  Open Date: { type: date }\n  Close Date: { type: date }\n  Status: { values: [A, C] }",
            extra: """
                rules:
                  - id: close-after-open
                    when: '`Close Date` is not missing'
                    assert: '`Close Date` >= `Open Date`'
                    message: A practice cannot close before it opens.
                    fields: [Close Date]
                    help: Check both dates.
                    severity: warning
                """)
        let report = try validate(
            "Open Date,Close Date,Status\n2020-01-01,,A\n2020-01-01,2019-12-31,C\n2020-01-01,2021-01-01,C\n",
            against: yaml)
        let rule = try #require(report.rule("rule:close-after-open"))
        #expect(rule.severity == .warning && rule.help == "Check both dates." && rule.count == 1)
        #expect(
            rule.examples.map(\.withoutKeyAndPlace) == [
                FindingExample(row: 3, line: 3, column: 2, field: "Close Date", value: "2019-12-31")
            ])
        #expect(report.scope.contains("rule:close-after-open"))
    }

    @Test("a field several rules and conditions read is read afresh on each row, in every block and job")
    func fieldsReadAfreshEachRow() async throws {
        // Each row's value is read once and kept for the row's other rules: a value kept from an
        // earlier row, or one rule's result taken for another's, changes these rows.
        let yaml = standardYAML(
            fields: "  M: { type: integer }\n  N: { type: integer }",
            extra: """
                rules:
                  - { id: a, when: 'M > 1', assert: 'M < 5 and N = M * 2', message: a }
                  - { id: b, assert: 'M != 3', message: b }
                  - id: c
                    assert: 'length(lower("AbC")) = 3 and upper(trim(" x ")) = "X" and M in [1, 2, 3, 4, 6, 8]'
                    message: c
                """)
        let report = try await validateEveryWay("M,N\n1,0\n3,6\n6,12\n2,5\n,1\n7,14\n", against: yaml)
        func rows(_ rule: String) -> [Int?] { report.rule(rule)?.examples.map(\.row) ?? [] }
        #expect(rows("rule:a") == [4, 5, 7])
        #expect(rows("rule:b") == [3])
        #expect(rows("rule:c") == [7])
    }

    @Test("text functions chain: upper of lower, trim of upper, each row's own text")
    func chainedTextFunctions() throws {
        // An inner function's text lies in the evaluator's scratch space; the outer one reads it
        // from there while writing its own beside it.
        let yaml = standardYAML(
            fields: "  T:",
            extra: """
                rules:
                  - { id: up, assert: 'upper(lower(T)) = "ABC"', message: m }
                  - { id: down, assert: 'lower(trim(upper(lower(T)))) = "abc"', message: m }
                  - { id: prefix, assert: 'starts-with(upper(lower(trim(T))), "AB")', message: m }
                """)
        let report = try validate("T\naBc\n AbC \nxyz\nABC\n", against: yaml)
        func rows(_ rule: String) -> [Int?] { report.rule(rule)?.examples.map(\.row) ?? [] }
        // Rows count the header as row 1: " AbC " (row 3) keeps its spaces unless trimmed.
        #expect(rows("rule:up") == [3, 4])
        #expect(rows("rule:down") == [4])
        #expect(rows("rule:prefix") == [4])
    }

    @Test("required-when: a field must have a value where a condition holds")
    func requiredWhen() throws {
        let yaml = standardYAML(
            fields: "  Status: { values: [A, C] }\n  Closed: { type: date, required-when: 'Status = \"C\"' }")
        let report = try validate("Status,Closed\nA,\nC,\nC,2020-01-01\n", against: yaml)
        #expect(report.counts == ["field:Closed:required-when": 1])
        #expect(report.rule("field:Closed:required-when")?.message == "Closed must have a value when Status = \"C\"")
        #expect(report.rule("field:Closed:required-when")?.examples.first?.row == 3)
    }

    @Test("a constraint's own severity and help: a warning for one pattern leaves required an error")
    func constraintSettings() throws {
        let yaml = standardYAML(
            fields: """
                  ID:
                  NAME:
                    required: true
                    pattern: { value: '[^†]*', severity: warning, help: Remove the dagger the export adds. }
                    help: The supplier's name.
                """)
        let report = try validate("ID,NAME\n1,Acme†\n2,\n", against: yaml)
        let pattern = try #require(report.rule("field:NAME:pattern"))
        #expect(pattern.severity == .warning && pattern.help == "Remove the dagger the export adds.")
        let required = try #require(report.rule("field:NAME:required"))
        #expect(required.severity == .error && required.help == "The supplier's name.")
        #expect(
            diagnostics(of: standardYAML(fields: "  A: { pattern: { severity: warning } }"))
                == [
                    "standard.yaml:6:17: error: pattern of field 'A' is a mapping, so it needs 'value:': write pattern: { value: …, severity: …, help: … }"
                ])
        #expect(
            diagnostics(of: standardYAML(fields: "  A: { pattern: { value: x, colour: red } }"))
                == [
                    "standard.yaml:6:29: error: unknown key 'colour' in pattern of field 'A'; allowed keys are value, severity, help, fail-if"
                ])
    }

    @Test("duplicate-rows: a row that repeats an earlier one cell for cell names the row it repeats")
    func duplicateRows() async throws {
        let yaml = standardYAML(
            fields: "  A:\n  B: { trim: true }\n  C: { sensitive: true }", extra: "dataset: { duplicate-rows: true }")
        let csv = "A,B,C\n1,x,9\n2,x,9\n1, x ,9\n1,x,8\n1,x,9\n"
        let report = try await validateEveryWay(csv, against: yaml)
        let rule = try #require(report.rule("dataset:duplicate-rows"))
        #expect(rule.count == 2)
        #expect(rule.examples.map(\.row) == [4, 6])
        #expect(rule.examples.map(\.note) == ["repeats row 2", "repeats row 2"])
        #expect(rule.examples.allSatisfy { $0.value == nil && $0.rowKey != nil })
    }

    @Test("unique-keys: sets of fields unique together, rows missing a part skipped, the same in parallel")
    func uniqueKeys() async throws {
        let yaml = standardYAML(
            fields: "  ORG: { required: true }\n  SEX:\n  AGE:\n  N: { type: integer }",
            extra: "dataset: { unique-keys: [[ORG, SEX, AGE], [ORG, N]] }")
        let csv = "ORG,SEX,AGE,N\nA,F,0_4,1\nA,F,5_9,2\nA,F,0_4,3\nA,,0_4,1\nA,,0_4,4\n"
        let report = try await validateEveryWay(csv, against: yaml)
        let triple = try #require(report.rule("dataset:unique-key:ORG+SEX+AGE"))
        #expect(triple.count == 1)
        #expect(
            triple.examples.map(\.withoutKeyAndPlace) == [
                FindingExample(
                    row: 4, line: 4, column: nil, field: nil, value: "ORG=A, SEX=F, AGE=0_4", note: "repeats row 2")
            ])
        #expect(report.rule("dataset:unique-key:ORG+N")?.examples.map(\.row) == [5])
        #expect(
            diagnostics(of: standardYAML(fields: "  A:\n  B:", extra: "dataset: { unique-keys: [[A], [A, C]] }")) == [
                "standard.yaml:4:26: error: each entry of unique-keys names two or more fields; one field is 'unique: true' on the field",
                "standard.yaml:4:35: error: unknown field 'C'",
            ])
    }

    @Test("fail-if: findings within a threshold are counted and reported but do not fail the run")
    func thresholds() throws {
        let yaml = standardYAML(
            fields: "  A: { type: integer, min: { value: 0, fail-if: '> 10%' } }\n  B:",
            extra: """
                rules:
                  - { id: b-set, assert: B is not missing, message: B needs a value, fail-if: '> 2' }
                """)
        var csv = "A,B\n"
        for index in 0..<20 { csv += "\(index == 3 ? "-1" : String(index)),\(index < 2 ? "" : "x")\n" }
        let within = try validate(csv, against: yaml)
        let min = try #require(within.rule("field:A:min"))
        #expect(min.count == 1 && min.threshold == "> 10%" && min.rate == 5 && min.isWithinThreshold)
        let rule = try #require(within.rule("rule:b-set"))
        #expect(rule.count == 2 && rule.threshold == "> 2" && rule.isWithinThreshold)
        #expect(within.isValid)
        #expect(within.totals.findings.error == 3)
        #expect(
            TextSummaryWriter().render(within).contains(
                "fail-if > 10%: within it (5.0% of rows), so it does not fail the run"))
        #expect(GitHubAnnotationsWriter().render(within).contains("::notice "))

        var crossing = "A,B\n"
        for index in 0..<20 { crossing += "\(index < 3 ? "-1" : "1"),\(index < 3 ? "" : "x")\n" }
        let crossed = try validate(crossing, against: yaml)
        #expect(crossed.rule("field:A:min")?.isWithinThreshold == false)
        #expect(crossed.rule("rule:b-set")?.isWithinThreshold == false)
        #expect(!crossed.isValid)
        #expect(
            try Report(json: Array(JSONReportWriter().render(within).utf8)).rule("field:A:min")?.isWithinThreshold
                == true)
        // Exactly at the limit: '>' is within it, '>=' crosses it.
        #expect(Threshold("> 10%")?.isCrossed(count: 2, rows: 20) == false)
        #expect(Threshold(">= 10%")?.isCrossed(count: 2, rows: 20) == true)
        #expect(Threshold("> 2")?.isCrossed(count: 2, rows: 5) == false)
        #expect(Threshold("> 2")?.isCrossed(count: 3, rows: 5) == true)
        #expect(Threshold(">= 0")?.isCrossed(count: 0, rows: 5) == true)
        #expect(Threshold("> 0%")?.isCrossed(count: 1, rows: 0) == true)
        #expect(["1%", "< 5", "> x", "> 101%", "> -1"].allSatisfy { Threshold($0) == nil })
        #expect(
            diagnostics(
                of: standardYAML(
                    fields: "  A:", extra: "rules:\n  - { id: r, assert: A is missing, message: m, fail-if: 'lots' }"))
                == [
                    "standard.yaml:5:57: error: fail-if of rule 'r' must be a count or a share of rows such as \"> 50\" or \"> 1%\", not 'lots'"
                ])
    }

    @Test("a matches(…) whose pattern repeats a repetition is a lint warning at its rule, as a field's pattern is")
    func nestedQuantifierInRule() throws {
        let standard = try loadStandard(
            standardYAML(
                fields: "  A:",
                extra: "rules:\n  - { id: r, assert: 'matches(A, \"(x+)+$\")', message: m }"))
        #expect(
            standard.warnings.map(\.description) == [
                "standard.yaml:5:22: warning: pattern '(x+)+$' repeats a repetition (at offset 4), so some values make it backtrack exponentially; each such value is a pattern-limit finding. An atomic group (?>…) or a possessive quantifier such as ++ avoids it"
            ])
        #expect(
            try loadStandard(
                standardYAML(fields: "  A:", extra: "rules:\n  - { id: r, assert: 'matches(A, \"x+y\")', message: m }")
            ).warnings.isEmpty)
        // Its byte automaton serves `(x+)+y`, which cannot backtrack: no warning.
        #expect(
            try loadStandard(
                standardYAML(
                    fields: "  A:", extra: "rules:\n  - { id: r, assert: 'matches(A, \"(x+)+y\")', message: m }")
            ).warnings.isEmpty)
    }

    @Test("exact numbers: up to 18 places and 38 digits exact, beyond them floating point; doubles correctly rounded")
    func exactNumbers() {
        func parsed(_ text: String) -> ExactNumber? {
            var text = text
            return text.withUTF8 { ExactNumber.parse(UnsafeRawBufferPointer($0)) }
        }
        #expect(parsed("12.50") == .exact(mantissa: 1250, scale: 2))
        #expect(parsed("-0.000000000000000001") == .exact(mantissa: -1, scale: 18))
        #expect(parsed("123456789012345678901.5") == .exact(mantissa: 1_234_567_890_123_456_789_015, scale: 1))
        #expect(parsed("999999999999999999") == .exact(mantissa: 999_999_999_999_999_999, scale: 0))
        #expect(parsed("1.0000000000000000001") == .approximate(1.0))
        #expect(parsed("1" + String(repeating: "0", count: 40)) == .approximate(1e40))
        #expect(parsed(".5") == .exact(mantissa: 5, scale: 1))
        #expect(parsed("5.") == .exact(mantissa: 5, scale: 0))
        #expect(parsed("+7") == .exact(mantissa: 7, scale: 0))
        for bad in ["", ".", "-", "1.2.3", "1e3", "12a", " 1"] { #expect(parsed(bad) == nil, "\(bad)") }
        #expect(parsed("0.1")?.double == 0.1)
        #expect(parsed("123.456")?.double == 123.456)
        #expect(parsed("-2.5")?.double == -2.5)
        #expect(parsed("123456789012345678901.5")?.double == 123456789012345678901.5)
    }

    @Test("a decimal field's rule value reads the grammar a decimal cell is checked by (DecimalNumber.scan)")
    func exactNumbersReadDecimalGrammar() {
        // Rules read a decimal with ExactNumber.parse alone, so the two must accept the same texts.
        var texts = ["", ".", "-", "+", "-.", "+.5", "5.", ".5", "007", "1.2.3", "1e3", " 1", "1 ", "--1", "1-", "0.0"]
        let alphabet = Array("0123456789.+-e ".utf8)
        var random = SplitMix(seed: 11)  // repeatable: a failure names a text that fails again
        for _ in 0..<5000 {
            let length = random.next(7)
            texts.append(
                String(decoding: (0..<length).map { _ in alphabet[random.next(alphabet.count)] }, as: UTF8.self))
        }
        for text in texts {
            let bytes = Array(text.utf8)
            let agree = bytes.withUnsafeBytes { (ExactNumber.parse($0) != nil) == (DecimalNumber.scan($0) != nil) }
            #expect(agree, "\(text)")
        }
    }

    @Test("exact arithmetic is exact on both sides of 64 bits, and overflows into floating point, not a crash")
    func exactArithmeticAcrossWidths() {
        let maximum = Int128(Int64.max)
        let big = ExactNumber.exact(mantissa: maximum * 1000, scale: 0)
        let small = ExactNumber.exact(mantissa: 25, scale: 1)
        #expect(big * small == ExactNumber.exact(mantissa: maximum * 25_000, scale: 1))
        let wide: ExactNumber = .exact(mantissa: maximum, scale: 0) * .exact(mantissa: maximum, scale: 18)
        #expect(wide == ExactNumber.exact(mantissa: maximum * maximum, scale: 18))
        let least = ExactNumber.exact(mantissa: Int128(Int64.min), scale: 0)
        #expect(ExactNumber.compare(least, .exact(mantissa: -1, scale: 18)) == -1)
        #expect(ExactNumber.compare(.exact(mantissa: 15, scale: 1), .exact(mantissa: 150, scale: 2)) == 0)
        let sum: ExactNumber = .exact(mantissa: maximum, scale: 0) + .exact(mantissa: 1, scale: 18)
        let quintillion: Int128 = 1_000_000_000_000_000_000
        #expect(sum == ExactNumber.exact(mantissa: maximum * quintillion + 1, scale: 18))
        // Aligning 10^37 to 18 places overflows 128 bits: the sum is floating point.
        let huge = ExactNumber.exact(mantissa: Int128("1" + String(repeating: "0", count: 37))!, scale: 0)
        if case .approximate = huge + .exact(mantissa: 1, scale: 18) {} else { Issue.record("not approximate") }
        #expect(ExactNumber.compare(huge, .exact(mantissa: 1, scale: 18)) == 1)
        if case .approximate(let product) = huge * huge {
            #expect(abs(product / 1e74 - 1) < 1e-12)
        } else {
            Issue.record("not approximate")
        }
    }

    @Test("a code list from a file without a header row: every practice code must be in the ODS file")
    func headerlessReference() throws {
        let directory = try makeTemporaryDirectory()
        try write("\"A81001\",\"RIVERSIDE\"\n\"A81002\",\"PARKSIDE\"\n", to: directory + "/practices.csv")
        let yaml = standardYAML(
            fields: "  PRACTICE_CODE: { codes: practices }\n  ITEMS: { type: integer }",
            extra: "codelists:\n  practices: { file: practices.csv, column: 1, label: 2, has-header: false }")
        let standard = try Standard(yaml: yaml, name: "standard.yaml", root: directory)
        let report = Validator(standard: standard).validate(
            bytes: Array("PRACTICE_CODE,ITEMS\nA81001,3\nZ99999,1\n".utf8))
        #expect(report.counts == ["field:PRACTICE_CODE:codes": 1])
        #expect(report.rule("field:PRACTICE_CODE:codes")?.examples.first?.value == "Z99999")
        #expect(
            loadFailure { () throws(StandardError) in
                try Standard(
                    yaml: yaml.replacingOccurrences(of: "column: 1", with: "column: Code"), name: "standard.yaml",
                    root: directory)
            } == ["a code-list file without a header row names columns by position from 1, not 'Code'"])
    }

    @Test("rules give the same report for any jobs and block size")
    func parallel() async throws {
        let yaml = standardYAML(
            fields: "  A: { type: integer }\n  B: { type: integer }",
            extra: "rules:\n  - { id: sum, assert: A + B < 10, message: too big }")
        var csv = "A,B\n"
        for index in 0..<2000 { csv += "\(index % 7),\(index % 5)\n" }
        let whole = try await validateEveryWay(csv, against: yaml)
        #expect(whole.counts["rule:sum"] == (0..<2000).filter { $0 % 7 + $0 % 5 >= 10 }.count)
    }
}
