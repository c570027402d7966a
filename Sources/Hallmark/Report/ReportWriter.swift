/// Turns a ``Report`` into bytes in one format. Writers are stateless and cheap to make.
public protocol ReportWriter: Sendable {
    /// Renders the report.
    func render(_ report: Report) -> String
    /// Renders a data package's report (default: each resource's report in turn; see ``PackageReport``).
    func render(package: PackageReport) -> String
}
