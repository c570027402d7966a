internal import Foundation
internal import Hallmark

/// The Atom feed of a dataset's tickets and the corrections data users propose, which the ODI's
/// open data certificate asks publishers to offer. Entry ids are `tag:` URIs that never change.
/// Links are absolute under the configured public address, else relative (resolved against the
/// feed's own address, as Atom allows).
enum AtomFeed {
    static func document(
        _ overview: DatasetOverview, tickets: [TicketRecord], corrections: [FeedbackRecord], base: String,
        updated: Date
    ) -> String {
        let dataset = overview.dataset
        let page = "\(base)/datasets/\(HTML.segment(dataset.id))"
        let formatter = ISO8601DateFormatter()
        var entries: [(date: Date, xml: String)] = []
        for ticket in tickets {
            let link = "\(page)/tickets/\(HTML.segment(ticket.id))"
            entries.append(
                (
                    ticket.lastSeenAt,
                    """
                    <entry>
                    <id>tag:hallmark,2026:\(HTML.escape(dataset.id))/ticket/\(HTML.escape(ticket.id))</id>
                    <title>\(HTML.escape("[\(ticket.status.label)] \(ticket.message)"))</title>
                    <link rel="alternate" type="text/html" href="\(HTML.escape(link))"/>
                    <updated>\(formatter.string(from: ticket.lastSeenAt))</updated>
                    <summary>\(HTML.escape("\(HTML.count(ticket.count, "finding")) of \(ticket.ruleID), \(ticket.severity.rawValue), first seen \(HTML.time(ticket.firstSeenAt))"))</summary>
                    </entry>
                    """
                ))
        }
        for item in corrections {
            let about = item.target.ticketID.map { "\(page)/tickets/\(HTML.segment($0))#feedback-\(item.id)" } ?? page
            entries.append(
                (
                    item.createdAt,
                    """
                    <entry>
                    <id>tag:hallmark,2026:\(HTML.escape(dataset.id))/feedback/\(item.id)</id>
                    <title>\(HTML.escape("Proposed correction: \(item.oldValue ?? "") → \(item.newValue ?? "")"))</title>
                    <link rel="alternate" type="text/html" href="\(HTML.escape(about))"/>
                    <updated>\(formatter.string(from: item.createdAt))</updated>
                    <summary>\(HTML.escape(item.body))</summary>
                    </entry>
                    """
                ))
        }
        entries.sort { $0.date > $1.date }
        return """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
            <id>tag:hallmark,2026:\(HTML.escape(dataset.id))</id>
            <title>\(HTML.escape("\(dataset.title): tickets and corrections"))</title>
            <author><name>\(HTML.escape(dataset.publisher))</name></author>
            <link rel="self" href="\(HTML.escape(page))/feed.atom"/>
            <link rel="alternate" type="text/html" href="\(HTML.escape(page))"/>
            <updated>\(formatter.string(from: entries.first?.date ?? updated))</updated>
            \(entries.map(\.xml).joined(separator: "\n"))
            </feed>

            """
    }
}
