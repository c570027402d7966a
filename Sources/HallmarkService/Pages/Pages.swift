internal import Foundation
internal import Hallmark

/// The pages' HTML. Every value from a report, a publisher or a data user goes through
/// ``HTML/escape(_:)``; ids in links through ``HTML/segment(_:)``.
enum Pages {
    static func home(_ datasets: [DatasetOverview]) -> String {
        var rows = ""
        for overview in datasets {
            let dataset = overview.dataset
            rows += """
                <tr><td><a href="/datasets/\(HTML.segment(dataset.id))">\(HTML.escape(dataset.title))</a></td>
                <td>\(HTML.escape(dataset.publisher))</td><td>\(latest(overview.latestRun))</td>
                <td>\(active(overview))</td><td>\(response(overview.response))</td></tr>

                """
        }
        let table =
            datasets.isEmpty
            ? "<p>No datasets yet. A publisher adds one with <code>hallmark serve tokens create</code>.</p>"
            : """
            <div class="table"><table><caption class="note">Each dataset's latest run and how its publisher answers feedback</caption>
            <thead><tr><th scope="col">Dataset</th><th scope="col">Publisher</th><th scope="col">Latest run</th><th scope="col">Open tickets</th><th scope="col">Publisher response</th></tr></thead>
            <tbody>
            \(rows)</tbody></table></div>
            """
        return Layout.page(title: "Datasets", body: "<h1>Datasets</h1>\n\(table)")
    }

    /// A dataset's page; `publisher` is the signed-in account acting for its publisher, who also
    /// gets the forms to answer the feedback about the dataset and its columns.
    static func dataset(
        _ overview: DatasetOverview, tickets: Page<TicketRecord>, feedback: [FeedbackRecord], formToken: String,
        held: Bool, publisher: String? = nil
    ) -> String {
        let dataset = overview.dataset
        let path = "/datasets/\(HTML.segment(dataset.id))"
        var body = """
            <h1>\(HTML.escape(dataset.title))</h1>
            <p>Published by <strong>\(HTML.escape(dataset.publisher))</strong> · <img src="\(path)/badge.svg" alt="" height="20"></p>
            <p>Latest run: \(latest(overview.latestRun))</p>
            <p>Publisher response: \(response(overview.response))</p>
            <p><a href="\(path)/known-issues">Known issues</a> · <a href="\(path)/feed.atom">Atom feed of tickets and corrections</a></p>
            <h2 id="tickets">Open tickets (\(tickets.total))</h2>

            """
        body += ticketTable(tickets.items, dataset: dataset.id, empty: "No open tickets.")
        if tickets.total > tickets.items.count {
            body +=
                "<p class=\"note\">Showing \(tickets.items.count) of \(tickets.total); all of them: <a href=\"/api/v1/datasets/\(HTML.segment(dataset.id))/tickets?status=open,acknowledged\">the API</a>.</p>\n"
        }
        body += "<h2 id=\"feedback\">Feedback about the dataset and its columns (\(feedback.count))</h2>\n"
        if held { body += heldNotice }
        body += thread(feedback)
        if let publisher {
            body += "<h2 id=\"publisher\">Publisher actions</h2>\n"
            body +=
                "<p class=\"note\">Signed in as \(HTML.escape(publisher)), acting for \(HTML.escape(dataset.publisher)).</p>\n"
            body += replyAndMerge(feedback, of: dataset, formToken: formToken)
        }
        body += """
            <h2 id="add-feedback">Tell the publisher about this dataset</h2>
            <p>About a particular problem? Open its ticket above and use the form there.</p>
            \(feedbackForm(dataset: dataset.id, formToken: formToken, targets: [
                ("dataset", "The dataset as a whole"), ("column", "One column (name it below)"),
            ], ticket: nil))
            """
        return Layout.page(title: dataset.title, body: body)
    }

