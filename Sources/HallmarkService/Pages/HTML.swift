internal import Foundation
internal import Hallmark

/// Text made safe for HTML and XML: every character that could end a text or an attribute is an
/// entity, so nothing a user wrote is ever markup; and a character XML 1.0 forbids, or one that
/// reorders what a reader sees (bidirectional embeddings, overrides and isolates), shows as U+FFFD,
/// so a report's text can neither break the feed nor disguise itself.
enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character.value {
            case 0x26: out += "&amp;"
            case 0x3C: out += "&lt;"
            case 0x3E: out += "&gt;"
            case 0x22: out += "&quot;"
            case 0x27: out += "&#39;"
            case 0x09, 0x0A, 0x0D: out.unicodeScalars.append(character)
            case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0xFFFE, 0xFFFF:
                out += "\u{FFFD}"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// A path segment: an id that came from a user, percent-encoded for a link.
    static func segment(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// `2026-11-30 19:04 UTC`, computed (a formatter per value would cost more than the page).
    static func time(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let (days, second) = seconds.quotientAndRemainder(dividingBy: 86_400)
        let (day, minute) = second < 0 ? (days - 1, (second + 86_400) / 60) : (days, second / 60)
        let (year, month, dayOfMonth) = GregorianCalendar.civil(fromDays: day)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        return "\(year)-\(two(month))-\(two(dayOfMonth)) \(two(minute / 60)):\(two(minute % 60)) UTC"
    }

    /// `1 finding`, `3 findings`.
    static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    /// `3 days`, `2 h 5 min`, `40 s`.
    static func duration(seconds: Int) -> String {
        switch seconds {
        case ..<60: return "\(seconds) s"
        case ..<3600: return "\(seconds / 60) min"
        case ..<86_400: return "\(seconds / 3600) h \(seconds % 3600 / 60) min"
        default:
            let days = seconds / 86_400
            return days == 1 ? "1 day" : "\(days) days"
        }
    }
}

/// The frame of every page: language, viewport, the one stylesheet, a skip link, navigation.
enum Layout {
    /// Where the navigation says who is signed in: filled per request (``accountLinks(signedIn:formToken:)``).
    static let accountMarker = "<!--hallmark:account-->"

    /// A sign-out button for the signed-in account, or a sign-in link.
    static func accountLinks(signedIn name: String?, formToken: String) -> String {
        guard let name else { return " · <a href=\"/login\">Sign in</a>" }
        return
            " · <form class=\"inline\" method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"csrf\" value=\"\(HTML.escape(formToken))\"><button type=\"submit\">Sign out \(HTML.escape(name))</button></form>"
    }

    static func page(title: String, body: String) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTML.escape(title)) · Hallmark</title>
        <link rel="stylesheet" href="/style.css">
        <link rel="icon" href="/favicon.svg" type="image/svg+xml">
        </head>
        <body>
        <a class="skip" href="#main">Skip to content</a>
        <header><nav aria-label="Site"><a href="/">Hallmark · data quality and feedback</a>\(accountMarker)</nav></header>
        <main id="main">
        \(body)
        </main>
        <footer><p>Checked by Hallmark. Feedback is public; an email you give goes only to the publisher, for replies.</p></footer>
        </body>
        </html>
        """
    }

    /// The site's icon: a check mark, drawn here so the browser asks nothing of another origin.
    static let icon = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#0b4f9c"/><path d="M4 8.5l2.5 2.5L12 5" stroke="#fff" stroke-width="2" fill="none"/></svg>
        """

    /// The one stylesheet (no external assets): readable on a phone, contrast at least 4.5:1, a
    /// visible focus ring.
    static let stylesheet = """
        :root { color-scheme: light; --ink: #1b1b1b; --muted: #4a4a4a; --line: #c8c8c8; --accent: #0b4f9c; --bad: #a3001b; --good: #1f6b2a; --warn: #7a4a00; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: #fff; }
        header, main, footer { max-width: 60rem; margin: 0 auto; padding: 0.75rem 1rem; }
        header { border-bottom: 1px solid var(--line); }
        footer { color: var(--muted); font-size: 0.875rem; border-top: 1px solid var(--line); margin-top: 2rem; }
        a { color: var(--accent); }
        a:focus, button:focus, input:focus, textarea:focus, select:focus { outline: 3px solid #f2a900; outline-offset: 2px; }
        .skip { position: absolute; left: -999px; }
        .skip:focus { left: 1rem; top: 0.5rem; background: #fff; padding: 0.25rem 0.5rem; }
        h1 { font-size: 1.6rem; line-height: 1.25; overflow-wrap: anywhere; }
        h2 { font-size: 1.25rem; margin-top: 2rem; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: 0.4rem 0.5rem; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: anywhere; }
        th { overflow-wrap: normal; white-space: nowrap; }
        .table { overflow-x: auto; }
        .status { display: inline-block; padding: 0 0.4rem; border: 1px solid currentColor; border-radius: 0.25rem; font-size: 0.875rem; }
        .error { color: var(--bad); } .warning { color: var(--warn); } .info, .muted { color: var(--muted); } .ok { color: var(--good); }
        .item { border: 1px solid var(--line); border-radius: 0.4rem; padding: 0.5rem 0.75rem; margin: 0.75rem 0; }
        .reply { border-color: var(--accent); margin-left: 1.5rem; }
        .note { font-size: 0.875rem; color: var(--muted); }
        form { display: grid; gap: 0.75rem; max-width: 40rem; }
        fieldset { border: 1px solid var(--line); border-radius: 0.4rem; }
        label { font-weight: 600; display: block; }
        input[type=text], input[type=email], textarea, select { width: 100%; font: inherit; padding: 0.4rem; border: 1px solid #767676; border-radius: 0.25rem; }
        textarea { min-height: 8rem; }
        button { font: inherit; padding: 0.5rem 1rem; background: var(--accent); color: #fff; border: 0; border-radius: 0.25rem; cursor: pointer; }
        label.inline { display: inline; font-weight: normal; }
        form.inline { display: inline; }
        nav button { padding: 0.1rem 0.5rem; font-size: 0.875rem; }
        .problem { border-left: 4px solid var(--bad); padding-left: 0.75rem; }
        """
}
