#!/usr/bin/env bash
# Uniqueness over more distinct keys than a table in memory would hold: the prescribing generator's
# rows streamed straight into `hallmark validate -` (no data file is kept; the key partitions live
# in an unlinked temporary file) with --memory-limit, then its counts against the generator's
# ground truth, and its peak memory against the limit.
#
#   Benchmarks/bounded-memory.sh [ROWS] [LIMIT]      default 100000000 rows, 1G (about 20 minutes
#                                                     here: the Python generator sets the pace)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-100000000}
LIMIT=${2:-1G}
GENERATOR=../shared/bench/gen_prescribing.py
[ -f "$GENERATOR" ] || { echo "no $GENERATOR to make the rows: skipping" >&2; exit 1; }

scripts/install-deps
swift build -c release --product hallmark > /dev/null
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
# Exit 1 means findings, which the generator injects on purpose.
set +e
python3 "$GENERATOR" --rows "$ROWS" --seed 42 --error-rate 0.001 2> "$OUT/truth.json" \
    | /usr/bin/time -o "$OUT/time" -f "%e %M %U %S %x" .build/release/hallmark validate - \
        -s Standards/nhs/practice-prescribing.yaml -f json --max-examples 0 --fail-on never \
        --memory-limit "$LIMIT" > "$OUT/report.json"
set -e
read -r wall rss user system status < "$OUT/time"
[ "$status" = 0 ] || { echo "hallmark exited $status" >&2; exit 1; }
LIMIT_KB=$(python3 -c "import sys; t = sys.argv[1]; u = {'K': 1, 'M': 1 << 10, 'G': 1 << 20}; print(int(t[:-1]) * u[t[-1].upper()] if t[-1].upper() in u else int(t) // 1024)" "$LIMIT")
echo "$ROWS rows through a pipe, --memory-limit $LIMIT: wall $wall s, CPU $(awk -v u="$user" -v s="$system" 'BEGIN {print u + s}') s, peak RSS $((rss / 1024)) MB"
python3 Benchmarks/check_truth.py "$OUT/report.json" "$OUT/truth.json"
# The limit bounds the tables of keys; the pass itself (blocks in flight and the keys they carry,
# 16 MiB of partition buffers) comes on top, so a limit below a few hundred MB cannot hold the
# whole process.
if [ "$rss" -ge "$LIMIT_KB" ]; then
    echo "peak RSS $((rss / 1024)) MB is not under --memory-limit $LIMIT (which bounds the key tables; the pass itself takes about 150 MB on top)" >&2
    exit 1
fi
echo "peak RSS is under --memory-limit $LIMIT"
