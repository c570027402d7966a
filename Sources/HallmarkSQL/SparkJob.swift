public import Hallmark

/// A self-contained PySpark job that checks a table, or a CSV file, against a standard where
/// the data lives: the standard's Spark SQL query and a small driver that runs it and writes its
/// one row as JSON, which `hallmark validate --from-engine` turns into the report.
///
/// ```swift
/// let job = SparkJob(standard: standard, source: .file("hdfs:///data/rx.csv"))
/// try job.text.write(toFile: "check.py", atomically: true, encoding: .utf8)
/// // spark-submit check.py --output result.json
/// ```
public struct SparkJob: Sendable {
    /// What the job reads.
    public enum Source: Sendable {
        /// A table or view the session knows, as Spark SQL names it.
        case table(String)
        /// A CSV file (any path Spark reads: local, `hdfs://`, `s3a://`), read with the standard's
        /// delimiter, quote and header; its records are numbered from 2, the header being row 1
        /// (from 1 without a header).
        case file(String)
    }

    /// The job, a Python 3 script.
    public let text: String
    /// The query it runs.
    public let query: SQLQuery

    /// The view a file is read into, and the column numbering its records.
    static let inputView = "hallmark_input"
    static let recordColumn = "hallmark_record"

    /// The job for `standard` on `source`; `rowID` names a column that numbers a table's rows
    /// (a file's are numbered by the job).
    public init(standard: Standard, source: Source, rowID: String? = nil, maxExamples: Int = 20, today: String? = nil) {
        let table: String
        let rowColumn: String?
        switch source {
        case .table(let name):
            table = name
            rowColumn = rowID
        case .file:
            table = Self.inputView
            rowColumn = Self.recordColumn
        }
        query = SQLQuery(
            standard: standard, dialect: .spark, table: table, rowID: rowColumn, maxExamples: maxExamples, today: today)
        let dialect = standard.table.dialect
        var lines = [
            "#!/usr/bin/env python3",
            "# Hallmark \(Report.toolVersion): checks \(Self.comment(Self.describe(source))) against "
                + "\(Self.comment(standard.id)) \(Self.comment(standard.version)) in Spark.",
            "#",
            "#   spark-submit \(Self.comment("JOB.py")) --output result.json      (on a cluster: add --master, --deploy-mode ...)",
            "#   python3 JOB.py --master 'local[2]' --output result.json   (pip install pyspark; Java 17)",
            "#   hallmark validate -s STANDARD --from-engine result.json",
            "#",
            "# Rules Spark cannot check as 'hallmark validate' does are listed in the query as not checked on",
            "# this engine, and in the report.",
            "import argparse",
            "import sys",
            "",
            "QUERY = \(Self.python(query.statement))",
        ]
        switch source {
        case .table:
            lines.append("INPUT = None")
        case .file(let path):
            lines += [
                "INPUT = \(Self.python(path))",
                "FIELDS = [\(standard.fields.map { Self.python($0.name) }.joined(separator: ", "))]",
                "HAS_HEADER = \(dialect.hasHeader ? "True" : "False")",
                "DELIMITER = \(Self.python(String(UnicodeScalar(dialect.delimiter))))",
                "QUOTE = \(Self.python(dialect.quote.map { String(UnicodeScalar($0)) } ?? ""))",
                "ESCAPE = \(Self.python(String(UnicodeScalar(dialect.escape ?? dialect.quote ?? 0x22))))",
                "ENCODING = \(Self.python(dialect.encoding.rawValue))",
            ]
        }
        lines += Self.driver
        text = lines.joined(separator: "\n") + "\n"
    }

    /// Why Spark's CSV reader cannot read a file as the standard's dialect says (comment lines,
    /// lines above the header, a footer, a quote escaped otherwise than doubled), or `nil` when it
    /// can. A job for such a file would check other rows than `hallmark validate` does.
    public static func unreadableDialect(of standard: Standard) -> String? {
        let dialect = standard.table.dialect
        if dialect.commentPrefix != nil { return "the dialect has comment lines" }
        if dialect.skipRows > 0 { return "the dialect skips lines above the header" }
        if standard.table.footer != nil { return "the table has a footer" }
        if !dialect.doubleQuote { return "the dialect does not double quotes inside quoted cells" }
        return nil
    }

    private static func describe(_ source: Source) -> String {
        switch source {
        case .table(let name): "table \(name)"
        case .file(let path): "file \(path)"
        }
    }

    /// The driver: reads the input (a file's records numbered from 2 in file order), runs the
    /// query, writes its row.
    private static let driver = [
        "",
        "",
        "def main():",
        "    parser = argparse.ArgumentParser(description=\"Runs a Hallmark standard's query; writes its row as JSON.\")",
        "    parser.add_argument(\"--output\", default=\"-\", help=\"where the row goes (default: standard output)\")",
        "    parser.add_argument(\"--master\", help=\"the Spark master when run without spark-submit, such as local[2]\")",
        "    if INPUT is not None:",
        "        parser.add_argument(\"--input\", default=INPUT, help=\"the CSV file (default: %(default)s)\")",
        "    arguments = parser.parse_args()",
        "    from pyspark.sql import SparkSession",
        "    from pyspark.sql import Window, functions",
        "",
        "    # ANSI mode (Spark 4's default): a decimal that overflows stops the query rather than becoming NULL.",
        "    builder = SparkSession.builder.appName(\"hallmark\").config(\"spark.sql.ansi.enabled\", \"true\")",
        "    builder = builder.config(\"spark.sql.parser.escapedStringLiterals\", \"false\")",
        "    if arguments.master:",
        "        builder = builder.master(arguments.master)",
        "    spark = builder.getOrCreate()",
        "    if INPUT is not None:",
        "        # Every cell as text, an empty one as NULL (missing); records in file order.",
        "        frame = spark.read.csv(",
        "            arguments.input, header=HAS_HEADER, inferSchema=False, multiLine=True, sep=DELIMITER,",
        "            quote=QUOTE, escape=ESCAPE, encoding=ENCODING, mode=\"PERMISSIVE\", enforceSchema=False,",
        "        )",
        "        if not HAS_HEADER:",
        "            # Columns are the standard's fields in order, as 'hallmark validate' reads a headerless file.",
        "            names = FIELDS + [f\"_extra_{i}\" for i in range(len(frame.columns))]",
        "            frame = frame.toDF(*names[: len(frame.columns)])",
        "        # Records numbered in file order in the JVM (Spark reads a file's splits in order), the header row 1.",
        "        order = Window.orderBy(functions.monotonically_increasing_id())",
        "        first = 2 if HAS_HEADER else 1",
        "        numbered = frame.withColumn(\"\(recordColumn)\", functions.row_number().over(order) + (first - 1))",
        "        numbered.createOrReplaceTempView(\"\(inputView)\")",
        "    row = spark.sql(QUERY).toJSON().first()",
        "    if arguments.output == \"-\":",
        "        sys.stdout.write(row + \"\\n\")",
        "    else:",
        "        with open(arguments.output, \"w\", encoding=\"utf-8\") as handle:",
        "            handle.write(row + \"\\n\")",
        "    spark.stop()",
        "",
        "",
        "if __name__ == \"__main__\":",
        "    main()",
    ]

    /// `text` as a Python string literal.
    static func python(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _
            where scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                || (0x2028...0x2029).contains(scalar.value):
                out +=
                    "\\U" + String(repeating: "0", count: 8 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// `text` for a `#` comment: on one line, control characters escaped.
    private static func comment(_ text: String) -> String {
        TextExcerpt.escaped(text)
    }
}
