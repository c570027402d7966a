#!/usr/bin/env python3
"""Runs the SQL `hallmark sql` prints on a CSV file loaded into an engine, as the differential
tests do: run_sql.py ENGINE CSV SQL_FILE [POSTGRES_URL]. ENGINE is `duckdb` (the `duckdb` package) or
`postgres` (`psql` on PATH, against POSTGRES_URL). `run_sql.py postgres-load CSV TABLE POSTGRES_URL`
loads the file into a new table TABLE that stays, for `hallmark validate --engine postgres`.
`run_sql.py spark-batch MANIFEST` runs, in one local Spark session (the `pyspark` package and a
Java runtime), each {"csv", "sql", "out"} of the JSON list MANIFEST, writing each query's row to
its "out" ({"error": ...} when the query fails). The file is read with Python's csv module (UTF-8,
comma, header on the first line) into a table `t` of text columns named by the header, plus `__row`,
the record's row number as Hallmark counts them (the header is row 1); a blank line is no row, a
short row's missing cells are NULL and a long row's extra cells are dropped. Prints the query's one
row as a JSON object."""

import csv
import json
import subprocess
import sys


def rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        number = 1
        table = []
        for record in reader:
            number += 1
            if not record or record == [""] * len(record) and len(record) in (1, len(header)):
                continue  # a blank row: no cells to check
            cells = (record + [None] * len(header))[: len(header)]
            table.append([number] + cells)
    return header, table


def run_duckdb(header, table, sql):
    import duckdb
    import os
    import tempfile

    # Loaded through a CSV of its own, which DuckDB reads in bulk (row-by-row inserts take minutes
    # for the benchmark file): every text quoted, NULL as an unquoted \N, so an empty text stays
    # an empty text and a missing cell NULL.
    connection = duckdb.connect()
    columns = ", ".join(['"__row" BIGINT'] + ['"' + name.replace('"', '""') + '" VARCHAR' for name in header])
    connection.execute(f"CREATE TABLE t ({columns})")
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="", suffix=".csv", delete=False) as load:
        for row in table:
            cells = ["\\N" if cell is None else '"' + cell.replace('"', '""') + '"' for cell in row[1:]]
            load.write(",".join([str(row[0])] + cells) + "\n")
    try:
        connection.execute(
            "INSERT INTO t SELECT * FROM read_csv(?, header = false, delim = ',', quote = '\"', "
            "escape = '\"', nullstr = '\\N', allow_quoted_nulls = false, auto_detect = false, "
            f"columns = {{{', '.join(repr(f'c{i}') + ': ' + repr('VARCHAR') for i in range(len(header) + 1))}}})",
            [load.name],
        )
    finally:
        os.unlink(load.name)
    cursor = connection.execute(sql)
    names = [column[0] for column in cursor.description]
    return dict(zip(names, cursor.fetchone()))


def postgres_load(header, table, name="t", temporary=True):
    """psql lines that create table `name` and copy the rows into it."""
    columns = ", ".join(['"__row" bigint'] + ['"' + label.replace('"', '""') + '" text' for label in header])
    kind = "TEMPORARY TABLE" if temporary else "TABLE"
    load = [f'CREATE {kind} "{name}" ({columns});', f'COPY "{name}" FROM STDIN WITH (FORMAT csv, NULL \'\\N\');']
    lines = []
    for row in table:
        lines.append(
            ",".join([str(row[0])] + ["\\N" if cell is None else '"' + cell.replace('"', '""') + '"' for cell in row[1:]])
        )
    return "\n".join(load) + "\n" + "\n".join(lines) + "\n\\.\n"


def psql(url, script):
    result = subprocess.run(
        ["psql", url, "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1"], input=script, capture_output=True, text=True
    )
    if result.returncode != 0:
        sys.exit(result.stderr)
    return result.stdout


def run_postgres(header, table, sql, url):
    script = postgres_load(header, table)
    query = sql.strip().rstrip(";")
    script += f"SELECT row_to_json(q) FROM ({query}) AS q;\n"
    return json.loads(psql(url, script).strip().splitlines()[-1])


def run_spark_batch(manifest_path):
    from pyspark.sql import SparkSession
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("hallmark-differential")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")
        # The fixtures' queries are large plans; fifteen in one session pass the default 1 GB.
        .config("spark.driver.memory", "3g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    with open(manifest_path, encoding="utf-8") as handle:
        jobs = json.load(handle)
    for job in jobs:
        header, table = rows(job["csv"])
        schema = StructType([StructField("__row", LongType())] + [StructField(name, StringType()) for name in header])
        spark.createDataFrame(table, schema).createOrReplaceTempView("t")
        with open(job["sql"], encoding="utf-8") as handle:
            sql = handle.read().strip().rstrip(";")
        try:
            result = spark.sql(sql).toJSON().first()
        except Exception as error:  # the test reports it with the query's name
            result = json.dumps({"error": str(error)[:4000]})
        with open(job["out"], "w", encoding="utf-8") as handle:
            handle.write(result)
    spark.stop()


def main():
    if sys.argv[1] == "spark-batch":
        run_spark_batch(sys.argv[2])
        return
    if sys.argv[1] == "postgres-load":
        path, name, url = sys.argv[2:5]
        header, table = rows(path)
        psql(url, postgres_load(header, table, name, temporary=False))
        return
    engine, path, sql_path = sys.argv[1:4]
    with open(sql_path, encoding="utf-8") as handle:
        sql = handle.read()
    header, table = rows(path)
    if engine == "duckdb":
        result = run_duckdb(header, table, sql)
    else:
        result = run_postgres(header, table, sql, sys.argv[4])
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
