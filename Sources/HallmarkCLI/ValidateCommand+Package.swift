import ArgumentParser
import Foundation
import Hallmark

extension ValidateCommand {
    /// `hallmark validate datapackage.json`: every tabular resource against its own schema, one
    /// report with a section per resource, the exit status judged over all of them.
    func runPackage(_ input: String) async throws {
        // Each resource brings its own standard and dialect, and one baseline or row file cannot
        // stand for several tables: these say so rather than apply to one resource or none.
        let perTable: [(String, Bool)] = [
            ("--standard", standard != nil), ("--baseline", baseline != nil), ("--fail-on new", failOn == .new),
            ("--dataset", dataset != nil), ("--valid-rows", validRows != nil), ("--invalid-rows", invalidRows != nil),
            ("--invalid-reasons", invalidReasons != nil), ("--delimiter", delimiter != nil), ("--no-header", noHeader),
            ("--encoding", encoding != nil), ("--header-row", headerRow != nil),
        ]
        if let (flag, _) = perTable.first(where: \.1) {
            StandardErrorStream.write(
                "hallmark: \(flag) does not apply to a data package, whose resources each carry their own schema "
                    + "and dialect; validate a resource's file with its schema (-s) to use it\n")
            throw ExitStatus.usage
        }
        let package: DataPackage
        do {
            package = try DataPackage(contentsOfFile: input, root: standardsRoot)
        } catch {
            StandardErrorStream.write(error.description + "\n")
            // The descriptor itself could not be read: an unreadable input, not a mistake in it.
            let unreadable = error.diagnostics.allSatisfy { $0.code == .unreadableFile && $0.location == nil }
            throw unreadable ? ExitStatus.unreadable : ExitStatus.usage
        }
        let read = Set(
            package.files + package.resources.flatMap(\.standard.files)
                + package.resources.map { PathResolver.canonical($0.path) })
        for path in outputPaths where ReportFile.names(path, anyOf: read) {
            StandardErrorStream.write(
                "hallmark: \(TextExcerpt.path(path)) is a file the package reads; write the output elsewhere\n")
            throw ExitStatus.usage
        }
        let suppressionList = try loadSuppressions()
        var report = await package.validate(options: options())

        let threshold = self.threshold
        // A suppression is for one resource's ticket; it is unmatched only if it matches in none.
        var expired: [String: Suppression] = [:]
        var unmatched: Set<String>?
        for index in report.resources.indices {
            report.resources[index].report.failOn = threshold
            guard let suppressionList else { continue }
            let outcome = suppressionList.apply(to: &report.resources[index].report, today: todayForSuppressions)
            for entry in outcome.expired { expired[entry.id] = entry }
            let missed = Set(outcome.unmatched.map(\.id))
            unmatched = unmatched.map { $0.intersection(missed) } ?? missed
        }
        if let suppressionList {
            for entry in suppressionList.entries where unmatched?.contains(entry.id) == true {
                let place = suppressionList.locations[entry.id].map { "\(TextExcerpt.escaped($0.description)): " } ?? ""
                StandardErrorStream.write(
                    "\(place)warning: suppression \(TextExcerpt.quoted(entry.id)) matches no ticket or finding of this run\n"
                )
            }
        }

        try writeReports(
            render: { kind in
                writer(for: kind, threshold: threshold, baseline: nil, failing: nil).render(package: report)
            }, summary: { TextSummaryWriter().render(package: report) })
        // A resource that could not be read is said, and fails the run, after the others are reported.
        for skipped in report.skipped where report.unreadable.contains(skipped.name) {
            StandardErrorStream.write(
                "hallmark: resource \(TextExcerpt.quoted(skipped.name)) \(TextExcerpt.escaped(skipped.reason))\n")
        }
        if !report.unreadable.isEmpty { throw ExitStatus.unreadable }
        try reportExpired(expired.values.sorted { $0.id < $1.id }, in: suppressionList)
        if let threshold,
            report.resources.contains(where: { $0.report.unsuppressedFindings(atOrAbove: threshold) > 0 })
        {
            throw ExitStatus.findings
        }
        if report.stopReason == .timeout { throw ExitStatus.incomplete }
    }
}
