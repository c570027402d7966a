import Foundation
import HallmarkService
import Testing

@Suite("Tokens, forms, limits and hostile input")
struct SecurityTests {
    @Test("no token, a wrong token, another publisher's token and a revoked token are refused")
    func authFailures() async throws {
        try await RunningService.with(configuration: .relaxed) { service in
            let report = try reportJSON(twoProblems)
            func publish(_ token: String?) async throws -> HTTPAnswer {
                try await service.request(
                    "POST", "/api/v1/datasets/spend/runs", body: report, token: token,
                    headers: ["Content-Type": "application/json"])
            }
            var answer = try await publish(nil)
            #expect(answer.status == 401)
            #expect(answer.errorCode == "token-required")
            let forged = "hmk_" + service.publisherToken.dropFirst(4).prefix(13) + String(repeating: "A", count: 43)
            answer = try await publish(forged)
            #expect(answer.status == 401)
            #expect(answer.errorCode == "token-invalid")
            answer = try await publish("not a token at all")
            #expect(answer.errorCode == "token-invalid")
            answer = try await publish(service.otherToken)
            #expect(answer.status == 403)
            #expect(answer.errorCode == "token-scope")
            answer = try await publish(service.moderatorToken)
            #expect(answer.status == 403)
            let id = String(service.publisherToken.dropFirst(4).prefix(12))
            #expect(try await service.repository.revokeToken(id, at: service.clock.now))
            answer = try await publish(service.publisherToken)
            #expect(answer.status == 401)
            #expect(answer.errorCode == "token-invalid")
            // Nothing was published.
            let runs = try await service.request("GET", "/api/v1/datasets/spend/runs").object()
            #expect(runs["total"] as? Int == 0)
        }
    }

    @Test("failed token checks past the limit answer 429 with Retry-After")
    func failedAuthLimit() async throws {
        try await RunningService.with { service in
            var last: HTTPAnswer?
            for _ in 0..<6 {
                last = try await service.request(
                    "POST", "/api/v1/datasets/spend/runs", json: [:],
                    token: "hmk_000000000000_" + String(repeating: "x", count: 43))
            }
            #expect(last?.status == 429)
            #expect(last?.errorCode == "rate-limited")
            #expect(Int(last?.headers["retry-after"] ?? "") ?? 0 > 0)
            // A stranger's guesses never lock the publisher out; the scheme's case does not matter.
            let answer = try await service.request(
                "POST", "/api/v1/datasets/spend/runs", body: try reportJSON(twoProblems),
                headers: ["Content-Type": "application/json", "Authorization": "bearer " + service.publisherToken])
            #expect(answer.status == 201)
        }
    }

