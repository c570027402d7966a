import ArgumentParser
import Hallmark
import HallmarkSQL

struct SparkJobCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spark-job",
        abstract: "Write a PySpark job that checks a table or a CSV file against a standard where it lives.",
        discussion: """
            The job (a Python 3 script: the standard's Spark SQL query and a small driver) runs under \
            spark-submit on any cluster, or as 'python3 JOB.py --master local[2]' with pyspark \
            installed. It writes the query's one row as JSON; 'hallmark validate -s STANDARD \
            --from-engine RESULT' turns that into the report a file with the same rows gets. Rules \
            Spark cannot check as 'hallmark validate' does are listed as not checked on this engine.
            """
    )

    @Argument(help: "The standard (a .yaml file, or a Frictionless Table Schema).")
    var standard: String

    @Option(help: "The table (or view) to check, as Spark SQL names it.")
    var table: String?

    @Option(help: "A CSV file to check (a path Spark reads: local, hdfs://, s3a://), read with the standard's dialect.")
    var input: String?

    @Option(name: [.short, .long], help: "Write the job here instead of standard output.")
    var output: String?

    @OptionGroup var query: QueryOptions

    func validate() throws {
        guard (table == nil) != (input == nil) else {
            throw ValidationError("give one of --table NAME and --input PATH")
        }
        if query.rowID != nil && input != nil {
            throw ValidationError("--row-id goes with --table; a file's records are numbered by the job")
        }
        if let output, ReportFile.names(output, anyOf: [standard]) {
            throw ValidationError("--output \(TextExcerpt.path(output)) would overwrite the standard")
        }
    }

    func run() throws {
        let loaded = try loadStandard(standard, root: query.standardsRoot)
        if input != nil, let reason = SparkJob.unreadableDialect(of: loaded) {
            StandardErrorStream.write(
                "hallmark: Spark's CSV reader cannot read this standard's files as it says (\(reason)); load the file into a table and use --table\n"
            )
            throw ExitStatus.usage
        }
        let source: SparkJob.Source = input.map { .file($0) } ?? .table(table ?? "")
        let job = SparkJob(
            standard: loaded, source: source, rowID: query.rowID, maxExamples: query.maxExamples, today: query.today)
        guard let output else {
            try StandardOutput.write(job.text)
            return
        }
        if let problem = ReportFile.write(job.text, to: output) {
            StandardErrorStream.write("hallmark: cannot write \(TextExcerpt.path(output)): \(problem)\n")
            throw ExitStatus.unreadable
        }
    }
}
