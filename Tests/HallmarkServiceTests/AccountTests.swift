import Foundation
import HallmarkService
import Testing

/// A browser's part in a form exchange: keeps cookies, reads the form token of the last page.
private final class FormClient {
    let service: RunningService
    var cookies: [String: String] = [:]
    var formToken = ""

    init(_ service: RunningService) { self.service = service }

    private var cookieHeader: [String: String] {
        cookies.isEmpty ? [:] : ["Cookie": cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")]
    }

    private func keep(_ answer: HTTPAnswer) {
        // URLSession on Linux joins several Set-Cookie headers with commas.
        for cookie in (answer.headers["set-cookie"] ?? "").split(separator: ",") {
            let pair = cookie.split(separator: ";").first?.split(separator: "=", maxSplits: 1)
            guard let pair, pair.count >= 1 else { continue }
            let name = pair[0].trimmingCharacters(in: .whitespaces)
            let value = pair.count > 1 ? String(pair[1]) : ""
            if value.isEmpty { cookies[name] = nil } else { cookies[name] = value }
        }
        if let token = answer.text.firstMatch(of: /name="csrf" value="([0-9a-f]+)"/)?.1 { formToken = String(token) }
    }

    @discardableResult
    func get(_ path: String) async throws -> HTTPAnswer {
        let answer = try await service.request("GET", path, headers: cookieHeader)
        keep(answer)
        return answer
    }

    @discardableResult
    func post(_ path: String, _ fields: [String: String], csrf: Bool = true) async throws -> HTTPAnswer {
        var all = fields
        if csrf { all["csrf"] = formToken }
        let body = all.map {
            "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
        }
        .joined(separator: "&")
        var headers = cookieHeader
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        let answer = try await service.request("POST", path, body: Array(body.utf8), headers: headers)
        keep(answer)
        return answer
    }
}

extension RunningService {
    /// Adds an account with a cheap bcrypt cost (the hash carries its cost; the check is the real one).
    func addAccount(_ name: String, _ scope: AccessScope, password: String = "correct horse battery") async throws {
        try await repository.saveAccount(
            AccountRecord(name: name, scope: scope, createdAt: clock.now),
            passwordHash: Passwords.hash(password, cost: 4))
    }
}

@Suite("Accounts: publishers and moderators signed in to the pages")
struct AccountTests {
    @Test("a publisher signs in, sets a status and replies through the ticket page; signing out ends the session")
    func publisherView() async throws {
        try await RunningService.with { service in
            try await service.addAccount("jane", .publisher(datasets: ["spend"]))
            let outcome = try await service.publish(twoProblems)
            let ticket = try #require((outcome["opened"] as? [String])?.first)
            let question = try await service.request(
                "POST", "/api/v1/datasets/spend/feedback",
                json: ["target": ["type": "ticket", "ticket": ticket], "kind": "question", "body": "Why negative?"])
            let questionID = try #require(try question.object()["id"] as? Int)
            let browser = FormClient(service)
            var page = try await browser.get("/datasets/spend/tickets/\(ticket)")
            #expect(!page.text.contains("Publisher actions"))
            try await browser.get("/login")
            var answer = try await browser.post("/login", ["name": "jane", "password": "wrong password!"])
            #expect(answer.status == 401)
            #expect(answer.text.contains("The name or the password is wrong."))
            answer = try await browser.post(
                "/login",
                ["name": "jane", "password": "correct horse battery", "next": "/datasets/spend/tickets/\(ticket)"])
            #expect(answer.status == 303)
            #expect(answer.headers["location"] == "/datasets/spend/tickets/\(ticket)")
            #expect(browser.cookies["hallmark_session"] != nil)
            page = try await browser.get("/datasets/spend/tickets/\(ticket)")
            #expect(page.text.contains("Publisher actions"))
            #expect(page.text.contains("Sign out jane"))
            answer = try await browser.post(
                "/datasets/spend/tickets/\(ticket)/status", ["status": "wont-fix", "reason": "Refunds are negative"])
            #expect(answer.status == 303)
            answer = try await browser.post(
                "/datasets/spend/replies", ["inReplyTo": String(questionID), "body": "They are refunds."])
            #expect(answer.status == 303)
            let detail = try await service.request("GET", "/api/v1/datasets/spend/tickets/\(ticket)").object()
            #expect((detail["ticket"] as? [String: Any])?["status"] as? String == "wont-fix")
            #expect((detail["history"] as? [[String: Any]])?.last?["by"] as? String == "Borough Council")
            #expect((detail["history"] as? [[String: Any]])?.last?["agent"] as? String == "jane")
            let thread = try #require(detail["feedback"] as? [[String: Any]])
            #expect(thread.last?["organisation"] as? String == "Borough Council")
            #expect(thread.last?["inReplyTo"] as? Int == questionID)
            // Feedback about the dataset is answered from the dataset page.
            let aboutDataset = try await service.request(
                "POST", "/api/v1/datasets/spend/feedback",
                json: ["target": ["type": "column", "column": "AMOUNT"], "kind": "question", "body": "Pounds?"])
            let aboutID = try #require(try aboutDataset.object()["id"] as? Int)
            let datasetPage = try await browser.get("/datasets/spend")
            #expect(datasetPage.text.contains("Publisher actions"))
            answer = try await browser.post(
                "/datasets/spend/replies", ["inReplyTo": String(aboutID), "body": "Pounds."])
            #expect(answer.headers["location"]?.hasPrefix("/datasets/spend#feedback-") == true)
            // A duplicate merged from the page.
            let again = try await service.request(
                "POST", "/api/v1/datasets/spend/feedback",
                json: ["target": ["type": "ticket", "ticket": ticket], "kind": "question", "body": "Why below zero?"])
            let againID = try #require(try again.object()["id"] as? Int)
            try await browser.get("/datasets/spend/tickets/\(ticket)")
            answer = try await browser.post(
                "/datasets/spend/merges", ["duplicate": String(againID), "into": String(questionID)])
            #expect(answer.status == 303)
            #expect(try await service.repository.feedback(Int64(againID))?.mergedInto == Int64(questionID))
            answer = try await browser.post(
                "/datasets/spend/merges", ["duplicate": String(questionID), "into": String(questionID)])
            #expect(answer.status == 409)
            // Without the form token, nothing happens.
            answer = try await browser.post("/datasets/spend/tickets/\(ticket)/status", ["status": "open"], csrf: false)
            #expect(answer.status == 403)
            // Another publisher's dataset is out of reach.
            answer = try await browser.post(
                "/datasets/other/tickets/\(ticket)/status", ["status": "acknowledged"])
            #expect(answer.status == 403)
            let session = try #require(browser.cookies["hallmark_session"])
            answer = try await browser.post("/logout", [:])
            #expect(answer.status == 303)
            // The old cookie no longer signs anyone in.
            let replayed = try await service.request(
                "GET", "/datasets/spend/tickets/\(ticket)", headers: ["Cookie": "hallmark_session=\(session)"])
            #expect(!replayed.text.contains("Publisher actions"))
        }
    }

