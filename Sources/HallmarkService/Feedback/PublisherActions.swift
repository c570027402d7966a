internal import Foundation
internal import HTTPTypes

/// What a publisher (by token or signed in) and a moderator do, checked once for the API and the
/// pages alike; the routes only read the request and shape the answer.
extension FeedbackService {
    /// Sets a ticket's status; a reason is required for won't fix and expected (blank counts as none).
    func setStatus(
        _ status: TicketStatus, reason given: String?, ofTicket ticket: String, in dataset: String, agent: String
    ) async throws -> TicketRecord {
        let reason = given.flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
        if let reason { try Self.check(reason, as: "reason", limit: FeedbackText.maxShortCharacters) }
        if status.needsReason && reason == nil {
            throw ServiceError.invalid("reason", "is required for \(status.label)")
        }
        guard let publisher = try await repository.dataset(dataset)?.publisher,
            let record = try await repository.setStatus(
                status, reason: reason, ofTicket: ticket, in: dataset, by: publisher, agent: agent, at: now())
        else { throw ServiceError.notFound("ticket") }
        return record
    }

    /// Files the publisher's reply to `item`, signed with its organisation. Whether `item` may be
    /// answered is checked where the reply is written, so a moderator's removal cannot slip in between.
    func reply(to item: FeedbackRecord, body: String) async throws -> FeedbackRecord {
        try Self.check(body, as: "body", limit: FeedbackText.maxBodyCharacters)
        if body.allSatisfy(\.isWhitespace) { throw ServiceError.invalid("body", "is required") }
        guard let dataset = try await repository.dataset(item.datasetID) else { throw ServiceError.notFound("dataset") }
        var reply = NewFeedback(datasetID: dataset.id, target: item.target, kind: .reply, body: body)
        reply.organisation = dataset.publisher
        reply.inReplyTo = item.id
        reply.moderation = .cleared
        guard let filed = try await repository.addFeedback(reply, at: now()) else {
            throw ServiceError(
                status: .conflict, code: .cannotReply, message: "reply to a data user's item that is shown")
        }
        return filed
    }

    /// Merges a duplicate into another item; the duplicate as it is now.
    func merge(_ duplicate: Int64, into original: Int64) async throws -> FeedbackRecord {
        switch try await repository.merge(duplicate, into: original) {
        case .merged(let merged): return merged
        case .notFound: throw ServiceError.notFound("feedback to merge into")
        case .refused:
            throw ServiceError(
                status: .conflict, code: .cannotMerge,
                message: "merge a data user's shown item into another about the same thing that is not itself merged")
        }
    }

    /// A moderator's decision on an item: cleared or removed, nothing else.
    func moderate(_ id: Int64, to state: ModerationState?) async throws -> FeedbackRecord {
        guard let state, state == .cleared || state == .removed else {
            throw ServiceError.invalid("state", "must be cleared or removed")
        }
        guard let moderated = try await repository.moderate(id, to: state) else {
            throw ServiceError.notFound("feedback")
        }
        return moderated
    }

    /// The page an item's thread is on: its ticket's, or the dataset's.
    static func threadPage(of target: FeedbackTarget, in dataset: String) -> String {
        target.ticketID.map { "/datasets/\(HTML.segment(dataset))/tickets/\(HTML.segment($0))" }
            ?? "/datasets/\(HTML.segment(dataset))"
    }
}
