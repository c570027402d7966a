internal import Foundation
internal import HTTPTypes
internal import Hallmark
internal import Hummingbird
internal import NIOCore

/// The server-rendered pages: no script, no external asset, every value escaped.
extension FeedbackService {
    func addPageRoutes(to router: Router<ServiceContext>) {
        router.get("style.css") { request, _ in
            try self.respond(
                Array(Layout.stylesheet.utf8), type: "text/css", for: request, headers: [.cacheControl: "max-age=3600"])
        }
        router.get("favicon.svg") { request, _ in
            try self.respond(
                Array(Layout.icon.utf8), type: "image/svg+xml", for: request, headers: [.cacheControl: "max-age=86400"])
        }
        router.get("favicon.ico") { _, _ in Response(status: .noContent) }
        router.get("") { request, _ in
            try await self.html(Pages.home(try await self.repository.datasetOverviews()), for: request)
        }
        router.get("datasets/:dataset") { request, context in
            let overview = try await self.overview(context)
            let tickets = try await self.repository.tickets(
                of: overview.dataset.id, statuses: [.open, .acknowledged], page: Self.page(of: request))
            let about = try await self.repository.latestFeedback(
                of: overview.dataset.id, kind: nil, untargeted: true, limit: 200)
            let cookie = Self.formCookie(of: request)
            let publisher = try await self.publisherName(request, for: overview.dataset.id)
            return try await self.html(
                Pages.dataset(
                    overview, tickets: tickets, feedback: about.reversed(),
                    formToken: self.forms.token(for: cookie.value),
                    held: request.uri.queryParameters.get("held") == "1", publisher: publisher),
                for: request, cookie: cookie)
        }
        router.get("datasets/:dataset/tickets/:ticket") { request, context in
            let overview = try await self.overview(context)
            guard
                let detail = try await self.repository.ticket(
                    try self.parameter("ticket", of: context), of: overview.dataset.id)
            else { throw ServiceError.notFound("ticket") }
            let cookie = Self.formCookie(of: request)
            let publisher = try await self.publisherName(request, for: overview.dataset.id)
            return try await self.html(
                Pages.ticket(
                    detail, of: overview.dataset, formToken: self.forms.token(for: cookie.value),
                    held: request.uri.queryParameters.get("held") == "1",
                    publisher: publisher),
                for: request, cookie: cookie)
        }
        router.post("datasets/:dataset/feedback") { request, context in
            try await self.fileFromForm(request, context: context)
        }
        router.get("datasets/:dataset/known-issues") { request, context in
            let overview = try await self.overview(context)
            let tickets = try await self.repository.tickets(
                of: overview.dataset.id, statuses: [.open, .acknowledged, .wontFix, .expected],
                page: PageRequest(page: 1, perPage: PageRequest.maxPerPage))
            return try await self.html(Pages.knownIssues(overview.dataset, tickets: tickets), for: request)
        }
        router.get("datasets/:dataset/badge.svg") { request, context in
            guard let overview = try await self.repository.datasetOverview(try self.parameter("dataset", of: context))
            else { throw ServiceError.notFound("dataset") }
            let svg = Badge.svg(for: overview)
            var headers: HTTPFields = [:]
            headers[.cacheControl] = "max-age=300"
            return try self.respond(Array(svg.utf8), type: "image/svg+xml", for: request, headers: headers)
        }
        router.get("datasets/:dataset/feed.atom") { request, context in
            let overview = try await self.overview(context)
            let dataset = overview.dataset.id
            let tickets = try await self.repository.tickets(
                of: dataset, statuses: nil, page: PageRequest(page: 1, perPage: PageRequest.maxPerPage))
            let corrections = try await self.repository.latestFeedback(
                of: dataset, kind: .correction, untargeted: false, limit: PageRequest.maxPerPage)
            let base = self.configuration.publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? ""
            let feed = AtomFeed.document(
                overview, tickets: tickets.items, corrections: corrections,
                base: base, updated: self.now())
            return try self.respond(Array(feed.utf8), type: "application/atom+xml", for: request)
        }
    }

    /// The signed-in account's name when it acts for `dataset`'s publisher.
    private func publisherName(_ request: Request, for dataset: String) async throws -> String? {
        guard let account = try await signedIn(request), account.scope.publishes(dataset) else { return nil }
        return account.name
    }

