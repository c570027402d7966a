public import Foundation
public import Hallmark

/// The store over an SQL database: SQLite (``sqlite(path:)``, the embedded default) or a shared
/// PostgreSQL server (`postgres(url:)`, from the `HallmarkPostgresStore` target), with the same
/// queries, schema and migrations.
public final class SQLFeedbackRepository: FeedbackRepository {
    private let database: any SQLDatabase
    private let migrations: [SchemaMigration]

    /// How long an SQLite write waits for another writer before failing, in seconds.
    public static let busyTimeout: TimeInterval = 10

    /// The store over `database`, whose schema `migrations` (in its dialect) describe.
    package init(database: any SQLDatabase, migrations: [SchemaMigration]) {
        self.database = database
        self.migrations = migrations
    }

    /// The embedded store: one SQLite file, opened (or created) at `path`. Call ``migrate()`` before use.
    public static func sqlite(path: String) throws -> SQLFeedbackRepository {
        SQLFeedbackRepository(
            database: try SQLiteDatabase(path: path, busyTimeout: busyTimeout), migrations: SchemaMigrations.all)
    }

    /// Brings the schema up to date. Migrations are never edited once shipped, only added.
    public func migrate() async throws {
        try await database.migrate(migrations)
    }

    // MARK: Datasets

    /// Adds a dataset, or updates its title and publisher.
    public func saveDataset(_ dataset: DatasetRecord) async throws {
        try await database.write { db in
            try db.execute(
                """
                INSERT INTO dataset (id, title, publisher, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET title = excluded.title, publisher = excluded.publisher
                """, [dataset.id, dataset.title, dataset.publisher, Self.seconds(dataset.createdAt)])
        }
    }

    /// A dataset by id.
    public func dataset(_ id: String) async throws -> DatasetRecord? {
        try await database.read { db in try Self.dataset(id, in: db) }
    }

    /// Every dataset with its latest run, ticket counts and response figures.
    public func datasetOverviews() async throws -> [DatasetOverview] {
        try await database.read { db in
            try db.column("SELECT id FROM dataset ORDER BY title, id", [], as: String.self).compactMap {
                try Self.overview($0, in: db)
            }
        }
    }

    /// One dataset's overview.
    public func datasetOverview(_ id: String) async throws -> DatasetOverview? {
        try await database.read { db in try Self.overview(id, in: db) }
    }

    private static func dataset(_ id: String, in db: any SQLConnection) throws -> DatasetRecord? {
        try db.fetchOne("SELECT * FROM dataset WHERE id = ?", [id]).map {
            try DatasetRecord(
                id: $0["id"], title: $0["title"], publisher: $0["publisher"], createdAt: date($0["created_at"]))
        }
    }

    private static func overview(_ id: String, in db: any SQLConnection) throws -> DatasetOverview? {
        guard let dataset = try dataset(id, in: db) else { return nil }
        let latest = try db.fetchOne(
            "SELECT \(runColumns) FROM run WHERE dataset_id = ? ORDER BY id DESC LIMIT 1", [id]
        ).map(run)
        var byStatus: [String: Int] = [:]
        for row in try db.fetchAll(
            "SELECT status, COUNT(*) AS n FROM ticket WHERE dataset_id = ? GROUP BY status", [id])
        {
            byStatus[try row["status"]] = try row["n"]
        }
        return DatasetOverview(
            dataset: dataset, latestRun: latest, ticketsByStatus: byStatus, response: try responseFigures(id, in: db))
    }

    /// See ``ResponseFigures``.
    private static func responseFigures(_ dataset: String, in db: any SQLConnection) throws -> ResponseFigures {
        let rows = try db.fetchAll(
            """
            SELECT f.created_at AS asked,
                (SELECT MIN(r.created_at) FROM feedback r
                    WHERE r.in_reply_to IN (f.id, f.merged_into) AND r.kind = 'reply') AS replied,
                (SELECT MIN(e.at) FROM ticket_event e
                    WHERE e.dataset_id = f.dataset_id AND e.ticket_id = f.ticket_id
                    AND e.actor <> ? AND e.at >= f.created_at) AS changed
            FROM feedback f
            WHERE f.dataset_id = ? AND f.kind NOT IN ('reply', 'plus-one')
                AND f.moderation IN \(Self.shown)
            """, [TicketActor.service, dataset])
        var waits: [Int64] = []
        for row in rows {
            let asked: Int64 = try row["asked"]
            let answers = [try row["replied"] as Int64?, try row["changed"] as Int64?].compactMap { $0 }
            if let first = answers.min() { waits.append(max(0, first - asked)) }
        }
        waits.sort()
        let median: Int? =
            waits.isEmpty
            ? nil
            : waits.count % 2 == 1
                ? Int(waits[waits.count / 2]) : Int((waits[waits.count / 2 - 1] + waits[waits.count / 2]) / 2)
        return ResponseFigures(threads: rows.count, answered: waits.count, medianSecondsToFirstResponse: median)
    }