    /// A ticket's page; `publisher` is the signed-in account acting for the dataset's publisher,
    /// who also gets the forms to change the status and reply.
    static func ticket(
        _ detail: TicketDetail, of dataset: DatasetRecord, formToken: String, held: Bool, publisher: String? = nil
    ) -> String {
        let ticket = detail.ticket
        let path = "/datasets/\(HTML.segment(dataset.id))"
        var body = """
            <p><a href="\(path)">\(HTML.escape(dataset.title))</a></p>
            <h1>\(HTML.escape(ticket.message))</h1>
            <p><span class="status">\(HTML.escape(ticket.status.label))</span> <span class="\(ticket.severity.rawValue)">\(ticket.severity.rawValue)</span>
            · rule <code>\(HTML.escape(ticket.ruleID))</code>\(ticket.field.map { " · field <code>\(HTML.escape($0))</code>" } ?? "")</p>
            <p>\(HTML.count(ticket.count, "finding")) in run \(ticket.lastSeenRun) · first seen \(HTML.time(ticket.firstSeenAt)) (run \(ticket.firstSeenRun)) · last seen \(HTML.time(ticket.lastSeenAt))</p>

            """
        if let reason = ticket.statusReason {
            body += "<p class=\"problem\">Publisher's reason: \(HTML.escape(reason))</p>\n"
        }
        if let help = ticket.help { body += "<h2>Suggested fix</h2>\n<p>\(HTML.escape(help))</p>\n" }
        body += "<h2>Examples</h2>\n"
        if detail.examples.isEmpty {
            body += "<p>No examples were reported.</p>\n"
        } else {
            body += """
                <div class="table"><table><caption class="note">Sensitive values appear only as their shape.</caption>
                <thead><tr><th scope="col">Row</th><th scope="col">Line</th><th scope="col">Column</th><th scope="col">Value</th><th scope="col">Note</th><th scope="col">Last seen</th></tr></thead><tbody>

                """
            for example in detail.examples {
                body += """
                    <tr id="finding-\(HTML.escape(example.findingID))"><td>\(example.row.map(String.init) ?? "")</td><td>\(example.line.map(String.init) ?? "")</td>
                    <td>\(HTML.escape(example.field ?? example.column.map(String.init) ?? ""))</td><td><code>\(HTML.escape(example.value ?? ""))</code></td>
                    <td>\(HTML.escape(example.note ?? ""))</td><td>run \(example.lastSeenRun)</td></tr>

                    """
            }
            body += "</tbody></table></div>\n"
        }
        body += "<h2 id=\"history\">History</h2>\n<ol>\n"
        for event in detail.history {
            body +=
                "<li>\(HTML.time(event.at)): \(HTML.escape(event.kind)) by \(HTML.escape(event.by))\(event.agent.map { " (\(HTML.escape($0)))" } ?? "")\(event.reason.map { " — \(HTML.escape($0))" } ?? "")</li>\n"
        }
        body +=
            "</ol>\n<p class=\"note\">Findings per run: \(detail.counts.map { "run \($0.runID): \($0.count)" }.joined(separator: ", "))</p>\n"
        body += "<h2 id=\"feedback\">Feedback (\(detail.feedback.count))</h2>\n"
        if held { body += heldNotice }
        body += thread(detail.feedback)
        var targets = [("ticket", "This ticket")]
        for example in detail.examples.prefix(20) {
            targets.append(
                (
                    "finding:\(example.findingID)",
                    "Row \(example.row.map(String.init) ?? "?")\(example.value.map { ": \($0)" } ?? "")"
                ))
        }
        body +=
            "<h2>Add feedback</h2>\n"
            + feedbackForm(dataset: dataset.id, formToken: formToken, targets: targets, ticket: ticket.id)
        if let publisher {
            body += publisherActions(detail, of: dataset, formToken: formToken, account: publisher)
        }
        return Layout.page(title: ticket.message, body: body)
    }

    static func knownIssues(_ dataset: DatasetRecord, tickets: Page<TicketRecord>) -> String {
        var body = """
            <p><a href="/datasets/\(HTML.segment(dataset.id))">\(HTML.escape(dataset.title))</a></p>
            <h1>Known issues</h1>
            <p>What \(HTML.escape(dataset.publisher)) knows is wrong with this data, and what it has decided about each.</p>

            """
        body += ticketTable(tickets.items, dataset: dataset.id, empty: "No known issues.", reasons: true)
        return Layout.page(title: "Known issues: \(dataset.title)", body: body)
    }

