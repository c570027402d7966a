internal import Foundation

/// Limits how often one client address may do something: a token bucket per address, holding
/// ``burst`` requests and refilling ``perMinute`` a minute. Addresses idle long enough to have a
/// full bucket are forgotten, so memory stays bounded by the active clients.
actor RateLimiter {
    /// Requests allowed at once.
    let burst: Double
    /// Requests allowed a minute, on average.
    let perMinute: Double
    private var buckets: [String: (tokens: Double, updated: Date)] = [:]
    /// The most addresses remembered; beyond it the oldest are dropped.
    private let maxClients = 100_000

    /// A limiter; both numbers are at least 1 (a limit of 0 would refuse everything forever).
    init(burst: Int, perMinute: Int) {
        self.burst = Double(max(1, burst))
        self.perMinute = Double(max(1, perMinute))
    }

    /// Takes one request from `client`'s bucket: nil when allowed, else the seconds to wait.
    func take(_ client: String, at now: Date) -> Int? {
        let tokens = available(to: client, at: now)
        if let wait = secondsUntilOne(from: tokens) {
            buckets[client] = (tokens, now)
            return wait
        }
        buckets[client] = (tokens - 1, now)
        if buckets.count > maxClients { forgetFull(at: now) }
        return nil
    }

    /// How long `client` must wait before its next request is allowed, without taking one; nil
    /// when it may go ahead.
    func wait(for client: String, at now: Date) -> Int? {
        secondsUntilOne(from: available(to: client, at: now))
    }

    /// The requests `client` has now: what was left, refilled for the time since, at most ``burst``.
    private func available(to client: String, at now: Date) -> Double {
        guard let bucket = buckets[client] else { return burst }
        return min(burst, bucket.tokens + max(0, now.timeIntervalSince(bucket.updated)) * perMinute / 60)
    }

    /// Seconds until a bucket holding `tokens` has one request; nil when it has one already.
    private func secondsUntilOne(from tokens: Double) -> Int? {
        tokens >= 1 ? nil : Int(((1 - tokens) * 60 / perMinute).rounded(.up))
    }

    private func forgetFull(at now: Date) {
        buckets = buckets.filter { _, bucket in
            bucket.tokens + now.timeIntervalSince(bucket.updated) * perMinute / 60 < burst
        }
        if buckets.count > maxClients {
            let keep = buckets.sorted { $0.value.updated > $1.value.updated }.prefix(maxClients / 2)
            buckets = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
        }
    }
}