    private func overview(_ context: ServiceContext) async throws -> DatasetOverview {
        guard let overview = try await repository.datasetOverview(try self.parameter("dataset", of: context)) else {
            throw ServiceError.notFound("dataset")
        }
        return overview
    }

    /// The browser's form cookie, or a new one to set.
    static func formCookie(of request: Request) -> (value: String, isNew: Bool) {
        if let value = request.cookies[FormProtection.cookieName]?.value, HexText.isHex(value, length: 32) {
            return (value, false)
        }
        return (FormProtection.newCookieValue(), true)
    }

    /// A page as a response: with the browser's form cookie (set when new), and in its navigation
    /// who is signed in, with a sign-out button, or a sign-in link.
    func html(_ page: String, for request: Request, cookie given: (value: String, isNew: Bool)? = nil) async throws
        -> Response
    {
        let cookie = given ?? Self.formCookie(of: request)
        let account = try await signedIn(request)
        let page = page.replacingOccurrences(
            of: Layout.accountMarker,
            with: Layout.accountLinks(signedIn: account?.name, formToken: forms.token(for: cookie.value)))
        var headers: HTTPFields = [:]
        if cookie.isNew {
            let secure = configuration.publicURL?.hasPrefix("https://") == true ? "; Secure" : ""
            headers[.setCookie] =
                "\(FormProtection.cookieName)=\(cookie.value); Path=/; HttpOnly; SameSite=Strict\(secure)"
        }
        // A page that sets a cookie is not cached by ETag: the form token must match the cookie.
        if cookie.isNew {
            headers[.contentType] = "text/html; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: page)))
        }
        return try respond(Array(page.utf8), type: "text/html", for: request, headers: headers)
    }

    /// A form post's fields, once it is shown to come from this site's own page (see ``FormProtection``).
    func checkedForm(_ request: Request) async throws -> [String: String] {
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else {
            throw ServiceError(status: .unsupportedMediaType, code: .unsupportedMediaType, message: "send the form")
        }
        let fields = try await form(from: request)
        guard
            forms.accepts(
                cookie: request.cookies[FormProtection.cookieName]?.value, token: fields["csrf"],
                fetchSite: request.headers[HTTPField.Name("Sec-Fetch-Site")!])
        else {
            throw ServiceError(
                status: .forbidden, code: .csrf,
                message: "this form was not sent from this site's page; reload the page and send it again")
        }
        return fields
    }

    /// A form post from a dataset or ticket page: checked for forgery, limited per address, then
    /// filed as the API would; the browser goes back to the page, at the new item.
    private func fileFromForm(_ request: Request, context: ServiceContext) async throws -> Response {
        let dataset = try self.parameter("dataset", of: context)
        let fields = try await checkedForm(request)
        try await limitFeedback(request, from: context)
        func optional(_ name: String) -> String? { fields[name].flatMap { $0.isEmpty ? nil : $0 } }
        let target: FeedbackTarget
        switch fields["target"] ?? "dataset" {
        case "ticket": target = .ticket(fields["ticket"] ?? "")
        case "column": target = .column(fields["column"] ?? "")
        case "dataset": target = .dataset
        case let value where value.hasPrefix("finding:"):
            target = .finding(ticket: fields["ticket"] ?? "", finding: String(value.dropFirst("finding:".count)))
        default: throw ServiceError.invalid("target", "is not one the form offers")
        }
        guard let kind = FeedbackKind(rawValue: fields["kind"] ?? "") else {
            throw ServiceError.invalid("kind", "must be chosen")
        }
        // A correction's old value may be empty: the cell was blank.
        let submission = FeedbackSubmission(
            target: target, kind: kind, body: fields["body"],
            oldValue: kind == .correction ? fields["oldValue"] ?? "" : optional("oldValue"),
            newValue: optional("newValue"), email: optional("email"))
        let item = try await file(submission, in: dataset)
        let back = Self.threadPage(of: target, in: dataset)
        let anchor = item.moderation == .held ? "?held=1#feedback" : "#feedback-\(item.id)"
        return Response(status: .seeOther, headers: [.location: back + anchor])
    }
}