    /// The publisher's forms on a ticket page: set the status (with a reason), reply to an item.
    private static func publisherActions(
        _ detail: TicketDetail, of dataset: DatasetRecord, formToken: String, account: String
    ) -> String {
        let path = "/datasets/\(HTML.segment(dataset.id))"
        var out = """
            <h2 id="publisher">Publisher actions</h2>
            <p class="note">Signed in as \(HTML.escape(account)), acting for \(HTML.escape(dataset.publisher)).</p>
            <form method="post" action="\(path)/tickets/\(HTML.segment(detail.ticket.id))/status">
            <input type="hidden" name="csrf" value="\(HTML.escape(formToken))">
            <div><label for="status">Status</label><select id="status" name="status">

            """
        for status in TicketStatus.allCases {
            let selected = status == detail.ticket.status ? " selected" : ""
            out += "<option value=\"\(status.rawValue)\"\(selected)>\(HTML.escape(status.label))</option>\n"
        }
        out += """
            </select></div>
            <div><label for="reason">Reason (required for won't fix and expected)</label><input type="text" id="reason" name="reason" maxlength="500"></div>
            <div><button type="submit">Set the status</button></div>
            </form>

            """
        return out + replyAndMerge(detail.feedback, of: dataset, formToken: formToken)
    }

    /// The publisher's forms for a thread: reply to an item as the organisation, merge a duplicate.
    private static func replyAndMerge(_ thread: [FeedbackRecord], of dataset: DatasetRecord, formToken: String)
        -> String
    {
        let path = "/datasets/\(HTML.segment(dataset.id))"
        let answerable = thread.filter { $0.kind != .reply }
        guard !answerable.isEmpty else { return "" }
        func options(_ items: [FeedbackRecord]) -> String {
            items.reversed().map {
                "<option value=\"\($0.id)\">#\($0.id): \(HTML.escape(String($0.body.prefix(60))))</option>"
            }.joined(separator: "\n")
        }
        var out = """
            <form method="post" action="\(path)/replies">
            <input type="hidden" name="csrf" value="\(HTML.escape(formToken))">
            <div><label for="inReplyTo">Reply to</label><select id="inReplyTo" name="inReplyTo">
            \(options(answerable))
            </select></div>
            <div><label for="reply">Reply as \(HTML.escape(dataset.publisher))</label><textarea id="reply" name="body" maxlength="5000"></textarea></div>
            <div><button type="submit">Send the reply</button></div>
            </form>

            """
        let mergeable = answerable.filter { $0.mergedInto == nil }
        guard mergeable.count > 1 else { return out }
        out += """
            <form method="post" action="\(path)/merges">
            <input type="hidden" name="csrf" value="\(HTML.escape(formToken))">
            <div><label for="duplicate">Merge the duplicate</label><select id="duplicate" name="duplicate">
            \(options(mergeable))
            </select></div>
            <div><label for="into">into</label><select id="into" name="into">
            \(options(mergeable))
            </select></div>
            <div><button type="submit">Merge</button></div>
            </form>

            """
        return out
    }

    static func login(formToken: String, next: String?, problem: String?) -> String {
        var body = "<h1>Sign in</h1>\n<p>For moderators, and for people who answer for a publisher.</p>\n"
        if let problem { body += "<p class=\"problem\" role=\"alert\">\(HTML.escape(problem))</p>\n" }
        body += """
            <form method="post" action="/login">
            <input type="hidden" name="csrf" value="\(HTML.escape(formToken))">
            \(next.map { "<input type=\"hidden\" name=\"next\" value=\"\(HTML.escape($0))\">" } ?? "")
            <div><label for="name">Name</label><input type="text" id="name" name="name" autocomplete="username" required></div>
            <div><label for="password">Password</label><input type="password" id="password" name="password" autocomplete="current-password" required></div>
            <div><button type="submit">Sign in</button></div>
            </form>

            """
        return Layout.page(title: "Sign in", body: body)
    }

