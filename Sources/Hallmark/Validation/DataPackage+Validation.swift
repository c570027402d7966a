extension DataPackage {
    /// Validates every tabular resource, one after another (each pass is parallel within its file),
    /// against its schema, into one report with a section per resource.
    ///
    /// ``Validator/Options/timeout`` and ``Validator/Options/maxErrors`` bound the whole run: once
    /// either is reached, the resources not yet checked are listed as skipped and the report's
    /// ``PackageReport/stopReason`` says why. A resource whose file cannot be read is listed in
    /// ``PackageReport/unreadable`` and the others are still checked.
    ///
    /// - Parameter options: applied to every resource's pass.
    public func validate(options: Validator.Options = Validator.Options()) async -> PackageReport {
        let start = ContinuousClock.now
        var reports: [PackageReport.Resource] = []
        var skipped = self.skipped
        var unreadable: [String] = []
        var stopReason: Report.StopReason?
        var errorsLeft = options.maxErrors
        for resource in resources {
            var own = options
            if let timeout = options.timeout {
                let left = timeout - (ContinuousClock.now - start)
                own.timeout = left
                if left <= .zero { stopReason = .timeout }
            }
            if let left = errorsLeft {
                own.maxErrors = left
                if left <= 0 { stopReason = stopReason ?? .errorLimit }
            }
            if let stopReason {
                let why = stopReason == .timeout ? "the run's time limit passed" : "the run reached its error limit"
                skipped.append(SkippedResource(name: resource.name, reason: "not checked: \(why) before it"))
                continue
            }
            do {
                let report = try await Validator(standard: resource.standard, options: own).validate(
                    fileAt: resource.path)
                reports.append(PackageReport.Resource(name: resource.name, report: report))
                errorsLeft = errorsLeft.map { $0 - report.totals.findings.error }
                if let stop = report.totals.stopReason { stopReason = stop }
            } catch {
                unreadable.append(resource.name)
                skipped.append(SkippedResource(name: resource.name, reason: "not checked: \(error)"))
            }
        }
        var report = PackageReport(path: path, name: name, resources: reports, skipped: skipped)
        report.stopReason = stopReason
        report.unreadable = unreadable
        return report
    }
}
