internal import Crypto
public import Foundation

/// A token as the store keeps it: its public id, the SHA-256 of its secret, and what it may do.
public struct StoredToken: Sendable, Equatable {
    /// The public part, shown in lists and used to revoke it.
    public var id: String
    /// SHA-256 of the secret part; the secret itself is never stored.
    public var secretHash: [UInt8]
    /// What it may do.
    public var scope: AccessScope
    /// A note for its owner ("CI of the prescribing pipeline").
    public var label: String
    /// When it was made.
    public var createdAt: Date
    /// When it was revoked; a revoked token authorises nothing.
    public var revokedAt: Date?

    /// A stored token.
    public init(
        id: String, secretHash: [UInt8], scope: AccessScope, label: String, createdAt: Date, revokedAt: Date? = nil
    ) {
        self.id = id
        self.secretHash = secretHash
        self.scope = scope
        self.label = label
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }

    /// Whether it may act for `dataset` as its publisher.
    public func publishes(_ dataset: String) -> Bool { revokedAt == nil && scope.publishes(dataset) }

    /// Whether it may moderate `dataset`'s feedback.
    public func moderates(_ dataset: String) -> Bool { revokedAt == nil && scope.moderates(dataset) }
}

/// What a token or a signed-in account may do.
public enum AccessScope: Sendable, Equatable {
    /// Publish runs, change ticket status, reply and merge feedback, on these datasets only.
    case publisher(datasets: [String])
    /// Moderate feedback on every dataset.
    case moderator

    /// Whether it acts for `dataset` as its publisher.
    public func publishes(_ dataset: String) -> Bool {
        guard case .publisher(let datasets) = self else { return false }
        return datasets.contains(dataset)
    }

    /// Whether it moderates `dataset`'s feedback (a moderator does, for every dataset).
    public func moderates(_ dataset: String) -> Bool { self == .moderator }
}

/// A bearer token, a publisher's or a moderator's: `hmk_` + a 12-hex-digit public id + `_` + 256
/// random bits in base64url. Only the secret's SHA-256 is stored, and it is compared in constant
/// time. Printing one shows its id only.
public struct PublisherToken: Sendable, Equatable, CustomStringConvertible {
    /// `hmk_ID_…`: never the secret, so a token in a log or an error message gives nothing away.
    public var description: String { "hmk_\(id)_…" }

    /// The public id.
    public var id: String
    /// The secret part, 43 base64url characters.
    public var secret: String

    /// The token as a user sends it.
    public var text: String { "hmk_\(id)_\(secret)" }

    /// A new token from the system's secure random source.
    public static func generate() -> PublisherToken {
        PublisherToken(
            id: HexText.string(SecretBytes.random(6)),
            secret: Data(SecretBytes.random(32)).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: ""))
    }

    /// Reads a token a client sent; nil unless it has exactly the token's shape.
    public init?(parsing text: some StringProtocol) {
        let parts = text.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "hmk", HexText.isHex(parts[1], length: 12), parts[2].utf8.count == 43,
            parts[2].utf8.allSatisfy({ Self.isBase64URL($0) })
        else { return nil }
        self.init(id: String(parts[1]), secret: String(parts[2]))
    }

    private init(id: String, secret: String) {
        self.id = id
        self.secret = secret
    }

    /// The hash the store keeps.
    public var secretHash: [UInt8] { Array(SHA256.hash(data: Array(secret.utf8))) }

    /// Whether this token's secret is the one `stored` was made from, compared in constant time.
    public func matches(_ stored: StoredToken) -> Bool {
        stored.id == id && SecretBytes.equal(secretHash, stored.secretHash)
    }

    private static func isBase64URL(_ byte: UInt8) -> Bool {
        (65...90).contains(byte) || (97...122).contains(byte) || (48...57).contains(byte) || byte == 45 || byte == 95
    }
}