    @Test("a moderator signs in to the queue and clears a held item; others cannot see the queue")
    func moderatorQueue() async throws {
        try await RunningService.with { service in
            try await service.addAccount("mo", .moderator)
            try await service.addAccount("jane", .publisher(datasets: ["spend"]))
            let spam = try await service.request(
                "POST", "/api/v1/datasets/spend/feedback",
                json: [
                    "target": ["type": "dataset"], "kind": "problem",
                    "body": "casino bonus https://a.example https://b.example https://c.example",
                ])
            let id = try #require(try spam.object()["id"] as? Int)
            let stranger = FormClient(service)
            #expect(try await stranger.get("/moderation").status == 303)
            let publisher = FormClient(service)
            try await publisher.get("/login")
            try await publisher.post("/login", ["name": "jane", "password": "correct horse battery"])
            #expect(try await publisher.get("/moderation").status == 403)
            let moderator = FormClient(service)
            try await moderator.get("/login")
            let signedIn = try await moderator.post("/login", ["name": "mo", "password": "correct horse battery"])
            #expect(signedIn.headers["location"] == "/moderation")
            let queue = try await moderator.get("/moderation")
            #expect(queue.text.contains("casino bonus"))
            #expect(queue.text.contains("Clear #\(id)"))
            let cleared = try await moderator.post("/moderation/\(id)", ["state": "cleared"])
            #expect(cleared.status == 303)
            let shown = try await service.request("GET", "/api/v1/datasets/spend/feedback").object()
            #expect(shown["total"] as? Int == 1)
        }
    }

    @Test(
        "failed sign-ins past the allowance answer 429; a redirect never leaves the site; disabled accounts cannot sign in"
    )
    func signInLimits() async throws {
        try await RunningService.with { service in
            try await service.addAccount("jane", .publisher(datasets: ["spend"]))
            let browser = FormClient(service)
            try await browser.get("/login")
            var statuses: [Int] = []
            for _ in 0..<6 {
                statuses.append(
                    try await browser.post("/login", ["name": "jane", "password": "guess guess guess"]).status)
            }
            #expect(statuses == [401, 401, 401, 401, 401, 429])
            // Past the allowance no password is checked, the right one included, until the address waits.
            var answer = try await browser.post("/login", ["name": "jane", "password": "correct horse battery"])
            #expect(answer.status == 429)
            service.clock.advance(60)
            // bcrypt reads 72 bytes: a longer password is refused, not cut.
            answer = try await browser.post(
                "/login", ["name": "jane", "password": "correct horse battery" + String(repeating: "x", count: 60)])
            #expect(answer.status == 401)
            service.clock.advance(60)
            answer = try await browser.post(
                "/login", ["name": "jane", "password": "correct horse battery", "next": "//evil.example/"])
            #expect(answer.status == 303)
            #expect(answer.headers["location"] == "/")
            // Signed in shows on every page.
            #expect(try await browser.get("/").text.contains("Sign out jane"))
            #expect(try await service.repository.disableAccount(named: "jane", at: service.clock.now))
            let page = try await browser.get("/datasets/spend")
            #expect(!page.text.contains("Sign out jane"))
            let again = try await FormClient(service).post("/login", ["name": "jane"], csrf: false)
            #expect(again.status == 403)
        }
    }
}
