import ArgumentParser
import Foundation
import Hallmark

/// `hallmark`: validate data against a standard, or check a standard on its own.
@main
struct HallmarkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hallmark",
        abstract: "Check datasets against data standards written in YAML.",
        discussion: """
            Exit status: 0 valid; 1 findings at or above --fail-on; 2 a usage error or a standard \
            with mistakes; 3 input that cannot be read (or a report that cannot be written); 4 the \
            --timeout passed first, so part of the input is unchecked (findings at or above --fail-on \
            still exit 1).
            """,
        version: "hallmark \(Report.toolVersion)",
        subcommands: [
            ValidateCommand.self, ReportCommand.self, LintCommand.self, ConvertCommand.self, SQLCommand.self,
            SparkJobCommand.self,
            TicketsCommand.self,
            DiffCommand.self,
            PublishCommand.self, ServeCommand.self,
        ]
    )

    /// Runs the command and maps every way out to the documented exit statuses, which differ
    /// from ArgumentParser's defaults (it uses 64 for usage errors).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitStatus {
            Foundation.exit(exit.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            StandardErrorStream.write(fullMessage(for: error) + "\n")
            Foundation.exit(
                code == .validationFailure || code.rawValue == 64 ? ExitStatus.usage.rawValue : code.rawValue)
        }
    }
}

/// The standard at `path`, or its located problems on standard error and exit 2.
func loadStandard(_ path: String, root: String?) throws(ExitStatus) -> Standard {
    do {
        return try Standard(contentsOfFile: path, root: root)
    } catch {
        StandardErrorStream.write(error.description + "\n")
        throw ExitStatus.usage
    }
}

/// The documented exit statuses.
struct ExitStatus: Error, Equatable {
    let rawValue: Int32
    static let valid = ExitStatus(rawValue: 0)
    static let findings = ExitStatus(rawValue: 1)
    static let usage = ExitStatus(rawValue: 2)
    static let unreadable = ExitStatus(rawValue: 3)
    static let incomplete = ExitStatus(rawValue: 4)
}

/// Standard output, written so that a failure (a full disk, a closed pipe) is an error, not a lost report.
enum StandardOutput {
    /// Writes all of `text`; exits 3 with a message when it cannot.
    static func write(_ text: String) throws(ExitStatus) {
        var bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeMutableBytes { buffer in
                Foundation.write(1, buffer.baseAddress! + written, buffer.count - written)
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                StandardErrorStream.write(
                    "hallmark: cannot write the report to standard output: \(String(cString: strerror(errno)))\n")
                throw ExitStatus.unreadable
            }
            written += count
        }
        bytes.removeAll()
    }
}

enum StandardErrorStream {
    static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
