import Foundation
import Hallmark
import Testing

@testable import HallmarkService

@Suite("The service's parts on their own")
struct ServiceUnitTests {
    @Test("tokens: 256 random bits, parsed strictly, matched against their hash only")
    func tokens() {
        let token = PublisherToken.generate()
        #expect(token.text.hasPrefix("hmk_"))
        #expect(token.secret.utf8.count == 43)
        #expect(PublisherToken(parsing: token.text) == token)
        let stored = StoredToken(
            id: token.id, secretHash: token.secretHash, scope: .publisher(datasets: ["a"]), label: "", createdAt: Date()
        )
        #expect(token.matches(stored))
        #expect(!PublisherToken.generate().matches(stored))
        #expect(PublisherToken(parsing: "hmk_" + token.id + "_" + token.secret.dropLast()) == nil)
        #expect(PublisherToken(parsing: "hmk_" + token.id.uppercased() + "_" + token.secret) == nil)
        #expect(PublisherToken(parsing: "hmk_" + token.id + "_" + token.secret.dropLast() + "!") == nil)
        #expect(stored.publishes("a") && !stored.publishes("b") && !stored.moderates("b"))
        var revoked = stored
        revoked.revokedAt = Date()
        #expect(!revoked.publishes("a"))
    }

    @Test("spam score: a link is allowed, many links, listed words and repeats are held")
    func spamScore() {
        #expect(
            SpamScore.score(of: "See https://www.gov.uk/guidance for the codes", recent: []).score < SpamScore.holdAt)
        #expect(SpamScore.score(of: "Row 12 has the wrong code", recent: []).score == 0)
        #expect(SpamScore.score(of: "a https://x b https://y c https://z", recent: []).score >= SpamScore.holdAt)
        #expect(SpamScore.score(of: "cheap viagra and casino", recent: []).score >= SpamScore.holdAt)
        #expect(SpamScore.score(of: "buy buy buy buy buy buy buy buy buy now", recent: []).score >= 2)
        let text = "This exact message was posted before today"
        #expect(SpamScore.score(of: text, recent: [text.uppercased()]).score >= SpamScore.holdAt)
    }

    @Test("text checks: controls and bidirectional overrides refused, right-to-left text and newlines kept")
    func text() {
        #expect(FeedbackText.problem(in: "line one\nline two\ttab", limit: 100) == nil)
        #expect(FeedbackText.problem(in: "مرحبا بالعالم", limit: 100) == nil)
        #expect(FeedbackText.problem(in: "a\u{202E}b", limit: 100)?.contains("U+202E") == true)
        #expect(FeedbackText.problem(in: "a\u{2066}b", limit: 100) != nil)
        #expect(FeedbackText.problem(in: "a\u{1B}[31m", limit: 100)?.contains("U+001B") == true)
        #expect(FeedbackText.problem(in: "a\u{85}", limit: 100) != nil)
        #expect(FeedbackText.problem(in: String(repeating: "x", count: 101), limit: 100) != nil)
    }

    @Test("rate limiter: a burst, then a steady rate; the wait is said in seconds")
    func rateLimiter() async {
        let limiter = RateLimiter(burst: 2, perMinute: 6)
        let start = Date(timeIntervalSince1970: 0)
        #expect(await limiter.take("a", at: start) == nil)
        #expect(await limiter.take("a", at: start) == nil)
        #expect(await limiter.take("a", at: start) == 10)
        #expect(await limiter.take("b", at: start) == nil)
        #expect(await limiter.take("a", at: start.addingTimeInterval(10)) == nil)
        #expect(await limiter.take("a", at: start.addingTimeInterval(10)) != nil)
        // A limit of 0 would divide by zero; it is taken as 1.
        let strict = RateLimiter(burst: 0, perMinute: 0)
        #expect(await strict.take("a", at: start) == nil)
        #expect(await strict.take("a", at: start) == 60)
    }

    @Test("IPv6 clients count by their /64; IPv4 by their address")
    func clientNetworks() {
        #expect(ServiceContext.network(of: "203.0.113.9") == "203.0.113.9")
        #expect(ServiceContext.network(of: "2001:db8:1:2:a:b:c:d") == "2001:db8:1:2::/64")
        #expect(ServiceContext.network(of: "2001:db8:1:2::ffff") == "2001:db8:1:2::/64")
        #expect(ServiceContext.network(of: "2001:0db8::1") == "2001:db8:0:0::/64")
        #expect(ServiceContext.network(of: "::1") == "0:0:0:0::/64")
    }

    @Test("form tokens: bound to their cookie, compared whole")
    func formTokens() {
        let forms = FormProtection(key: Array(repeating: 7, count: 32))
        let cookie = FormProtection.newCookieValue()
        let token = forms.token(for: cookie)
        #expect(forms.accepts(cookie: cookie, token: token, fetchSite: nil))
        #expect(forms.accepts(cookie: cookie, token: token, fetchSite: "same-origin"))
        #expect(!forms.accepts(cookie: cookie, token: token, fetchSite: "same-site"))
        #expect(!forms.accepts(cookie: FormProtection.newCookieValue(), token: token, fetchSite: nil))
        #expect(!forms.accepts(cookie: cookie, token: String(token.dropLast()), fetchSite: nil))
        #expect(
            !FormProtection(key: Array(repeating: 8, count: 32)).accepts(cookie: cookie, token: token, fetchSite: nil))
    }

    @Test("lifecycle: only a complete run under the same standard, with the rule in scope, fixes a ticket")
    func lifecycle() throws {
        let standard = try Standard(yaml: serviceStandard, name: "standard.yaml", root: nil)
        var report = Validator(standard: standard).validate(bytes: Array(codeProblemOnly.utf8), inputName: "d.csv")
        let current = Ticket.tickets(of: report)
        let known = [
            TicketLifecycle.Known(id: current[0].id, status: .fixed, standardID: "test.spend", ruleID: "x"),
            TicketLifecycle.Known(id: "gone", status: .open, standardID: "test.spend", ruleID: "field:AMOUNT:min"),
            TicketLifecycle.Known(id: "other", status: .open, standardID: "another", ruleID: "field:AMOUNT:min"),
            TicketLifecycle.Known(
                id: "decided", status: .wontFix, standardID: "test.spend", ruleID: "field:AMOUNT:min"),
            TicketLifecycle.Known(id: "unscoped", status: .acknowledged, standardID: "test.spend", ruleID: "field:X:y"),
        ]
        let changes = TicketLifecycle.changes(known: known, report: report, current: current)
        #expect(changes.map(\.id) == [current[0].id, "gone"])
        #expect(changes.map(\.change) == [.reopened, .fixed])
        report.totals.stopReason = .timeout
        #expect(TicketLifecycle.changes(known: known, report: report, current: current).map(\.change) == [.reopened])
    }
}

@Suite("Page helpers")
struct PageHelperTests {
    @Test("times are UTC civil dates, before and after the epoch and across leap days")
    func times() {
        #expect(HTML.time(Date(timeIntervalSince1970: 0)) == "1970-01-01 00:00 UTC")
        #expect(HTML.time(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29 00:00 UTC")
        #expect(HTML.time(Date(timeIntervalSince1970: 1_796_065_499)) == "2026-11-30 19:04 UTC")
        #expect(HTML.time(Date(timeIntervalSince1970: -1)) == "1969-12-31 23:59 UTC")
        #expect(HTML.time(Date(timeIntervalSince1970: 4_107_542_400)) == "2100-03-01 00:00 UTC")
    }

    @Test("escaping: markup characters become entities, controls and bidi overrides U+FFFD")
    func escaping() {
        #expect(HTML.escape("<a href='x'>&\"</a>") == "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;")
        #expect(HTML.escape("a\u{01}b\u{202E}c\u{FFFE}\td\n") == "a\u{FFFD}b\u{FFFD}c\u{FFFD}\td\n")
        #expect(HTML.escape("مرحبا") == "مرحبا")
    }
}
