import Foundation
import HallmarkService
import Testing

@Suite("Data users file feedback; publishers reply, merge and are measured")
struct FeedbackTests {
    @Test("each type against a ticket, a finding, a column and the dataset; emails never shown")
    func eachType() async throws {
        try await RunningService.with(configuration: .relaxed) { service in
            let outcome = try await service.publish(twoProblems)
            let ticket = try #require((outcome["opened"] as? [String])?.first)
            let detail = try await service.request("GET", "/api/v1/datasets/spend/tickets/\(ticket)").object()
            let finding = try #require((detail["examples"] as? [[String: Any]])?.first?["findingID"] as? String)
            let items: [[String: Any]] = [
                [
                    "target": ["type": "ticket", "ticket": ticket], "kind": "problem", "body": "Codes are wrong",
                    "email": "user@example.org",
                ],
                [
                    "target": ["type": "finding", "ticket": ticket, "finding": finding], "kind": "correction",
                    "oldValue": "bad", "newValue": "B12",
                ],
                ["target": ["type": "column", "column": "AMOUNT"], "kind": "question", "body": "Pounds or pence?"],
                ["target": ["type": "dataset"], "kind": "problem", "body": "Last month is missing"],
                ["target": ["type": "ticket", "ticket": ticket], "kind": "plus-one"],
            ]
            for item in items {
                let answer = try await service.request("POST", "/api/v1/datasets/spend/feedback", json: item)
                #expect(answer.status == 201, "\(answer.text)")
                #expect(try answer.object()["moderation"] as? String == "not-checked")
                #expect(!answer.text.contains("user@example.org"))
            }
            let list = try await service.request("GET", "/api/v1/datasets/spend/feedback")
            let page = try list.object()
            #expect(page["total"] as? Int == 5)
            #expect(!list.text.contains("user@example.org"))
            let kinds = (page["items"] as? [[String: Any]])?.map { $0["kind"] as? String }
            #expect(kinds == ["problem", "correction", "question", "problem", "plus-one"])
            #expect((page["items"] as? [[String: Any]])?.first?["wantsReplies"] as? Bool == true)
            let threadOfTicket = try await service.request("GET", "/api/v1/datasets/spend/tickets/\(ticket)").object()
            #expect((threadOfTicket["feedback"] as? [[String: Any]])?.count == 3)
            // The publisher is told of each.
            let notices = try await service.request(
                "GET", "/api/v1/datasets/spend/notifications", token: service.publisherToken
            ).array()
            #expect(notices.count == 5)
            #expect(notices.allSatisfy { $0["state"] as? String == "pending" })
            // The publisher, and only the publisher, gets the address to reply to.
            #expect(notices.first?["replyTo"] as? String == "user@example.org")
            let dataset = try await service.request("GET", "/datasets/spend")
            #expect(dataset.text.contains("Pounds or pence?"))
            #expect(dataset.text.contains("Last month is missing"))
            #expect(!dataset.text.contains("user@example.org"))
            // A correction for an empty cell has an empty old value.
            let blank = try await service.request(
                "POST", "/api/v1/datasets/spend/feedback",
                json: ["target": ["type": "column", "column": "AMOUNT"], "kind": "correction", "newValue": "0"])
            #expect(try blank.object()["oldValue"] as? String == "")
        }
    }

    @Test("what a submission lacks or gets wrong is named")
    func invalidSubmissions() async throws {
        try await RunningService.with(configuration: .relaxed) { service in
            let cases: [([String: Any], String)] = [
                (["target": ["type": "dataset"], "kind": "problem"], "invalid-field"),
                (["target": ["type": "dataset"], "kind": "correction", "oldValue": "a"], "invalid-field"),
                (["target": ["type": "dataset"], "kind": "plus-one"], "invalid-field"),
                (["target": ["type": "dataset"], "kind": "reply", "body": "x"], "invalid-field"),
                (["target": ["type": "ticket", "ticket": "feed"], "kind": "problem", "body": "x"], "not-found"),
                (["target": ["type": "galaxy"], "kind": "problem", "body": "x"], "invalid-field"),
                (["kind": "problem", "body": "x"], "invalid-field"),
                (
                    ["target": ["type": "dataset"], "kind": "problem", "body": "x", "email": "not an email"],
                    "invalid-field"
                ),
            ]
            for (body, code) in cases {
                let answer = try await service.request("POST", "/api/v1/datasets/spend/feedback", json: body)
                #expect(answer.errorCode == code, "\(body): \(answer.text)")
            }
            let total = try await service.request("GET", "/api/v1/datasets/spend/feedback").object()["total"]
            #expect(total as? Int == 0)
        }
    }

