import ArgumentParser
import Hallmark

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Print the Hallmark standard that a Frictionless Table Schema or tabular resource says."
    )

    @Argument(help: "A Table Schema (JSON or YAML) or a tabular data resource holding one.")
    var schema: String

    @Option(
        name: .long, help: "The directory every file the schema names must be inside (default: the current directory).")
    var standardsRoot: String?

    func run() throws {
        do {
            print(try Standard.hallmarkYAML(convertingFileAt: schema, root: standardsRoot), terminator: "")
        } catch {
            StandardErrorStream.write(error.description + "\n")
            throw ExitStatus.usage
        }
    }
}
