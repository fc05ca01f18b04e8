#!/usr/bin/env bash
# Load test of the public OIT page (wrk, loopback only, bounded) against nginx serving the same
# page as a static file, in the same run:
#
#   bench/portal.sh        # builds release, starts `prongsai demo` on a fresh data dir (SQLite),
#                            saves /krathok/ita/2566 as HTML, starts nginx on it, then runs wrk
#                            on both and prints requests/s, p99 and the ratio (goal ≥ 0.6),
#                            then the same with Accept-Encoding: gzip (nginx gzip_static).
# nginx and wrk come from Debian (apt-get install nginx wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/prongsai-target}"
DURATION="${DURATION:-15s}"
CONNS="${CONNS:-32}"
THREADS="${THREADS:-2}"
PAGE="${PAGE:-/krathok/ita/2566}"
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)"; exit 1; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "nginx is needed (apt-get install nginx)"; exit 1; }
cargo build --release -j2 -p prongsai-cli >/dev/null
BIN="$CARGO_TARGET_DIR/release/prongsai"
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PORT=$(port); NPORT=$(port)
DATA=$(mktemp -d /tmp/prongsai-portal.XXXXXX)
"$BIN" demo --listen "127.0.0.1:$PORT" --data-dir "$DATA" >"$DATA/server.log" 2>&1 &
PID=$!
cleanup() {
  kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true
  [ -f "$DATA/nginx.pid" ] && kill "$(cat "$DATA/nginx.pid")" 2>/dev/null || true
  rm -rf "$DATA"
}
trap cleanup EXIT
for _ in $(seq 1 500); do grep -q "ready at" "$DATA/server.log" 2>/dev/null && break; sleep 0.02; done
grep -q "ready at" "$DATA/server.log" || { cat "$DATA/server.log"; exit 1; }
BASE="http://127.0.0.1:$PORT"
mkdir -p "$DATA/www"
curl -sf "$BASE$PAGE" -o "$DATA/www/index.html"
LINKS=$(grep -o 'href="/krathok/\(files\|measures\)/[^"]*"' "$DATA/www/index.html" | wc -l)
cat >"$DATA/nginx.conf" <<CONF
worker_processes 2;
pid $DATA/nginx.pid;
error_log $DATA/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type text/html;
  server {
    listen 127.0.0.1:$NPORT;
    root $DATA/www;
    gzip_static on;
    location / { try_files /index.html =404; }
  }
}
CONF
gzip -9 -k "$DATA/www/index.html"
"$NGINX" -c "$DATA/nginx.conf"
sleep 0.3
run() { wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$@"; }
OURS=$(run "$BASE$PAGE")
THEIRS=$(run "http://127.0.0.1:$NPORT/")
rps() { echo "$1" | awk '/Requests\/sec/ {print $2}'; }
p99() { echo "$1" | awk '$1=="99%" {print $2}'; }
R1=$(rps "$OURS"); R2=$(rps "$THEIRS")
echo "== Public OIT page $PAGE ($(stat -c %s "$DATA/www/index.html") bytes, $LINKS document links, $(nproc) cores, wrk -t$THREADS -c$CONNS -d$DURATION)"
echo "prongsai: ${R1} req/s, p99 $(p99 "$OURS")"
echo "nginx:    ${R2} req/s, p99 $(p99 "$THEIRS")"
echo "ratio:    $(python3 -c "print(round($R1/$R2, 2))") (goal >= 0.6)"
echo "$OURS" | grep -E "Non-2xx|Socket errors" || true
# What browsers do: ask for gzip. Both sides send a copy compressed beforehand.
GZ=(-H "Accept-Encoding: gzip")
OURS_GZ=$(run "${GZ[@]}" "$BASE$PAGE")
THEIRS_GZ=$(run "${GZ[@]}" "http://127.0.0.1:$NPORT/")
G1=$(rps "$OURS_GZ"); G2=$(rps "$THEIRS_GZ")
echo "-- with Accept-Encoding: gzip ($(curl -s -H 'Accept-Encoding: gzip' "$BASE$PAGE" | wc -c) bytes; nginx gzip_static $(stat -c %s "$DATA/www/index.html.gz") bytes)"
echo "prongsai: ${G1} req/s, p99 $(p99 "$OURS_GZ")"
echo "nginx:    ${G2} req/s, p99 $(p99 "$THEIRS_GZ")"
echo "ratio:    $(python3 -c "print(round($G1/$G2, 2))")"
