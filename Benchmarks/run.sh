#!/usr/bin/env bash
# Throughput and peak memory of `hallmark validate` on the synthetic prescribing file, for 1 job and
# for every core, then the same file through the peer tools of ../shared/bench (when present) in the
# same run, with the ratio of each peer's time to Hallmark's.
#
#   Benchmarks/run.sh [ROWS] [RUNS]        default: 1000000 rows, 5 runs each (median reported)
#
# Environment:
#   BENCH_DATA   where data files go (default .build/bench-data)
#   PEERS        peers to run (default "polars duckdb"; add frictionless for a ~1 min run)
#   PEERS_VENV   a Python venv with the peers (default .build/bench-venv; Benchmarks/setup-peers.sh makes it)
#   NO_KEY=1     also run with the primary key removed, to show memory without a uniqueness check
#   RULES=0      skip the cost of row rules (three rules of arithmetic, dates and text on every row) and
#                of a foreign key to a 10,000-row practices file, and polars doing the same
#                (Benchmarks/polars_rules.py)
#   READING=0    skip the cost of reading published files: the file with non-ASCII text as UTF-8 and as
#                windows-1252 (--encoding), and with trim: true on every field
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-1000000}
RUNS=${2:-5}
SHARED=../shared/bench
DATA=${BENCH_DATA:-.build/bench-data}
VENV=${PEERS_VENV:-.build/bench-venv}
PEERS=${PEERS:-polars duckdb}
STANDARD=Standards/nhs/practice-prescribing.yaml
FILE=$DATA/rx_${ROWS}.csv
# Variants of the standard live beside the data; their uses: must stay inside the standards root (here).
UK_FROM_DATA=$(python3 -c "import os, sys; print(os.path.relpath('Standards/uk', sys.argv[1]))" "$DATA")

scripts/install-deps
swift build -c release --product hallmark >/dev/null
BIN=.build/release/hallmark

mkdir -p "$DATA"
if [ ! -f "$FILE" ]; then
    if [ ! -f "$SHARED/gen_prescribing.py" ]; then
        echo "no $FILE and no $SHARED/gen_prescribing.py to make it: skipping the benchmark" >&2
        exit 1
    fi
    echo "generating $FILE ($ROWS rows, seed 42)…" >&2
    python3 "$SHARED/gen_prescribing.py" --rows "$ROWS" --seed 42 --error-rate 0.001 > "$FILE" 2> "$DATA/rx_${ROWS}.truth.json"
fi
BYTES=$(stat -L -c %s "$FILE")
cat "$FILE" > /dev/null   # every tool reads a warm file

# One run of a command, its wall seconds, peak RSS (KB) and CPU seconds (user plus system)
# appended to the file $1 as a line.
run_once() {
    local log=$1 stats
    shift
    stats=$(mktemp)
    if ! /usr/bin/time -o "$stats" -f "%e %M %x %U %S" "$@" > /dev/null 2> "$DATA/last-stderr.txt"; then
        # Exit 1 means findings, which is expected; anything else is a failed run.
        [ "$(awk '{print $3}' "$stats" | tail -1)" = 1 ] || { echo "failed: $* (see $DATA/last-stderr.txt)" >&2; exit 1; }
    fi
    tail -1 "$stats" | awk '{print $1, $2, $4 + $5}' >> "$log"
    rm -f "$stats"
}

# The median and minimum wall seconds, the largest peak RSS (KB) and the median CPU seconds of
# the runs in file $1.
summarize() {
    local cpu
    cpu=$(awk '{print $3}' "$1" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
    sort -n "$1" | awk -v cpu="$cpu" '{wall[NR] = $1; if ($2 > rss) rss = $2} END {
        print wall[int((NR + 1) / 2)], wall[1], rss, cpu }'
    rm -f "$1"
}

# summarize's line for RUNS runs of a command
measure() {
    local log
    log=$(mktemp)
    for _ in $(seq "$RUNS"); do run_once "$log" "$@"; done
    summarize "$log"
}

# summarize's line for each of two commands, run in turn (A, B, A, B, …) so that a machine whose
# speed drifts during the runs (a shared virtual machine's does) slows both alike. The commands
# are given as the names of two arrays.
measure_in_turn() {
    local -n first=$1 second=$2
    local a b
    a=$(mktemp)
    b=$(mktemp)
    for _ in $(seq "$RUNS"); do
        run_once "$a" "${first[@]}"
        run_once "$b" "${second[@]}"
    done
    summarize "$a"
    summarize "$b"
}

row() {   # name median min rss cpu [baseline]
    awk -v n="$1" -v t="$2" -v m="$3" -v r="$4" -v c="$5" -v b="$BYTES" -v rows="$ROWS" -v base="${6:-0}" 'BEGIN {
        ratio = base > 0 ? sprintf("%.2fx", t / base) : "-"
        printf "| %-24s | %7.3f | %7.3f | %7.2f | %8.0f | %11.0f | %8.0f | %8s |\n", n, t, m, c, b / 1e6 / t, rows / t, r / 1024, ratio }'
}

