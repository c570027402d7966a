extension DataPackage {
    /// Validates every tabular resource, one after another (each pass is parallel within its file),
    /// against its schema, into one report with a section per resource.
    ///
    /// - Parameter options: applied to every resource's pass.
    /// - Throws: ``InputError`` for the first resource whose file cannot be read.
    public func validate(options: Validator.Options = Validator.Options()) async throws(InputError) -> PackageReport {
        var reports: [PackageReport.Resource] = []
        for resource in resources {
            let report = try await Validator(standard: resource.standard, options: options).validate(
                fileAt: resource.path)
            reports.append(PackageReport.Resource(name: resource.name, report: report))
        }
        return PackageReport(path: path, name: name, resources: reports, skipped: skipped)
    }
}