    @Test("a publisher replies as its organisation and merges a duplicate; response figures follow")
    func replyMergeAndFigures() async throws {
        try await RunningService.with(configuration: .relaxed) { service in
            let outcome = try await service.publish(twoProblems)
            let ticket = try #require((outcome["opened"] as? [String])?.first)
            func file(_ body: String) async throws -> Int {
                let answer = try await service.request(
                    "POST", "/api/v1/datasets/spend/feedback",
                    json: ["target": ["type": "ticket", "ticket": ticket], "kind": "problem", "body": body])
                return try #require(try answer.object()["id"] as? Int)
            }
            let first = try await file("Row 3 has a lower-case code")
            service.clock.advance(600)
            let duplicate = try await file("Lower case code in row 3")
            service.clock.advance(3000)
            let reply = try await service.request(
                "POST", "/api/v1/feedback/\(first)/replies", json: ["body": "Thanks, fixed next month."],
                token: service.publisherToken)
            #expect(reply.status == 201)
            #expect(try reply.object()["organisation"] as? String == "Borough Council")
            var overview = try await service.request("GET", "/api/v1/datasets/spend").object()
            var response = try #require(overview["response"] as? [String: Any])
            // Two threads: the first answered after 3,600 s; the duplicate not yet.
            #expect(response["threads"] as? Int == 2)
            #expect(response["answered"] as? Int == 1)
            #expect(response["medianSecondsToFirstResponse"] as? Int == 3600)
            let merged = try await service.request(
                "POST", "/api/v1/feedback/\(duplicate)/merge", json: ["into": first], token: service.publisherToken)
            #expect(try merged.object()["mergedInto"] as? Int == first)
            // A merged item still counts, answered by the reply to the item it joined (3,000 s after it).
            overview = try await service.request("GET", "/api/v1/datasets/spend").object()
            response = try #require(overview["response"] as? [String: Any])
            #expect(response["threads"] as? Int == 2)
            #expect(response["answered"] as? Int == 2)
            #expect(response["medianSecondsToFirstResponse"] as? Int == (3000 + 3600) / 2)
            // Items about different things are not duplicates.
            let elsewhere = try await service.request(
                "POST", "/api/v1/datasets/spend/feedback",
                json: ["target": ["type": "dataset"], "kind": "problem", "body": "Something else entirely"])
            let unrelated = try await service.request(
                "POST", "/api/v1/feedback/\(try elsewhere.object()["id"] as? Int ?? 0)/merge", json: ["into": first],
                token: service.publisherToken)
            #expect(unrelated.errorCode == "cannot-merge")
            // Nor into an item a moderator removed.
            let removedOne = try await file("Row 3 again, to be removed")
            _ = try await service.request(
                "POST", "/api/v1/feedback/\(removedOne)/moderation", json: ["state": "removed"],
                token: service.moderatorToken)
            let intoRemoved = try await service.request(
                "POST", "/api/v1/feedback/\(try await file("Row 3 once more"))/merge", json: ["into": removedOne],
                token: service.publisherToken)
            #expect(intoRemoved.errorCode == "cannot-merge")
            // Merging into a merged item, or a reply, is refused.
            let third = try await file("Code in row 3 again")
            let refused = try await service.request(
                "POST", "/api/v1/feedback/\(third)/merge", json: ["into": duplicate], token: service.publisherToken)
            #expect(refused.errorCode == "cannot-merge")
            let intoReply = try await service.request(
                "POST", "/api/v1/feedback/\(third)/merge", json: ["into": try reply.object()["id"] as? Int ?? 0],
                token: service.publisherToken)
            #expect(intoReply.errorCode == "cannot-merge")
            let ticketPage = try await service.request("GET", "/datasets/spend/tickets/\(ticket)")
            #expect(ticketPage.text.contains("in reply to <a href=\"#feedback-\(first)\">"))
            // A status change after an item answers it too; setting it again changes nothing.
            service.clock.advance(100)
            for _ in 0..<2 {
                _ = try await service.request(
                    "POST", "/api/v1/datasets/spend/tickets/\(ticket)/status", json: ["status": "acknowledged"],
                    token: service.publisherToken)
            }
            let history = try await service.request("GET", "/api/v1/datasets/spend/tickets/\(ticket)").object()
            #expect((history["history"] as? [[String: Any]])?.count == 2)
            overview = try await service.request("GET", "/api/v1/datasets/spend").object()
            response = try #require(overview["response"] as? [String: Any])
            // Threads: first (3,600 s), duplicate (3,000 s), "once more" and third (100 s each), and the
            // dataset item, unanswered; the removed one does not count.
            #expect(response["threads"] as? Int == 5)
            #expect(response["answered"] as? Int == 4)
            #expect(response["medianSecondsToFirstResponse"] as? Int == (100 + 3000) / 2)
        }
    }