echo
echo "file: $FILE ($ROWS rows, $(awk -v b="$BYTES" 'BEGIN {printf "%.1f", b / 1e6}') MB), $RUNS runs each, $(nproc) cores"
echo
echo "| tool                     | wall s  | min s   | CPU s   | MB/s     | rows/s      | RSS MB   | vs best  |"
echo "|--------------------------|---------|---------|---------|----------|-------------|----------|----------|"
CORES=$(nproc)
read -r t1 m1 r1 c1 < <(measure "$BIN" validate "$FILE" -s "$STANDARD" -q --fail-on never --jobs 1)
read -r tn mn rn cn < <(measure "$BIN" validate "$FILE" -s "$STANDARD" -q --fail-on never --jobs "$CORES")
row "hallmark --jobs 1" "$t1" "$m1" "$r1" "$c1"
row "hallmark --jobs $CORES" "$tn" "$mn" "$rn" "$cn"
if [ "${NO_KEY:-0}" = 1 ]; then
    NOKEY=$DATA/practice-prescribing-no-key.yaml
    grep -v 'primary-key:' "$STANDARD" | sed "s#\.\./uk/#$UK_FROM_DATA/#" > "$NOKEY"
    "$BIN" lint "$NOKEY" > /dev/null
    read -r tk mk rk ck < <(measure "$BIN" validate "$FILE" -s "$NOKEY" -q --fail-on never --jobs "$CORES")
    row "hallmark, no primary key" "$tk" "$mk" "$rk" "$ck"
fi

if [ "${READING:-1}" = 1 ]; then
    # The same text with accents and curly quotes, as UTF-8 and as windows-1252 (one byte each):
    # what transcoding costs over reading UTF-8. Then trim: true on every field of the plain file.
    ACCENTED=$DATA/rx_${ROWS}_accented.csv
    CP1252=$DATA/rx_${ROWS}_cp1252.csv
    if [ ! -f "$CP1252" ]; then
        sed 's/micrograms/µg/g; s/ PRACTICE"/ PRACTICE’"/; s/Ltd)/Ltée)/' "$FILE" > "$ACCENTED"
        iconv -f utf-8 -t cp1252 "$ACCENTED" > "$CP1252"
    fi
    TRIM=$DATA/practice-prescribing-trim.yaml
    sed "s#^table:#table:\n  trim: true#; s#\.\./uk/#$UK_FROM_DATA/#" "$STANDARD" > "$TRIM"
    "$BIN" lint "$TRIM" > /dev/null
    read -r ta ma ra ca < <(measure "$BIN" validate "$ACCENTED" -s "$STANDARD" -q --fail-on never --jobs "$CORES")
    read -r tw mw rw cw < <(measure "$BIN" validate "$CP1252" -s "$STANDARD" -q --fail-on never --jobs "$CORES" --encoding windows-1252)
    read -r tt mt rt ct < <(measure "$BIN" validate "$FILE" -s "$TRIM" -q --fail-on never --jobs "$CORES")
    row "accented, utf-8" "$ta" "$ma" "$ra" "$ca"
    row "accented, windows-1252" "$tw" "$mw" "$rw" "$cw" "$ta"
    row "trim: true" "$tt" "$mt" "$rt" "$ct" "$tn"
fi

if [ "${RULES:-1}" = 1 ]; then
    # Three row rules; a foreign key of PRACTICE_CODE to a headerless 10,000-row practices file (every
    # well-formed code in the data, then invented ones); and both, which polars does too below.
    PRACTICES=$DATA/practices_10000.csv
    if [ ! -f "$PRACTICES" ]; then
        python3 - "$FILE" "$PRACTICES" <<'PY'
import csv, re, sys
codes = []
seen = set()
with open(sys.argv[1], newline="") as f:
    for row in csv.DictReader(f):
        code = row["PRACTICE_CODE"]
        if re.fullmatch(r"[A-Z][0-9]{5}", code) and code not in seen:
            seen.add(code)
            codes.append(code)
filler = (f"Z{n:05d}" for n in range(100000))
while len(codes) < 10000:
    code = next(filler)
    if code not in seen:
        codes.append(code)
with open(sys.argv[2], "w", newline="") as f:
    writer = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    for code in codes[:10000]:
        writer.writerow([code, "PRACTICE " + code, "Y63", "Q74"])
