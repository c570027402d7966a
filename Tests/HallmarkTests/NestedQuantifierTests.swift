import Testing

@testable import Hallmark

@Suite("Nested quantifiers: the lint warning for patterns prone to exponential backtracking")
struct NestedQuantifierTests {
    @Test(
        "a repetition repeated is found, at its outer quantifier",
        arguments: [
            ("(a+)+$", 4), ("(a*)*", 4), ("^(\\d+,?)*$", 8), ("((ab)+c)+", 8), ("(a{1,5})+", 8), ("(?:x+y?)*z", 8),
            ("([a-z]+)+", 8), ("(a+){2,}", 4), ("(a+?)+", 5), ("(a+)*?", 4), ("(.*a){12}", 5), ("(x(a*))+", 7),
        ])
    func nested(pattern: String, offset: Int) {
        #expect(NestedQuantifier.find(in: pattern) == offset)
    }

    @Test(
        "single repetitions, bounded ones, atomic groups, possessives, escapes and classes are left alone",
        arguments: [
            "[A-Z]{2}[0-9]+", "(ab)+", "(a+)", "(a+){2}", "(a+)?", "(?>a+)+", "(a++)+", "\\(a+\\)+", "[(a+)]+",
            "\\Q(a+)+\\E", "(?#(a+)+)x", "(a{3})+", "(a?)+", "([A-Z]{1,2}[0-9]) ?([0-9][A-Z]{2})", "a{,3}+", "{x}",
            "([A-Z]{1,2}[0-9]){3}",
            "10\\.[0-9]{4,9}(?:\\.[0-9]++)*/\\S+", "(*UTF)(?>[a-z](?:[a-z-]*[a-z])?\\.)+[a-z]{2,63}",
        ])
    func notNested(pattern: String) {
        #expect(NestedQuantifier.find(in: pattern) == nil)
    }

    @Test("a standard with such a pattern loads, with a located warning")
    func loaderWarning() throws {
        // `(a+)+` alone is matched by its byte automaton, which cannot backtrack: no warning.
        let standard = try loadStandard(
            standardYAML(fields: "  A: { pattern: '(a+)+$' }\n  B: { pattern: 'b+' }\n  C: { pattern: '(c+)+' }"))
        #expect(standard.warnings.map(\.description).count == 1)
        let warning = try #require(standard.warnings.first)
        #expect(warning.code == .nestedQuantifier && warning.severity == .warning)
        #expect(warning.description.hasPrefix("standard.yaml:6:17: warning: pattern '(a+)+$' repeats a repetition"))
    }
}
