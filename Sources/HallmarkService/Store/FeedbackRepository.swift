public import Foundation
public import Hallmark

/// Where the service keeps datasets, runs, tickets, feedback and tokens. One protocol, so any store
/// serves the same routes; ``SQLFeedbackRepository`` implements it over SQLite (the embedded
/// default) and over a shared PostgreSQL server, with the same schema and migrations.
///
/// Every method is one transaction; every statement binds its values as parameters.
public protocol FeedbackRepository: Sendable {
    /// Brings the schema up to date. Migrations are never edited once shipped, only added.
    func migrate() async throws

    /// Adds a dataset, or updates its title and publisher.
    func saveDataset(_ dataset: DatasetRecord) async throws
    /// A dataset by id.
    func dataset(_ id: String) async throws -> DatasetRecord?
    /// Every dataset with its latest run, ticket counts and response figures.
    func datasetOverviews() async throws -> [DatasetOverview]
    /// One dataset's overview.
    func datasetOverview(_ id: String) async throws -> DatasetOverview?

    /// Keeps a run's report and applies it to the dataset's tickets (see ``TicketStatus``).
    func publish(report: Report, json: [UInt8], dataset: String, at: Date) async throws -> PublishOutcome
    /// A dataset's runs, newest first.
    func runs(of dataset: String, page: PageRequest) async throws -> Page<RunRecord>
    /// A run's report as it was published.
    func reportJSON(run: Int64, of dataset: String) async throws -> [UInt8]?

    /// A dataset's tickets, worst first, optionally only those in `statuses`.
    func tickets(of dataset: String, statuses: Set<TicketStatus>?, page: PageRequest) async throws -> Page<TicketRecord>
    /// One ticket with its history, counts, examples and shown feedback.
    func ticket(_ id: String, of dataset: String) async throws -> TicketDetail?
    /// Sets a ticket's status on the publisher's word; `agent` is who acted for it (an account's
    /// name, or `token ID`), kept in the history.
    func setStatus(
        _ status: TicketStatus, reason: String?, ofTicket id: String, in dataset: String, by organisation: String,
        agent: String, at: Date
    ) async throws -> TicketRecord?

    /// Files a data user's feedback, or a publisher's reply, with its notification; nil for a
    /// reply whose item is not a data user's shown item (checked in the same transaction).
    func addFeedback(_ feedback: NewFeedback, at: Date) async throws -> FeedbackRecord?
    /// Whether `finding` is one of the ticket's known examples.
    func hasFinding(_ finding: String, ticket: String, in dataset: String) async throws -> Bool
    /// Bodies filed since `since`, for the spam score's repeated-text check.
    func recentBodies(since: Date, limit: Int) async throws -> [String]
    /// One item by id.
    func feedback(_ id: Int64) async throws -> FeedbackRecord?
    /// A dataset's feedback, oldest first; held and removed items only when `includeHidden`.
    func feedback(of dataset: String, includeHidden: Bool, page: PageRequest) async throws -> Page<FeedbackRecord>
    /// Marks `duplicate` as merged into `original`, checking in the same transaction that both
    /// are a data user's items about the same thing and `original` is not itself merged.
    func merge(_ duplicate: Int64, into original: Int64) async throws -> MergeOutcome
    /// A moderator's decision: cleared releases a held item and its notifications, removed drops them.
    func moderate(_ id: Int64, to state: ModerationState) async throws -> FeedbackRecord?
    /// A dataset's shown feedback, newest first: of one `kind` when given, and only about the
    /// dataset or a column (no ticket) when `untargeted`.
    func latestFeedback(of dataset: String, kind: FeedbackKind?, untargeted: Bool, limit: Int) async throws
        -> [FeedbackRecord]
    /// A dataset's notifications waiting for delivery (held and dropped ones are not), oldest
    /// first, at most `limit`, with the address to reply to when one was given.
    func pendingNotifications(of dataset: String, limit: Int) async throws -> [NotificationRecord]
    /// Marks a pending notification delivered; false when the dataset has no such pending one.
    func markSent(notification id: Int64, of dataset: String) async throws -> Bool

    /// Stores a new token (its hash only).
    func saveToken(_ token: StoredToken) async throws
    /// A token by its public id.
    func token(_ id: String) async throws -> StoredToken?
    /// Every token, newest first.
    func tokens() async throws -> [StoredToken]
    /// Revokes a token; false when there is no such token.
    func revokeToken(_ id: String, at: Date) async throws -> Bool

    /// Adds an account (a moderator's, or a publisher's for some datasets) with its password's hash.
    func saveAccount(_ account: AccountRecord, passwordHash: String) async throws
    /// An account and its password's hash, by name.
    func account(named name: String) async throws -> (account: AccountRecord, passwordHash: String)?
    /// Every account, by name.
    func accounts() async throws -> [AccountRecord]
    /// Sets an account's password hash and enables it, ending its sessions; false when there is no such account.
    func setPassword(ofAccount name: String, hash: String) async throws -> Bool
    /// Disables an account and ends its sessions; false when there is no such account.
    func disableAccount(named name: String, at: Date) async throws -> Bool
    /// Starts a session for an account: only the SHA-256 of the cookie's value is stored.
    func startSession(idHash: [UInt8], account: String, at: Date, expires: Date) async throws
    /// The enabled account of an unexpired session.
    func account(ofSession idHash: [UInt8], at: Date) async throws -> AccountRecord?
    /// Ends a session.
    func endSession(idHash: [UInt8]) async throws
    /// Feedback waiting for a moderator across datasets, held items first, then the newest unchecked.
    func moderationQueue(limit: Int) async throws -> [FeedbackRecord]

    /// A secret the service keeps across restarts (the CSRF key), made on first use.
    func secret(named name: String, make: @Sendable () -> [UInt8]) async throws -> [UInt8]
}

/// What a merge did.
public enum MergeOutcome: Sendable, Equatable {
    /// Merged; the duplicate as it is now.
    case merged(FeedbackRecord)
    /// One of the two items does not exist, or they belong to different datasets.
    case notFound
    /// The items cannot be merged: the same item, a reply, or an item already merged.
    case refused
}

/// Feedback to file: a data user's, or a publisher's reply.
public struct NewFeedback: Sendable, Equatable {
    /// Its dataset.
    public var datasetID: String
    /// What it is about.
    public var target: FeedbackTarget
    /// What it says.
    public var kind: FeedbackKind
    /// Its text.
    public var body: String
    /// For a correction.
    public var oldValue: String? = nil, newValue: String? = nil
    /// The data user's email for replies; stored, never shown or logged.
    public var email: String? = nil
    /// The organisation, for a publisher's reply.
    public var organisation: String? = nil
    /// For a reply: the item it answers.
    public var inReplyTo: Int64? = nil
    /// Where it starts in moderation.
    public var moderation: ModerationState = .notChecked
    /// Its spam score.
    public var spamScore: Int = 0

    /// Feedback to file.
    public init(datasetID: String, target: FeedbackTarget, kind: FeedbackKind, body: String) {
        self.datasetID = datasetID
        self.target = target
        self.kind = kind
        self.body = body
    }
}