    @Test("moderation holds a spam item and its notification until a moderator decides")
    func moderationHoldsSpam() async throws {
        try await RunningService.with { service in
            let spam = try await service.request(
                "POST", "/api/v1/datasets/spend/feedback",
                json: [
                    "target": ["type": "dataset"], "kind": "problem",
                    "body": "Best casino bonus https://spam.example https://spam.example/2 www.spam.example",
                ])
            let spamItem = try spam.object()
            #expect(spamItem["moderation"] as? String == "held")
            let id = try #require(spamItem["id"] as? Int)
            let honest = try await service.request(
                "POST", "/api/v1/datasets/spend/feedback",
                json: ["target": ["type": "dataset"], "kind": "question", "body": "Is VAT included?"])
            #expect(try honest.object()["moderation"] as? String == "not-checked")
            var shown = try await service.request("GET", "/api/v1/datasets/spend/feedback").object()
            #expect(shown["total"] as? Int == 1)
            var notices = try await service.request(
                "GET", "/api/v1/datasets/spend/notifications", token: service.publisherToken
            ).array()
            // The held item's notification waits with it: the publisher hears only of the honest one.
            #expect(notices.map { $0["feedbackID"] as? Int } == [try honest.object()["id"] as? Int])
            // Only a moderator sees and decides held items; not even the dataset's publisher.
            let hiddenForbidden = try await service.request(
                "GET", "/api/v1/datasets/spend/feedback?hidden=true", token: service.publisherToken)
            #expect(hiddenForbidden.status == 403)
            let publisherRemoves = try await service.request(
                "POST", "/api/v1/feedback/\(id)/moderation", json: ["state": "removed"], token: service.publisherToken)
            #expect(publisherRemoves.status == 403)
            let replyToHeld = try await service.request(
                "POST", "/api/v1/feedback/\(id)/replies", json: ["body": "Thanks"], token: service.publisherToken)
            #expect(replyToHeld.errorCode == "cannot-reply")
            let all = try await service.request(
                "GET", "/api/v1/datasets/spend/feedback?hidden=true", token: service.moderatorToken
            ).object()
            #expect(all["total"] as? Int == 2)
            let cleared = try await service.request(
                "POST", "/api/v1/feedback/\(id)/moderation", json: ["state": "cleared"], token: service.moderatorToken)
            #expect(try cleared.object()["moderation"] as? String == "cleared")
            shown = try await service.request("GET", "/api/v1/datasets/spend/feedback").object()
            #expect(shown["total"] as? Int == 2)
            notices = try await service.request(
                "GET", "/api/v1/datasets/spend/notifications", token: service.publisherToken
            ).array()
            #expect(notices.map { $0["feedbackID"] as? Int } == [id, try honest.object()["id"] as? Int])
            let removed = try await service.request(
                "POST", "/api/v1/feedback/\(id)/moderation", json: ["state": "removed"], token: service.moderatorToken)
            #expect(try removed.object()["moderation"] as? String == "removed")
            notices = try await service.request(
                "GET", "/api/v1/datasets/spend/notifications", token: service.publisherToken
            ).array()
            #expect(notices.map { $0["feedbackID"] as? Int } == [try honest.object()["id"] as? Int])
            // Delivered notifications leave the outbox.
            let sent = try await service.request(
                "POST", "/api/v1/datasets/spend/notifications/\(notices[0]["id"] as? Int ?? 0)/sent",
                token: service.publisherToken)
            #expect(sent.status == 204)
            notices = try await service.request(
                "GET", "/api/v1/datasets/spend/notifications", token: service.publisherToken
            ).array()
            #expect(notices.isEmpty)
        }
    }

    @Test("two merges of a pair, each into the other, at once: one wins, no cycle")
    func concurrentMerges() async throws {
        try await RunningService.with(configuration: .relaxed) { service in
            var ids: [Int] = []
            for body in ["Codes wrong in March", "March codes are wrong"] {
                let answer = try await service.request(
                    "POST", "/api/v1/datasets/spend/feedback",
                    json: ["target": ["type": "dataset"], "kind": "problem", "body": body])
                ids.append(try #require(try answer.object()["id"] as? Int))
            }
            let pair = ids
            async let first = service.request(
                "POST", "/api/v1/feedback/\(pair[0])/merge", json: ["into": pair[1]], token: service.publisherToken)
            async let second = service.request(
                "POST", "/api/v1/feedback/\(pair[1])/merge", json: ["into": pair[0]], token: service.publisherToken)
            let statuses = try await [first.status, second.status].sorted()
            #expect(statuses == [200, 409])
            let items = try await service.request("GET", "/api/v1/datasets/spend/feedback").object()["items"]
            let merged = (items as? [[String: Any]] ?? []).compactMap { $0["mergedInto"] as? Int }
            #expect(merged.count == 1)
        }
    }

    @Test("50 concurrent clients filing feedback: every item is in the database")
    func concurrentClients() async throws {
        try await RunningService.with(configuration: .relaxed) { service in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for client in 0..<50 {
                    group.addTask {
                        try await service.request(
                            "POST", "/api/v1/datasets/spend/feedback",
                            json: ["target": ["type": "dataset"], "kind": "question", "body": "Question \(client)?"]
                        ).status
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 201, count: 50))
            // Counted in the database itself, through a connection of its own.
            let repository = try service.store.open()
            let stored = try await repository.feedback(
                of: "spend", includeHidden: true, page: PageRequest(page: 1, perPage: 100))
            #expect(stored.total == 50)
            #expect(Set(stored.items.map(\.body)).count == 50)
        }
    }
}
