import ArgumentParser
import Hallmark

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check standards (and the files they use) without data: every mistake, each as file:line:column."
    )

    @Argument(help: "One or more standards (.yaml files).")
    var standards: [String]

    @Option(
        name: .long,
        help:
            "The directory every file a standard names (uses:, code-list file:) must be inside (default: the current directory)."
    )
    var standardsRoot: String?

    func run() throws {
        var failed = false
        for path in standards {
            do {
                if StandardLibrary.isLibrary(path: path) {
                    let library = try StandardLibrary(contentsOfFile: path, root: standardsRoot)
                    print(
                        "✓ \(TextExcerpt.escaped(path)): library — \(library.formats.count) formats, \(library.codeLists.count) code lists"
                    )
                    continue
                }
                let standard = try Standard(contentsOfFile: path, root: standardsRoot)
                let title = standard.title.map { " (\($0))" } ?? ""
                print(
                    TextExcerpt.escaped("✓ \(path): \(standard.id) \(standard.version)\(title)")
                        + " — \(standard.fields.count) fields, "
                        + "\(Validator(standard: standard).rules.count) rules")
            } catch {
                failed = true
                StandardErrorStream.write(error.description + "\n")
            }
        }
        if failed { throw ExitStatus.usage }
    }
}
