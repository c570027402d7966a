internal import Crypto
internal import Foundation

/// Cross-site request forgery protection for the pages' forms: a random `SameSite=Strict` cookie
/// per browser, and in each form a token that is the HMAC of that cookie under the service's key
/// (kept in the database, so forms survive a restart). A form post is accepted only when its token
/// matches its cookie and, when the browser says where it came from (`Sec-Fetch-Site`), it came
/// from this site.
struct FormProtection: Sendable {
    /// The cookie's name.
    static let cookieName = "hallmark_form"
    private let key: [UInt8]

    init(key: [UInt8]) {
        self.key = key
    }

    /// A new browser's cookie value.
    static func newCookieValue() -> String {
        HexText.string(SecretBytes.random(16))
    }

    /// The token a form carries for the browser with `cookie`.
    func token(for cookie: String) -> String {
        HexText.string(HMAC<SHA256>.authenticationCode(for: Array(cookie.utf8), using: SymmetricKey(data: key)))
    }

    /// Whether a post with this cookie, form token and `Sec-Fetch-Site` header is genuine.
    func accepts(cookie: String?, token: String?, fetchSite: String?) -> Bool {
        if let fetchSite, fetchSite != "same-origin" && fetchSite != "none" { return false }
        guard let cookie, let token, cookie.utf8.count == 32 else { return false }
        return SecretBytes.equal(Array(self.token(for: cookie).utf8), Array(token.utf8))
    }
}
