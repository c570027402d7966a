public import Foundation
public import Hallmark

/// A dataset the service follows, with the organisation that publishes it.
public struct DatasetRecord: Sendable, Equatable, Codable {
    /// The dataset's id, as runs name it (`hallmark validate --dataset ID`).
    public var id: String
    /// Its title on pages.
    public var title: String
    /// The organisation that publishes it; its replies are signed with this name.
    public var publisher: String
    /// When the service first knew it.
    public var createdAt: Date

    /// Why `id` cannot name a dataset, or nil when it can: 1 to 200 characters, no slash (ids
    /// are path segments) and no control or bidirectional characters.
    public static func problem(withID id: String) -> String? {
        if id.isEmpty || id.count > 200 { return "a dataset id has 1 to 200 characters" }
        if id.contains("/") || id.contains("\\") { return "a dataset id has no slash" }
        if id != id.trimmingCharacters(in: .whitespaces) { return "a dataset id does not start or end with a space" }
        if let problem = FeedbackText.problem(in: id, limit: 200) { return "the dataset id \(problem)" }
        return nil
    }

    /// Why `text` cannot be a dataset's title or publisher: 1 to 200 characters, no control or
    /// bidirectional characters.
    public static func problem(withLabel text: String, as name: String) -> String? {
        if text.allSatisfy(\.isWhitespace) || text.count > 200 { return "\(name) has 1 to 200 characters" }
        return FeedbackText.problem(in: text, limit: 200).map { "\(name) \($0)" }
    }

    /// A dataset record.
    public init(id: String, title: String, publisher: String, createdAt: Date) {
        self.id = id
        self.title = title
        self.publisher = publisher
        self.createdAt = createdAt
    }
}

/// A person who signs in to the pages: a moderator, or someone who acts for a publisher.
public struct AccountRecord: Sendable, Equatable {
    /// The name they sign in with.
    public var name: String
    /// What they may do.
    public var scope: AccessScope
    /// When the account was made.
    public var createdAt: Date
    /// When it was disabled; a disabled account cannot sign in and its sessions end.
    public var disabledAt: Date?

    /// Why `name` cannot name an account, or nil when it can: 1 to 100 characters, no control or
    /// bidirectional characters.
    public static func problem(withName name: String) -> String? {
        if name.isEmpty || name.count > 100 { return "a name has 1 to 100 characters" }
        if name != name.trimmingCharacters(in: .whitespaces) { return "a name does not start or end with a space" }
        return FeedbackText.problem(in: name, limit: 100).map { "the name \($0)" }
    }

    /// An account.
    public init(name: String, scope: AccessScope, createdAt: Date, disabledAt: Date? = nil) {
        self.name = name
        self.scope = scope
        self.createdAt = createdAt
        self.disabledAt = disabledAt
    }
}

/// One published run: the summary of its report (the report itself is kept whole).
public struct RunRecord: Sendable, Equatable, Codable {
    /// The run's number, increasing across the service.
    public var id: Int64
    /// Its dataset.
    public var datasetID: String
    /// When it was published.
    public var publishedAt: Date
    /// The standard it was checked against.
    public var standardID: String
    /// That standard's version.
    public var standardVersion: String
    /// The SHA-256 of the data it checked.
    public var inputSHA256: String
    /// Rows checked.
    public var rows: Int
    /// Findings per severity.
    public var errors: Int, warnings: Int, infos: Int
    /// Whether the data met the standard.
    public var isValid: Bool
    /// Whether the run stopped before the end of the table (then it fixes no ticket).
    public var stoppedEarly: Bool
}

/// A ticket as the service keeps it: the report's ticket, its status and its history in numbers.
public struct TicketRecord: Sendable, Equatable, Codable {
    /// Its dataset.
    public var datasetID: String
    /// The ticket's identity (``Hallmark/Ticket/id``).
    public var id: String
    /// The standard whose rule it is.
    public var standardID: String
    /// The rule broken.
    public var ruleID: String
    /// How much it matters.
    public var severity: Severity
    /// The field, for a field's rule.
    public var field: String?
    /// What the data must be.
    public var message: String
    /// The standard's help, as the suggested fix.
    public var help: String?
    /// Where it is in its life.
    public var status: TicketStatus
    /// The publisher's reason for won't fix or expected.
    public var statusReason: String?
    /// The first and the latest run that contained it.
    public var firstSeenRun: Int64, lastSeenRun: Int64
    /// When those runs were published.
    public var firstSeenAt: Date, lastSeenAt: Date
    /// Its count of findings in the latest run that contained it.
    public var count: Int
}

/// One step in a ticket's history.
public struct TicketEvent: Sendable, Equatable, Codable {
    /// When.
    public var at: Date
    /// What: `opened`, `reopened`, or the status it was set to.
    public var kind: String
    /// Who: `hallmark` for the service's own changes, else the publishing organisation.
    public var by: String
    /// Who acted for the organisation: an account's name, or `token ID`.
    public var agent: String?
    /// The publisher's reason, or the run that caused it.
    public var reason: String?
    /// The run that caused it, for the service's own changes.
    public var runID: Int64?
}

