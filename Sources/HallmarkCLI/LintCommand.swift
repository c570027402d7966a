import ArgumentParser
import Hallmark

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check standards (and the files they use) without data: every mistake, each as file:line:column."
    )

    @Argument(
        help: "One or more standards (.yaml files, or Frictionless Table Schemas, resources and data packages).")
    var standards: [String]

    @Option(
        name: .long,
        help:
            "The directory every file a standard names (uses:, code-list file:) must be inside (default: the current directory)."
    )
    var standardsRoot: String?

    @Flag(name: .long, help: "Exit 2 when there are warnings, as for errors.")
    var warningsAsErrors = false

    func run() throws {
        var failed = false
        for path in standards {
            do {
                // ✓ loads cleanly; ⚠ loads with warnings; ✗ (under --warnings-as-errors) fails on them.
                func mark(_ warnings: [StandardDiagnostic]) -> String {
                    warnings.isEmpty ? "✓" : warningsAsErrors ? "✗" : "⚠"
                }
                let warnings: [StandardDiagnostic]
                if StandardLibrary.isLibrary(path: path) {
                    let library = try StandardLibrary(contentsOfFile: path, root: standardsRoot)
                    let mark = mark(library.warnings)
                    print(
                        "\(mark) \(TextExcerpt.escaped(path)): library — \(library.formats.count) formats, \(library.codeLists.count) code lists"
                    )
                    warnings = library.warnings
                } else if DataPackage.isDescriptor(atPath: path) {
                    // Every tabular resource's schema, each as the standard it becomes.
                    let package = try DataPackage(contentsOfFile: path, root: standardsRoot)
                    warnings = package.resources.flatMap(\.standard.warnings)
                    let count = package.resources.count
                    print(
                        TextExcerpt.escaped("\(mark(warnings)) \(path): Frictionless data package")
                            + " — \(count) tabular \(count == 1 ? "resource" : "resources")"
                            + (package.skipped.isEmpty ? "" : ", \(package.skipped.count) skipped"))
                    for resource in package.resources {
                        let standard = resource.standard
                        print(
                            TextExcerpt.escaped("  \(resource.name): \(resource.path)")
                                + " — \(standard.fields.count) \(standard.fields.count == 1 ? "field" : "fields"), "
                                + "\(Validator(standard: standard).rules.count) rules")
                    }
                    for skipped in package.skipped {
                        print(TextExcerpt.escaped("  \(skipped.name): skipped, \(skipped.reason)"))
                    }
                } else {
                    let standard = try Standard(contentsOfFile: path, root: standardsRoot)
                    let mark = mark(standard.warnings)
                    let title = standard.title.map { " (\($0))" } ?? ""
                    let origin = standard.origin.formatName.map { ", read from a \($0)" } ?? ""
                    print(
                        TextExcerpt.escaped("\(mark) \(path): \(standard.id) \(standard.version)\(title)")
                            + " — \(standard.fields.count) \(standard.fields.count == 1 ? "field" : "fields"), "
                            + "\(Validator(standard: standard).rules.count) rules\(origin)")
                    warnings = standard.warnings
                }
                for warning in warnings { StandardErrorStream.write(warning.description + "\n") }
                if warningsAsErrors && !warnings.isEmpty { failed = true }
            } catch {
                failed = true
                StandardErrorStream.write(error.description + "\n")
            }
        }
        if failed { throw ExitStatus.usage }
    }
}
