public import Foundation
internal import HTTPTypes
internal import Hallmark
internal import Hummingbird
internal import HummingbirdCore
internal import Logging
internal import NIOCore
internal import ServiceLifecycle
internal import UnixSignals

/// The feedback service: publishers publish runs, data users file feedback against a ticket, a
/// finding, a column or the dataset, and everyone sees the response. Pages and a JSON API over one
/// ``FeedbackRepository``.
public struct FeedbackService: Sendable {
    let repository: any FeedbackRepository
    let configuration: ServiceConfiguration
    let now: @Sendable () -> Date
    let forms: FormProtection
    let feedbackLimiter: RateLimiter
    let authLimiter: RateLimiter

    /// A service over `repository` (migrated here), with `now` as its clock.
    public init(
        repository: any FeedbackRepository, configuration: ServiceConfiguration = ServiceConfiguration(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) async throws {
        try await repository.migrate()
        self.repository = repository
        self.configuration = configuration
        self.now = now
        let key = try await repository.secret(named: "form-key") { SecretBytes.random(32) }
        forms = FormProtection(key: key)
        feedbackLimiter = RateLimiter(burst: configuration.feedbackBurst, perMinute: configuration.feedbackPerMinute)
        authLimiter = RateLimiter(burst: configuration.failedAuthBurst, perMinute: configuration.failedAuthPerMinute)
    }

    /// Serves until the task is cancelled or the process is asked to stop (SIGINT, SIGTERM), then
    /// shuts down gracefully: requests in flight finish. `onListening` gets the port once bound.
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        var logger = Logger(label: "hallmark-serve")
        logger.logLevel = .notice
        let app = Application(
            responder: HeadAsGet(router: router().buildResponder()),
            server: .http1(configuration: .init(idleTimeout: .seconds(Int64(configuration.idleTimeoutSeconds)))),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: nil,
                availableConnectionsDelegate: MaximumAvailableConnections(configuration.maxConnections)),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        let group = ServiceGroup(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        // The group runs in a task of its own, so that cancelling ours asks for a graceful shutdown
        // instead of cutting connections.
        let serving = Task { try await group.run() }
        try await withTaskCancellationHandler {
            try await serving.value
        } onCancel: {
            Task { await group.triggerGracefulShutdown() }
        }
    }

    func router() -> Router<ServiceContext> {
        let router = Router(context: ServiceContext.self)
        router.add(middleware: SecurityHeaders())
        addAPIRoutes(to: router)
        addPageRoutes(to: router)
        addSessionRoutes(to: router)
        return router
    }
}

/// Answers HEAD as GET without the body (RFC 9110), for link checkers and monitors: the router
/// itself matches GET routes only.
struct HeadAsGet<Router: HTTPResponder<ServiceContext>>: HTTPResponder {
    let router: Router

    func respond(to request: Request, context: ServiceContext) async throws -> Response {
        guard request.method == .head else { return try await router.respond(to: request, context: context) }
        var head = request.head
        head.method = .get
        var response = try await router.respond(to: Request(head: head, body: request.body), context: context)
        response.body = ResponseBody()
        return response
    }
}

/// What a handler knows of a request besides the request: the client's address, for rate limits.
struct ServiceContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The peer's IP address (a proxy in front makes this the proxy's).
    let clientAddress: String

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// The address the per-address limits count: the peer's, or with `trustForwardedFor` the
    /// last address the proxy in front appended to `X-Forwarded-For`. An IPv6 address counts by
    /// its /64, which one host commonly holds whole.
    func client(of request: Request, trustForwardedFor: Bool) -> String {
        var address = clientAddress
        if trustForwardedFor, let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!],
            let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty
        {
            address = last
        }
        return Self.network(of: address)
    }

    /// `2001:db8:1:2::/64` for any address in it; an IPv4 address as it is.
    static func network(of address: String) -> String {
        guard address.contains(":") else { return address }
        var groups = address.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if let gap = groups.firstIndex(of: ""), groups.count < 8 {
            let missing = 8 - groups.filter { !$0.isEmpty }.count
            groups.replaceSubrange(gap...gap, with: Array(repeating: "0", count: missing))
            groups.removeAll { $0.isEmpty }
        }
        return groups.prefix(4).map { String(Int($0, radix: 16) ?? 0, radix: 16) }.joined(separator: ":") + "::/64"
    }
}

/// Headers on every response: a strict content security policy (no script at all, styles and
/// images from this origin only, forms post only here, no framing), no MIME sniffing, and no
/// referrer sent elsewhere.
struct SecurityHeaders: RouterMiddleware {
    typealias Context = ServiceContext

    static let policy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as ServiceError {
            response = try error.response(from: request, context: context)
        } catch let error as any HTTPResponseError {
            // The router's own (no route, wrong method, body too large): the same shape as ours.
            let code: ServiceError.Code =
                switch error.status.code {
                case 404: .notFound
                case 405: .methodNotAllowed
                case 413: .bodyTooLarge
                default: .badRequest
                }
            response = try ServiceError(status: error.status, code: code, message: error.status.reasonPhrase)
                .response(from: request, context: context)
        } catch let error as StoreUnavailable {
            // Its text names the database, never a password or what a client sent.
            context.logger.error("\(request.method) \(request.uri.path): \(error.description)")
            response = try ServiceError(
                status: .serviceUnavailable, code: .storeUnavailable,
                message: "the service cannot reach its database; please try again shortly", retryAfter: 5
            ).response(from: request, context: context)
        } catch {
            // Never the error's text: it may quote what a client sent.
            context.logger.error("\(request.method) \(request.uri.path) failed: \(type(of: error))")
            response = try ServiceError(
                status: .internalServerError, code: .internal, message: "the service failed; please try again"
            ).response(from: request, context: context)
        }
        response.headers[.contentSecurityPolicy] = Self.policy
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "private, no-cache" }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        return response
    }
}
