import Foundation
import HallmarkService
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("Pages, badge, feed and the API's description")
struct PagesTests {
    @Test("the dataset and ticket pages show the run, tickets, examples (sensitive masked), thread and form")
    func pages() async throws {
        try await RunningService.with { service in
            let outcome = try await service.publish(twoProblems)
            let tickets = try await service.request("GET", "/api/v1/datasets/spend/tickets").object()
            let codeTicket = try #require(
                (tickets["items"] as? [[String: Any]])?.first { ($0["ruleID"] as? String)?.contains("CODE") == true })
            let id = try #require(codeTicket["id"] as? String)
            #expect((outcome["opened"] as? [String])?.contains(id) == true)
            let dataset = try await service.request("GET", "/datasets/spend")
            #expect(dataset.text.contains("Council spend"))
            #expect(dataset.text.contains("Borough Council"))
            #expect(dataset.text.contains("Open tickets (2)"))
            #expect(dataset.text.contains("<label for=\"body\">"))
            let page = try await service.request("GET", "/datasets/spend/tickets/\(id)")
            #expect(page.status == 200)
            #expect(page.text.contains("A letter then two digits."))
            #expect(page.text.contains("<code>bad</code>"))
            #expect(page.text.contains("name=\"csrf\""))
            // Every form control has a label, and the page has one h1.
            for control in page.text.matches(of: /id="([a-zA-Z-]+)" name=/) {
                #expect(page.text.contains("for=\"\(control.1)\""), "\(control.1)")
            }
            #expect(page.text.components(separatedBy: "<h1>").count == 2)
            #expect(!page.text.contains("style=\""))
            #expect(!page.text.contains("<script"))
        }
    }

    @Test("a sensitive field's examples are stored and shown only as their shape")
    func sensitiveMasked() async throws {
        try await RunningService.with { service in
            try await service.publish("CODE,AMOUNT,NHS\nA12,1,94347659XX\n")
            let tickets = try await service.request("GET", "/api/v1/datasets/spend/tickets").object()
            let id = try #require((tickets["items"] as? [[String: Any]])?.first?["id"] as? String)
            let page = try await service.request("GET", "/datasets/spend/tickets/\(id)")
            let api = try await service.request("GET", "/api/v1/datasets/spend/tickets/\(id)")
            #expect(!page.text.contains("94347659XX"))
            #expect(!api.text.contains("94347659XX"))
            let database = try service.store.storedBytes()
            #expect(database.range(of: Data("\"rowsWithErrors\"".utf8)) != nil)
            #expect(database.range(of: Data("94347659XX".utf8)) == nil)
        }
    }

    @Test("the badge says the latest run's verdict; the Atom feed is well-formed with tickets and corrections")
    func badgeAndFeed() async throws {
        try await RunningService.with { service in
            var badge = try await service.request("GET", "/datasets/spend/badge.svg")
            #expect(badge.headers["content-type"] == "image/svg+xml")
            #expect(badge.text.contains("no runs"))
            let outcome = try await service.publish(twoProblems)
            badge = try await service.request("GET", "/datasets/spend/badge.svg")
            #expect(badge.text.contains("2 errors"))
            let ticket = try #require((outcome["opened"] as? [String])?.first)
            _ = try await service.request(
                "POST", "/api/v1/datasets/spend/feedback",
                json: [
                    "target": ["type": "ticket", "ticket": ticket], "kind": "correction", "oldValue": "bad & <worse>",
                    "newValue": "B12",
                ])
            let feed = try await service.request("GET", "/datasets/spend/feed.atom")
            #expect(feed.headers["content-type"]?.hasPrefix("application/atom+xml") == true)
            let parser = XMLParser(data: Data(feed.body))
            #expect(parser.parse(), "\(feed.text)")
            #expect(feed.text.components(separatedBy: "<entry>").count == 4)
            #expect(feed.text.contains("Proposed correction: bad &amp; &lt;worse&gt; → B12"))
            try await service.publish("CODE,AMOUNT,NHS\nA12,-5,9434765919\n")
            badge = try await service.request("GET", "/datasets/spend/badge.svg")
            #expect(badge.text.contains(">1 error<"))
            try await service.publish("CODE,AMOUNT,NHS\nA12,5,9434765919\n")
            badge = try await service.request("GET", "/datasets/spend/badge.svg")
            #expect(badge.text.contains(">valid<"))
            #expect(try await service.request("GET", "/datasets/nowhere/badge.svg").status == 404)
            // Without a public address, the feed's links are relative to it.
            #expect(feed.text.contains("href=\"/datasets/spend/tickets/"))
            #expect(!feed.text.contains("href=\"http"))
        }
    }

    @Test("a report's control and bidirectional characters cannot break the feed or disguise a page")
    func hostileReportText() async throws {
        try await RunningService.with { service in
            let json = try editedReport(twoProblems, "rules", "message", to: "bad\u{01}\u{0B} text \u{202E}gnp.exe")
            let answer = try await service.request(
                "POST", "/api/v1/datasets/spend/runs", json: json, token: service.publisherToken)
            #expect(answer.status == 201, "\(answer.text)")
            let feed = try await service.request("GET", "/datasets/spend/feed.atom")
            #expect(XMLParser(data: Data(feed.body)).parse())
            let page = try await service.request("GET", "/datasets/spend")
            #expect(!page.text.unicodeScalars.contains("\u{202E}"))
            #expect(page.text.contains("bad\u{FFFD}\u{FFFD} text \u{FFFD}gnp.exe"))
            let head = try await service.request("HEAD", "/datasets/spend")
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            // A NUL no validator writes, which PostgreSQL's text cannot hold: refused by every store.
            for (section, member) in [("rules", "message"), ("standard", "version")] {
                let nul = try editedReport(twoProblems, section, member, to: "a\u{0}b")
                let refused = try await service.request(
                    "POST", "/api/v1/datasets/spend/runs", json: nul, token: service.publisherToken)
                #expect(refused.status == 422)
                #expect(refused.errorCode == "invalid-report")
            }
        }
    }

    @Test("reads carry an ETag and answer 304 to it; lists page")
    func etagsAndPages() async throws {
        try await RunningService.with(configuration: .relaxed) { service in
            for index in 0..<7 {
                _ = try await service.request(
                    "POST", "/api/v1/datasets/spend/feedback",
                    json: ["target": ["type": "dataset"], "kind": "question", "body": "Question \(index)?"])
            }
            let first = try await service.request("GET", "/api/v1/datasets/spend/feedback?perPage=3&page=3")
            let page = try first.object()
            #expect(page["total"] as? Int == 7)
            #expect((page["items"] as? [[String: Any]])?.map { $0["body"] as? String } == ["Question 6?"])
            let tag = try #require(first.headers["etag"])
            let again = try await service.request(
                "GET", "/api/v1/datasets/spend/feedback?perPage=3&page=3", headers: ["If-None-Match": tag])
            #expect(again.status == 304)
            #expect(again.body.isEmpty)
            _ = try await service.request(
                "POST", "/api/v1/datasets/spend/feedback",
                json: ["target": ["type": "dataset"], "kind": "question", "body": "One more?"])
            let changed = try await service.request(
                "GET", "/api/v1/datasets/spend/feedback?perPage=3&page=3", headers: ["If-None-Match": tag])
            #expect(changed.status == 200)
        }
    }

    @Test("/openapi.json is OpenAPI 3.1 and every path it lists is served")
    func openAPI() async throws {
        try await RunningService.with { service in
            let document = try await service.request("GET", "/openapi.json").object()
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            #expect(paths.count >= 12)
            for (path, operations) in paths {
                let concrete = path.replacingOccurrences(of: "{dataset}", with: "spend")
                    .replacingOccurrences(of: "{ticket}", with: "0").replacingOccurrences(of: "{feedback}", with: "0")
                    .replacingOccurrences(of: "{run}", with: "0").replacingOccurrences(of: "{notification}", with: "0")
                for method in operations.keys {
                    let answer = try await service.request(method.uppercased(), concrete)
                    // Served: answered by its handler (not found, refused, or fine), never "no such route".
                    #expect(answer.status != 405, "\(method) \(path)")
                    if answer.status == 404 { #expect(answer.text.contains("no such"), "\(method) \(path)") }
                }
            }
        }
    }
}
