import Foundation
import HallmarkService
import Testing

/// Debian's chromium and chromium-driver, when installed.
private let browser: (chromium: String, driver: String)? = {
    let chromium = [ProcessInfo.processInfo.environment["HALLMARK_CHROMIUM"], "/usr/bin/chromium"].compactMap { $0 }
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    let driver = ["/usr/bin/chromedriver"].first { FileManager.default.isExecutableFile(atPath: $0) }
    guard let chromium, let driver, FileManager.default.isExecutableFile(atPath: "/usr/bin/curl") else { return nil }
    return (chromium, driver)
}()

/// A WebDriver session in headless Chromium, through chromedriver over HTTP on 127.0.0.1. Every
/// host but 127.0.0.1 resolves to nothing, and the browser's console and network logs are kept.
private final class BrowserSession {
    private var driver = Process()
    private var base = URL(string: "http://127.0.0.1")!
    private var session = ""

    init() async throws {
        // A port another process holds makes chromedriver exit at once: then it starts again on
        // another, at most five times (a driver that cannot run at all exits every time). A loaded
        // machine may take many seconds to start it at all.
        let deadline = Date().addingTimeInterval(60)
        var attempts = 0
        starting: while true {
            attempts += 1
            let port = Int.random(in: 10_000..<30_000)  // below Linux's ephemeral ports (32768 up)
            driver = Process()
            driver.executableURL = URL(fileURLWithPath: browser!.driver)
            driver.arguments = ["--port=\(port)"]
            driver.standardOutput = FileHandle.nullDevice
            driver.standardError = FileHandle.nullDevice
            try driver.run()
            base = URL(string: "http://127.0.0.1:\(port)")!
            while true {
                // Ready only while ours runs: another chromedriver may hold the port and answer.
                if !driver.isRunning {
                    guard attempts < 5, Date() < deadline else {
                        throw BrowserError.driver("chromedriver exited with status \(driver.terminationStatus)")
                    }
                    continue starting
                }
                if await isReady(), driver.isRunning { break starting }
                guard Date() < deadline else {
                    await close()
                    throw BrowserError.driverDidNotStart
                }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        let profile = NSTemporaryDirectory() + "hallmark-chromium-" + UUID().uuidString
        let created = try await call(
            "POST", "/session",
            [
                "capabilities": [
                    "alwaysMatch": [
                        "browserName": "chrome",
                        "goog:chromeOptions": [
                            "binary": browser!.chromium,
                            "args": [
                                "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                "--user-data-dir=\(profile)", "--window-size=1280,900",
                                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                            ],
                        ],
                        "goog:loggingPrefs": ["browser": "ALL", "performance": "ALL"],
                    ]
                ]
            ])
        session = try #require((created["value"] as? [String: Any])?["sessionId"] as? String)
        // Chromium's own start page logs and loads chrome:// resources; begin with those drained.
        try await open("about:blank")
        _ = try await consoleMessages()
        _ = try await requestedURLs()
    }

    private func isReady() async -> Bool {
        (try? await call("GET", "/status")) != nil
    }

    /// Ends the session (chromedriver quits the browser), then chromedriver itself, which
    /// ignores SIGTERM.
    func close() async {
        if !session.isEmpty { _ = try? await call("DELETE", "/session/\(session)") }
        kill(driver.processIdentifier, SIGKILL)
        driver.waitUntilExit()
    }

    /// One WebDriver command. Through curl: chromedriver writes headers without a space after the
    /// colon, which Foundation's URLSession on Linux refuses.
    @discardableResult
    func call(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments =
            ["-s", "-m", "60", "-X", method, "-w", "\n%{http_code}", base.absoluteString + path]
            + (body == nil ? [] : ["-H", "Content-Type: application/json", "--data-binary", "@-"])
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        if let body { input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: body)) }
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard let split = text.lastIndex(of: "\n"), text[text.index(after: split)...] == "200",
            let object = try JSONSerialization.jsonObject(with: Data(text[..<split].utf8)) as? [String: Any]
        else { throw BrowserError.driver(String(text.prefix(500))) }
        return object
    }

    func open(_ url: String) async throws { try await call("POST", "/session/\(session)/url", ["url": url]) }

    var currentURL: String {
        get async throws { try await call("GET", "/session/\(session)/url")["value"] as? String ?? "" }
    }

    var source: String {
        get async throws { try await call("GET", "/session/\(session)/source")["value"] as? String ?? "" }
    }

    func element(_ selector: String) async throws -> String {
        let found = try await call(
            "POST", "/session/\(session)/element", ["using": "css selector", "value": selector])
        return try #require((found["value"] as? [String: Any])?.values.first as? String)
    }

    func type(_ text: String, into selector: String) async throws {
        try await call("POST", "/session/\(session)/element/\(try await element(selector))/value", ["text": text])
    }

