internal import Foundation
internal import HTTPTypes
internal import Hummingbird

/// An error the service answers with: an HTTP status, a stable code clients can rely on, and a
/// message for people. API paths answer JSON (`{"error": {"code", "message"}}`), pages answer HTML.
struct ServiceError: HTTPResponseError {
    var status: HTTPResponse.Status
    var code: Code
    var message: String
    /// For 429: when to try again, in seconds.
    var retryAfter: Int? = nil

    /// The stable codes, as clients see them; `/openapi.json` and the README list them all.
    enum Code: String, CaseIterable {
        case notFound = "not-found"
        case methodNotAllowed = "method-not-allowed"
        case badRequest = "bad-request"
        case invalidField = "invalid-field"
        case invalidJSON = "invalid-json"
        case invalidUTF8 = "invalid-utf8"
        case invalidForm = "invalid-form"
        case invalidReport = "invalid-report"
        case bodyTooLarge = "body-too-large"
        case unsupportedMediaType = "unsupported-media-type"
        case tokenRequired = "token-required"
        case tokenInvalid = "token-invalid"
        case tokenScope = "token-scope"
        case rateLimited = "rate-limited"
        case csrf
        case datasetMismatch = "dataset-mismatch"
        case cannotMerge = "cannot-merge"
        case cannotReply = "cannot-reply"
        case storeUnavailable = "store-unavailable"
        case `internal`
    }

    static func notFound(_ what: String) -> ServiceError {
        ServiceError(status: .notFound, code: .notFound, message: "no such \(what)")
    }

    static func invalid(_ field: String, _ problem: String) -> ServiceError {
        ServiceError(status: .badRequest, code: .invalidField, message: "\(field) \(problem)")
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [:]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        if request.uri.path.hasPrefix("/api/") {
            headers[.contentType] = "application/json; charset=utf-8"
            let body = try JSONEncoder().encode(["error": ["code": code.rawValue, "message": message]])
            return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
        headers[.contentType] = "text/html; charset=utf-8"
        let page = Layout.page(
            title: "\(status.code) \(status.reasonPhrase)",
            body:
                "<h1>\(HTML.escape(status.reasonPhrase))</h1><p>\(HTML.escape(message))</p><p><a href=\"/\">All datasets</a></p>"
        )
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: page)))
    }
}
