import ArgumentParser
import Foundation
import Hallmark

/// `hallmark serve …` runs `hallmark-serve …` from beside this executable, so the validator's own
/// binary carries no web stack (the service is its own product: `swift build --product hallmark-serve`).
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the feedback service (the hallmark-serve executable; see hallmark serve --help).")

    @Argument(parsing: .captureForPassthrough, help: "Passed to hallmark-serve.")
    var arguments: [String] = []

    func run() throws {
        let here =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        let server = URL(fileURLWithPath: here).deletingLastPathComponent().appendingPathComponent("hallmark-serve")
            .path
        guard FileManager.default.isExecutableFile(atPath: server) else {
            StandardErrorStream.write(
                "hallmark: the feedback service is a separate executable, hallmark-serve, not found beside this one; "
                    + "build it with: swift build -c release --product hallmark-serve\n")
            throw ExitStatus.usage
        }
        let argv = [server] + arguments
        var cArguments = argv.map { strdup($0) }
        cArguments.append(nil)
        execv(server, cArguments)
        StandardErrorStream.write(
            "hallmark: cannot run \(TextExcerpt.path(server)): \(String(cString: strerror(errno)))\n")
        throw ExitStatus.unreadable
    }
}