    /// Whether the page comes to contain `text` within 10 seconds: a form's redirect can still be
    /// loading when chromedriver answers the click.
    func waitForSource(containing text: String) async throws -> Bool {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if try await source.contains(text) { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    /// The page's address once it contains `text`, or as it is after 10 seconds: like
    /// ``waitForSource(containing:)``, for a form's redirect. Every form the test submits is
    /// followed by one of the two waits.
    func waitForURL(containing text: String) async throws -> String {
        let deadline = Date().addingTimeInterval(10)
        var url = try await currentURL
        while !url.contains(text), Date() < deadline {
            try await Task.sleep(for: .milliseconds(50))
            url = try await currentURL
        }
        return url
    }

    func click(_ selector: String) async throws {
        try await call("POST", "/session/\(session)/element/\(try await element(selector))/click", [:])
    }

    func resize(width: Int, height: Int) async throws {
        try await call("POST", "/session/\(session)/window/rect", ["width": width, "height": height])
    }

    func screenshot(to path: String) async throws {
        let shot = try await call("GET", "/session/\(session)/screenshot")
        let data = try #require(Data(base64Encoded: shot["value"] as? String ?? ""))
        try data.write(to: URL(fileURLWithPath: path))
    }

    /// Console messages since the last call.
    func consoleMessages() async throws -> [String] {
        let log = try await call("POST", "/session/\(session)/se/log", ["type": "browser"])
        return (log["value"] as? [[String: Any]] ?? []).map { "\($0["level"] ?? ""): \($0["message"] ?? "")" }
    }

    /// Every URL the browser asked for since the last call.
    func requestedURLs() async throws -> [String] {
        let log = try await call("POST", "/session/\(session)/se/log", ["type": "performance"])
        return (log["value"] as? [[String: Any]] ?? []).compactMap { entry in
            guard let text = entry["message"] as? String,
                let message = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any],
                let inner = message["message"] as? [String: Any],
                inner["method"] as? String == "Network.requestWillBeSent"
            else { return nil }
            return ((inner["params"] as? [String: Any])?["request"] as? [String: Any])?["url"] as? String
        }
    }
}

private enum BrowserError: Error {
    case driverDidNotStart
    case driver(String)
}

@Suite(
    "The service's pages in a real headless Chromium",
    .enabled(
        if: browser != nil,
        "no chromium, chromedriver or curl: scripts/test installs Debian's chromium and chromium-driver (scripts/install-deps --test)"
    ))
struct BrowserTests {
    @Test("each page loads with no console message and no request to another origin; feedback filed through the form")
    func pagesAndForm() async throws {
        try await RunningService.with { service in
            let outcome = try await service.publish(twoProblems)
            let ticket = try #require((outcome["opened"] as? [String])?.first)
            let browser = try await BrowserSession()
            do {
                let origin = service.base.absoluteString
                let pages = [
                    ("home", "/"), ("dataset", "/datasets/spend"), ("ticket", "/datasets/spend/tickets/\(ticket)"),
                    ("known-issues", "/datasets/spend/known-issues"),
                ]
                let shots =
                    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                    .deletingLastPathComponent().path + "/.build/service-screenshots"
                try FileManager.default.createDirectory(atPath: shots, withIntermediateDirectories: true)
                for (name, path) in pages {
                    for (width, height, size) in [(390, 844, "phone"), (1280, 900, "desktop")] {
                        try await browser.resize(width: width, height: height)
                        try await browser.open(origin + path)
                        try await browser.screenshot(to: "\(shots)/\(name)-\(size).png")
                    }
                    let console = try await browser.consoleMessages()
                    #expect(console.isEmpty, "\(path): \(console)")
                    let foreign = try await browser.requestedURLs().filter { !$0.hasPrefix(origin) }
                    #expect(foreign.isEmpty, "\(path): \(foreign)")
                }

                // A data user files a question through the ticket page's form.
                try await browser.open(origin + "/datasets/spend/tickets/\(ticket)")
                try await browser.click("#kind-question")
                try await browser.type("Is row 3 from the old system?", into: "#body")
                try await browser.type("reader@example.org", into: "#email")
                try await browser.click("button[type=submit]")
                let landed = try await browser.waitForURL(containing: "/datasets/spend/tickets/\(ticket)#feedback-")
                #expect(landed.contains("/datasets/spend/tickets/\(ticket)#feedback-"), "\(landed)")
                let page = try await browser.source
                #expect(page.contains("Is row 3 from the old system?"))
                #expect(page.contains("not checked by a moderator"))
                #expect(!page.contains("reader@example.org"))
                #expect(try await browser.consoleMessages().isEmpty)
                let stored = try await service.request("GET", "/api/v1/datasets/spend/feedback").object()
                #expect(stored["total"] as? Int == 1)
                #expect((stored["items"] as? [[String: Any]])?.first?["wantsReplies"] as? Bool == true)

                // The publisher signs in and acknowledges the ticket from its page.
                try await service.addAccount("jane", .publisher(datasets: ["spend"]))
                try await browser.open(origin + "/login?next=/datasets/spend/tickets/\(ticket)")
                try await browser.type("jane", into: "#name")
                try await browser.type("correct horse battery", into: "#password")
                try await browser.click("form[action='/login'] button")
                #expect(try await browser.waitForSource(containing: "Publisher actions"))
                for (width, height, size) in [(390, 844, "phone"), (1280, 900, "desktop")] {
                    try await browser.resize(width: width, height: height)
                    try await browser.screenshot(to: "\(shots)/ticket-publisher-\(size).png")
                }
                try await browser.click("#status option[value='acknowledged']")
                try await browser.click("form[action$='/status'] button")
                #expect(try await browser.waitForURL(containing: "#history").hasSuffix("#history"))
                let detail = try await service.request("GET", "/api/v1/datasets/spend/tickets/\(ticket)").object()
                #expect((detail["ticket"] as? [String: Any])?["status"] as? String == "acknowledged")
                let console = try await browser.consoleMessages()
                #expect(console.isEmpty, "\(console)")
                let foreign = try await browser.requestedURLs().filter { !$0.hasPrefix(origin) }
                #expect(foreign.isEmpty, "\(foreign)")
            } catch {
                await browser.close()
                throw error
            }
            await browser.close()
        }
    }
}
