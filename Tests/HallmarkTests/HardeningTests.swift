import Foundation
import Testing

@testable import Hallmark

/// Regressions for standards and data from strangers: each test failed before its fix.
@Suite("Hardening: untrusted standards and data")
struct HardeningTests {
    /// A root with a standard's library inside it and a secret outside it.
    func sandbox() throws -> (root: String, outside: String) {
        let base = try makeTemporaryDirectory()
        try FileManager.default.createDirectory(atPath: base + "/root/lib", withIntermediateDirectories: true)
        try write("hallmark: 1\nformats:\n  code: { pattern: '[A-Z]{2}' }\n", to: base + "/root/lib/formats.yaml")
        try write("API_TOKEN=s3cr3t-value-that-must-not-leak\n", to: base + "/secret.env")
        try write("code\nAA\n", to: base + "/secret.csv")
        return (base + "/root", base)
    }

    @Test("uses: and file: stay inside the standards root")
    func confinedPaths() throws {
        let (root, outside) = try sandbox()
        try FileManager.default.createSymbolicLink(
            atPath: root + "/link.yaml", withDestinationPath: outside + "/secret.env")
        let cases: [(String, String)] = [
            ("uses: [/etc/passwd]", "is an absolute path"),
            ("uses: [../secret.env]", "resolves outside the standards root"),
            ("uses: [lib/../../secret.env]", "resolves outside the standards root"),
            ("uses: [link.yaml]", "resolves outside the standards root"),
            ("uses: [/dev/stdin]", "is an absolute path"),
            ("codelists:\n  l: { file: ../secret.csv, column: code }", "resolves outside the standards root"),
        ]
        for (extra, expected) in cases {
            let found = diagnostics(of: standardYAML(fields: "  A:", extra: extra), root: root)
            #expect(found.count == 1 && found[0].contains(expected), "\(extra): \(found)")
            #expect(!found.joined().contains("s3cr3t"), "\(extra) leaked the file")
        }
        // Inside the root, `..` that stays inside is fine: Standards/nhs using ../uk.
        #expect(
            diagnostics(
                of: standardYAML(fields: "  A: { format: code }", extra: "uses: [lib/../lib/formats.yaml]"), root: root
            ).isEmpty)
    }

    @Test("a standard given as text with no root may name no file")
    func textWithoutRoot() {
        let found = diagnostics(
            of: standardYAML(fields: "  A:", extra: "uses: [Standards/uk/identifiers.yaml]"), root: nil)
        #expect(
            found == [
                "standard.yaml:4:8: error: uses 'Standards/uk/identifiers.yaml' names a file, but this standard was given as text with no root directory; give one (root:, --standards-root) to allow files under it"
            ])
    }

    @Test("only regular files, within their size limit, are read")
    func regularFilesOnly() throws {
        let (root, _) = try sandbox()
        #expect(mkfifo(root + "/pipe.yaml", 0o600) == 0)
        let fifo = diagnostics(of: standardYAML(fields: "  A:", extra: "uses: [pipe.yaml]"), root: root)
        #expect(fifo.count == 1 && fifo[0].hasSuffix("it is not a regular file"), "\(fifo)")
        try write("code\n" + String(repeating: "AB\n", count: 1000), to: root + "/big.csv")
        var limits = Standard.Limits()
        limits.maxCodeListBytes = 1000
        #expect(throws: StandardError.self) {
            try Standard(
                yaml: standardYAML(fields: "  A:", extra: "codelists:\n  l: { file: big.csv, column: code }"),
                root: root, limits: limits)
        }
        do {
            _ = try Standard(
                yaml: standardYAML(fields: "  A:", extra: "codelists:\n  l: { file: big.csv, column: code }"),
                root: root, limits: limits)
        } catch {
            #expect(error.diagnostics.first?.message.contains("over the limit of 1000") == true)
        }
    }

    @Test("a value in an error is a short escaped excerpt, never the whole value")
    func shortExcerpts() {
        let long = String(repeating: "x", count: 20_000)
        let found = diagnostics(of: standardYAML(fields: "  A: { type: integer, min: \(long) }"))
        #expect(found.count == 1 && found[0].count < 300, "\(found.first?.count ?? 0) characters")
        let escaped = diagnostics(of: standardYAML(fields: "  A: { type: integer, min: \"\\e[2J\" }"))
        #expect(escaped.first?.contains("\u{1B}") == false && escaped.first?.contains("\\u{1B}") == true)
    }

    @Test("deep YAML and long uses chains are located errors, not stack overflows")
    func depthLimits() throws {
        let deep = "hallmark: 1\nid: t\nversion: 1.0.0\nfields: " + String(repeating: "{a: ", count: 5000)
        let found = diagnostics(of: deep)
        #expect(found.count == 1 && found[0].contains("nests more than 64 levels deep"), "\(found)")
        let directory = try makeTemporaryDirectory()
        for index in 0..<100 {
            try write("hallmark: 1\nuses: [f\(index + 1).yaml]\n", to: directory + "/f\(index).yaml")
        }
        try write("hallmark: 1\n", to: directory + "/f100.yaml")
        let chain = diagnostics(of: standardYAML(fields: "  A:", extra: "uses: [f0.yaml]"), root: directory)
        #expect(chain.count == 1 && chain[0].contains("'uses' nests more than 32 files deep"), "\(chain)")
    }

    @Test("a broken library named many times is read and reported once")
    func brokenLibraryOnce() throws {
        let directory = try makeTemporaryDirectory()
        try write("hallmark: 1\nformats: [", to: directory + "/broken.yaml")
        let uses = "uses: [" + Array(repeating: "broken.yaml", count: 2000).joined(separator: ", ") + "]"
        #expect(diagnostics(of: standardYAML(fields: "  A:", extra: uses), root: directory).count == 1)
    }

    @Test("a byte-order mark is accepted; an encoding error is located on its line")
    func standardEncoding() {
        #expect(diagnostics(of: "\u{FEFF}" + standardYAML(fields: "  A:")).isEmpty)
        var bytes = Array(standardYAML(fields: "  A:\n  B: { title: x }").utf8)
        let place = bytes.count - 3
        bytes.insert(0xFF, at: place)  // not UTF-8, inside the last line
        let line = bytes[..<place].filter { $0 == 0x0A }.count + 1
        do {
            _ = try YAMLParser.parse(bytes, file: "s.yaml")
            Issue.record("invalid UTF-8 parsed")
        } catch {
            #expect(error.diagnostics.first?.location?.line == line, "\(error)")
        }
    }

    @Test("a record of countless empty cells is oversized, the header too, in bounded memory")
    func cellsPerRecord() throws {
        var options = Validator.Options()
        options.maxRecordCells = 1000
        let standard = try loadStandard(standardYAML(fields: "  A:"))
        let validator = Validator(standard: standard, options: options)
        let wide = validator.validate(bytes: Array(("A\n" + String(repeating: ",", count: 5000) + "\n1\n").utf8))
        #expect(wide.counts["table:oversized-record"] == 1)
        #expect(wide.rule("table:oversized-record")?.examples.first?.row == 2)
        let header = validator.validate(bytes: Array((String(repeating: ",", count: 5000) + "\n1\n").utf8))
        #expect(header.rule("table:oversized-record")?.examples.first?.row == 1)
    }

    @Test("a regex error is never a false finding nor a silent pass")
    func patternLimits() throws {
        // (a|b)* on a long value needs more than PCRE2's default 32 KiB JIT stack.
        let long = String(repeating: "ab", count: 2000)
        #expect(try failures(of: [long], field: "{ pattern: '(a|b)*' }").isEmpty)
        // (*NO_JIT) compiles no JIT code: the interpreter must serve.
        #expect(try failures(of: ["abc", "ABC"], field: "{ pattern: '(*NO_JIT)[a-z]+' }") == ["ABC": ["pattern"]])
        // Catastrophic backtracking stops at the match limit, as its own finding.
        let evil = String(repeating: "a", count: 28) + "!"
        #expect(try failures(of: [evil, "aaa"], field: "{ pattern: '(a+)+$' }") == [evil: ["pattern-limit"]])
        var options = Validator.Options()
        options.maxPatternValueBytes = 10
        let standard = try loadStandard(standardYAML(fields: "  A: { pattern: '[a-z]+' }"))
        let report = Validator(standard: standard, options: options).validate(
            bytes: Array("A\nabc\nabcdefghijklmnop\n".utf8))
        #expect(report.counts == ["field:A:pattern-limit": 1])
    }

    @Test("an overall deadline stops the run with a partial report, whichever way the data arrives")
    func deadline() async throws {
        // Each value costs the pattern its whole match limit: thousands of them take many seconds.
        let evil = String(repeating: "a", count: 28) + "!"
        let csv = "A\n" + String(repeating: evil + "\n", count: 5000)
        let path = try makeTemporaryDirectory() + "/slow.csv"
        try write(csv, to: path)
        var options = Validator.Options()
        options.timeout = .milliseconds(300)
        options.jobs = 2
        options.blockSize = 4096
        let validator = Validator(
            standard: try loadStandard(standardYAML(fields: "  A: { pattern: '(a+)+$' }")), options: options)
        let fromFile = try await validator.validate(fileAt: path)
        let fromBytes = validator.validate(bytes: Array(csv.utf8))
        for report in [fromFile, fromBytes] {
            #expect(report.totals.stopReason == .timeout && report.totals.stoppedEarly && !report.isValid)
            #expect(
                report.totals.rows < 5000 && report.counts["field:A:pattern-limit", default: 0] == report.totals.rows,
                "\(report.totals.rows) rows, \(report.counts), \(report.timing.durationSeconds) s")
            #expect(TextSummaryWriter().render(report).contains("stopped early when the time limit passed"))
            #expect(JSONReportWriter().render(report).contains("\"stopReason\": \"timeout\""))
        }
        // A deadline already passed checks nothing, and says so: no rows is not "valid".
        options.timeout = .zero
        let none = Validator(standard: try loadStandard(standardYAML(fields: "  A:")), options: options)
            .validate(bytes: Array("A\n1\n2\n".utf8))
        #expect(none.totals.rows == 0 && none.totals.stopReason == .timeout && !none.isValid)
    }

    @Test("control and bidi characters are escaped in the text summary and the JSON report")
    func injection() throws {
        let standard = try loadStandard(standardYAML(fields: "  A: { type: integer }"))
        let hostile = "\u{1B}[2J\u{1B}]0;title\u{07}\u{9B}31m\u{202E}evil"
        let report = Validator(standard: standard).validate(
            bytes: Array("A\n\"\(hostile)\"\n".utf8), inputName: "in\u{1B}[1m.csv")
        let text = TextSummaryWriter().render(report)
        let json = JSONReportWriter().render(report)
        for output in [text, json] {
            #expect(
                !output.unicodeScalars.contains {
                    $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B || $0.value == 0x202E
                })
        }
        #expect(text.contains("\\u{1B}[2J") && json.contains("\\u001b[2J") && json.contains("\\u202e"))
    }

    @Test("a sensitive value split by an unquoted delimiter is masked in extra-cell and later cells")
    func sensitiveShift() throws {
        let standard = try loadStandard(standardYAML(fields: "  ID:\n  NHS: { sensitive: true }\n  NOTE:"))
        let report = Validator(standard: standard).validate(bytes: Array("ID,NHS,NOTE\n1,943 476,5919,note\n".utf8))
        #expect(report.rule("table:extra-cell")?.examples.first?.value == "aaaa")
        #expect(!JSONReportWriter().render(report).contains("5919"))
    }

    @Test("options out of range are bounded, never a trap")
    func boundedOptions() throws {
        var options = Validator.Options()
        options.jobs = 1 << 62
        options.blockSize = Int.max
        options.maxExamples = Int.max
        let validator = Validator(standard: try loadStandard(standardYAML(fields: "  A:")), options: options)
        #expect(validator.options.jobs == Validator.Options.maximumJobs)
        #expect(validator.options.blockSize == Validator.Options.maximumBlockSize)
        #expect(validator.validate(bytes: Array("A\n1\n".utf8)).isValid)
    }

    @Test("bounds no value can meet are rejected")
    func nonFiniteBounds() {
        #expect(codes(of: standardYAML(fields: "  A: { type: number, min: 1e999999 }")) == ["invalid-value"])
        #expect(codes(of: standardYAML(fields: "  A: { type: number, exclusive-max: -INF }")) == ["invalid-value"])
    }

    @Test("a field with an unknown type still has its other keys checked")
    func unknownTypeOtherKeys() {
        let found = codes(
            of: standardYAML(fields: "  A: { type: strnig, pattern: '(', codes: nowhere, required: maybe, min: 3 }"))
        #expect(found == ["unknown-type", "invalid-pattern", "unknown-code-list", "invalid-value"], "\(found)")
    }

    @Test("a long name or pattern in an error is a short escaped excerpt")
    func longNamesExcerpted() {
        let long = String(repeating: "n", count: 50_000)
        for yaml in [
            standardYAML(fields: "  A: { codes: \(long) }"), standardYAML(fields: "  A: { pattern: '(\(long)' }"),
            standardYAML(fields: "  A: { \(long): 1 }"), standardYAML(fields: "  A: { type: \(long) }"),
        ] {
            let found = diagnostics(of: yaml)
            #expect(found.count == 1 && found[0].count < 400, "\(found.first?.prefix(120) ?? "")")
        }
    }

    @Test("a standard with thousands of mistakes prints the first 200 and a count of the rest")
    func manyMistakes() {
        let fields = (0..<1000).map { "  F\($0): { type: strnig }" }.joined(separator: "\n")
        do {
            _ = try Standard(yaml: standardYAML(fields: fields))
            Issue.record("loaded")
        } catch {
            #expect(error.diagnostics.count == 1000)
            let lines = error.description.split(separator: "\n")
            #expect(lines.count == StandardError.maxDescribed + 1)
            #expect(lines.last == "… and 800 more problems; fix these first")
        }
    }

    @Test("a used library's wrong-typed metadata is reported")
    func libraryMetadata() throws {
        let directory = try makeTemporaryDirectory()
        try write("hallmark: 1\ntitle: [not, text]\n", to: directory + "/lib.yaml")
        let found = diagnostics(of: standardYAML(fields: "  A:", extra: "uses: [lib.yaml]"), root: directory)
            .map { $0.replacingOccurrences(of: directory + "/", with: "") }
        #expect(found == ["lib.yaml:2:8: error: title must be text, not a list"])
    }
}
