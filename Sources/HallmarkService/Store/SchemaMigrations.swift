internal import Foundation

/// The schema, as numbered migrations. A shipped migration is never edited: a change is a new
/// migration appended here, so every database, old or new, ends in the same schema. They are
/// written in SQLite's dialect, and PostgreSQL applies the same list translated (``postgres``).
package enum SchemaMigrations {
    /// Every migration, in order, in SQLite's dialect.
    package static let all: [SchemaMigration] = [
        SchemaMigration(
            name: "v1-feedback-service",
            sql:
                """
                CREATE TABLE dataset (
                    id TEXT PRIMARY KEY NOT NULL,
                    title TEXT NOT NULL,
                    publisher TEXT NOT NULL,
                    created_at BIGINT NOT NULL
                );
                CREATE TABLE run (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    dataset_id TEXT NOT NULL REFERENCES dataset(id),
                    published_at BIGINT NOT NULL,
                    standard_id TEXT NOT NULL,
                    standard_version TEXT NOT NULL,
                    input_sha256 TEXT NOT NULL,
                    rows_checked BIGINT NOT NULL,
                    errors BIGINT NOT NULL,
                    warnings BIGINT NOT NULL,
                    infos BIGINT NOT NULL,
                    is_valid BOOLEAN NOT NULL,
                    stopped_early BOOLEAN NOT NULL,
                    report BLOB NOT NULL
                );
                CREATE INDEX run_by_dataset ON run(dataset_id, id);
                CREATE TABLE ticket (
                    dataset_id TEXT NOT NULL REFERENCES dataset(id),
                    id TEXT NOT NULL,
                    standard_id TEXT NOT NULL,
                    rule_id TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    severity_rank INTEGER NOT NULL,
                    field TEXT,
                    message TEXT NOT NULL,
                    help TEXT,
                    status TEXT NOT NULL,
                    status_reason TEXT,
                    first_seen_run BIGINT NOT NULL,
                    last_seen_run BIGINT NOT NULL,
                    first_seen_at BIGINT NOT NULL,
                    last_seen_at BIGINT NOT NULL,
                    last_count BIGINT NOT NULL,
                    PRIMARY KEY (dataset_id, id)
                );
                CREATE TABLE ticket_run (
                    dataset_id TEXT NOT NULL,
                    ticket_id TEXT NOT NULL,
                    run_id BIGINT NOT NULL REFERENCES run(id),
                    count BIGINT NOT NULL,
                    PRIMARY KEY (dataset_id, ticket_id, run_id)
                );
                CREATE TABLE ticket_event (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    dataset_id TEXT NOT NULL,
                    ticket_id TEXT NOT NULL,
                    at BIGINT NOT NULL,
                    kind TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    reason TEXT,
                    run_id BIGINT
                );
                CREATE INDEX ticket_event_by_ticket ON ticket_event(dataset_id, ticket_id, id);
                CREATE TABLE ticket_example (
                    dataset_id TEXT NOT NULL,
                    ticket_id TEXT NOT NULL,
                    finding_id TEXT NOT NULL,
                    row_number BIGINT,
                    line_number BIGINT,
                    column_number BIGINT,
                    field TEXT,
                    value TEXT,
                    note TEXT,
                    last_seen_run BIGINT NOT NULL,
                    PRIMARY KEY (dataset_id, ticket_id, finding_id)
                );
                CREATE TABLE feedback (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    dataset_id TEXT NOT NULL REFERENCES dataset(id),
                    target_kind TEXT NOT NULL,
                    ticket_id TEXT,
                    finding_id TEXT,
                    column_name TEXT,
                    kind TEXT NOT NULL,
                    body TEXT NOT NULL,
                    old_value TEXT,
                    new_value TEXT,
                    email TEXT,
                    organisation TEXT,
                    moderation TEXT NOT NULL,
                    spam_score INTEGER NOT NULL,
                    merged_into BIGINT REFERENCES feedback(id),
                    in_reply_to BIGINT REFERENCES feedback(id),
                    created_at BIGINT NOT NULL
                );
                CREATE INDEX feedback_by_dataset ON feedback(dataset_id, id);
                CREATE INDEX feedback_by_ticket ON feedback(dataset_id, ticket_id, id);
                CREATE INDEX feedback_by_time ON feedback(created_at);
                CREATE TABLE notification (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    feedback_id BIGINT NOT NULL REFERENCES feedback(id),
                    dataset_id TEXT NOT NULL,
                    state TEXT NOT NULL,
                    created_at BIGINT NOT NULL
                );
                CREATE TABLE token (
                    id TEXT PRIMARY KEY NOT NULL,
                    secret_hash BLOB NOT NULL,
                    role TEXT NOT NULL,
                    label TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    revoked_at BIGINT
                );
                CREATE TABLE token_dataset (
                    token_id TEXT NOT NULL REFERENCES token(id),
                    dataset_id TEXT NOT NULL,
                    PRIMARY KEY (token_id, dataset_id)
                );
                CREATE TABLE service_secret (
                    name TEXT PRIMARY KEY NOT NULL,
                    value BLOB NOT NULL
                );
                """
        ),
        SchemaMigration(
            name: "v2-reply-and-notice-indexes",
            sql: """
                CREATE INDEX feedback_by_reply ON feedback(in_reply_to);
                CREATE INDEX notification_by_feedback ON notification(feedback_id);
                CREATE INDEX notification_by_state ON notification(dataset_id, state, id);
                """
        ),
        SchemaMigration(
            name: "v3-accounts-and-sessions",
            sql: """
                CREATE TABLE account (
                    name TEXT PRIMARY KEY NOT NULL,
                    password_hash TEXT NOT NULL,
                    role TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    disabled_at BIGINT
                );
                CREATE TABLE account_dataset (
                    account_name TEXT NOT NULL REFERENCES account(name),
                    dataset_id TEXT NOT NULL,
                    PRIMARY KEY (account_name, dataset_id)
                );
                CREATE TABLE session (
                    id_hash BLOB PRIMARY KEY NOT NULL,
                    account_name TEXT NOT NULL REFERENCES account(name),
                    created_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL
                );
                """
        ),
        SchemaMigration(
            name: "v4-who-acted",
            sql: """
                ALTER TABLE ticket_event ADD COLUMN agent TEXT;
                """
        ),
    ]

    /// The same migrations in PostgreSQL's dialect. The differences are few and mechanical:
    /// identity columns for SQLite's `AUTOINCREMENT`, 64-bit integers as SQLite's are, `BYTEA` for
    /// `BLOB`, and text compared byte by byte (`COLLATE "C"`, SQLite's `BINARY`), so lists sort the
    /// same in both stores. A migration may use only these types, and an integer key only with
    /// `AUTOINCREMENT` (a test checks that nothing else is left).
    package static let postgres: [SchemaMigration] = all.map {
        SchemaMigration(name: $0.name, sql: postgresDialect($0.sql))
    }

    static func postgresDialect(_ sql: String) -> String {
        sql.replacingOccurrences(
            of: "INTEGER PRIMARY KEY AUTOINCREMENT", with: "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
        )
        .replacingOccurrences(of: " INTEGER", with: " BIGINT")
        .replacingOccurrences(of: " BLOB", with: " BYTEA")
        .replacingOccurrences(of: " TEXT", with: " TEXT COLLATE \"C\"")
    }
}
