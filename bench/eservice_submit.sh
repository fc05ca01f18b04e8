#!/usr/bin/env bash
# Sustained e-Service submissions (issue 6 target: 500/s for 60 s on SQLite, zero lost or
# duplicated requests, report p99).
#
#   RATE=500 SECONDS_=60 bench/eservice_submit.sh [--pg URL]
#
# Builds release, starts `prongsai demo` on a fresh data dir behind a pretend proxy
# (--trust-proxy: each submission comes from its own X-Forwarded-For address, as citizens do),
# runs crates/web/examples/submit_load.rs (open loop: one submission every 1/RATE s whatever
# the server's pace), then counts the rows in the database: every receipt must be one row, no
# name twice. Prints one summary block; exits non-zero on any loss or duplicate.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/prongsai-target}"
PG_URL=""
if [ "${1:-}" = "--pg" ]; then PG_URL="${2:?postgres url}"; fi
RATE="${RATE:-500}"
SECS="${SECONDS_:-60}"

cargo build --release -j2 -p prongsai-cli >/dev/null
cargo build --release -j2 -p prongsai-web --example submit_load >/dev/null
BIN="$CARGO_TARGET_DIR/release/prongsai"
LOAD="$CARGO_TARGET_DIR/release/examples/submit_load"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
DATA=$(mktemp -d /tmp/prongsai-bench.XXXXXX)
LOG="$DATA/server.log"
ARGS=(demo --listen "127.0.0.1:$PORT" --data-dir "$DATA" --trust-proxy --link-check-hours 0)
if [ -n "$PG_URL" ]; then
  DB="prongsai_bench_$(date +%s)"
  psql "$PG_URL" -qc "CREATE DATABASE $DB" >/dev/null
  ARGS+=(--database-url "${PG_URL%/*}/$DB")
fi
"$BIN" "${ARGS[@]}" >"$LOG" 2>&1 &
PID=$!
cleanup() {
  kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true
  if [ -n "$PG_URL" ]; then psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true; fi
  rm -rf "$DATA"
}
trap cleanup EXIT
for _ in $(seq 1 500); do grep -q "ready at" "$LOG" 2>/dev/null && break; sleep 0.02; done
grep -q "ready at" "$LOG" || { cat "$LOG"; exit 1; }

query() {
  if [ -n "$PG_URL" ]; then psql "${PG_URL%/*}/$DB" -tAc "$1"; else sqlite3 "$DATA/prongsai.sqlite" "$1"; fi
}
SERVICE=$(query "SELECT id FROM service WHERE name_th = 'แจ้งซ่อมไฟฟ้าสาธารณะ'")
RUN="BENCH$(date +%s)"
BEFORE=$(query "SELECT count(*) FROM service_request")
OUT=$("$LOAD" "http://127.0.0.1:$PORT" "$SERVICE" "$RATE" "$SECS" "$RUN")
RECEIPTS=$(sed -n 's/.*receipts=\([0-9]*\).*/\1/p' <<<"$OUT")
ROWS=$(query "SELECT count(*) FROM service_request WHERE answers LIKE '%$RUN-%'")
DISTINCT=$(query "SELECT count(DISTINCT answers) FROM service_request WHERE answers LIKE '%$RUN-%'")
AFTER=$(query "SELECT count(*) FROM service_request")
RSS_KB=$(awk '/VmRSS/ {print $2}' /proc/$PID/status)

echo "== e-Service submissions ($([ -n "$PG_URL" ] && echo PostgreSQL || echo SQLite), $RATE/s for ${SECS}s, release)"
echo "$OUT"
echo "rows written: $ROWS (distinct: $DISTINCT), receipts: $RECEIPTS, table grew by $((AFTER - BEFORE))"
echo "server RSS after: $((RSS_KB / 1024)) MB"
if [ "$ROWS" != "$RECEIPTS" ] || [ "$DISTINCT" != "$ROWS" ] || [ "$((AFTER - BEFORE))" != "$ROWS" ]; then
  echo "FAIL: lost or duplicated requests"; exit 1
fi
echo "OK: every receipt is exactly one stored request"
