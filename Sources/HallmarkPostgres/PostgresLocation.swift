internal import Foundation
package import PostgresNIO

/// Where a PostgreSQL database is, from a connection URL as libpq writes them:
/// `postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=MODE`, or
/// `postgres://USER@/DATABASE?host=/run/postgresql` for a Unix socket's folder.
///
/// It describes, dumps and reflects itself without the password.
package struct PostgresLocation: Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    package enum Endpoint: Equatable {
        case tcp(host: String, port: Int)
        /// The socket's own path (`FOLDER/.s.PGSQL.PORT`).
        case socket(path: String)
    }

    /// libpq's `sslmode`, with libpq's meaning: `prefer` (the default) and `require` encrypt
    /// without checking the server's certificate; `verify-ca` checks it against the trusted roots
    /// (`sslrootcert`, else the system's), `verify-full` the host name too.
    package enum TLSMode: String, Equatable {
        case disable, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    package var endpoint: Endpoint
    package var user: String
    package var password: String?
    package var database: String
    package var tlsMode: TLSMode
    /// A file of trusted root certificates (PEM), for `verify-ca` and `verify-full`.
    package var rootCertificates: String?

    /// A URL that cannot name a database; the message never repeats the password.
    package struct Problem: Error, CustomStringConvertible, Equatable {
        package var description: String
    }

    /// Whether `text` names a PostgreSQL server (`postgres://` or `postgresql://`, in any case)
    /// rather than a file.
    package static func isURL(_ text: String) -> Bool {
        let lowered = text.prefix(14).lowercased()
        return lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://")
    }

    package init(url text: String) throws(Problem) {
        guard Self.isURL(text), var components = URLComponents(string: text) else {
            throw Problem(description: "a PostgreSQL URL looks like postgres://USER:PASSWORD@HOST:PORT/DATABASE")
        }
        components.scheme = components.scheme?.lowercased()
        guard let user = components.user, !user.isEmpty else {
            throw Problem(description: "the PostgreSQL URL names no user (postgres://USER@HOST/DATABASE)")
        }
        let database = String(components.path.dropFirst())
        guard !database.isEmpty, !database.contains("/") else {
            throw Problem(description: "the PostgreSQL URL names no database (postgres://USER@HOST/DATABASE)")
        }
        var options: [String: String] = [:]
        for item in components.queryItems ?? [] { options[item.name] = item.value ?? "" }
        let known: Set = ["sslmode", "sslrootcert", "host", "port"]
        if let unknown = options.keys.sorted().first(where: { !known.contains($0) }) {
            throw Problem(
                description: "the PostgreSQL URL's option \(unknown) is not one of sslmode, sslrootcert, host, port")
        }
        let port = components.port ?? Int(options["port"] ?? "5432")
        guard let port, (1...65535).contains(port) else {
            throw Problem(description: "the PostgreSQL URL's port is not a number from 1 to 65535")
        }
        let mode = options["sslmode"] ?? "prefer"
        guard let tlsMode = mode == "allow" ? .prefer : TLSMode(rawValue: mode) else {
            throw Problem(
                description: "the PostgreSQL URL's sslmode is disable, prefer, require, verify-ca or verify-full")
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
        self.tlsMode = tlsMode
        self.rootCertificates = options["sslrootcert"]
    }

    /// The URL without its password, for messages and logs.
    package var redacted: String {
        let place =
            switch endpoint {
            case .tcp(let host, let port): "\(host):\(port)"
            case .socket(let path): path
            }
        return "postgres://\(user)\(password == nil ? "" : ":***")@\(place)/\(database)"
    }

    package var description: String { redacted }
    package var debugDescription: String { redacted }
    package var customMirror: Mirror { Mirror(self, children: ["url": redacted]) }

    /// The TLS settings `tlsMode` asks for, or nil for none.
    private var tlsConfiguration: TLSConfiguration? {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch tlsMode {
        case .disable: return nil
        case .prefer, .require: configuration.certificateVerification = .none
        case .verifyCA: configuration.certificateVerification = .noHostnameVerification
        case .verifyFull: configuration.certificateVerification = .fullVerification
        }
        if let rootCertificates { configuration.trustRoots = .file(rootCertificates) }
        return configuration
    }

    /// The settings of the service's connection pool.
    package var clientConfiguration: PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS =
            switch (tlsMode, tlsConfiguration) {
            case (.prefer, let configuration?): .prefer(configuration)
            case (_, let configuration?): .require(configuration)
            case (_, nil): .disable
            }
        return switch endpoint {
        case .tcp(let host, let port):
            PostgresClient.Configuration(
                host: host, port: port, username: user, password: password, database: database, tls: tls)
        case .socket(let path):
            PostgresClient.Configuration(unixSocketPath: path, username: user, password: password, database: database)
        }
    }

    /// The same place, for one connection opened directly (migrations).
    package var connectionConfiguration: PostgresConnection.Configuration {
        get throws {
            let tls: PostgresConnection.Configuration.TLS =
                switch (tlsMode, tlsConfiguration) {
                case (.prefer, let configuration?): .prefer(try NIOSSLContext(configuration: configuration))
                case (_, let configuration?): .require(try NIOSSLContext(configuration: configuration))
                case (_, nil): .disable
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
}

/// What a PostgreSQL error says, in words: postgres-nio's own errors describe themselves only
/// generically (so as not to leak what a query held). The server's message and SQLSTATE, or the
/// network's reason; never the password or a query's values.
package enum PostgresErrorText {
    package static func reason(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] {
            return message + (error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? "")
        }
        if let underlying = error.underlying { return "\(underlying)" }
        return "\(error.code)"
    }
}