    @Test("concurrent failed checks get exactly the allowance of 401s; behind a trusted proxy, clients count apart")
    func failedAuthIsCountedOnce() async throws {
        var configuration = ServiceConfiguration()
        configuration.trustForwardedFor = true
        try await RunningService.with(configuration: configuration) { service in
            let bad = "hmk_000000000000_" + String(repeating: "x", count: 43)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        try await service.request(
                            "GET", "/api/v1/datasets/spend/notifications", token: bad,
                            headers: ["X-Forwarded-For": "203.0.113.9"]
                        ).status
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 401 }.count == 5)
            #expect(statuses.filter { $0 == 429 }.count == 15)
            let elsewhere = try await service.request(
                "GET", "/api/v1/datasets/spend/notifications", token: bad,
                headers: ["X-Forwarded-For": "203.0.113.9, 198.51.100.7"])
            #expect(elsewhere.status == 401)
        }
    }

    @Test("feedback past the per-address limit answers 429 with Retry-After")
    func feedbackLimit() async throws {
        try await RunningService.with { service in
            var statuses: [Int] = []
            for index in 0..<6 {
                statuses.append(
                    try await service.request(
                        "POST", "/api/v1/datasets/spend/feedback",
                        json: ["target": ["type": "dataset"], "kind": "question", "body": "Question number \(index)"]
                    ).status)
            }
            #expect(statuses == [201, 201, 201, 201, 201, 429])
            service.clock.advance(60)
            let later = try await service.request(
                "POST", "/api/v1/datasets/spend/feedback",
                json: ["target": ["type": "dataset"], "kind": "question", "body": "A minute later"])
            #expect(later.status == 201)
        }
    }

    @Test("a form post needs its cookie and token, and must not come from another site")
    func forms() async throws {
        try await RunningService.with { service in
            let page = try await service.request("GET", "/datasets/spend")
            let cookie = try #require(page.headers["set-cookie"]?.split(separator: ";").first.map(String.init))
            #expect(page.headers["set-cookie"]?.contains("SameSite=Strict") == true)
            #expect(page.headers["set-cookie"]?.contains("HttpOnly") == true)
            let token = try #require(page.text.firstMatch(of: /name="csrf" value="([0-9a-f]+)"/)?.1)
            func post(_ fields: String, cookie: String?, site: String? = nil) async throws -> HTTPAnswer {
                var headers = ["Content-Type": "application/x-www-form-urlencoded"]
                if let cookie { headers["Cookie"] = cookie }
                if let site { headers["Sec-Fetch-Site"] = site }
                return try await service.request(
                    "POST", "/datasets/spend/feedback", body: Array(fields.utf8), headers: headers)
            }
            let fields = "target=dataset&kind=question&body=Is+VAT+included%3F"
            var answer = try await post(fields, cookie: cookie)
            #expect(answer.status == 403)
            #expect(answer.text.contains("reload the page"))
            answer = try await post(fields + "&csrf=" + token, cookie: nil)
            #expect(answer.status == 403)
            answer = try await post(fields + "&csrf=" + token, cookie: cookie, site: "cross-site")
            #expect(answer.status == 403)
            answer = try await post(
                fields + "&csrf=" + token, cookie: "hallmark_form=" + String(repeating: "0", count: 32))
            #expect(answer.status == 403)
            answer = try await post(fields + "&csrf=" + token, cookie: cookie, site: "same-origin")
            #expect(answer.status == 303)
            #expect(answer.headers["location"]?.hasPrefix("/datasets/spend#feedback-") == true)
            let list = try await service.request("GET", "/api/v1/datasets/spend/feedback").object()
            #expect((list["items"] as? [[String: Any]])?.first?["body"] as? String == "Is VAT included?")
        }
    }

    @Test("with a public https address: a Secure cookie and absolute feed links")
    func publicURL() async throws {
        var configuration = ServiceConfiguration()
        configuration.publicURL = "https://quality.example.org/"
        try await RunningService.with(configuration: configuration) { service in
            try await service.publish(twoProblems)
            let page = try await service.request("GET", "/datasets/spend")
            #expect(page.headers["set-cookie"]?.contains("; Secure") == true)
            let feed = try await service.request("GET", "/datasets/spend/feed.atom")
            #expect(feed.text.contains("href=\"https://quality.example.org/datasets/spend/tickets/"))
            #expect(!feed.text.contains("org//datasets"))
        }
    }

    @Test("script tags are shown as text; 10 MB, invalid UTF-8 and bidi overrides are refused")
    func hostileInput() async throws {
        try await RunningService.with(configuration: .relaxed) { service in
            let script = "<script>alert('x')</script><img src=x onerror=alert(1)>"
            var answer = try await service.request(
                "POST", "/api/v1/datasets/spend/feedback",
                json: ["target": ["type": "column", "column": script], "kind": "problem", "body": script])
            #expect(answer.status == 201)
            let outcome = try await service.publish(
                "CODE,AMOUNT,NHS\n\(script.replacingOccurrences(of: ",", with: ";")),1,\n")
            let ticket = try #require((outcome["opened"] as? [String])?.first)
            _ = try await service.request(
                "POST", "/api/v1/datasets/spend/feedback",
                json: ["target": ["type": "ticket", "ticket": ticket], "kind": "problem", "body": script])
            for path in ["/datasets/spend", "/datasets/spend/tickets/\(ticket)", "/", "/datasets/spend/feed.atom"] {
                let page = try await service.request("GET", path)
                #expect(page.status == 200)
                #expect(!page.text.contains("<script"), "\(path)")
                #expect(!page.text.contains("<img src=x"), "\(path)")
            }
            let ticketPage = try await service.request("GET", "/datasets/spend/tickets/\(ticket)")
            #expect(ticketPage.text.contains("&lt;script&gt;"))

            answer = try await service.request(
                "POST", "/api/v1/datasets/spend/feedback",
                body: Array(repeating: UInt8(ascii: "a"), count: 10 << 20),
                headers: ["Content-Type": "application/json"])
            #expect(answer.status == 413)
            #expect(answer.errorCode == "body-too-large")
            var invalid = Array(#"{"target":{"type":"dataset"},"kind":"problem","body":"caf"#.utf8)
            invalid += [0xE9] + Array(#""}"#.utf8)
            answer = try await service.request(
                "POST", "/api/v1/datasets/spend/feedback", body: invalid, headers: ["Content-Type": "application/json"])
            #expect(answer.status == 400)
            #expect(answer.errorCode == "invalid-utf8")
            answer = try await service.request(
                "POST", "/api/v1/datasets/spend/feedback",
                json: ["target": ["type": "dataset"], "kind": "problem", "body": "refund \u{202E}gnp.exe"])
            #expect(answer.status == 400)
            #expect(answer.text.contains("U+202E"))
            answer = try await service.request(
                "POST", "/api/v1/datasets/spend/feedback",
                json: ["target": ["type": "dataset"], "kind": "problem", "body": "nul \u{0} byte"])
            #expect(answer.status == 400)
            answer = try await service.request(
                "POST", "/api/v1/datasets/spend/feedback", body: Array("{}".utf8),
                headers: ["Content-Type": "text/plain"])
            #expect(answer.status == 415)
            answer = try await service.request(
                "POST", "/api/v1/datasets/spend/feedback", body: Array("{not json".utf8),
                headers: ["Content-Type": "application/json"])
            #expect(answer.errorCode == "invalid-json")
        }
    }

    @Test("every response carries the strict headers; unknown routes answer JSON under /api")
    func headers() async throws {
        try await RunningService.with { service in
            for path in ["/", "/datasets/spend", "/api/v1/datasets", "/api/v1/nothing", "/nothing"] {
                let answer = try await service.request("GET", path)
                #expect(answer.headers["content-security-policy"]?.contains("default-src 'none'") == true, "\(path)")
                #expect(answer.headers["x-content-type-options"] == "nosniff")
                #expect(answer.headers["x-frame-options"] == "DENY")
            }
            let missing = try await service.request("GET", "/api/v1/nothing")
            #expect(missing.status == 404)
            #expect(missing.errorCode == "not-found")
            // A NUL would cut the id where SQLite compares it.
            let nul = try await service.request("GET", "/api/v1/datasets/spend%00other")
            #expect(nul.status == 400)
            #expect(try await service.request("GET", "/datasets/spend%00x").status == 400)
        }
    }

    @Test("a database that went away answers 503 store-unavailable with Retry-After, and the service recovers")
    func storeUnavailable() async throws {
        let away = Flag()
        try await RunningService.with(storeAway: away) { service in
            #expect(try await service.request("GET", "/api/v1/datasets/spend").status == 200)
            away.isSet = true
            let api = try await service.request("GET", "/api/v1/datasets/spend")
            #expect(api.status == 503)
            #expect(api.errorCode == "store-unavailable")
            #expect(api.headers["retry-after"] == "5")
            #expect(!api.text.contains("test: the database is away"))
            let page = try await service.request("GET", "/datasets/spend")
            #expect(page.status == 503)
            #expect(page.headers["content-type"]?.hasPrefix("text/html") == true)
            let filed = try await service.request(
                "POST", "/api/v1/datasets/spend/feedback",
                json: ["target": ["type": "dataset"], "kind": "question", "body": "Is this current?"])
            #expect(filed.status == 503)
            away.isSet = false
            #expect(try await service.request("GET", "/api/v1/datasets/spend").status == 200)
        }
    }
}
