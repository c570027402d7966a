internal import Crypto
internal import Foundation
internal import HTTPTypes
internal import Hallmark
internal import Hummingbird
internal import NIOCore

/// The JSON API under `/api/v1`: everything the pages do, and what publishers do from CI. The
/// README lists the routes; `/openapi.json` describes them.
extension FeedbackService {
    func addAPIRoutes(to router: Router<ServiceContext>) {
        let api = router.group("api/v1")
        api.get("datasets") { request, _ in
            try self.json(try await self.repository.datasetOverviews(), for: request)
        }
        api.get("datasets/:dataset") { request, context in
            let id = try self.parameter("dataset", of: context)
            guard let overview = try await self.repository.datasetOverview(id) else {
                throw ServiceError.notFound("dataset")
            }
            return try self.json(overview, for: request)
        }
        api.post("datasets/:dataset/runs") { request, context in
            try await self.publish(request, context: context)
        }
        api.get("datasets/:dataset/runs") { request, context in
            let id = try await self.existingDataset(context)
            return try self.json(try await self.repository.runs(of: id, page: Self.page(of: request)), for: request)
        }
        api.get("datasets/:dataset/runs/:run/report") { request, context in
            let id = try self.parameter("dataset", of: context)
            guard let run = context.parameters.get("run", as: Int64.self),
                let report = try await self.repository.reportJSON(run: run, of: id)
            else { throw ServiceError.notFound("run") }
            return try self.respond(report, type: "application/json", for: request)
        }
        api.get("datasets/:dataset/tickets") { request, context in
            let id = try await self.existingDataset(context)
            var statuses: Set<TicketStatus>? = nil
            if let filter = request.uri.queryParameters.get("status") {
                guard !filter.split(separator: ",").isEmpty else {
                    throw ServiceError.invalid("status", "names no status")
                }
                statuses = []
                for name in filter.split(separator: ",") {
                    guard let status = TicketStatus(rawValue: String(name)) else {
                        throw ServiceError.invalid(
                            "status",
                            "must be among \(TicketStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    statuses?.insert(status)
                }
            }
            return try self.json(
                try await self.repository.tickets(of: id, statuses: statuses, page: Self.page(of: request)),
                for: request)
        }
        api.get("datasets/:dataset/tickets/:ticket") { request, context in
            let id = try self.parameter("dataset", of: context)
            guard let detail = try await self.repository.ticket(try self.parameter("ticket", of: context), of: id)
            else { throw ServiceError.notFound("ticket") }
            return try self.json(detail, for: request)
        }
        api.post("datasets/:dataset/tickets/:ticket/status") { request, context in
            try await self.changeStatus(request, context: context)
        }
        api.post("datasets/:dataset/feedback") { request, context in
            let id = try self.parameter("dataset", of: context)
            let submission = try await self.json(FeedbackSubmission.self, from: request)
            try await self.limitFeedback(request, from: context)
            return try self.json(try await self.file(submission, in: id), for: request, status: .created)
        }
        api.get("datasets/:dataset/feedback") { request, context in
            let id = try await self.existingDataset(context)
            var hidden = false
            if request.uri.queryParameters.get("hidden") == "true" {
                guard try await self.token(of: request, context: context).moderates(id) else {
                    throw ServiceError(
                        status: .forbidden, code: .tokenScope, message: "the token does not moderate this dataset")
                }
                hidden = true
            }
            return try self.json(
                try await self.repository.feedback(of: id, includeHidden: hidden, page: Self.page(of: request)),
                for: request)
        }
        api.get("datasets/:dataset/notifications") { request, context in
            let id = try await self.existingDataset(context)
            _ = try await self.publisherToken(of: request, context: context, for: id)
            return try self.json(
                try await self.repository.pendingNotifications(of: id, limit: Self.maxNotices), for: request)
        }
        api.post("datasets/:dataset/notifications/:notification/sent") { request, context in
            let id = try await self.existingDataset(context)
            _ = try await self.publisherToken(of: request, context: context, for: id)
            guard let notice = context.parameters.get("notification", as: Int64.self),
                try await self.repository.markSent(notification: notice, of: id)
            else { throw ServiceError.notFound("pending notification") }
            return Response(status: .noContent)
        }
        api.post("feedback/:feedback/replies") { request, context in
            try await self.reply(request, context: context)
        }
        api.post("feedback/:feedback/merge") { request, context in
            try await self.merge(request, context: context)
        }
        api.post("feedback/:feedback/moderation") { request, context in
            try await self.moderate(request, context: context)
        }
        router.get("openapi.json") { request, _ in
            try self.respond(Array(OpenAPIDocument.json.utf8), type: "application/json", for: request)
        }
    }

    /// The longest rule text or example value a published report may carry, in bytes.
    static let maxReportText = 16 << 10
    /// The most pending notifications one read returns; mark them sent to read the next.
    static let maxNotices = 500

    private func existingDataset(_ context: ServiceContext) async throws -> String {
        let id = try self.parameter("dataset", of: context)
        guard try await repository.dataset(id) != nil else { throw ServiceError.notFound("dataset") }
        return id
    }

    private func publish(_ request: Request, context: ServiceContext) async throws -> Response {
        let dataset = try await existingDataset(context)
        _ = try await publisherToken(of: request, context: context, for: dataset)
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true else {
            throw ServiceError(
                status: .unsupportedMediaType, code: .unsupportedMediaType, message: "send the JSON report")
        }
        let bytes = try await text(of: request, limit: configuration.maxReportBytes)
        var report: Report
        do {
            report = try Report(json: bytes)
        } catch {
            throw ServiceError(status: .unprocessableContent, code: .invalidReport, message: error.message)
        }
        if let named = report.input.dataset, named != dataset {
            throw ServiceError(
                status: .conflict, code: .datasetMismatch,
                message: "the report was made for another dataset (hallmark validate --dataset)")
        }
        let tickets = report.findingsByRule
        if tickets.count > configuration.maxTicketsPerRun {
            throw ServiceError(
                status: .unprocessableContent, code: .invalidReport,
                message:
                    "the report has \(tickets.count) rules with findings; the limit is \(configuration.maxTicketsPerRun)"
            )
        }
        let texts =
            [report.standard.id, report.standard.version, report.input.sha256]
            + tickets.flatMap { rule in
                [rule.ruleID, rule.message, rule.help ?? "", rule.field ?? ""]
                    + rule.examples.flatMap { [$0.value ?? "", $0.note ?? "", $0.field ?? ""] }
            }
        if texts.contains(where: { $0.utf8.count > Self.maxReportText }) {
            throw ServiceError(
                status: .unprocessableContent, code: .invalidReport,
                message: "a rule's text or an example is longer than \(Self.maxReportText) bytes")
        }
        // The validator escapes control characters in its reports; a NUL can only be made by hand,
        // and PostgreSQL's text cannot hold one, so no store keeps it.
        if texts.contains(where: { $0.utf8.contains(0) }) {
            throw ServiceError(
                status: .unprocessableContent, code: .invalidReport, message: "the report's text holds a NUL character")
        }
        // Ticket identities include the dataset; a report made without --dataset gets this one.
        report.input.dataset = dataset
        let outcome = try await repository.publish(report: report, json: bytes, dataset: dataset, at: now())
        return try json(outcome, for: request, status: .created)
    }

    private struct StatusChange: Decodable {
        var status: TicketStatus
        var reason: String?
    }

    private func changeStatus(_ request: Request, context: ServiceContext) async throws -> Response {
        let dataset = try await existingDataset(context)
        let token = try await publisherToken(of: request, context: context, for: dataset)
        let change = try await json(StatusChange.self, from: request)
        let ticket = try await setStatus(
            change.status, reason: change.reason, ofTicket: try parameter("ticket", of: context), in: dataset,
            agent: "token \(token.id)")
        return try json(ticket, for: request)
    }

    private struct ReplyBody: Decodable { var body: String }

    private func reply(_ request: Request, context: ServiceContext) async throws -> Response {
        let original = try await feedbackItem(context)
        _ = try await publisherToken(of: request, context: context, for: original.datasetID)
        let body = try await json(ReplyBody.self, from: request).body
        return try json(try await reply(to: original, body: body), for: request, status: .created)
    }

    private struct MergeBody: Decodable { var into: Int64 }

    private func merge(_ request: Request, context: ServiceContext) async throws -> Response {
        let duplicate = try await feedbackItem(context)
        _ = try await publisherToken(of: request, context: context, for: duplicate.datasetID)
        let target = try await json(MergeBody.self, from: request)
        return try json(try await merge(duplicate.id, into: target.into), for: request)
    }

    private struct ModerationBody: Decodable { var state: ModerationState }

    private func moderate(_ request: Request, context: ServiceContext) async throws -> Response {
        let item = try await feedbackItem(context)
        // Only a moderator: a publisher deciding which criticism of its own data is shown would
        // undo the point of public feedback.
        guard try await token(of: request, context: context).moderates(item.datasetID) else {
            throw ServiceError(
                status: .forbidden, code: .tokenScope, message: "only a moderator's token moderates feedback")
        }
        let decision = try await json(ModerationBody.self, from: request)
        return try json(try await moderate(item.id, to: decision.state), for: request)
    }

    private func feedbackItem(_ context: ServiceContext) async throws -> FeedbackRecord {
        guard let id = context.parameters.get("feedback", as: Int64.self),
            let item = try await repository.feedback(id)
        else { throw ServiceError.notFound("feedback") }
        return item
    }

    static func page(of request: Request) -> PageRequest {
        PageRequest(
            page: request.uri.queryParameters.get("page", as: Int.self) ?? 1,
            perPage: request.uri.queryParameters.get("perPage", as: Int.self) ?? 50)
    }

    /// A JSON response; a read carries an ETag and answers 304 to a matching If-None-Match.
    func json(_ value: some Encodable, for request: Request, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try respond(Array(encoder.encode(value)), type: "application/json", for: request, status: status)
    }

    /// A response with an ETag from its bytes; 304 when a GET's If-None-Match has it.
    func respond(
        _ bytes: [UInt8], type: String, for request: Request, status: HTTPResponse.Status = .ok,
        headers extra: HTTPFields = [:]
    ) throws -> Response {
        var headers = extra
        headers[.contentType] = type.hasPrefix("text/") || type.hasSuffix("json") ? "\(type); charset=utf-8" : type
        if request.method == .get && status == .ok {
            let tag = "\"" + HexText.string(SHA256.hash(data: bytes).prefix(12)) + "\""
            headers[.eTag] = tag
            if let asked = request.headers[.ifNoneMatch],
                asked.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == tag })
            {
                return Response(status: .notModified, headers: headers)
            }
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
