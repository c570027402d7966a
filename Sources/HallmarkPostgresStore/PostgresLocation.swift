internal import Foundation
internal import PostgresNIO

/// Where a PostgreSQL database is, from a connection URL as libpq writes them:
/// `postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=MODE`, or `postgres://USER@/DATABASE?host=/run/postgresql`
/// for a Unix socket's folder.
struct PostgresLocation: Equatable {
    enum Endpoint: Equatable {
        case tcp(host: String, port: Int)
        /// The socket's own path (`FOLDER/.s.PGSQL.PORT`).
        case socket(path: String)
    }

    /// What `sslmode` asks: libpq's `disable`, `prefer` (the default) and `require`; `verify-full`
    /// is `require`, which postgres-nio always verifies.
    enum TLSMode: String, Equatable {
        case disable, prefer, require
    }

    var endpoint: Endpoint
    var user: String
    var password: String?
    var database: String
    var tlsMode: TLSMode

    /// A URL that cannot name a database; the message never repeats the password.
    struct Problem: Error, CustomStringConvertible, Equatable {
        var description: String
    }

    /// Whether `text` is a PostgreSQL URL rather than a file's path.
    static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    init(url text: String) throws(Problem) {
        guard Self.isURL(text), let components = URLComponents(string: text) else {
            throw Problem(description: "a PostgreSQL URL looks like postgres://USER:PASSWORD@HOST:PORT/DATABASE")
        }
        guard let user = components.user, !user.isEmpty else {
            throw Problem(description: "the PostgreSQL URL names no user (postgres://USER@HOST/DATABASE)")
        }
        let database = String(components.path.dropFirst())
        guard !database.isEmpty, !database.contains("/") else {
            throw Problem(description: "the PostgreSQL URL names no database (postgres://USER@HOST/DATABASE)")
        }
        var options: [String: String] = [:]
        for item in components.queryItems ?? [] { options[item.name] = item.value ?? "" }
        let known: Set = ["sslmode", "host", "port"]
        if let unknown = options.keys.sorted().first(where: { !known.contains($0) }) {
            throw Problem(description: "the PostgreSQL URL's option \(unknown) is not one of sslmode, host, port")
        }
        let port = components.port ?? Int(options["port"] ?? "5432")
        guard let port, (1...65535).contains(port) else {
            throw Problem(description: "the PostgreSQL URL's port is not a number from 1 to 65535")
        }
        switch options["sslmode"] ?? "prefer" {
        case "disable": tlsMode = .disable
        case "prefer", "allow": tlsMode = .prefer
        case "require", "verify-ca", "verify-full": tlsMode = .require
        default: throw Problem(description: "the PostgreSQL URL's sslmode is disable, prefer or require")
        }
        if let folder = options["host"], folder.hasPrefix("/") {
            endpoint = .socket(path: folder + "/.s.PGSQL.\(port)")
        } else if let host = components.host, !host.isEmpty {
            endpoint = .tcp(host: host, port: port)
        } else {
            throw Problem(description: "the PostgreSQL URL names no host (postgres://USER@HOST/DATABASE)")
        }
        self.user = user
        self.password = components.password
        self.database = database
    }

    /// The URL without its password, for messages and logs.
    var redacted: String {
        let place =
            switch endpoint {
            case .tcp(let host, let port): "\(host):\(port)"
            case .socket(let path): path
            }
        return "postgres://\(user)\(password == nil ? "" : ":***")@\(place)/\(database)"
    }

    /// The same place, for one connection opened directly (migrations).
    var connectionConfiguration: PostgresConnection.Configuration {
        get throws {
            let tls: PostgresConnection.Configuration.TLS =
                switch tlsMode {
                case .disable: .disable
                case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
                case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
                }
            return switch endpoint {
            case .tcp(let host, let port):
                PostgresConnection.Configuration(
                    host: host, port: port, username: user, password: password, database: database, tls: tls)
            case .socket(let path):
                PostgresConnection.Configuration(
                    unixSocketPath: path, username: user, password: password, database: database)
            }
        }
    }

    var tls: PostgresClient.Configuration.TLS {
        switch tlsMode {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
    }
}
