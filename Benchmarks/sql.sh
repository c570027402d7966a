#!/usr/bin/env bash
# The SQL path beside the native engine on the same synthetic prescribing file: the time to load it
# into PostgreSQL and into DuckDB, the time of the query `hallmark sql` prints in each, and
# `hallmark validate --jobs 2` on the file; then whether every rule the query checks has the native
# count. The point is reach (checking a table where it lives), not beating the native pass.
#
#   Benchmarks/sql.sh [ROWS]        default: 1000000 rows
#
# Needs ../shared/bench/gen_prescribing.py (or an existing .build/bench-data/rx_ROWS.csv), Debian's
# postgresql (scripts/with-postgres starts a throwaway server) and the duckdb package in
# .build/test-venv (scripts/test makes it). Spark runs too when SPARK_PYTHON (default
# .build/spark-venv/bin/python) has pyspark: the job `hallmark spark-job --input` writes, on
# --master local[2] (its time includes starting Spark and reading the CSV).
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-1000000}
DATA=${BENCH_DATA:-.build/bench-data}
FILE=$DATA/rx_${ROWS}.csv
PYTHON=${HALLMARK_TEST_PYTHON:-.build/test-venv/bin/python}
SPARK_PYTHON=${SPARK_PYTHON:-.build/spark-venv/bin/python}
STANDARD=Standards/nhs/practice-prescribing.yaml

scripts/install-deps --test
swift build -c release --product hallmark >/dev/null
BIN=.build/release/hallmark
mkdir -p "$DATA"
if [ ! -f "$FILE" ]; then
    [ -f ../shared/bench/gen_prescribing.py ] || { echo "no $FILE and no ../shared/bench/gen_prescribing.py" >&2; exit 1; }
    echo "generating $FILE ($ROWS rows, seed 42)…" >&2
    python3 ../shared/bench/gen_prescribing.py --rows "$ROWS" --seed 42 --error-rate 0.001 > "$FILE" 2> /dev/null
fi
"$PYTHON" -c 'import duckdb' || { echo "no duckdb in $PYTHON: run scripts/test once, or set HALLMARK_TEST_PYTHON" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Seconds since `start` (date +%s.%N), without bc.
since() { awk -v a="$(date +%s.%N)" -v b="$1" 'BEGIN { print a - b }'; }
export -f since

start=$(date +%s.%N)
"$BIN" validate "$FILE" -s "$STANDARD" --jobs 2 -f json --max-examples 20 > "$WORK/native.json" || [ $? -eq 1 ]
native=$(since "$start")
"$BIN" sql "$STANDARD" --dialect postgres --table rx --row-id __row > "$WORK/postgres.sql"
"$BIN" sql "$STANDARD" --dialect duckdb --table rx --row-id __row > "$WORK/duckdb.sql"

# PostgreSQL: every column text, __row numbering the records as the file does (the header is row 1).
header=$(head -1 "$FILE")
export FILE WORK
export COLUMNS_DDL=$(echo "$header" | tr ',' '\n' | sed 's/.*/"&" text/' | paste -sd, -)
export COLUMNS_LIST=$(echo "$header" | sed 's/[^,]*/"&"/g')
scripts/with-postgres bash -c '
    set -euo pipefail
    run() { psql "$HALLMARK_TEST_POSTGRES" -X -q -v ON_ERROR_STOP=1 "$@"; }
    run -c "CREATE TABLE rx (__row bigserial, $COLUMNS_DDL)" -c "ALTER SEQUENCE rx___row_seq RESTART 2"
    start=$(date +%s.%N)
    run -c "\\copy rx ($COLUMNS_LIST) FROM $(printf "%s" "'"'"'$FILE'"'"'") WITH (FORMAT csv, HEADER true)" -c "ANALYZE rx"
    since "$start" > "$WORK/postgres-load"
    query=$(grep -v "^--" "$WORK/postgres.sql" | sed -e "s/;\$//")
    start=$(date +%s.%N)
    run -t -A -c "SELECT row_to_json(q) FROM ($query) AS q" > "$WORK/postgres.json"
    since "$start" > "$WORK/postgres-query"
'

"$PYTHON" - "$FILE" "$WORK" <<'PY'
import json, sys, time
import duckdb
path, work = sys.argv[1], sys.argv[2]
connection = duckdb.connect()
start = time.time()
# The table keeps the file's order, so its rowid numbers the records (the header is row 1).
connection.execute("CREATE TABLE loaded AS SELECT * FROM read_csv(?, all_varchar = true, header = true)", [path])
connection.execute("CREATE VIEW rx AS SELECT rowid + 2 AS __row, * FROM loaded")
load = time.time() - start
sql = open(f"{work}/duckdb.sql").read()
start = time.time()
cursor = connection.execute(sql)
row = dict(zip([c[0] for c in cursor.description], cursor.fetchone()))
query = time.time() - start
json.dump(row, open(f"{work}/duckdb.json", "w"), default=str)
open(f"{work}/duckdb-times", "w").write(f"{load} {query}")
PY

if "$SPARK_PYTHON" -c 'import pyspark' 2>/dev/null; then
    "$BIN" spark-job "$STANDARD" --input "$FILE" -o "$WORK/job.py"
    start=$(date +%s.%N)
    "$SPARK_PYTHON" "$WORK/job.py" --master 'local[2]' --output "$WORK/spark.json" 2> "$WORK/spark.log"
    since "$start" > "$WORK/spark-query"
else
    echo "no pyspark in $SPARK_PYTHON: Spark left out (see CONTRIBUTING)" >&2
fi

"$PYTHON" - "$WORK" "$native" "$ROWS" <<'PY'
import ast, json, os, sys
work, native, rows = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
report = json.load(open(f"{work}/native.json"))
counts = {rule["ruleId"]: rule["count"] for rule in report["rules"]}
checked = [line.split(": ", 1)[1].strip() for line in open(f"{work}/postgres.sql") if line.startswith("-- count_")]
unchecked = sum(1 for line in open(f"{work}/postgres.sql") if line.startswith("-- not checked"))
pg_load, pg_query = (float(open(f"{work}/postgres-{p}").read()) for p in ("load", "query"))
dk_load, dk_query = (float(x) for x in open(f"{work}/duckdb-times").read().split())
print(f"\n{rows} rows; {len(checked)} rules checked in SQL, {unchecked} listed as not checked on these engines\n")
print("| engine | load s | check s | rules with the native count |")
print("|---|---:|---:|---:|")
print(f"| hallmark validate --jobs 2 (native, on the file) | - | {native:.2f} | - |")
for name, load, query in (("postgres", pg_load, pg_query), ("duckdb", dk_load, dk_query)):
    result = json.loads(open(f"{work}/{name}.json").read().strip().splitlines()[-1])
    same = sum(1 for i, rule in enumerate(checked) if result[f"count_{i}"] == counts.get(rule, 0))
    print(f"| {name} | {load:.2f} | {query:.2f} | {same} of {len(checked)} |")
if os.path.exists(f"{work}/spark-query"):
    result = json.loads(open(f"{work}/spark.json").read())
    query = ast.literal_eval(open(f"{work}/job.py").read().split("QUERY = ", 1)[1].split("\n", 1)[0])
    names = [line.split(": ", 1)[1] for line in query.split("\n") if line.startswith("-- count_")]
    same = sum(1 for i, rule in enumerate(names) if result[f"count_{i}"] == counts.get(rule, 0))
    seconds = float(open(f"{work}/spark-query").read())
    print(f"| spark local[2] (spark-job, reads the CSV) | - | {seconds:.2f} | {same} of {len(names)} |")
PY