    // MARK: Runs

    /// Keeps a run's report and applies it to the dataset's tickets (see ``TicketStatus``).
    public func publish(report: Report, json: [UInt8], dataset: String, at date: Date) async throws
        -> PublishOutcome
    {
        let tickets = Ticket.tickets(of: report)
        return try await database.write { db in
            let now = Self.seconds(date)
            guard
                let runRow = try db.fetchOne(
                    """
                    INSERT INTO run (dataset_id, published_at, standard_id, standard_version, input_sha256,
                        rows_checked, errors, warnings, infos, is_valid, stopped_early, report)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING \(Self.runColumns)
                    """,
                    [
                        dataset, now, report.standard.id, report.standard.version, report.input.sha256,
                        report.totals.rows, report.totals.findings.error, report.totals.findings.warning,
                        report.totals.findings.info, report.isValid, report.totals.stoppedEarly, json,
                    ])
            else { throw SQLStoreError.missingColumn("id") }
            let run = try Self.run(runRow)
            let runID = run.id
            let known = try db.fetchAll(
                "SELECT id, status, standard_id, rule_id FROM ticket WHERE dataset_id = ?", [dataset]
            ).map {
                try TicketLifecycle.Known(
                    id: $0["id"], status: TicketStatus(rawValue: $0["status"]) ?? .open, standardID: $0["standard_id"],
                    ruleID: $0["rule_id"])
            }
            let byID = Dictionary(tickets.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            var outcome = PublishOutcome(run: run, opened: [], reopened: [], seen: [], fixed: [])
            for (id, change) in TicketLifecycle.changes(known: known, report: report, current: tickets) {
                if change == .fixed {
                    try Self.setStatus(
                        .fixed, reason: "not in run \(runID)", ticket: id, dataset: dataset, actor: TicketActor.service,
                        at: now, run: runID, kind: TicketStatus.fixed.rawValue, in: db)
                    outcome.fixed.append(id)
                    continue
                }
                guard let ticket = byID[id] else { continue }
                try Self.record(ticket, of: report, run: runID, at: now, dataset: dataset, change: change, in: db)
                switch change {
                case .opened: outcome.opened.append(id)
                case .reopened: outcome.reopened.append(id)
                case .seen: outcome.seen.append(id)
                case .fixed: break
                }
            }
            return outcome
        }
    }

    /// Writes a ticket the run contains: its row, its count for the run, its examples and, when it
    /// opens or reopens, the event.
    private static func record(
        _ ticket: Ticket, of report: Report, run: Int64, at now: Int64, dataset: String,
        change: TicketLifecycle.Change, in db: any SQLConnection
    ) throws {
        let standardID = report.standard.id
        switch change {
        case .opened:
            try db.execute(
                """
                INSERT INTO ticket (dataset_id, id, standard_id, rule_id, severity, severity_rank, field, message,
                    help, status, status_reason, first_seen_run, last_seen_run, first_seen_at, last_seen_at, last_count)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', NULL, ?, ?, ?, ?, ?)
                """,
                [
                    dataset, ticket.id, standardID, ticket.ruleID, ticket.severity.rawValue,
                    severityRank(ticket.severity), ticket.field, ticket.message, ticket.suggestedFix, run, run, now,
                    now,
                    ticket.count,
                ])
            try addEvent(
                "opened", reason: nil, ticket: ticket.id, dataset: dataset, actor: TicketActor.service,
                at: now, run: run, in: db)
        case .reopened, .seen:
            try db.execute(
                """
                UPDATE ticket SET rule_id = ?, severity = ?, severity_rank = ?, field = ?, message = ?, help = ?,
                    last_seen_run = ?, last_seen_at = ?, last_count = ?
                WHERE dataset_id = ? AND id = ?
                """,
                [
                    ticket.ruleID, ticket.severity.rawValue, severityRank(ticket.severity), ticket.field,
                    ticket.message, ticket.suggestedFix, run, now, ticket.count, dataset, ticket.id,
                ])
            if change == .reopened {
                try setStatus(
                    .open, reason: "back in run \(run)", ticket: ticket.id, dataset: dataset,
                    actor: TicketActor.service, at: now, run: run, kind: "reopened", in: db)
            }
        case .fixed:
            return
        }
        try db.execute(
            "INSERT INTO ticket_run (dataset_id, ticket_id, run_id, count) VALUES (?, ?, ?, ?)",
            [dataset, ticket.id, run, ticket.count])
        for finding in ticket.findings {
            let example = finding.example
            try db.execute(
                """
                INSERT INTO ticket_example (dataset_id, ticket_id, finding_id, row_number, line_number,
                    column_number, field, value, note, last_seen_run)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(dataset_id, ticket_id, finding_id) DO UPDATE SET
                    row_number = excluded.row_number, line_number = excluded.line_number,
                    column_number = excluded.column_number, field = excluded.field, value = excluded.value,
                    note = excluded.note, last_seen_run = excluded.last_seen_run
                """,
                [
                    dataset, ticket.id, finding.id, example.row, example.line, example.column, example.field,
                    example.value, example.note, run,
                ])
        }
    }

    /// A dataset's runs, newest first.
    public func runs(of dataset: String, page: PageRequest) async throws -> Page<RunRecord> {
        try await database.read { db in
            try Self.page(
                page, of: Self.runColumns, from: "run WHERE dataset_id = ?", orderedBy: "id DESC", [dataset], in: db,
                Self.run)
        }
    }

    /// A run's report as it was published.
    public func reportJSON(run: Int64, of dataset: String) async throws -> [UInt8]? {
        try await database.read { db in
            try db.scalar("SELECT report FROM run WHERE id = ? AND dataset_id = ?", [run, dataset], as: [UInt8].self)
        }
    }

    /// A run's columns but its report, which only ``reportJSON(run:of:)`` reads.
    private static let runColumns = """
        id, dataset_id, published_at, standard_id, standard_version, input_sha256, rows_checked, errors, warnings,
        infos, is_valid, stopped_early
        """

    private static func run(_ row: SQLRow) throws -> RunRecord {
        try RunRecord(
            id: row["id"], datasetID: row["dataset_id"], publishedAt: date(row["published_at"]),
            standardID: row["standard_id"], standardVersion: row["standard_version"],
            inputSHA256: row["input_sha256"], rows: row["rows_checked"], errors: row["errors"],
            warnings: row["warnings"], infos: row["infos"], isValid: row["is_valid"], stoppedEarly: row["stopped_early"]
        )
    }

    // MARK: Tickets

    /// A dataset's tickets, worst first, optionally only those in `statuses`.
    public func tickets(of dataset: String, statuses: Set<TicketStatus>?, page: PageRequest) async throws
        -> Page<TicketRecord>
    {
        try await database.read { db in
            var filter = "dataset_id = ?"
            var arguments: [any SQLBindable] = [dataset]
            if let statuses {
                guard !statuses.isEmpty else {
                    return Page(items: [], total: 0, page: page.page, perPage: page.perPage)
                }
                filter += " AND status IN (\(Array(repeating: "?", count: statuses.count).joined(separator: ", ")))"
                for status in statuses.sorted(by: { $0.rawValue < $1.rawValue }) { arguments += [status.rawValue] }
            }
            return try Self.page(
                page, of: "*", from: "ticket WHERE \(filter)", orderedBy: "severity_rank DESC, last_count DESC, id",
                arguments, in: db, Self.ticket)
        }
    }

    /// One ticket with its history, counts, examples and shown feedback.
    public func ticket(_ id: String, of dataset: String) async throws -> TicketDetail? {
        try await database.read { db in
            guard
                let ticket = try db.fetchOne(
                    "SELECT * FROM ticket WHERE dataset_id = ? AND id = ?", [dataset, id]
                ).map(Self.ticket)
            else { return nil }
            let history = try db.fetchAll(
                "SELECT * FROM ticket_event WHERE dataset_id = ? AND ticket_id = ? ORDER BY id", [dataset, id]
            ).map {
                try TicketEvent(
                    at: Self.date($0["at"]), kind: $0["kind"], by: $0["actor"], agent: $0["agent"],
                    reason: $0["reason"],
                    runID: $0["run_id"])
            }
            let counts = try db.fetchAll(
                "SELECT run_id, count FROM ticket_run WHERE dataset_id = ? AND ticket_id = ? ORDER BY run_id",
                [dataset, id]
            ).map { try TicketDetail.RunCount(runID: $0["run_id"], count: $0["count"]) }
            let examples = try db.fetchAll(
                """
                SELECT * FROM ticket_example WHERE dataset_id = ? AND ticket_id = ?
                ORDER BY last_seen_run DESC, row_number NULLS FIRST, finding_id LIMIT 100
                """, [dataset, id]
            ).map {
                try TicketExample(
                    findingID: $0["finding_id"], row: $0["row_number"], line: $0["line_number"],
                    column: $0["column_number"], field: $0["field"], value: $0["value"], note: $0["note"],
                    lastSeenRun: $0["last_seen_run"])
            }
            let feedback = try db.fetchAll(
                """
                SELECT * FROM feedback WHERE dataset_id = ? AND ticket_id = ?
                    AND moderation IN \(Self.shown) ORDER BY id
                """, [dataset, id]
            ).map(Self.feedback)
            return TicketDetail(
                ticket: ticket, history: history, counts: counts, examples: examples, feedback: feedback)
        }
    }

    /// Sets a ticket's status on the publisher's word; `agent` is who acted for it (an account's
    /// name, or `token ID`), kept in the history.
    public func setStatus(
        _ status: TicketStatus, reason: String?, ofTicket id: String, in dataset: String, by organisation: String,
        agent: String, at date: Date
    ) async throws -> TicketRecord? {
        try await database.write { db in
            guard
                let current = try db.fetchOne(
                    "SELECT status, status_reason FROM ticket WHERE dataset_id = ? AND id = ?", [dataset, id])
            else { return nil }
            // Setting what is already set changes nothing, and is not a response to anyone.
            let unchanged =
                try current["status"] as String == status.rawValue
                && current["status_reason"] as String? == (status.needsReason ? reason : nil)
            if !unchanged {
                try Self.setStatus(
                    status, reason: reason, ticket: id, dataset: dataset, actor: organisation, agent: agent,
                    at: Self.seconds(date), run: nil, kind: status.rawValue, in: db)
            }
            return try db.fetchOne(
                "SELECT * FROM ticket WHERE dataset_id = ? AND id = ?", [dataset, id]
            ).map(Self.ticket)
        }
    }

    private static func setStatus(
        _ status: TicketStatus, reason: String?, ticket: String, dataset: String, actor: String,
        agent: String? = nil, at: Int64, run: Int64?, kind: String, in db: any SQLConnection
    ) throws {
        try db.execute(
            "UPDATE ticket SET status = ?, status_reason = ? WHERE dataset_id = ? AND id = ?",
            [status.rawValue, status.needsReason ? reason : nil, dataset, ticket])
        try addEvent(
            kind, reason: reason, ticket: ticket, dataset: dataset, actor: actor, agent: agent, at: at, run: run,
            in: db)
    }

    private static func addEvent(
        _ kind: String, reason: String?, ticket: String, dataset: String, actor: String, agent: String? = nil,
        at: Int64, run: Int64?, in db: any SQLConnection
    ) throws {
        try db.execute(
            """
            INSERT INTO ticket_event (dataset_id, ticket_id, at, kind, actor, agent, reason, run_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, [dataset, ticket, at, kind, actor, agent, reason, run])
    }

    private static func ticket(_ row: SQLRow) throws -> TicketRecord {
        try TicketRecord(
            datasetID: row["dataset_id"], id: row["id"], standardID: row["standard_id"], ruleID: row["rule_id"],
            severity: Severity(rawValue: row["severity"]) ?? .error, field: row["field"], message: row["message"],
            help: row["help"], status: TicketStatus(rawValue: row["status"]) ?? .open,
            statusReason: row["status_reason"], firstSeenRun: row["first_seen_run"], lastSeenRun: row["last_seen_run"],
            firstSeenAt: date(row["first_seen_at"]), lastSeenAt: date(row["last_seen_at"]), count: row["last_count"])
    }

    private static func severityRank(_ severity: Severity) -> Int {
        Severity.allCases.firstIndex(of: severity) ?? 0
    }

    // MARK: Feedback

    /// Files a data user's feedback, or a publisher's reply, with its notification.
    public func addFeedback(_ new: NewFeedback, at date: Date) async throws -> FeedbackRecord? {
        try await database.write { db in
            if let original = new.inReplyTo {
                guard
                    let item = try db.fetchOne(
                        "SELECT kind, moderation FROM feedback WHERE id = ? AND dataset_id = ?",
                        [original, new.datasetID]),
                    try item["kind"] as String != FeedbackKind.reply.rawValue,
                    try ModerationState(rawValue: item["moderation"])?.isShown == true
                else { return nil }
            }
            let (targetKind, ticket, finding, column) = Self.columns(of: new.target)
            guard
                let row = try db.fetchOne(
                    """
                    INSERT INTO feedback (dataset_id, target_kind, ticket_id, finding_id, column_name, kind, body,
                        old_value, new_value, email, organisation, moderation, spam_score, in_reply_to, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *
                    """,
                    [
                        new.datasetID, targetKind, ticket, finding, column, new.kind.rawValue, new.body, new.oldValue,
                        new.newValue, new.email, new.organisation, new.moderation.rawValue, new.spamScore,
                        new.inReplyTo, Self.seconds(date),
                    ])
            else { throw SQLStoreError.missingColumn("id") }
            let filed = try Self.feedback(row)
            // The publisher hears of a data user's item; a held item's notice waits with it.
            if new.kind != .reply {
                try db.execute(
                    "INSERT INTO notification (feedback_id, dataset_id, state, created_at) VALUES (?, ?, ?, ?)",
                    [filed.id, new.datasetID, new.moderation == .held ? "held" : "pending", Self.seconds(date)])
            }
            return filed
        }
    }

    /// Bodies filed since `since`, for the spam score's repeated-text check.
    public func recentBodies(since date: Date, limit: Int) async throws -> [String] {
        try await database.read { db in
            try db.column(
                "SELECT body FROM feedback WHERE created_at >= ? AND body <> '' ORDER BY id DESC LIMIT ?",
                [Self.seconds(date), limit], as: String.self)
        }
    }

    /// One item by id.
    public func feedback(_ id: Int64) async throws -> FeedbackRecord? {
        try await database.read { db in
            try db.fetchOne("SELECT * FROM feedback WHERE id = ?", [id]).map(Self.feedback)
        }
    }

    /// A dataset's feedback, oldest first; held and removed items only when `includeHidden`.
    public func feedback(of dataset: String, includeHidden: Bool, page: PageRequest) async throws
        -> Page<FeedbackRecord>
    {
        try await database.read { db in
            let filter =
                includeHidden ? "dataset_id = ?" : "dataset_id = ? AND moderation IN \(Self.shown)"
            return try Self.page(
                page, of: "*", from: "feedback WHERE \(filter)", orderedBy: "id", [dataset], in: db, Self.feedback)
        }
    }

    /// Marks `duplicate` as merged into `original` (same dataset); its "+1" counts go with it.
    public func merge(_ duplicate: Int64, into original: Int64) async throws -> MergeOutcome {
        try await database.write { db in
            guard duplicate != original else { return .refused }
            let items = try db.fetchAll(
                """
                SELECT id, dataset_id, kind, merged_into, moderation, target_kind, ticket_id, finding_id, column_name
                FROM feedback WHERE id IN (?, ?)
                """, [duplicate, original])
            guard items.count == 2, try Set(items.map { try $0["dataset_id"] as String }).count == 1 else {
                return .notFound
            }
            // Duplicates are about the same thing: merging unrelated items would hide them.
            let targets = try Set(items.map(Self.target(of:)))
            guard targets.count == 1 else { return .refused }
            let originalItem = try items.first { try $0["id"] as Int64 == original }
            guard try items.allSatisfy({ try $0["kind"] as String != FeedbackKind.reply.rawValue }),
                try items.allSatisfy({ try ModerationState(rawValue: $0["moderation"])?.isShown == true }),
                try originalItem?["merged_into"] as Int64? == nil
            else { return .refused }
            // Items already merged into the duplicate follow it, so a thread never points at a merged item.
            try db.execute("UPDATE feedback SET merged_into = ? WHERE merged_into = ?", [original, duplicate])
            guard
                let merged = try db.fetchOne(
                    "UPDATE feedback SET merged_into = ? WHERE id = ? RETURNING *", [original, duplicate])
            else { return .notFound }
            return .merged(try Self.feedback(merged))
        }
    }

    /// A dataset's shown feedback, newest first: of one `kind` when given, and only about the
    /// dataset or a column (no ticket) when `untargeted`.
    public func latestFeedback(of dataset: String, kind: FeedbackKind?, untargeted: Bool, limit: Int)
        async throws -> [FeedbackRecord]
    {
        try await database.read { db in
            var sql = "SELECT * FROM feedback WHERE dataset_id = ? AND moderation IN \(Self.shown)"
            var arguments: [any SQLBindable] = [dataset]
            if let kind {
                sql += " AND kind = ?"
                arguments += [kind.rawValue]
            }
            if untargeted { sql += " AND ticket_id IS NULL" }
            return try db.fetchAll(sql + " ORDER BY id DESC LIMIT ?", arguments + [limit])
                .map(Self.feedback)
        }
    }

    /// Whether `finding` is one of the ticket's known examples.
    public func hasFinding(_ finding: String, ticket: String, in dataset: String) async throws -> Bool {
        try await database.read { db in
            try db.fetchOne(
                "SELECT 1 FROM ticket_example WHERE dataset_id = ? AND ticket_id = ? AND finding_id = ?",
                [dataset, ticket, finding]) != nil
        }
    }

    /// A moderator's decision: cleared releases a held item and its notifications, removed drops them.
    public func moderate(_ id: Int64, to state: ModerationState) async throws -> FeedbackRecord? {
        try await database.write { db in
            guard try db.execute("UPDATE feedback SET moderation = ? WHERE id = ?", [state.rawValue, id]) == 1 else {
                return nil
            }
            let notice: String? =
                switch state {
                case .cleared, .notChecked: "pending"
                case .removed: "dropped"
                case .held: "held"
                }
            try db.execute("UPDATE notification SET state = ? WHERE feedback_id = ? AND state <> 'sent'", [notice, id])
            return try db.fetchOne("SELECT * FROM feedback WHERE id = ?", [id]).map(Self.feedback)
        }
    }

    /// A dataset's notifications waiting for delivery (held and dropped ones are not), oldest
    /// first, at most `limit`, with the address to reply to when one was given.
    public func pendingNotifications(of dataset: String, limit: Int) async throws -> [NotificationRecord] {
        try await database.read { db in
            try db.fetchAll(
                """
                SELECT n.*, f.email FROM notification n JOIN feedback f ON f.id = n.feedback_id
                WHERE n.dataset_id = ? AND n.state = 'pending' ORDER BY n.id LIMIT ?
                """, [dataset, limit]
            ).map {
                try NotificationRecord(
                    id: $0["id"], feedbackID: $0["feedback_id"], datasetID: $0["dataset_id"], state: $0["state"],
                    createdAt: Self.date($0["created_at"]), replyTo: $0["email"])
            }
        }
    }

    /// Marks a pending notification delivered; false when the dataset has no such pending one.
    public func markSent(notification id: Int64, of dataset: String) async throws -> Bool {
        try await database.write { db in
            try db.execute(
                "UPDATE notification SET state = 'sent' WHERE id = ? AND dataset_id = ? AND state = 'pending'",
                [id, dataset]) == 1
        }
    }

    /// The moderation states pages and lists show (``ModerationState/isShown``), as SQL.
    private static let shown =
        "(" + ModerationState.allCases.filter(\.isShown).map { "'\($0.rawValue)'" }.joined(separator: ", ") + ")"

    private static func columns(of target: FeedbackTarget) -> (String, String?, String?, String?) {
        switch target {
        case .ticket(let ticket): return ("ticket", ticket, nil, nil)
        case .finding(let ticket, let finding): return ("finding", ticket, finding, nil)
        case .column(let name): return ("column", nil, nil, name)
        case .dataset: return ("dataset", nil, nil, nil)
        }
    }

    private static func target(of row: SQLRow) throws -> FeedbackTarget {
        switch try row["target_kind"] as String {
        case "ticket": .ticket(try row["ticket_id"])
        case "finding": .finding(ticket: try row["ticket_id"], finding: try row["finding_id"])
        case "column": .column(try row["column_name"])
        default: .dataset
        }
    }

    private static func feedback(_ row: SQLRow) throws -> FeedbackRecord {
        try FeedbackRecord(
            id: row["id"], datasetID: row["dataset_id"], target: target(of: row),
            kind: FeedbackKind(rawValue: row["kind"]) ?? .problem, body: row["body"], oldValue: row["old_value"],
            newValue: row["new_value"], organisation: row["organisation"], wantsReplies: row["email"] as String? != nil,
            moderation: ModerationState(rawValue: row["moderation"]) ?? .held, spamScore: row["spam_score"],
            mergedInto: row["merged_into"], inReplyTo: row["in_reply_to"], createdAt: date(row["created_at"]))
    }

    // MARK: Tokens

    /// Stores a new token (its hash only).
    public func saveToken(_ token: StoredToken) async throws {
        try await database.write { db in
            let datasets: [String]
            switch token.scope {
            case .moderator: datasets = []
            case .publisher(let scope): datasets = Array(Set(scope)).sorted()
            }
            try db.execute(
                "INSERT INTO token (id, secret_hash, role, label, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    token.id, token.secretHash, token.scope == .moderator ? "moderator" : "publisher", token.label,
                    Self.seconds(token.createdAt), token.revokedAt.map(Self.seconds),
                ])
            for dataset in datasets {
                try db.execute("INSERT INTO token_dataset (token_id, dataset_id) VALUES (?, ?)", [token.id, dataset])
            }
        }
    }

    /// A token by its public id.
    public func token(_ id: String) async throws -> StoredToken? {
        try await database.read { db in
            try db.fetchOne("SELECT * FROM token WHERE id = ?", [id]).map {
                try Self.token($0, in: db)
            }
        }
    }

    /// Every token, newest first.
    public func tokens() async throws -> [StoredToken] {
        try await database.read { db in
            try db.fetchAll("SELECT * FROM token ORDER BY created_at DESC, id", []).map {
                try Self.token($0, in: db)
            }
        }
    }

    /// Revokes a token; false when there is no such token.
    public func revokeToken(_ id: String, at date: Date) async throws -> Bool {
        try await database.write { db in
            try db.execute(
                "UPDATE token SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?", [Self.seconds(date), id]) == 1
        }
    }

    private static func token(_ row: SQLRow, in db: any SQLConnection) throws -> StoredToken {
        let id: String = try row["id"]
        let scope = try Self.scope(
            role: row["role"], datasets: "SELECT dataset_id FROM token_dataset WHERE token_id = ? ORDER BY dataset_id",
            of: id, in: db)
        return try StoredToken(
            id: id, secretHash: row["secret_hash"], scope: scope, label: row["label"],
            createdAt: date(row["created_at"]), revokedAt: (row["revoked_at"] as Int64?).map(date))
    }

    // MARK: Accounts and sessions

    /// Adds an account (a moderator's, or a publisher's for some datasets) with its password's hash.
    public func saveAccount(_ account: AccountRecord, passwordHash: String) async throws {
        try await database.write { db in
            try db.execute(
                "INSERT INTO account (name, password_hash, role, created_at, disabled_at) VALUES (?, ?, ?, ?, NULL)",
                [
                    account.name, passwordHash, account.scope == .moderator ? "moderator" : "publisher",
                    Self.seconds(account.createdAt),
                ])
            if case .publisher(let datasets) = account.scope {
                for dataset in Set(datasets).sorted() {
                    try db.execute(
                        "INSERT INTO account_dataset (account_name, dataset_id) VALUES (?, ?)", [account.name, dataset])
                }
            }
        }
    }

    /// An account and its password's hash, by name.
    public func account(named name: String) async throws -> (account: AccountRecord, passwordHash: String)? {
        try await database.read { db in
            guard let row = try db.fetchOne("SELECT * FROM account WHERE name = ?", [name]) else {
                return nil
            }
            return (try Self.account(row, in: db), try row["password_hash"])
        }
    }

    /// Every account, by name.
    public func accounts() async throws -> [AccountRecord] {
        try await database.read { db in
            try db.fetchAll("SELECT * FROM account ORDER BY name", []).map { try Self.account($0, in: db) }
        }
    }

    /// Sets an account's password hash and enables it, ending its sessions; false when there is no such account.
    public func setPassword(ofAccount name: String, hash: String) async throws -> Bool {
        try await database.write { db in
            guard
                try db.execute("UPDATE account SET password_hash = ?, disabled_at = NULL WHERE name = ?", [hash, name])
                    == 1
            else { return false }
            try db.execute("DELETE FROM session WHERE account_name = ?", [name])
            return true
        }
    }

    /// Disables an account and ends its sessions; false when there is no such account.
    public func disableAccount(named name: String, at date: Date) async throws -> Bool {
        try await database.write { db in
            guard
                try db.execute(
                    "UPDATE account SET disabled_at = COALESCE(disabled_at, ?) WHERE name = ?",
                    [Self.seconds(date), name]) == 1
            else { return false }
            try db.execute("DELETE FROM session WHERE account_name = ?", [name])
            return true
        }
    }

    /// Starts a session for an account: only the SHA-256 of the cookie's value is stored.
    public func startSession(idHash: [UInt8], account: String, at date: Date, expires: Date) async throws {
        try await database.write { db in
            // Expired sessions go whenever a new one starts, so the table stays the size of the live ones.
            try db.execute("DELETE FROM session WHERE expires_at <= ?", [Self.seconds(date)])
            try db.execute(
                "INSERT INTO session (id_hash, account_name, created_at, expires_at) VALUES (?, ?, ?, ?)",
                [idHash, account, Self.seconds(date), Self.seconds(expires)])
        }
    }

    /// The enabled account of an unexpired session.
    public func account(ofSession idHash: [UInt8], at date: Date) async throws -> AccountRecord? {
        try await database.read { db in
            try db.fetchOne(
                """
                SELECT a.* FROM session s JOIN account a ON a.name = s.account_name
                WHERE s.id_hash = ? AND s.expires_at > ? AND a.disabled_at IS NULL
                """, [idHash, Self.seconds(date)]
            ).map { try Self.account($0, in: db) }
        }
    }

    /// Ends a session.
    public func endSession(idHash: [UInt8]) async throws {
        try await database.write { db in
            try db.execute("DELETE FROM session WHERE id_hash = ?", [idHash])
        }
    }

    /// Feedback waiting for a moderator across datasets, held items first, then the newest unchecked.
    public func moderationQueue(limit: Int) async throws -> [FeedbackRecord] {
        try await database.read { db in
            try db.fetchAll(
                """
                SELECT * FROM feedback WHERE moderation IN ('held', 'not-checked') AND kind <> 'reply'
                ORDER BY moderation = 'held' DESC, id DESC LIMIT ?
                """, [limit]
            ).map(Self.feedback)
        }
    }

    /// A token's or an account's scope: `moderator`, or `publisher` with the datasets `datasets` selects.
    private static func scope(role: String, datasets sql: String, of owner: String, in db: any SQLConnection) throws
        -> AccessScope
    {
        role == "moderator" ? .moderator : .publisher(datasets: try db.column(sql, [owner], as: String.self))
    }

    private static func account(_ row: SQLRow, in db: any SQLConnection) throws -> AccountRecord {
        let name: String = try row["name"]
        let scope = try Self.scope(
            role: row["role"],
            datasets: "SELECT dataset_id FROM account_dataset WHERE account_name = ? ORDER BY dataset_id", of: name,
            in: db)
        return try AccountRecord(
            name: name, scope: scope, createdAt: date(row["created_at"]),
            disabledAt: (row["disabled_at"] as Int64?).map(date))
    }

    // MARK: Secrets

    /// A secret the service keeps across restarts (the CSRF key), made on first use.
    public func secret(named name: String, make: @Sendable () -> [UInt8]) async throws -> [UInt8] {
        // Made before the transaction, which may then keep the one already stored instead.
        let made = make()
        return try await database.write { db in
            if let value = try db.scalar("SELECT value FROM service_secret WHERE name = ?", [name], as: [UInt8].self) {
                return value
            }
            try db.execute("INSERT INTO service_secret (name, value) VALUES (?, ?)", [name, made])
            return made
        }
    }

    /// One page of `SELECT columns FROM source ORDER BY order`, with the count of all its rows.
    /// `source` and `order` are the store's own SQL; values go in `arguments`.
    private static func page<T>(
        _ page: PageRequest, of columns: String, from source: String, orderedBy order: String,
        _ arguments: [any SQLBindable], in db: any SQLConnection, _ read: (SQLRow) throws -> T
    ) throws -> Page<T> {
        let total = try db.scalar("SELECT COUNT(*) FROM \(source)", arguments, as: Int.self)
        let items = try db.fetchAll(
            "SELECT \(columns) FROM \(source) ORDER BY \(order) LIMIT ? OFFSET ?",
            arguments + [page.perPage, page.offset]
        ).map(read)
        return Page(items: items, total: total ?? 0, page: page.page, perPage: page.perPage)
    }

    // MARK: Time

    private static func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }
    private static func date(_ seconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }
}
