#!/usr/bin/env bash
# HTTP benchmarks of the token and introspection endpoints (docs/benchmarks.md):
# client_credentials, introspection, and the refresh_token grant (rotation).
# Builds a release sigid, starts it pinned to one core on SQLite with a
# provisioned tenant and application, runs wrk pinned to another core, and
# prints the figures next to OpenSSL's own ES256 rate on the server core.
#
#   tests/bench/run_http_bench.sh            # defaults below
#   BENCH_DURATION=30s BENCH_LOG_LEVEL=information tests/bench/run_http_bench.sh
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build/bench-rel}
SERVER_CORE=${SERVER_CORE:-1}
CLIENT_CORE=${CLIENT_CORE:-0}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
DURATION=${BENCH_DURATION:-15s}
LOG_LEVEL=${BENCH_LOG_LEVEL:-warning}  # information writes one access-log line per request
ALG=${BENCH_ALG:-ES256}
PORT=${BENCH_PORT:-18931}
BASE=http://127.0.0.1:$PORT

if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSIGID_BUILD_TESTS=OFF >/dev/null
  CCACHE_NOHASHDIR=1 ninja -j2 -C "$BUILD_DIR" sigid signin-password
fi
SIGID=$BUILD_DIR/kernel/app/sigid

WORK=$(mktemp -d)
cleanup() {
  [[ -n ${SIGID_PID:-} ]] && kill "$SIGID_PID" 2>/dev/null && wait "$SIGID_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

cd "$WORK"
# Rate limits off: one wrk address would otherwise be throttled (they are per address).
env -u SIGID_DATABASE_URL SIGID_HTTP_PORT=$PORT SIGID_HTTP_PUBLIC_BASE_URL=$BASE SIGID_LOG_LEVEL=$LOG_LEVEL \
  SIGID_DATABASE_URL=sqlite:var/sigid.db SIGID_HTTP_MAX_THREADS=$((CONNECTIONS + 4)) \
  SIGID_OAUTH_RATE_LIMIT_CLIENT_PER_SECOND=0 SIGID_OAUTH_RATE_LIMIT_ADDRESS_PER_SECOND=0 \
  SIGID_PLUGINS_DIRECTORIES="$BUILD_DIR/plugins/signin-password" \
  taskset -c "$SERVER_CORE" "$SIGID" serve >"$WORK/stdout.log" 2>"$WORK/stderr.log" &
SIGID_PID=$!
for _ in $(seq 100); do
  CREDENTIAL=$(grep -o 'sigid_sys_[A-Za-z0-9_-]*' "$WORK/stdout.log" | head -1 || true)
  [[ -n $CREDENTIAL ]] && curl -sf "$BASE/healthz" >/dev/null && break
  sleep 0.1
done
[[ -n ${CREDENTIAL:-} ]] || { cat "$WORK/stderr.log"; echo "sigid did not start" >&2; exit 1; }

json() { python3 -c "import json,sys; print(json.load(sys.stdin)[sys.argv[1]])" "$1"; }
admin() { curl -sf -X "$1" "$BASE$2" -H "Authorization: Bearer $CREDENTIAL" -H 'Content-Type: application/json' -d "$3"; }
admin POST /api/v1/system/tenants '{"name":"Bench","slug":"bench"}' >/dev/null
APP=$(admin POST /api/v1/tenants/bench/applications "{\"name\":\"bench\",\"scopes\":[\"read\"],\"signing_alg\":\"$ALG\"}")
CLIENT_ID=$(json client_id <<<"$APP")
SECRET=$(json client_secret <<<"$APP")
export SIGID_BENCH_BASIC=$(printf '%s:%s' "$CLIENT_ID" "$SECRET" | base64 -w0)
TOKEN=$(curl -sf -X POST "$BASE/t/bench/token" -u "$CLIENT_ID:$SECRET" -d grant_type=client_credentials | json access_token)
export SIGID_BENCH_TOKEN=$TOKEN

# refresh_token: a user, password sign-in, a public PKCE client; one sign-in,
# then REFRESH_FAMILIES code flows give the seed refresh tokens (one family each).
REFRESH_FAMILIES=${BENCH_REFRESH_FAMILIES:-$((CONNECTIONS * 2))}
admin PUT /api/v1/tenants/bench/plugins/io.sigid.signin-password \
  '{"config":{"memory_kib":4096,"iterations":1},"enabled":true}' >/dev/null
admin POST /api/v1/tenants/bench/users \
  '{"email":"bench@example.com","name":"Bench","password":"bench password 123"}' >/dev/null
SPA=$(admin POST /api/v1/tenants/bench/applications "{\"name\":\"spa\",\"type\":\"public\",
  \"grant_types\":[\"authorization_code\",\"refresh_token\"],\"redirect_uris\":[\"http://127.0.0.1:9/cb\"],
  \"scopes\":[\"openid\",\"offline_access\"],\"signing_alg\":\"$ALG\"}")
export SIGID_BENCH_CLIENT_ID=$(json client_id <<<"$SPA")
SIGID_BENCH_REFRESH_TOKENS=$(python3 "$ROOT/tests/bench/seed_refresh_tokens.py" "$BASE" bench "$SIGID_BENCH_CLIENT_ID" \
  bench@example.com "bench password 123" "$REFRESH_FAMILIES" | tr '\n' ' ')
export SIGID_BENCH_REFRESH_TOKENS

echo "== sigid $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?') on core $SERVER_CORE, wrk on core $CLIENT_CORE," \
     "$CONNECTIONS connections, $DURATION, $ALG, log.level=$LOG_LEVEL, $(nproc) CPUs: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
WRK="taskset -c $CLIENT_CORE wrk -t1 -c$CONNECTIONS -d$DURATION --latency"
# CPU time the server spent (utime + stime, in clock ticks): requests per server
# CPU-second stays meaningful when other processes share the pinned core.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SIGID_PID/stat"; }
run() {
  local name=$1 script=$2 url=$3 before after out requests
  before=$(cpu_ticks)
  out=$($WRK -s "$script" "$url")
  after=$(cpu_ticks)
  echo "$out"
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  awk -v r="$requests" -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="$name" \
    'BEGIN { s = t / hz; printf "%s: server CPU %.2f s for %d requests = %.0f requests per server CPU-second\n", n, s, r, (s > 0 ? r / s : 0) }'
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
}
# Warm-up: keys parsed, caches filled, connections established.
taskset -c "$CLIENT_CORE" wrk -t1 -c"$CONNECTIONS" -d3s -s "$ROOT/tests/bench/client_credentials.lua" "$BASE/t/bench/token" >/dev/null
echo "== client_credentials: POST /t/bench/token"
run client_credentials "$ROOT/tests/bench/client_credentials.lua" "$BASE/t/bench/token"
echo "== introspection: POST /t/bench/introspect (one token, repeatedly)"
run introspection "$ROOT/tests/bench/introspection.lua" "$BASE/t/bench/introspect"
echo "== refresh_token: POST /t/bench/token (rotation; access + ID token per request; $REFRESH_FAMILIES families)"
run refresh_token "$ROOT/tests/bench/refresh_token.lua" "$BASE/t/bench/token"
echo "== OpenSSL ES256 (P-256 ECDSA) on the server core"
taskset -c "$SERVER_CORE" openssl speed -seconds 5 ecdsap256 2>/dev/null | tail -2
