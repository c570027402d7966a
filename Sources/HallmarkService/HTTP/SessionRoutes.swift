internal import Crypto
internal import Foundation
internal import HTTPTypes
internal import Hallmark
internal import Hummingbird
internal import NIOCore
internal import NIOPosix

/// Signing in to the pages, for moderators and the people who act for a publisher: a password
/// checked with bcrypt (off the event loops), then a session cookie whose SHA-256 is all the store
/// keeps. Every form carries the CSRF token; failed sign-ins count against the address's allowance.
extension FeedbackService {
    static let sessionCookie = "hallmark_session"
    /// How long a session lasts, in seconds: a working day.
    static let sessionLifetime: TimeInterval = 8 * 3600

    /// The account signed in with this request's session cookie, if any.
    func signedIn(_ request: Request) async throws -> AccountRecord? {
        guard let value = request.cookies[Self.sessionCookie]?.value, HexText.isHex(value, length: 64) else {
            return nil
        }
        return try await repository.account(ofSession: Self.hash(value), at: now())
    }

    func addSessionRoutes(to router: Router<ServiceContext>) {
        router.get("login") { request, _ in
            let cookie = Self.formCookie(of: request)
            let next = Self.localPath(request.uri.queryParameters.get("next"))
            return try await self.html(
                Pages.login(formToken: self.forms.token(for: cookie.value), next: next, problem: nil), for: request,
                cookie: cookie)
        }
        router.post("login") { request, context in
            try await self.signIn(request, context: context)
        }
        router.post("logout") { request, _ in
            _ = try await self.checkedForm(request)
            if let value = request.cookies[Self.sessionCookie]?.value, HexText.isHex(value, length: 64) {
                try await self.repository.endSession(idHash: Self.hash(value))
            }
            return Response(
                status: .seeOther,
                headers: [
                    .location: "/", .setCookie: "\(Self.sessionCookie)=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict",
                ])
        }
        router.get("moderation") { request, _ in
            guard let account = try await self.signedIn(request) else {
                return Response(status: .seeOther, headers: [.location: "/login?next=/moderation"])
            }
            guard account.scope == .moderator else {
                throw ServiceError(
                    status: .forbidden, code: .tokenScope, message: "only a moderator moderates feedback")
            }
            let cookie = Self.formCookie(of: request)
            let queue = try await self.repository.moderationQueue(limit: 200)
            return try await self.html(
                Pages.moderation(queue, formToken: self.forms.token(for: cookie.value)),
                for: request, cookie: cookie)
        }
        router.post("moderation/:feedback") { request, context in
            let fields = try await self.checkedForm(request)
            guard let account = try await self.signedIn(request), account.scope == .moderator else {
                throw ServiceError(
                    status: .forbidden, code: .tokenScope, message: "only a moderator moderates feedback")
            }
            guard let id = context.parameters.get("feedback", as: Int64.self) else {
                throw ServiceError.notFound("feedback")
            }
            _ = try await self.moderate(id, to: ModerationState(rawValue: fields["state"] ?? ""))
            return Response(status: .seeOther, headers: [.location: "/moderation"])
        }
        router.post("datasets/:dataset/tickets/:ticket/status") { request, context in
            let dataset = try self.parameter("dataset", of: context)
            let ticket = try self.parameter("ticket", of: context)
            let fields = try await self.checkedForm(request)
            let publisher = try await self.publisherAccount(request, for: dataset)
            guard let status = TicketStatus(rawValue: fields["status"] ?? "") else {
                throw ServiceError.invalid("status", "must be chosen")
            }
            _ = try await self.setStatus(
                status, reason: fields["reason"], ofTicket: ticket, in: dataset, agent: publisher.name)
            return Response(
                status: .seeOther,
                headers: [.location: "/datasets/\(HTML.segment(dataset))/tickets/\(HTML.segment(ticket))#history"])
        }
        router.post("datasets/:dataset/merges") { request, context in
            let dataset = try self.parameter("dataset", of: context)
            let fields = try await self.checkedForm(request)
            _ = try await self.publisherAccount(request, for: dataset)
            guard let duplicate = Int64(fields["duplicate"] ?? ""), let into = Int64(fields["into"] ?? ""),
                let item = try await self.repository.feedback(duplicate), item.datasetID == dataset
            else { throw ServiceError.notFound("feedback") }
            _ = try await self.merge(duplicate, into: into)
            let page = Self.threadPage(of: item.target, in: dataset)
            return Response(status: .seeOther, headers: [.location: "\(page)#feedback-\(into)"])
        }
        router.post("datasets/:dataset/replies") { request, context in
            let dataset = try self.parameter("dataset", of: context)
            let fields = try await self.checkedForm(request)
            _ = try await self.publisherAccount(request, for: dataset)
            guard let original = Int64(fields["inReplyTo"] ?? ""),
                let item = try await self.repository.feedback(original),
                item.datasetID == dataset
            else { throw ServiceError.notFound("item to answer") }
            let filed = try await self.reply(to: item, body: fields["body"] ?? "")
            let page = Self.threadPage(of: item.target, in: dataset)
            return Response(status: .seeOther, headers: [.location: "\(page)#feedback-\(filed.id)"])
        }
    }

