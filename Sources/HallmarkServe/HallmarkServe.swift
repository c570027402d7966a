import ArgumentParser
import Foundation
import HallmarkPostgresStore
import HallmarkService

/// `hallmark-serve` (also run as `hallmark serve`): the feedback service, and its tokens.
@main
struct HallmarkServe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hallmark serve",
        abstract: "Run the feedback service: publishers publish runs, data users file feedback.",
        discussion: """
            Pages at / and a JSON API under /api/v1 (described at /openapi.json), over one SQLite file \
            or a PostgreSQL database (--database). \
            Add a dataset and its publisher's token first: hallmark serve tokens create --dataset ID \
            --publisher ORGANISATION.
            """,
        subcommands: [Run.self, Tokens.self, Accounts.self],
        defaultSubcommand: Run.self)

    /// Options every subcommand shares.
    struct DatabaseOption: ParsableArguments {
        @Option(
            help: ArgumentHelp(
                "The store: an SQLite file (created when missing), or a PostgreSQL server's URL.",
                discussion: """
                    postgres://USER:PASSWORD@HOST:PORT/DATABASE[?sslmode=MODE], MODE as libpq's (disable, \
                    prefer, require, verify-ca, verify-full; sslrootcert=PATH for verify-*). Default: \
                    $HALLMARK_DATABASE when set (which keeps a password out of the process list), else \
                    hallmark.sqlite.
                    """,
                valueName: "path-or-url"))
        var database: String?
        @Option(help: "The most connections held open to a PostgreSQL store.")
        var databaseConnections = 8

        func validate() throws {
            if !(1...1000).contains(databaseConnections) {
                throw ValidationError("--database-connections is from 1 to 1000")
            }
        }

        /// Where the store is: the option, else the environment, else the default file.
        var location: String {
            database ?? ProcessInfo.processInfo.environment["HALLMARK_DATABASE"] ?? "hallmark.sqlite"
        }

        func open() async throws -> any FeedbackRepository {
            let location = self.location
            // A mistyped URL must not become a file named after it, password and all.
            if location.contains("://"), !SQLFeedbackRepository.isPostgresURL(location) {
                throw ValidationError("--database is a file's path or a postgres:// URL")
            }
            let repository =
                SQLFeedbackRepository.isPostgresURL(location)
                ? try SQLFeedbackRepository.postgres(url: location, connections: databaseConnections)
                : try SQLFeedbackRepository.sqlite(path: location)
            try await repository.migrate()
            return repository
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "run", abstract: "Serve (the default).")

        @OptionGroup var store: DatabaseOption
        @Option(help: "The address to listen on.") var host = "127.0.0.1"
        @Option(help: "The port; 0 picks a free one.") var port = 8080
        @Option(help: "The address browsers use (https://…), for feed links and a Secure cookie.")
        var publicURL: String?
        @Option(help: "The largest report accepted, in bytes.") var maxReportBytes = 32 << 20
        @Option(help: "Feedback items one client address may file at once.") var feedbackBurst = 5
        @Option(help: "Feedback items one client address may file per minute after that.") var feedbackPerMinute = 10
        @Flag(help: "Count limits by the last X-Forwarded-For address (only behind a proxy that sets it).")
        var trustForwardedFor = false

        func validate() throws {
            if feedbackBurst < 1 || feedbackPerMinute < 1 {
                throw ValidationError("--feedback-burst and --feedback-per-minute are at least 1")
            }
            if maxReportBytes < 1 { throw ValidationError("--max-report-bytes is at least 1") }
        }

        func run() async throws {
            var configuration = ServiceConfiguration()
            configuration.host = host
            configuration.port = port
            configuration.publicURL = publicURL
            configuration.maxReportBytes = maxReportBytes
            configuration.feedbackBurst = feedbackBurst
            configuration.feedbackPerMinute = feedbackPerMinute
            configuration.trustForwardedFor = trustForwardedFor
            let service = try await FeedbackService(repository: try await store.open(), configuration: configuration)
            let host = self.host
            try await service.run { port in
                // Unbuffered: a supervisor or test reads the port from this line.
                FileHandle.standardOutput.write(Data("hallmark serve: listening on http://\(host):\(port)\n".utf8))
            }
        }
    }

    struct Tokens: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tokens", abstract: "Create, list and revoke publisher and moderator tokens.",
            subcommands: [Create.self, List.self, Revoke.self])
    }

    struct Accounts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "accounts",
            abstract: "Create, list and disable the accounts that sign in to the pages (moderators, publishers).",
            subcommands: [CreateAccount.self, SetPassword.self, ListAccounts.self, DisableAccount.self])
    }

    struct CreateAccount: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Create an account; its password is read from standard input (prompted for at a terminal).",
            discussion:
                "The password is stored only as a bcrypt hash. A dataset named must already exist (tokens create adds it)."
        )

        @OptionGroup var store: DatabaseOption
        @Argument(help: "The name to sign in with.") var name: String
        @Option(help: "A dataset whose publisher the account answers for (repeat for more).") var dataset: [String] = []
        @Flag(help: "A moderator's account: moderates feedback on every dataset.") var moderator = false

        func validate() throws {
            if moderator == !dataset.isEmpty {
                throw ValidationError(
                    "an account is a moderator's (--moderator) or answers for --dataset, one of the two")
            }
            if let problem = AccountRecord.problem(withName: name) { throw ValidationError(problem) }
        }

        func run() async throws {
            let repository = try await store.open()
            for id in dataset where try await repository.dataset(id) == nil {
                throw ValidationError(
                    "no dataset \(id) (create it with: hallmark serve tokens create --dataset \(id) --publisher …)")
            }
            if try await repository.account(named: name) != nil {
                fail("an account \(name) exists; set its password with: hallmark serve accounts password \(name)")
            }
            let password = readPassword(for: name)
            try await repository.saveAccount(
                AccountRecord(
                    name: name, scope: moderator ? .moderator : .publisher(datasets: dataset), createdAt: Date()),
                passwordHash: Passwords.hash(password))
            print("hallmark serve: account \(name) created")
        }
    }

    struct SetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "password",
            abstract: "Set an account's password (read as for create); this enables it and ends its sessions.")
        @OptionGroup var store: DatabaseOption
        @Argument(help: "The account's name.") var name: String

        func run() async throws {
            let repository = try await store.open()
            guard try await repository.account(named: name) != nil else { fail("no account \(name)") }
            let password = readPassword(for: name)
            _ = try await repository.setPassword(ofAccount: name, hash: Passwords.hash(password))
            print("hallmark serve: the password of \(name) is set")
        }
    }

    struct ListAccounts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List accounts and what they may do.")
        @OptionGroup var store: DatabaseOption

        func run() async throws {
            for account in try await store.open().accounts() {
                let scope =
                    switch account.scope {
                    case .moderator: "moderator"
                    case .publisher(let datasets): "answers for \(datasets.joined(separator: ", "))"
                    }
                print("\(account.name)\t\(account.disabledAt == nil ? "active" : "disabled")\t\(scope)")
            }
        }
    }

    struct DisableAccount: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "disable", abstract: "Disable an account and end its sessions.")
        @OptionGroup var store: DatabaseOption
        @Argument(help: "The account's name.") var name: String

        func run() async throws {
            guard try await store.open().disableAccount(named: name, at: Date()) else { fail("no account \(name)") }
            print("hallmark serve: account \(name) disabled")
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token; with --dataset, also add or update the dataset and its publisher.",
            discussion: "The token is printed once; only its hash is stored.")

        @OptionGroup var store: DatabaseOption
        @Option(help: "A dataset the token publishes (repeat for more).") var dataset: [String] = []
        @Option(help: "The organisation publishing the dataset; replies are signed with it.") var publisher: String?
        @Option(help: "The dataset's title on pages (default: its id).") var title: String?
        @Flag(help: "A moderator's token: moderates feedback on every dataset, publishes none.") var moderator = false
        @Option(help: "A note to tell tokens apart.") var label = ""

        func validate() throws {
            if moderator && !dataset.isEmpty {
                throw ValidationError("a token is a moderator's or a publisher's, not both")
            }
            if !moderator && dataset.isEmpty {
                throw ValidationError("name the --dataset the token publishes, or --moderator")
            }
            if !dataset.isEmpty && publisher == nil { throw ValidationError("name the --publisher of the dataset") }
            if title != nil && dataset.count != 1 { throw ValidationError("--title names one dataset") }
            if let problem = dataset.lazy.compactMap(DatasetRecord.problem(withID:)).first {
                throw ValidationError(problem)
            }
            if let publisher, let problem = DatasetRecord.problem(withLabel: publisher, as: "--publisher") {
                throw ValidationError(problem)
            }
            if let title, let problem = DatasetRecord.problem(withLabel: title, as: "--title") {
                throw ValidationError(problem)
            }
        }

        func run() async throws {
            let repository = try await store.open()
            for id in dataset {
                let existing = try await repository.dataset(id)
                try await repository.saveDataset(
                    DatasetRecord(
                        id: id, title: title ?? existing?.title ?? id, publisher: publisher ?? "",
                        createdAt: existing?.createdAt ?? Date()))
            }
            let token = PublisherToken.generate()
            try await repository.saveToken(
                StoredToken(
                    id: token.id, secretHash: token.secretHash,
                    scope: moderator ? .moderator : .publisher(datasets: dataset), label: label, createdAt: Date()))
            print(token.text)
            FileHandle.standardError.write(
                Data(
                    "hallmark serve: token \(token.id) created; it is shown only now (revoke: hallmark serve tokens revoke \(token.id))\n"
                        .utf8))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (ids and scopes, never secrets).")
        @OptionGroup var store: DatabaseOption

        func run() async throws {
            for token in try await store.open().tokens() {
                let scope =
                    switch token.scope {
                    case .moderator: "moderator"
                    case .publisher(let datasets): "publishes \(datasets.joined(separator: ", "))"
                    }
                let state = token.revokedAt == nil ? "active" : "revoked"
                print("\(token.id)\t\(state)\t\(scope)\t\(token.label)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by its id.")
        @OptionGroup var store: DatabaseOption
        @Argument(help: "The token's id (the 12 hex digits after hmk_).") var id: String

        func run() async throws {
            guard try await store.open().revokeToken(id, at: Date()) else {
                FileHandle.standardError.write(
                    Data("hallmark serve: no token \(id) (hallmark serve tokens list)\n".utf8))
                throw ExitCode.failure
            }
            print("hallmark serve: token \(id) revoked")
        }
    }
}

/// Says why on standard error and exits 1: for failures that are not a misuse of the command line
/// (which would print the usage).
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("hallmark serve: \(message)\n".utf8))
    exit(1)
}

/// A new password: prompted for at a terminal, else the first line of standard input.
func readPassword(for name: String) -> String {
    let password =
        isatty(0) == 1 ? String(cString: getpass("Password for \(name): ")) : readLine(strippingNewline: true) ?? ""
    if let problem = Passwords.problem(with: password) { fail(problem) }
    return password
}
