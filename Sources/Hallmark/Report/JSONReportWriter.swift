/// The report as JSON: the machine-readable form, stable within a ``Report/currentVersion``.
public struct JSONReportWriter: ReportWriter {
    /// Creates a writer.
    public init() {}

    /// Pretty-printed JSON with keys in the report's order, ending with a newline.
    public func render(_ report: Report) -> String {
        var output = JSONOutput()
        output.value(report.jsonValue, indent: 0)
        output.text.append("\n")
        return output.text
    }

    /// The package's report: each resource's report in full, under `resources`.
    public func render(package: PackageReport) -> String {
        var output = JSONOutput()
        output.value(package.jsonValue, indent: 0)
        output.text.append("\n")
        return output.text
    }
}
