#!/usr/bin/env bash
# Load test of the staff dashboard on the running demo (wrk, loopback only, bounded).
#
#   bench/dashboard.sh [--pg URL]      # builds release, starts `prongsai demo` on a fresh data
#                                        dir (SQLite; or PostgreSQL with --pg), logs in, then:
#   - measures time from process start to "ready" (target < 2 s) and idle RSS (target < 60 MB)
#   - reports the release binary size
#   - runs wrk against /staff/dashboard with the session cookie: requests/s and p99
# Prints one summary block; exits non-zero if the server fails to start.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/prongsai-target}"
PG_URL=""
if [ "${1:-}" = "--pg" ]; then PG_URL="${2:?postgres url}"; fi
DURATION="${DURATION:-20s}"
CONNS="${CONNS:-32}"
THREADS="${THREADS:-2}"

command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)"; exit 1; }
cargo build --release -j2 -p prongsai-cli >/dev/null
BIN="$CARGO_TARGET_DIR/release/prongsai"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
DATA=$(mktemp -d /tmp/prongsai-bench.XXXXXX)
LOG="$DATA/server.log"
ARGS=(demo --listen "127.0.0.1:$PORT" --data-dir "$DATA")
if [ -n "$PG_URL" ]; then
  DB="prongsai_bench_$(date +%s)"
  psql "$PG_URL" -qc "CREATE DATABASE $DB" >/dev/null
  ARGS+=(--database-url "${PG_URL%/*}/$DB")
fi

START=$(date +%s%N)
"$BIN" "${ARGS[@]}" >"$LOG" 2>&1 &
PID=$!
cleanup() {
  kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true
  if [ -n "$PG_URL" ]; then psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true; fi
  rm -rf "$DATA"
}
trap cleanup EXIT
for _ in $(seq 1 200); do grep -q "ready at" "$LOG" 2>/dev/null && break; sleep 0.02; done
READY=$(date +%s%N)
grep -q "ready at" "$LOG" || { cat "$LOG"; exit 1; }
STARTUP_MS=$(( (READY - START) / 1000000 ))
REPORTED_MS=$(sed -n 's/.*started in \([0-9]*\) ms.*/\1/p' "$LOG" | head -1)

# Second start on the same data (already migrated and seeded): the usual restart.
kill "$PID"; wait "$PID" 2>/dev/null || true
START=$(date +%s%N)
"$BIN" "${ARGS[@]}" >"$LOG" 2>&1 &
PID=$!
for _ in $(seq 1 200); do grep -q "ready at" "$LOG" 2>/dev/null && break; sleep 0.02; done
RESTART_MS=$(( ($(date +%s%N) - START) / 1000000 ))

PASS=$(awk '$1=="krathok.admin" {print $2}' "$LOG")
sleep 1
IDLE_RSS_KB=$(awk '/VmRSS/ {print $2}' /proc/$PID/status)

JAR="$DATA/cookies"
BASE="http://127.0.0.1:$PORT"
curl -s -c "$JAR" -b "$JAR" "$BASE/staff/login" -o "$DATA/login.html"
CSRF=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$DATA/login.html" | head -1)
curl -s -c "$JAR" -b "$JAR" -o /dev/null -X POST "$BASE/staff/login" \
  --data-urlencode "csrf=$CSRF" --data-urlencode "username=krathok.admin" --data-urlencode "password=$PASS"
SESSION=$(awk '$6=="ps_session" {print $7}' "$JAR")
[ -n "$SESSION" ] || { echo "login failed"; exit 1; }
CODE=$(curl -s -o /dev/null -w '%{http_code}' -b "ps_session=$SESSION" "$BASE/staff/dashboard")
[ "$CODE" = 200 ] || { echo "dashboard answered $CODE"; exit 1; }

WRK_OUT=$(wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency -H "Cookie: ps_session=$SESSION" "$BASE/staff/dashboard")
LOADED_RSS_KB=$(awk '/VmRSS/ {print $2}' /proc/$PID/status)
RPS=$(echo "$WRK_OUT" | awk '/Requests\/sec/ {print $2}')
P50=$(echo "$WRK_OUT" | awk '$1=="50%" {print $2}')
P99=$(echo "$WRK_OUT" | awk '$1=="99%" {print $2}')
ERRS=$(echo "$WRK_OUT" | grep -E "Non-2xx|Socket errors" || true)

echo "== Prongsai dashboard benchmark ($(if [ -n "$PG_URL" ]; then echo PostgreSQL; else echo SQLite; fi), $(nproc) cores)"
echo "release binary size:        $(stat -c %s "$BIN") bytes ($(du -h "$BIN" | cut -f1))"
echo "first start (migrate+seed): ${STARTUP_MS} ms wall, ${REPORTED_MS} ms reported by the server"
echo "restart to ready:           ${RESTART_MS} ms"
echo "idle RSS:                   $((IDLE_RSS_KB / 1024)) MB"
echo "RSS after load:             $((LOADED_RSS_KB / 1024)) MB"
echo "GET /staff/dashboard:       ${RPS} req/s, p50 ${P50}, p99 ${P99} (wrk -t$THREADS -c$CONNS -d$DURATION)"
[ -n "$ERRS" ] && echo "errors: $ERRS"
exit 0
