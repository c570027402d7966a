internal import Foundation
internal import HTTPTypes
internal import Hummingbird
internal import NIOCore

/// Reading what clients send: bodies within their limit, JSON into types, forms into fields, and
/// bearer tokens checked against the store, each failure a ``ServiceError`` with its stable code.
extension FeedbackService {
    /// The body, at most `limit` bytes, as valid UTF-8.
    func text(of request: Request, limit: Int) async throws -> [UInt8] {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw ServiceError(
                status: .contentTooLarge, code: .bodyTooLarge, message: "the body is larger than \(limit) bytes")
        }
        let bytes = Array(buffer.readableBytesView)
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw ServiceError(status: .badRequest, code: .invalidUTF8, message: "the body is not valid UTF-8")
        }
        return bytes
    }

    /// A JSON body decoded as `T`; the content type must say JSON (so a cross-site form cannot post it).
    func json<T: Decodable>(_ type: T.Type, from request: Request, limit: Int? = nil) async throws -> T {
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true else {
            throw ServiceError(
                status: .unsupportedMediaType, code: .unsupportedMediaType,
                message: "send application/json")
        }
        let bytes = try await text(of: request, limit: limit ?? configuration.maxBodyBytes)
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch let DecodingError.keyNotFound(key, _) {
            throw ServiceError.invalid(key.stringValue, "is required")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw ServiceError.invalid(Self.path(context), "has the wrong type")
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            throw ServiceError.invalid(Self.path(context), "has a value that is not allowed (see /openapi.json)")
        } catch {
            throw ServiceError(status: .badRequest, code: .invalidJSON, message: "the body is not JSON")
        }
    }

    /// A path parameter, percent-decoded.
    func parameter(_ name: String, of context: ServiceContext) throws -> String {
        let raw = try context.parameters.require(name)
        guard let decoded = raw.removingPercentEncoding else {
            throw ServiceError.invalid(name, "is not well percent-encoded")
        }
        // A NUL would end the text where SQLite compares it: refused, with every other control.
        if let problem = FeedbackText.problem(in: decoded, limit: 1000) { throw ServiceError.invalid(name, problem) }
        return decoded
    }

    private static func path(_ context: DecodingError.Context) -> String {
        context.codingPath.map(\.stringValue).joined(separator: ".")
    }

    /// The fields of an `application/x-www-form-urlencoded` body.
    func form(from request: Request) async throws -> [String: String] {
        let bytes = try await text(of: request, limit: configuration.maxBodyBytes)
        var fields: [String: String] = [:]
        for pair in bytes.split(separator: UInt8(ascii: "&")) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.formDecode(parts[0]), let value = Self.formDecode(parts.count > 1 ? parts[1] : [])
            else {
                throw ServiceError(status: .badRequest, code: .invalidForm, message: "the form is not well encoded")
            }
            fields[name] = value
        }
        return fields
    }

    private static func formDecode(_ bytes: ArraySlice<UInt8>) -> String? {
        var out: [UInt8] = []
        var index = bytes.startIndex
        while index < bytes.endIndex {
            switch bytes[index] {
            case UInt8(ascii: "+"): out.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard index + 2 < bytes.endIndex, let high = hexValue(bytes[index + 1]),
                    let low = hexValue(bytes[index + 2])
                else { return nil }
                out.append(high << 4 | low)
                index += 2
            default: out.append(bytes[index])
            }
            index += 1
        }
        return String(validating: out, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// The token of a request's `Authorization: Bearer` header, checked against the store. A
    /// valid token always passes; failed checks count against the client's allowance, and past it
    /// they answer 429 instead of 401, so a stranger's failures never lock a publisher out. (With
    /// 256 random bits a guess cannot succeed; the allowance keeps the noise down.)
    func token(of request: Request, context: ServiceContext) async throws -> StoredToken {
        guard let header = request.headers[.authorization] else {
            throw ServiceError(
                status: .unauthorized, code: .tokenRequired, message: "send Authorization: Bearer TOKEN")
        }
        // The scheme is case-insensitive (RFC 9110).
        let parts = header.split(separator: " ", maxSplits: 1)
        if parts.count == 2, parts[0].lowercased() == "bearer",
            let presented = PublisherToken(parsing: parts[1].trimmingCharacters(in: .whitespaces)),
            let stored = try await repository.token(presented.id), presented.matches(stored), stored.revokedAt == nil
        {
            return stored
        }
        let client = context.client(of: request, trustForwardedFor: configuration.trustForwardedFor)
        if let wait = await authLimiter.take(client, at: now()) {
            throw ServiceError(
                status: .tooManyRequests, code: .rateLimited, message: "too many failed token checks",
                retryAfter: wait)
        }
        throw ServiceError(status: .unauthorized, code: .tokenInvalid, message: "the token is not valid")
    }

    /// The token, which must publish `dataset`.
    func publisherToken(of request: Request, context: ServiceContext, for dataset: String) async throws
        -> StoredToken
    {
        let token = try await token(of: request, context: context)
        guard token.publishes(dataset) else {
            throw ServiceError(
                status: .forbidden, code: .tokenScope, message: "the token does not publish this dataset")
        }
        return token
    }

    /// Takes one from the client's feedback allowance, or answers 429.
    func limitFeedback(_ request: Request, from context: ServiceContext) async throws {
        let client = context.client(of: request, trustForwardedFor: configuration.trustForwardedFor)
        if let wait = await feedbackLimiter.take(client, at: now()) {
            throw ServiceError(
                status: .tooManyRequests, code: .rateLimited, message: "too much feedback from this address; wait",
                retryAfter: wait)
        }
    }
}
