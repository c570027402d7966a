internal import Foundation

/// What a data user sends to file feedback, through the API or a page's form.
struct FeedbackSubmission: Decodable, Sendable {
    var target: FeedbackTarget
    var kind: FeedbackKind
    var body: String?
    var oldValue: String?
    var newValue: String?
    var email: String?
}

extension FeedbackService {
    /// Checks a data user's submission against the dataset and its tickets, scores it for spam and
    /// files it: `held` (hidden, with its notification) at ``SpamScore/holdAt`` or above, else
    /// `not-checked`.
    func file(_ submission: FeedbackSubmission, in dataset: String) async throws -> FeedbackRecord {
        guard try await repository.dataset(dataset) != nil else { throw ServiceError.notFound("dataset") }
        let body = submission.body ?? ""
        try Self.check(body, as: "body", limit: FeedbackText.maxBodyCharacters)
        for (name, value) in [
            ("oldValue", submission.oldValue), ("newValue", submission.newValue), ("email", submission.email),
        ] {
            if let value { try Self.check(value, as: name, limit: FeedbackText.maxShortCharacters) }
        }
        let blank = body.allSatisfy(\.isWhitespace)
        switch submission.kind {
        case .reply:
            throw ServiceError.invalid("kind", "must be problem, question, correction or plus-one")
        case .problem, .question:
            if blank { throw ServiceError.invalid("body", "is required for a \(submission.kind.rawValue)") }
        case .correction:
            guard let newValue = submission.newValue, !newValue.isEmpty else {
                throw ServiceError.invalid("newValue", "is required for a correction")
            }
        case .plusOne:
            guard submission.target.ticketID != nil else {
                throw ServiceError.invalid("target", "of a +1 must be a ticket or a finding")
            }
        }
        if let email = submission.email, !email.isEmpty {
            let parts = email.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !email.contains(where: \.isWhitespace)
            else { throw ServiceError.invalid("email", "is not an email address") }
        }
        try await checkTarget(submission.target, in: dataset)
        let recent = try await repository.recentBodies(since: now().addingTimeInterval(-3600), limit: 200)
        var column = ""
        if case .column(let name) = submission.target { column = name }
        let spam = SpamScore.score(
            of: [body, submission.oldValue ?? "", submission.newValue ?? "", column].joined(separator: " "),
            recent: recent)
        var new = NewFeedback(datasetID: dataset, target: submission.target, kind: submission.kind, body: body)
        // A correction without an old value proposes a value for an empty cell.
        new.oldValue = submission.kind == .correction ? submission.oldValue ?? "" : submission.oldValue
        new.newValue = submission.newValue
        new.email = submission.email.flatMap { $0.isEmpty ? nil : $0 }
        new.spamScore = spam.score
        new.moderation = spam.score >= SpamScore.holdAt ? .held : .notChecked
        guard let filed = try await repository.addFeedback(new, at: now()) else {
            throw ServiceError.notFound("item to answer")
        }
        return filed
    }

    /// The ticket, finding or column must be the dataset's.
    private func checkTarget(_ target: FeedbackTarget, in dataset: String) async throws {
        switch target {
        case .dataset: return
        case .column(let name):
            try Self.check(name, as: "target.column", limit: FeedbackText.maxShortCharacters)
            if name.isEmpty { throw ServiceError.invalid("target.column", "is empty") }
        case .ticket(let id):
            guard try await repository.ticket(id, of: dataset) != nil else { throw ServiceError.notFound("ticket") }
        case .finding(let id, let finding):
            guard let ticket = try await repository.ticket(id, of: dataset) else {
                throw ServiceError.notFound("ticket")
            }
            guard try await repository.hasFinding(finding, ticket: ticket.ticket.id, in: dataset) else {
                throw ServiceError.notFound("finding")
            }
        }
    }

    static func check(_ text: String, as name: String, limit: Int) throws {
        if let problem = FeedbackText.problem(in: text, limit: limit) { throw ServiceError.invalid(name, problem) }
    }
}