    private func signIn(_ request: Request, context: ServiceContext) async throws -> Response {
        let fields = try await checkedForm(request)
        let name = fields["name"] ?? ""
        let password = fields["password"] ?? ""
        let next = Self.localPath(fields["next"])
        let client = context.client(of: request, trustForwardedFor: configuration.trustForwardedFor)
        // Unlike a 256-bit token, a password can be guessed: past the allowance, no password is
        // checked at all until the address has waited.
        if let wait = await authLimiter.wait(for: client, at: now()) {
            throw ServiceError(
                status: .tooManyRequests, code: .rateLimited, message: "too many failed sign-ins; wait",
                retryAfter: wait)
        }
        let wellFormed = AccountRecord.problem(withName: name) == nil && Passwords.problem(with: password) == nil
        let stored = wellFormed ? try await repository.account(named: name) : nil
        let hash = stored?.account.disabledAt == nil ? stored?.passwordHash : nil
        // bcrypt takes a tenth of a second on purpose: on the thread pool, not an event loop.
        let matches = try await NIOThreadPool.singleton.runIfActive { Passwords.verify(password, against: hash) }
        guard matches, let account = stored?.account else {
            _ = await authLimiter.take(client, at: now())
            let cookie = Self.formCookie(of: request)
            var response = try await html(
                Pages.login(
                    formToken: forms.token(for: cookie.value), next: next, problem: "The name or the password is wrong."
                ),
                for: request, cookie: cookie)
            response.status = .unauthorized
            return response
        }
        let session = HexText.string(SecretBytes.random(32))
        try await repository.startSession(
            idHash: Self.hash(session), account: account.name, at: now(),
            expires: now().addingTimeInterval(Self.sessionLifetime))
        let secure = configuration.publicURL?.hasPrefix("https://") == true ? "; Secure" : ""
        return Response(
            status: .seeOther,
            headers: [
                .location: next ?? (account.scope == .moderator ? "/moderation" : "/"),
                .setCookie:
                    "\(Self.sessionCookie)=\(session); Path=/; Max-Age=\(Int(Self.sessionLifetime)); HttpOnly; SameSite=Strict\(secure)",
            ])
    }

    /// The signed-in account, which must act for `dataset`'s publisher.
    private func publisherAccount(_ request: Request, for dataset: String) async throws -> AccountRecord {
        guard let account = try await signedIn(request) else {
            throw ServiceError(status: .unauthorized, code: .tokenRequired, message: "sign in first (/login)")
        }
        guard account.scope.publishes(dataset) else {
            throw ServiceError(
                status: .forbidden, code: .tokenScope, message: "this account does not act for this dataset's publisher"
            )
        }
        return account
    }

    /// A path on this site to go to after signing in; nil for anything else (an open redirect).
    static func localPath(_ path: String?) -> String? {
        guard let path, path.hasPrefix("/"), !path.hasPrefix("//"), !path.contains("\\"),
            path.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F })
        else { return nil }
        return path
    }

    static func hash(_ value: String) -> [UInt8] { Array(SHA256.hash(data: Array(value.utf8))) }
}
