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
#   RULES=0      skip the cost of row rules (three rules of arithmetic, dates and text on every row)
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

# median and minimum wall seconds, and the largest peak RSS (KB), of RUNS runs of a command
measure() {
    local walls=() rss=0 line stats
    stats=$(mktemp)
    for _ in $(seq "$RUNS"); do
        if ! /usr/bin/time -o "$stats" -f "%e %M %x" "$@" > /dev/null 2> "$DATA/last-stderr.txt"; then
            # Exit 1 means findings, which is expected; anything else is a failed run.
            [ "$(awk '{print $3}' "$stats" | tail -1)" = 1 ] || { echo "failed: $* (see $DATA/last-stderr.txt)" >&2; exit 1; }
        fi
        line=$(tail -1 "$stats" | awk '{print $1, $2}')
        walls+=("${line% *}")
        [ "${line#* }" -gt "$rss" ] && rss=${line#* }
    done
    rm -f "$stats"
    printf '%s\n' "${walls[@]}" | sort -n | awk -v rss="$rss" '{a[NR]=$1} END {print a[int((NR+1)/2)], a[1], rss}'
}

row() {   # name median min rss
    awk -v n="$1" -v t="$2" -v m="$3" -v r="$4" -v b="$BYTES" -v rows="$ROWS" -v base="${5:-0}" 'BEGIN {
        ratio = base > 0 ? sprintf("%.2fx", t / base) : "-"
        printf "| %-24s | %7.3f | %7.3f | %8.0f | %11.0f | %8.0f | %8s |\n", n, t, m, b / 1e6 / t, rows / t, r / 1024, ratio }'
}

echo
echo "file: $FILE ($ROWS rows, $(awk -v b="$BYTES" 'BEGIN {printf "%.1f", b / 1e6}') MB), $RUNS runs each, $(nproc) cores"
echo
echo "| tool                     | wall s  | min s   | MB/s     | rows/s      | RSS MB   | vs best  |"
echo "|--------------------------|---------|---------|----------|-------------|----------|----------|"
CORES=$(nproc)
read -r t1 m1 r1 < <(measure "$BIN" validate "$FILE" -s "$STANDARD" -q --fail-on never --jobs 1)
read -r tn mn rn < <(measure "$BIN" validate "$FILE" -s "$STANDARD" -q --fail-on never --jobs "$CORES")
row "hallmark --jobs 1" "$t1" "$m1" "$r1"
row "hallmark --jobs $CORES" "$tn" "$mn" "$rn"
if [ "${NO_KEY:-0}" = 1 ]; then
    NOKEY=$DATA/practice-prescribing-no-key.yaml
    grep -v 'primary-key:' "$STANDARD" | sed "s#\.\./uk/#$UK_FROM_DATA/#" > "$NOKEY"
    "$BIN" lint "$NOKEY" > /dev/null
    read -r tk mk rk < <(measure "$BIN" validate "$FILE" -s "$NOKEY" -q --fail-on never --jobs "$CORES")
    row "hallmark, no primary key" "$tk" "$mk" "$rk"
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
    read -r ta ma ra < <(measure "$BIN" validate "$ACCENTED" -s "$STANDARD" -q --fail-on never --jobs "$CORES")
    read -r tw mw rw < <(measure "$BIN" validate "$CP1252" -s "$STANDARD" -q --fail-on never --jobs "$CORES" --encoding windows-1252)
    read -r tt mt rt < <(measure "$BIN" validate "$FILE" -s "$TRIM" -q --fail-on never --jobs "$CORES")
    row "accented, utf-8" "$ta" "$ma" "$ra"
    row "accented, windows-1252" "$tw" "$mw" "$rw" "$ta"
    row "trim: true" "$tt" "$mt" "$rt" "$tn"
fi

if [ "${RULES:-1}" = 1 ]; then
    RULED=$DATA/practice-prescribing-rules.yaml
    sed "s#\\.\\./uk/#$UK_FROM_DATA/#" "$STANDARD" > "$RULED"
    cat >> "$RULED" <<'YAML'
rules:
  - id: cost-near-nic
    assert: 'ACTUAL_COST <= NIC * 2 + 1 and ITEMS <= QUANTITY'
    message: the actual cost is far above the net ingredient cost
  - id: dispensed-in-month
    assert: 'year(DISPENSED_DATE) * 100 + month(DISPENSED_DATE) >= 201401 and DISPENSED_DATE <= today()'
    message: dispensed outside the data's months
  - id: name-shape
    when: PRACTICE_NAME is not missing
    assert: 'length(trim(PRACTICE_NAME)) > 2 and not starts-with(upper(PRACTICE_NAME), "XX")'
    message: a practice name must be a name
YAML
    "$BIN" lint "$RULED" > /dev/null
    read -r tr mr rr < <(measure "$BIN" validate "$FILE" -s "$RULED" -q --fail-on never --jobs "$CORES")
    row "3 row rules" "$tr" "$mr" "$rr" "$tn"
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
    read -r tp mp rp < <(measure "$VENV/bin/python" "$script" "$FILE")
    row "$peer" "$tp" "$mp" "$rp" "$tn"
done
echo
echo "vs best: the tool's median wall time over hallmark --jobs $CORES (above 1 means Hallmark is faster);"
echo "for windows-1252, over the same text as UTF-8; for trim: true and row rules, over the plain run (the cost of each)."
