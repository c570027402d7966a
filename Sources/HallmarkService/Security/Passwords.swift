internal import HummingbirdBcrypt

/// Account passwords, hashed with bcrypt: slow on purpose, salted, with its cost in the hash.
public enum Passwords {
    /// The bcrypt cost new hashes get (2¹¹ rounds: about a tenth of a second on a server core).
    public static let cost: UInt8 = 11
    /// The shortest password an account may have.
    public static let minimumLength = 12

    /// Why `password` cannot be an account's, or nil when it can.
    public static func problem(with password: String) -> String? {
        if password.count < minimumLength { return "a password has at least \(minimumLength) characters" }
        if password.utf8.count > 72 { return "bcrypt reads at most 72 bytes of a password" }
        if password.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "a password has no control characters"
        }
        return nil
    }

    /// The hash to store for `password`.
    public static func hash(_ password: String, cost: UInt8 = cost) -> String {
        Bcrypt.hash(password, cost: cost)
    }

    /// Whether `password` is the one `hash` was made from. With no hash (no such account) it checks
    /// against a fixed one anyway, so the time taken does not tell whether a name exists.
    static func verify(_ password: String, against hash: String?) -> Bool {
        let matches = Bcrypt.verify(password, hash: hash ?? absentAccountHash)
        return hash != nil && matches
    }

    private static let absentAccountHash = Bcrypt.hash("no such account", cost: cost)
}
