#!/usr/bin/env bash
# A bounded load test of the feedback service on loopback, over SQLite or PostgreSQL: requests per second and
# latency percentiles for a dataset page (GET) and for filing feedback (POST, every body different),
# measured by wrk (Debian: wrk) from a second process.
#
#   Benchmarks/service-load.sh [SECONDS] [CONNECTIONS]     default: 10 s, 16 connections each
#   scripts/with-postgres Benchmarks/service-load.sh [SECONDS] [CONNECTIONS] postgres
#                                     the same over a new database on the server scripts/with-postgres starts
#
# Builds hallmark and hallmark-serve in release mode first. The service runs with the feedback
# limit raised (--feedback-burst, --feedback-per-minute), since every request comes from 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-10}
CONNECTIONS=${2:-16}
STORE=${3:-sqlite}
command -v wrk >/dev/null || { echo "service-load: install wrk (apt-get install -y wrk)" >&2; exit 2; }
swift build -c release --product hallmark >/dev/null
swift build -c release --product hallmark-serve >/dev/null
BIN=$(swift build -c release --show-bin-path)
WORK=$(mktemp -d)
trap 'kill "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT

case "$STORE" in
sqlite) export HALLMARK_DATABASE="$WORK/load.sqlite" ;;
postgres)
    [ -n "${HALLMARK_TEST_POSTGRES:-}" ] || { echo "service-load: run under scripts/with-postgres" >&2; exit 2; }
    psql -X -q -c "CREATE DATABASE service_load" "$HALLMARK_TEST_POSTGRES"
    export HALLMARK_DATABASE="${HALLMARK_TEST_POSTGRES/\/postgres\?//service_load?}"
    ;;
*) echo "service-load: the store is sqlite or postgres" >&2; exit 2 ;;
esac
TOKEN=$("$BIN/hallmark" serve tokens create --dataset epraccur \
    --publisher "NHS England" --title "GP practices" 2>/dev/null)
"$BIN/hallmark" serve --port 0 --feedback-burst 1000000 \
    --feedback-per-minute 100000000 > "$WORK/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 100); do grep -q listening "$WORK/serve.log" 2>/dev/null && break; sleep 0.1; done
URL=$(grep -o 'http://[0-9.:]*' "$WORK/serve.log")
"$BIN/hallmark" validate Fixtures/ods/practices-planted.csv -s Standards/nhs/ods-gp-practices.yaml \
    --standards-root Standards --dataset epraccur -f json -o "$WORK/report.json" >/dev/null || true
HALLMARK_TOKEN=$TOKEN "$BIN/hallmark" publish "$WORK/report.json" --server "$URL" --dataset epraccur >/dev/null

cat > "$WORK/feedback.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local n = 0
request = function()
  n = n + 1
  local body = '{"target":{"type":"dataset"},"kind":"question","body":"Load question ' .. n .. ' from ' .. tostring(wrk.thread) .. '"}'
  return wrk.format(nil, nil, nil, body)
end
LUA

run() {
    local name=$1; shift
    local out
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency "$@")
    local rps p50 p99 errors
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    errors=$(awk '/Non-2xx/ {print $5}' <<<"$out")
    SENT=$(awk '/requests in/ {print $1}' <<<"$out")
    printf '%-28s %10s req/s   p50 %8s   p99 %8s   non-2xx %s\n' "$name" "$rps" "$p50" "$p99" "${errors:-0}"
}
echo "hallmark serve on $URL, $STORE, wrk -t2 -c$CONNECTIONS -d${SECONDS_EACH}s, $(nproc) cores"
run "GET /datasets/epraccur" "$URL/datasets/epraccur"
run "POST feedback (API)" -s "$WORK/feedback.lua" "$URL/api/v1/datasets/epraccur/feedback"
COUNT=$(curl -s "$URL/api/v1/datasets/epraccur/feedback?perPage=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
echo "feedback requests completed: $SENT; items in the database after the run: $COUNT"
echo "peak RSS of the service: $(awk '/VmHWM/ {print $2, $3}' /proc/$SERVER/status)"