    static func moderation(_ queue: [FeedbackRecord], formToken: String) -> String {
        var body =
            "<h1>Moderation</h1>\n<p>Held items first (their notifications wait with them), then the newest not yet checked.</p>\n"
        if queue.isEmpty { body += "<p>Nothing waits for a moderator.</p>\n" }
        for item in queue {
            body += """
                <article class="item" id="feedback-\(item.id)">
                <p class="note">#\(item.id) · \(HTML.escape(item.datasetID)) · \(HTML.escape(item.kind.rawValue)) · \(HTML.escape(item.moderation.rawValue)) · spam score \(item.spamScore) · \(HTML.time(item.createdAt))</p>
                <p>\(HTML.escape(item.body))</p>
                \(item.kind == .correction ? "<p>Correction: <code>\(HTML.escape(item.oldValue ?? ""))</code> → <code>\(HTML.escape(item.newValue ?? ""))</code></p>" : "")
                <form method="post" action="/moderation/\(item.id)"><input type="hidden" name="csrf" value="\(HTML.escape(formToken))"><input type="hidden" name="state" value="cleared"><button type="submit">Clear #\(item.id)</button></form>
                <form method="post" action="/moderation/\(item.id)"><input type="hidden" name="csrf" value="\(HTML.escape(formToken))"><input type="hidden" name="state" value="removed"><button type="submit">Remove #\(item.id)</button></form>
                </article>

                """
        }
        return Layout.page(title: "Moderation", body: body)
    }

    private static let heldNotice =
        "<p class=\"problem\" role=\"status\">Thank you. Your feedback is waiting for a moderator before it is shown.</p>\n"

    private static func thread(_ items: [FeedbackRecord]) -> String {
        guard !items.isEmpty else { return "<p>No feedback yet.</p>\n" }
        var out = ""
        for item in items {
            let who = item.organisation.map { "<strong>\(HTML.escape($0))</strong> (publisher)" } ?? "A data user"
            var what = "\(HTML.escape(item.kind.rawValue))"
            switch item.target {
            case .finding(_, let finding): what += " about <a href=\"#finding-\(HTML.escape(finding))\">a row</a>"
            case .column(let name): what += " about column <code>\(HTML.escape(name))</code>"
            case .ticket, .dataset: break
            }
            out += "<article class=\"item\(item.kind == .reply ? " reply" : "")\" id=\"feedback-\(item.id)\">\n"
            out += "<p class=\"note\">\(who) · \(what) · \(HTML.time(item.createdAt))"
            if item.moderation == .notChecked && item.kind != .reply { out += " · <em>not checked by a moderator</em>" }
            if let merged = item.mergedInto { out += " · merged into <a href=\"#feedback-\(merged)\">#\(merged)</a>" }
            if let original = item.inReplyTo {
                out += " · in reply to <a href=\"#feedback-\(original)\">#\(original)</a>"
            }
            out += "</p>\n"
            if item.kind == .correction {
                out +=
                    "<p>Correction: <code>\(HTML.escape(item.oldValue ?? ""))</code> → <code>\(HTML.escape(item.newValue ?? ""))</code></p>\n"
            }
            if !item.body.isEmpty {
                out += "<p>\(HTML.escape(item.body).replacingOccurrences(of: "\n", with: "<br>"))</p>\n"
            }
            out += "</article>\n"
        }
        return out
    }

