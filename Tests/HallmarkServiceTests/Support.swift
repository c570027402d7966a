import Foundation
import Hallmark
import HallmarkService
import Synchronization
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The standard the service tests validate against: a code with a shape, a non-negative amount,
/// and a sensitive NHS number.
let serviceStandard = """
    hallmark: 1
    id: test.spend
    version: 1.0.0
    fields:
      CODE: { required: true, pattern: '[A-Z][0-9]{2}', help: 'A letter then two digits.' }
      AMOUNT: { type: integer, min: 0 }
      NHS: { sensitive: true, pattern: '[0-9]{10}' }
    """

/// A JSON report of `csv` checked against ``serviceStandard`` by the real validator.
func reportJSON(_ csv: String, dataset: String? = "spend") throws -> [UInt8] {
    let standard = try Standard(yaml: serviceStandard, name: "standard.yaml", root: nil)
    var report = Validator(standard: standard).validate(bytes: Array(csv.utf8), inputName: "data.csv")
    report.input.dataset = dataset
    return Array(JSONReportWriter().render(report).utf8)
}

extension ServiceConfiguration {
    /// Limits high enough for tests that send many requests from one address.
    static var relaxed: ServiceConfiguration {
        var configuration = ServiceConfiguration()
        configuration.feedbackBurst = 1000
        configuration.failedAuthBurst = 100
        return configuration
    }
}

/// `csv`'s report as JSON objects, with one member of `section` (an object, or the first rule of
/// `rules`) set to `value`: a report the validator would not write, as a hostile publisher might.
func editedReport(_ csv: String, _ section: String, _ member: String, to value: Any) throws -> [String: Any] {
    var json = try #require(try JSONSerialization.jsonObject(with: Data(reportJSON(csv))) as? [String: Any])
    if var rules = json[section] as? [[String: Any]] {
        rules[0][member] = value
        json[section] = rules
    } else {
        var object = try #require(json[section] as? [String: Any])
        object[member] = value
        json[section] = object
    }
    return json
}

/// A clock tests move by hand.
final class TestClock: Sendable {
    private let current = Mutex(Date(timeIntervalSince1970: 1_790_000_000))
    var now: Date { current.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// A real service on 127.0.0.1 (a free port) over a new store (``TestStore``: an SQLite file, or a
/// PostgreSQL database), with one dataset, its publisher's token, a second dataset of another
/// publisher, and a moderator's token.
struct RunningService {
    let base: URL
    let clock: TestClock
    let repository: SQLFeedbackRepository
    let publisherToken: String
    let otherToken: String
    let moderatorToken: String
    let store: TestStore

    /// Starts the service; `body` runs against it, and the service stops after.
    static func with<T>(
        configuration base: ServiceConfiguration = ServiceConfiguration(), storeAway: Flag? = nil,
        _ body: (RunningService) async throws -> T
    ) async throws -> T {
        let directory = NSTemporaryDirectory() + "hallmark-service-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try TestStore.make(in: directory)
        defer { store.remove() }
        let repository = try store.open(away: storeAway)
        try await repository.migrate()
        let clock = TestClock()
        try await repository.saveDataset(
            DatasetRecord(id: "spend", title: "Council spend", publisher: "Borough Council", createdAt: clock.now))
        try await repository.saveDataset(
            DatasetRecord(id: "other", title: "Other data", publisher: "Other Trust", createdAt: clock.now))
        func token(_ scope: AccessScope) async throws -> String {
            let token = PublisherToken.generate()
            try await repository.saveToken(
                StoredToken(
                    id: token.id, secretHash: token.secretHash, scope: scope, label: "test", createdAt: clock.now))
            return token.text
        }
        var configuration = base
        configuration.port = 0
        let service = try await FeedbackService(repository: repository, configuration: configuration) { clock.now }
        let port = Mutex(0)
        let task = Task {
            try await service.run { bound in port.withLock { $0 = bound } }
        }
        defer { task.cancel() }
        let deadline = Date().addingTimeInterval(20)
        while port.withLock({ $0 }) == 0 {
            guard Date() < deadline else { throw ServiceTestError.didNotStart }
            try await Task.sleep(for: .milliseconds(20))
        }
        let running = RunningService(
            base: URL(string: "http://127.0.0.1:\(port.withLock { $0 })")!, clock: clock, repository: repository,
            publisherToken: try await token(.publisher(datasets: ["spend"])),
            otherToken: try await token(.publisher(datasets: ["other"])), moderatorToken: try await token(.moderator),
            store: store)
        let result = try await body(running)
        task.cancel()
        _ = try? await task.value
        return result
    }

    /// One HTTP exchange over the loopback socket.
    func request(
        _ method: String, _ path: String, json: Any? = nil, body: [UInt8]? = nil, token: String? = nil,
        headers: [String: String] = [:]
    ) async throws -> HTTPAnswer {
        var request = URLRequest(url: URL(string: path, relativeTo: base)!)
        request.httpMethod = method
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let body { request.httpBody = Data(body) }
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await Self.session.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { fields[name.lowercased()] = value }
        }
        return HTTPAnswer(status: http.statusCode, headers: fields, body: Array(data))
    }

    /// A session that neither follows redirects' cookies on its own nor caches, and waits long for
    /// an answer: these tests check what the service does, not how fast (Benchmarks/service-load.sh
    /// measures that), and in the fresh-clone CI's run of every test at once on two cores one of
    /// 50 concurrent requests waited past URLSession's default of 60 seconds.
    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 600
        configuration.httpCookieAcceptPolicy = .never
        configuration.httpShouldSetCookies = false
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        return URLSession(configuration: configuration, delegate: NoRedirects(), delegateQueue: nil)
    }()

    /// Publishes `csv`'s report as the dataset's publisher; the outcome's JSON.
    @discardableResult
    func publish(_ csv: String, dataset: String = "spend") async throws -> [String: Any] {
        let answer = try await request(
            "POST", "/api/v1/datasets/\(dataset)/runs", body: try reportJSON(csv, dataset: dataset),
            token: publisherToken, headers: ["Content-Type": "application/json"])
        #expect(answer.status == 201, "\(answer.text)")
        return try answer.object()
    }
}

/// Answers a redirect with itself, so tests see the 303 and its Location.
final class NoRedirects: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}

enum ServiceTestError: Error { case didNotStart }

/// A response: status, headers (lower-cased names) and body.
struct HTTPAnswer {
    var status: Int
    var headers: [String: String]
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }
    func object() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
    }
    func array() throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [[String: Any]])
    }
    /// The stable error code of an error answer.
    var errorCode: String? {
        ((try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]).flatMap {
            ($0["error"] as? [String: Any])?["code"] as? String
        }
    }
}

/// A table with two broken rules: CODE's pattern (row 2) and AMOUNT's minimum (row 3).
let twoProblems = "CODE,AMOUNT,NHS\nA12,5,9434765919\nbad,7,9434765870\nB34,-3,9434765919\n"
/// The same table with only CODE broken.
let codeProblemOnly = "CODE,AMOUNT,NHS\nA12,5,9434765919\nbad,7,9434765870\nB34,3,9434765919\n"

/// Runs a program to its end, with `environment` over this process's; its status and output.
func runProgram(
    _ path: String, _ arguments: [String], environment: [String: String] = [:], in directory: String? = nil
) throws -> (status: Int32, stdout: Data, stderr: Data) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, stdout, stderr)
}
