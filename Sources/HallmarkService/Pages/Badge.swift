/// A README badge, `data quality | valid`, drawn as SVG with its text escaped.
enum Badge {
    static func svg(for overview: DatasetOverview) -> String {
        let (value, colour): (String, String)
        if let run = overview.latestRun {
            if run.errors > 0 {
                value = "\(run.errors) \(run.errors == 1 ? "error" : "errors")"
                colour = "#a3001b"
            } else if run.warnings > 0 {
                value = "valid, \(run.warnings) \(run.warnings == 1 ? "warning" : "warnings")"
                colour = "#7a4a00"
            } else {
                value = "valid"
                colour = "#1f6b2a"
            }
        } else {
            value = "no runs"
            colour = "#4a4a4a"
        }
        let label = "data quality"
        // About 7 px a character at 11 px Verdana, as shields.io badges are drawn.
        let left = 10 + 7 * label.count
        let right = 10 + 7 * value.count
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(left + right)" height="20" role="img" aria-label="\(HTML.escape("\(label): \(value)"))">
            <title>\(HTML.escape("\(label): \(value)"))</title>
            <rect width="\(left)" height="20" fill="#4a4a4a"/><rect x="\(left)" width="\(right)" height="20" fill="\(colour)"/>
            <g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" text-anchor="middle">
            <text x="\(left / 2)" y="14">\(HTML.escape(label))</text><text x="\(left + right / 2)" y="14">\(HTML.escape(value))</text>
            </g></svg>
            """
    }
}