    private static func feedbackForm(
        dataset: String, formToken: String, targets: [(value: String, label: String)], ticket: String?
    ) -> String {
        var form = """
            <form method="post" action="/datasets/\(HTML.segment(dataset))/feedback">
            <input type="hidden" name="csrf" value="\(HTML.escape(formToken))">

            """
        if let ticket { form += "<input type=\"hidden\" name=\"ticket\" value=\"\(HTML.escape(ticket))\">\n" }
        form += "<div><label for=\"target\">About</label><select id=\"target\" name=\"target\">\n"
        for target in targets {
            form += "<option value=\"\(HTML.escape(target.value))\">\(HTML.escape(target.label))</option>\n"
        }
        form += "</select></div>\n"
        if ticket == nil {
            form +=
                "<div><label for=\"column\">Column name (for one column)</label><input type=\"text\" id=\"column\" name=\"column\" maxlength=\"500\"></div>\n"
        }
        form += """
            <fieldset><legend>What kind of feedback</legend>
            <div><input type="radio" id="kind-problem" name="kind" value="problem" checked> <label for="kind-problem" class="inline">A problem</label></div>
            <div><input type="radio" id="kind-question" name="kind" value="question"> <label for="kind-question" class="inline">A question</label></div>
            <div><input type="radio" id="kind-correction" name="kind" value="correction"> <label for="kind-correction" class="inline">A correction (old value → new value)</label></div>
            \(ticket == nil ? "" : "<div><input type=\"radio\" id=\"kind-plus-one\" name=\"kind\" value=\"plus-one\"> <label for=\"kind-plus-one\" class=\"inline\">Me too (+1)</label></div>")
            </fieldset>
            <div><label for="body">Your feedback</label><textarea id="body" name="body" maxlength="5000"></textarea></div>
            <div><label for="oldValue">For a correction: the value now</label><input type="text" id="oldValue" name="oldValue" maxlength="500"></div>
            <div><label for="newValue">For a correction: the right value</label><input type="text" id="newValue" name="newValue" maxlength="500"></div>
            <div><label for="email">Email for replies (optional; only the publisher sees it)</label><input type="email" id="email" name="email" maxlength="254" autocomplete="email"></div>
            <div><button type="submit">Send feedback</button></div>
            </form>

            """
        return form
    }

    private static func ticketTable(
        _ tickets: [TicketRecord], dataset: String, empty: String, reasons: Bool = false
    ) -> String {
        guard !tickets.isEmpty else { return "<p>\(empty)</p>\n" }
        var out = """
            <div class="table"><table>
            <thead><tr><th scope="col">Ticket</th><th scope="col">Severity</th><th scope="col">Findings</th><th scope="col">Status</th><th scope="col">First seen</th>\(reasons ? "<th scope=\"col\">Publisher's note</th>" : "")</tr></thead><tbody>

            """
        for ticket in tickets {
            out += """
                <tr><td><a href="/datasets/\(HTML.segment(dataset))/tickets/\(HTML.segment(ticket.id))">\(HTML.escape(ticket.message))</a></td>
                <td class="\(ticket.severity.rawValue)">\(ticket.severity.rawValue)</td><td>\(ticket.count)</td>
                <td>\(HTML.escape(ticket.status.label))</td><td>\(HTML.time(ticket.firstSeenAt))</td>\(reasons ? "<td>\(HTML.escape(ticket.statusReason ?? ""))</td>" : "")</tr>

                """
        }
        return out + "</tbody></table></div>\n"
    }

    private static func latest(_ run: RunRecord?) -> String {
        guard let run else { return "none yet" }
        let verdict =
            run.isValid
            ? "<span class=\"ok\">meets \(HTML.escape(run.standardID)) \(HTML.escape(run.standardVersion))</span>"
            : "<span class=\"error\">\(run.errors) \(run.errors == 1 ? "error" : "errors")</span> against \(HTML.escape(run.standardID)) \(HTML.escape(run.standardVersion))"
        return "\(HTML.time(run.publishedAt)), \(run.rows) rows, \(verdict)"
    }

    private static func active(_ overview: DatasetOverview) -> String {
        String((overview.ticketsByStatus["open"] ?? 0) + (overview.ticketsByStatus["acknowledged"] ?? 0))
    }

    private static func response(_ figures: ResponseFigures) -> String {
        guard figures.threads > 0 else { return "no feedback yet" }
        let share = "\(figures.answered) of \(figures.threads) answered"
        guard let median = figures.medianSecondsToFirstResponse else { return share }
        return "\(share), median first response \(HTML.duration(seconds: median))"
    }
}