PY
    fi
    RULES_YAML='rules:
  - id: cost-near-nic
    assert: '"'"'ACTUAL_COST <= NIC * 2 + 1 and ITEMS <= QUANTITY'"'"'
    message: the actual cost is far above the net ingredient cost
  - id: dispensed-in-month
    assert: '"'"'year(DISPENSED_DATE) * 100 + month(DISPENSED_DATE) >= 201401 and DISPENSED_DATE <= today()'"'"'
    message: dispensed outside the data'"'"'s months
  - id: name-shape
    when: PRACTICE_NAME is not missing
    assert: '"'"'length(trim(PRACTICE_NAME)) > 2 and not starts-with(upper(PRACTICE_NAME), "XX")'"'"'
    message: a practice name must be a name'
    FK_LINE="  foreign-keys: [{ fields: PRACTICE_CODE, reference: { file: $(basename "$PRACTICES"), fields: [1], dialect: { has-header: false } } }]"
    RULED=$DATA/practice-prescribing-rules.yaml
    KEYED=$DATA/practice-prescribing-foreign-key.yaml
    BOTH=$DATA/practice-prescribing-rules-foreign-key.yaml
    sed "s#\\.\\./uk/#$UK_FROM_DATA/#" "$STANDARD" > "$RULED"
    printf '%s\n' "$RULES_YAML" >> "$RULED"
    sed "s#\\.\\./uk/#$UK_FROM_DATA/#; s#^dataset:#dataset:\n$FK_LINE#" "$STANDARD" > "$KEYED"
    cp "$KEYED" "$BOTH"
    printf '%s\n' "$RULES_YAML" >> "$BOTH"
    "$BIN" lint "$RULED" "$KEYED" "$BOTH" > /dev/null
    TODAY=2026-06-30   # fixed, so today() and the polars script agree whenever this runs
    read -r tr mr rr cr < <(measure "$BIN" validate "$FILE" -s "$RULED" -q --fail-on never --jobs "$CORES" --today $TODAY)
    read -r tf mf rf cf < <(measure "$BIN" validate "$FILE" -s "$KEYED" -q --fail-on never --jobs "$CORES")
    BOTH_RUN=("$BIN" validate "$FILE" -s "$BOTH" -q --fail-on never --jobs "$CORES" --today $TODAY)
    if [ -x "$VENV/bin/python" ] && [ -f "$SHARED/peers/polars_check.py" ] && [[ " $PEERS " == *" polars "* ]]; then
        # Hallmark and polars doing the same checks are run in turn: the comparison the issue is about.
        POLARS_RUN=("$VENV/bin/python" Benchmarks/polars_rules.py "$FILE" "$PRACTICES" "$SHARED/peers" $TODAY)
        { read -r tb mb rb cb; read -r tq mq rq cq; } < <(measure_in_turn BOTH_RUN POLARS_RUN)
    else
        read -r tb mb rb cb < <(measure "${BOTH_RUN[@]}")
    fi
    row "3 row rules" "$tr" "$mr" "$rr" "$cr" "$tn"
    row "foreign key, 10k codes" "$tf" "$mf" "$rf" "$cf" "$tn"
    row "3 rules + foreign key" "$tb" "$mb" "$rb" "$cb" "$tn"
    if [ -n "${tq:-}" ]; then
        row "polars, rules + key" "$tq" "$mq" "$rq" "$cq" "$tb"
        # The same counts, or the comparison means nothing.
        "$BIN" validate "$FILE" -s "$BOTH" -f json --fail-on never --max-examples 0 --today $TODAY > "$DATA/rules-report.json"
        "$VENV/bin/python" Benchmarks/polars_rules.py "$FILE" "$PRACTICES" "$SHARED/peers" $TODAY > "$DATA/rules-polars.json"
        python3 - "$DATA/rules-report.json" "$DATA/rules-polars.json" <<'PY'
import json, sys
report = {rule["ruleId"]: rule["count"] for rule in json.load(open(sys.argv[1]))["rules"]}
polars = json.load(open(sys.argv[2]))
pairs = {"rule:cost-near-nic": "rule_cost_near_nic", "rule:dispensed-in-month": "rule_dispensed_in_month",
         "rule:name-shape": "rule_name_shape", "dataset:foreign-key:PRACTICE_CODE": "foreign_key_practice"}
for ours, theirs in pairs.items():
    mark = "same" if report.get(ours, 0) == polars[theirs] else "DIFFERENT"
    print(f"  {ours}: hallmark {report.get(ours, 0)}, polars {polars[theirs]} ({mark})")
PY
    fi
fi

# The counts must be right, not just fast: compare with the generator's ground truth.
if [ -f "$DATA/rx_${ROWS}.truth.json" ]; then
    "$BIN" validate "$FILE" -s "$STANDARD" -f json --fail-on never --max-examples 0 > "$DATA/report.json"
    python3 Benchmarks/check_truth.py "$DATA/report.json" "$DATA/rx_${ROWS}.truth.json"
fi

if [ ! -d "$SHARED/peers" ]; then
    echo "(peers skipped: $SHARED/peers is not here)"
    exit 0
fi
if [ ! -x "$VENV/bin/python" ]; then
    echo "(peers skipped: no venv at $VENV; run Benchmarks/setup-peers.sh)"
    exit 0
fi
for peer in $PEERS; do
    script=$SHARED/peers/${peer}_check.py
    [ -f "$script" ] || { echo "(no peer script $script)"; continue; }
    read -r tp mp rp cp < <(measure "$VENV/bin/python" "$script" "$FILE")
    row "$peer" "$tp" "$mp" "$rp" "$cp" "$tn"
done
echo
echo "vs best: the tool's median wall time over hallmark --jobs $CORES (above 1 means Hallmark is faster);"
echo "for windows-1252, over the same text as UTF-8; for trim: true, rules and the foreign key, over the plain"
echo "run (the cost of each); for polars with rules and key, over Hallmark with the same rules and key (the two"
echo "run in turn, so a drift in the machine's speed slows both alike)."
