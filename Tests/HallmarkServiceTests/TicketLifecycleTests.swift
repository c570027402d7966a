import Foundation
import HallmarkService
import Testing

@Suite("Publishing runs drives the tickets' lifecycle")
struct TicketLifecycleTests {
    @Test("three runs: a ticket opens, is fixed automatically when gone, reopens when back; counts per run kept")
    func openFixReopen() async throws {
        try await RunningService.with { service in
            let first = try await service.publish(twoProblems)
            #expect((first["opened"] as? [String])?.count == 2)
            service.clock.advance(3600)
            let second = try await service.publish(codeProblemOnly)
            #expect((second["fixed"] as? [String])?.count == 1)
            #expect((second["seen"] as? [String])?.count == 1)
            let fixedID = try #require((second["fixed"] as? [String])?.first)
            var ticket = try await service.request("GET", "/api/v1/datasets/spend/tickets/\(fixedID)").object()
            #expect((ticket["ticket"] as? [String: Any])?["status"] as? String == "fixed")
            service.clock.advance(3600)
            let third = try await service.publish(twoProblems)
            #expect(third["reopened"] as? [String] == [fixedID])
            ticket = try await service.request("GET", "/api/v1/datasets/spend/tickets/\(fixedID)").object()
            let record = try #require(ticket["ticket"] as? [String: Any])
            #expect(record["status"] as? String == "open")
            #expect(record["firstSeenRun"] as? Int == 1)
            #expect(record["lastSeenRun"] as? Int == 3)
            let history = try #require(ticket["history"] as? [[String: Any]])
            #expect(history.map { $0["kind"] as? String } == ["opened", "fixed", "reopened"])
            #expect(history.allSatisfy { $0["by"] as? String == "hallmark" })
            let counts = try #require(ticket["counts"] as? [[String: Any]])
            #expect(counts.map { $0["runID"] as? Int } == [1, 3])
            let runs = try await service.request("GET", "/api/v1/datasets/spend/runs").object()
            #expect(runs["total"] as? Int == 3)
            // The sensitive NHS numbers never reached the store: the report names them only by HMAC, or not at all.
            let database = try service.store.storedBytes()
            // What is stored can be read: a report's own text is found, so the numbers' absence means something.
            #expect(database.range(of: Data("\"rowsWithErrors\"".utf8)) != nil)
            for number in ["9434765919", "9434765870"] { #expect(database.range(of: Data(number.utf8)) == nil) }
        }
    }

    @Test("a run that stopped early, or checked another standard, fixes nothing")
    func partialRunsFixNothing() async throws {
        try await RunningService.with { service in
            try await service.publish(twoProblems)
            // A report whose totals say it stopped early (max errors).
            let json = try editedReport("CODE,AMOUNT,NHS\nA12,1,\n", "totals", "stopReason", to: "max-errors")
            let answer = try await service.request(
                "POST", "/api/v1/datasets/spend/runs", json: json, token: service.publisherToken)
            #expect(answer.status == 201, "\(answer.text)")
            #expect((try answer.object()["fixed"] as? [String])?.isEmpty == true)
            // A clean run under another standard does not speak for this one's rules.
            let other = try editedReport("CODE,AMOUNT,NHS\nA12,1,\n", "standard", "id", to: "another.standard")
            let otherAnswer = try await service.request(
                "POST", "/api/v1/datasets/spend/runs", json: other, token: service.publisherToken)
            #expect((try otherAnswer.object()["fixed"] as? [String])?.isEmpty == true)
            let open = try await service.request("GET", "/api/v1/datasets/spend/tickets?status=open").object()
            #expect(open["total"] as? Int == 2)
        }
    }

    @Test("the publisher acknowledges, refuses with a reason, and marks expected; history records who")
    func statusChanges() async throws {
        try await RunningService.with { service in
            let outcome = try await service.publish(twoProblems)
            let id = try #require((outcome["opened"] as? [String])?.first)
            let path = "/api/v1/datasets/spend/tickets/\(id)/status"
            var answer = try await service.request(
                "POST", path, json: ["status": "acknowledged"], token: service.publisherToken)
            #expect(answer.status == 200)
            answer = try await service.request(
                "POST", path, json: ["status": "wont-fix"], token: service.publisherToken)
            #expect(answer.status == 400)
            #expect(answer.errorCode == "invalid-field")
            answer = try await service.request(
                "POST", path, json: ["status": "wont-fix", "reason": "legacy codes kept for 2019"],
                token: service.publisherToken)
            #expect(try answer.object()["statusReason"] as? String == "legacy codes kept for 2019")
            answer = try await service.request(
                "POST", path, json: ["status": "sideways"], token: service.publisherToken)
            #expect(answer.errorCode == "invalid-field")
            let other = try #require((outcome["opened"] as? [String])?.last)
            answer = try await service.request(
                "POST", "/api/v1/datasets/spend/tickets/\(other)/status", json: ["status": "expected"],
                token: service.publisherToken)
            #expect(answer.status == 400)
            answer = try await service.request(
                "POST", "/api/v1/datasets/spend/tickets/\(other)/status",
                json: ["status": "expected", "reason": "refunds are negative"], token: service.publisherToken)
            #expect(try answer.object()["status"] as? String == "expected")
            // A won't-fix ticket is the publisher's decision: a run without it leaves it alone.
            try await service.publish("CODE,AMOUNT,NHS\nA12,5,9434765919\n")
            let ticket = try await service.request("GET", "/api/v1/datasets/spend/tickets/\(id)").object()
            let record = try #require(ticket["ticket"] as? [String: Any])
            #expect(record["status"] as? String == "wont-fix")
            let history = try #require(ticket["history"] as? [[String: Any]])
            #expect(history.map { $0["kind"] as? String } == ["opened", "acknowledged", "wont-fix"])
            #expect(history.last?["by"] as? String == "Borough Council")
            #expect((history.last?["agent"] as? String)?.hasPrefix("token ") == true)
            let known = try await service.request("GET", "/datasets/spend/known-issues")
            #expect(known.text.contains("legacy codes kept for 2019"))
        }
    }

    @Test("a report made for another dataset, or not a report, is refused with its code")
    func refusedReports() async throws {
        try await RunningService.with { service in
            var answer = try await service.request(
                "POST", "/api/v1/datasets/spend/runs", body: try reportJSON(twoProblems, dataset: "elsewhere"),
                token: service.publisherToken, headers: ["Content-Type": "application/json"])
            #expect(answer.status == 409)
            #expect(answer.errorCode == "dataset-mismatch")
            answer = try await service.request(
                "POST", "/api/v1/datasets/spend/runs", json: ["rules": []], token: service.publisherToken)
            #expect(answer.status == 422)
            #expect(answer.errorCode == "invalid-report")
            answer = try await service.request(
                "POST", "/api/v1/datasets/nowhere/runs", body: try reportJSON(twoProblems),
                token: service.publisherToken, headers: ["Content-Type": "application/json"])
            #expect(answer.status == 404)
            let empty = try await service.request("GET", "/api/v1/datasets/spend/tickets?status=")
            #expect(empty.status == 400)
            #expect(empty.errorCode == "invalid-field")
        }
    }

    @Test("a report past the ticket limit, or with text past the length limit, is refused whole")
    func reportLimits() async throws {
        var configuration = ServiceConfiguration()
        configuration.maxTicketsPerRun = 1
        try await RunningService.with(configuration: configuration) { service in
            var answer = try await service.request(
                "POST", "/api/v1/datasets/spend/runs", body: try reportJSON(twoProblems),
                token: service.publisherToken, headers: ["Content-Type": "application/json"])
            #expect(answer.status == 422)
            #expect(answer.text.contains("the limit is 1"))
            let json = try editedReport(
                "CODE,AMOUNT,NHS\nbad,1,\n", "rules", "message", to: String(repeating: "x", count: 20_000))
            answer = try await service.request(
                "POST", "/api/v1/datasets/spend/runs", json: json, token: service.publisherToken)
            #expect(answer.status == 422)
            #expect(answer.text.contains("longer than"))
            let runs = try await service.request("GET", "/api/v1/datasets/spend/runs").object()
            #expect(runs["total"] as? Int == 0)
        }
    }
}
