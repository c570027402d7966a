/// How the service listens and what it allows. Every limit has a default, and the README lists them.
public struct ServiceConfiguration: Sendable {
    /// The address to listen on. Default `127.0.0.1`: put a TLS-terminating proxy in front to serve others.
    public var host = "127.0.0.1"
    /// The port; 0 picks a free one (the service says which when it starts).
    public var port = 8080
    /// The largest report `publish` accepts, in bytes. Default 32 MiB.
    public var maxReportBytes = 32 << 20
    /// The largest other request body, in bytes. Default 64 KiB.
    public var maxBodyBytes = 64 << 10
    /// Feedback one client address may file at once, and per minute after. Default 5, then 10 a minute.
    public var feedbackBurst = 5, feedbackPerMinute = 10
    /// Failed token checks one client address may make at once, and per minute after. Default 5, then 5 a minute.
    public var failedAuthBurst = 5, failedAuthPerMinute = 5
    /// Seconds a connection may stay silent (idle, or part-way through a request) before it is
    /// closed. Default 30.
    public var idleTimeoutSeconds = 30
    /// Connections open at once; past it, new ones wait to be accepted. Default 2,048.
    public var maxConnections = 2048
    /// Whether the client's address is the last one in `X-Forwarded-For` (set by a proxy in front),
    /// for the per-address limits; off by default, because a client can write that header itself.
    public var trustForwardedFor = false
    /// The most tickets (rules with findings) one published report may have. Default 10,000.
    public var maxTicketsPerRun = 10_000
    /// The service's address as browsers see it (`https://data-quality.example.org`), for links in
    /// the Atom feed (without it, the feed's links are relative); when it is https, the form
    /// cookie is `Secure` too.
    public var publicURL: String? = nil

    /// The defaults.
    public init() {}
}