/// An example finding of a ticket, as the latest run that had it reported it (sensitive values
/// come masked in the report and are stored so).
public struct TicketExample: Sendable, Equatable, Codable {
    /// The finding's identity (``Hallmark/Ticket/Finding/id``).
    public var findingID: String
    /// Where it was.
    public var row: Int?, line: Int?, column: Int?
    /// Its field.
    public var field: String?
    /// The value, masked for sensitive fields.
    public var value: String?
    /// The finding's note.
    public var note: String?
    /// The latest run that reported it.
    public var lastSeenRun: Int64
}

/// A ticket with everything its page shows.
public struct TicketDetail: Sendable, Equatable, Codable {
    /// The ticket.
    public var ticket: TicketRecord
    /// Its history, oldest first.
    public var history: [TicketEvent]
    /// Its count in each run that contained it, oldest first.
    public var counts: [RunCount]
    /// Its examples, latest run first.
    public var examples: [TicketExample]
    /// The feedback about it that is shown, oldest first.
    public var feedback: [FeedbackRecord]

    /// A run's count.
    public struct RunCount: Sendable, Equatable, Codable {
        /// The run.
        public var runID: Int64
        /// Findings of the ticket in it.
        public var count: Int
    }
}

/// One piece of feedback, or a publisher's reply.
public struct FeedbackRecord: Sendable, Equatable, Codable {
    /// Its number.
    public var id: Int64
    /// Its dataset.
    public var datasetID: String
    /// What it is about.
    public var target: FeedbackTarget
    /// What it says.
    public var kind: FeedbackKind
    /// Its text (empty for a "+1").
    public var body: String
    /// For a correction: the value that is there, and the one that should be.
    public var oldValue: String?, newValue: String?
    /// Who: the organisation for a reply, nil for a data user (emails are never shown).
    public var organisation: String?
    /// Whether the data user left an email for replies.
    public var wantsReplies: Bool
    /// Where it is in moderation.
    public var moderation: ModerationState
    /// Its spam score (see the README's "Moderation").
    public var spamScore: Int
    /// The item this one was merged into, as a duplicate.
    public var mergedInto: Int64?
    /// For a reply: the item it answers.
    public var inReplyTo: Int64?
    /// When it was filed.
    public var createdAt: Date
}

/// A notification waiting for delivery to a publisher: held with its item while that is held.
public struct NotificationRecord: Sendable, Equatable, Codable {
    /// Its number.
    public var id: Int64
    /// The feedback it announces.
    public var feedbackID: Int64
    /// Its dataset.
    public var datasetID: String
    /// `pending` (to deliver), `held` (its item is held) or `dropped` (its item was removed).
    public var state: String
    /// When it was made.
    public var createdAt: Date
    /// The data user's email for replies, if given: for the publisher's own mailer, never shown on a page.
    public var replyTo: String?
}

/// How a publisher answers its data users: over the feedback threads shown (a data user's item
/// that is not a reply and not merged), how many have had a response (a reply, or a change of its
/// ticket's status after it) and the median time to that first response.
public struct ResponseFigures: Sendable, Equatable, Codable {
    /// Threads started by data users.
    public var threads: Int
    /// Of those, the ones with a response from the publisher.
    public var answered: Int
    /// The median time to a first response, in seconds, over the answered ones.
    public var medianSecondsToFirstResponse: Int?
}

/// A dataset with what its list row and badge show.
public struct DatasetOverview: Sendable, Equatable, Codable {
    /// The dataset.
    public var dataset: DatasetRecord
    /// Its latest run, if any.
    public var latestRun: RunRecord?
    /// Its tickets by status.
    public var ticketsByStatus: [String: Int]
    /// How its publisher answers feedback.
    public var response: ResponseFigures
}

/// What publishing a run did.
public struct PublishOutcome: Sendable, Equatable, Codable {
    /// The run as stored.
    public var run: RunRecord
    /// Tickets first seen in this run.
    public var opened: [String]
    /// Tickets fixed before and back in this run.
    public var reopened: [String]
    /// Tickets seen again.
    public var seen: [String]
    /// Tickets this run fixed (absent from it).
    public var fixed: [String]
}

/// A page of a list.
public struct Page<Item: Sendable & Codable & Equatable>: Sendable, Codable, Equatable {
    /// The items of this page.
    public var items: [Item]
    /// How many items the whole list has.
    public var total: Int
    /// This page's number, from 1.
    public var page: Int
    /// Items per page.
    public var perPage: Int
}

/// Which page of a list to read.
public struct PageRequest: Sendable, Equatable {
    /// The page, from 1.
    public var page: Int
    /// Items per page, at most ``maxPerPage``.
    public var perPage: Int
    /// The most items a page holds.
    public static let maxPerPage = 100

    /// A page request, clamped to 1…``maxPerPage`` items.
    public init(page: Int = 1, perPage: Int = 50) {
        self.page = min(max(1, page), 1_000_000)
        self.perPage = min(max(1, perPage), Self.maxPerPage)
    }

    var offset: Int { (page - 1) * perPage }
}
