import ArgumentParser
import Foundation
import Hallmark

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `hallmark publish REPORT.json --server URL --dataset ID`: uploads a run to the feedback service
/// from CI, with the publisher's token from `HALLMARK_TOKEN`.
struct PublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publish a JSON report to a feedback service (token in HALLMARK_TOKEN).",
        discussion: """
            The service keeps the run, opens tickets for new problems, reopens fixed ones that came \
            back and fixes those the run no longer has. Exit status: 0 published; 2 a usage error or a \
            file that is not a report; 3 the report or the service cannot be reached, or the service refused it.
            """)

    @Argument(help: "The JSON report (hallmark validate --format json).")
    var report: String

    @Option(help: "The service's address, such as https://quality.example.org.")
    var server: String

    @Option(help: "The dataset's id on the service.")
    var dataset: String

    func run() async throws {
        guard let token = ProcessInfo.processInfo.environment["HALLMARK_TOKEN"], !token.isEmpty else {
            StandardErrorStream.write(
                "hallmark: set HALLMARK_TOKEN to the publisher's token (hallmark serve tokens create)\n")
            throw ExitStatus.usage
        }
        guard let base = URL(string: server), ["http", "https"].contains(base.scheme?.lowercased() ?? ""),
            base.host != nil
        else {
            StandardErrorStream.write("hallmark: --server must be an http or https address\n")
            throw ExitStatus.usage
        }
        guard let bytes = FileManager.default.contents(atPath: report) else {
            StandardErrorStream.write("hallmark: cannot read report \(TextExcerpt.path(report))\n")
            throw ExitStatus.unreadable
        }
        do {
            _ = try Report(json: Array(bytes))
        } catch {
            StandardErrorStream.write("hallmark: \(TextExcerpt.path(report)) is \(error.message)\n")
            throw ExitStatus.usage
        }
        // The id is one path segment, percent-encoded once (a space, a slash or a '&' included).
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        var components = URLComponents(url: base, resolvingAgainstBaseURL: false)
        let prefix = components?.percentEncodedPath.hasSuffix("/") == true ? "" : "/"
        components?.percentEncodedPath +=
            prefix + "api/v1/datasets/\(dataset.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")/runs"
        guard let url = components?.url else {
            StandardErrorStream.write("hallmark: --server and --dataset do not make an address\n")
            throw ExitStatus.usage
        }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.httpBody = bytes
        request.timeoutInterval = 120
        let (body, response): (Data, URLResponse)
        do {
            (body, response) = try await URLSession.shared.data(for: request)
        } catch {
            StandardErrorStream.write(
                "hallmark: cannot reach \(TextExcerpt.quoted(server)): \(error.localizedDescription)\n")
            throw ExitStatus.unreadable
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let json = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        guard status == 201, let json, let run = json["run"] as? [String: Any] else {
            let error = json?["error"] as? [String: Any]
            let code = error?["code"] as? String ?? "http-\(status)"
            let message = error?["message"] as? String ?? "the service answered \(status)"
            StandardErrorStream.write(
                "hallmark: the service refused the run: \(code): \(TextExcerpt.quoted(message))\n")
            throw ExitStatus.unreadable
        }
        func count(_ key: String) -> Int { (json[key] as? [Any])?.count ?? 0 }
        try StandardOutput.write(
            "published run \(run["id"] as? Int ?? 0) of \(dataset): \(count("opened")) tickets opened, "
                + "\(count("reopened")) reopened, \(count("seen")) still open, \(count("fixed")) fixed\n")
    }
}
