#!/usr/bin/env bash
# Waggle's benchmark: one catalog, measured side by side with its ceilings, in one run.
#
#   bench/run.sh                      # 10,000 servers, 3 rounds of 10 s per measurement
#   SERVERS=2000 DURATION=5 RUNS=1 bench/run.sh   # a quick look
#
# It generates a registry file, starts bootstrap/target/waggle.jar (-Xmx512m) on a fresh embedded
# PostgreSQL under a temporary WAGGLE_HOME, waits for the first sync, then measures with wrk:
#   (a) a list page against nginx serving the very same bytes from disk, and bare Javalin serving
#       them from memory (the JVM's own ceiling);
#   (b) a search page, likewise;
#   (c) an If-None-Match revalidation, when Waggle sends an ETag;
#   (d) a full sync after every other version changed and a tenth of the servers went, against
#       PostgreSQL's own COPY of the same documents into a jsonb table on the same server;
#   (e) an unchanged re-check (three per round) against that full sync;
# and p99 at 200 connections, saturated and paced. All traffic stays on 127.0.0.1; every process
# it starts is stopped on exit. It installs nothing: missing tools are named with the apt-get line
# that brings them.
#
# Settings (environment): SERVERS (10000), RUNS (3), DURATION seconds per wrk run (10), WARMUP
# seconds of uncounted load on each JVM endpoint first (5),
# CONNECTIONS (64), P99_CONNECTIONS (200), PACED_RATE requests per second the paced p99 run
# offers at P99_CONNECTIONS (10000), THREADS wrk threads (2), SEARCH (mcp),
# PORT_BASE (18080: uses 4 ports from there), JAR (bootstrap/target/waggle.jar), REBUILD=1 to
# build the jar first, KEEP=1 to keep the work directory (logs, generated files), ONLY=sync to
# measure (d) and (e) alone (no nginx, no wrk), WAGGLE_JAVA_OPTS extra JVM options for Waggle
# (a profiler, say: -XX:StartFlightRecording=filename=/tmp/waggle.jfr), SYNC_WARMUP uncounted
# pairs of full syncs (changed catalog, then back to the base one) before the counted rounds (5):
# in the first ten or so syncs after start the JVM's compiler threads take as much CPU as the sync
# itself, so the counted rounds measure a server that has been syncing for a while, and the
# warm-up pairs are reported apart as "first full syncs after start".
# SYNC_THREADS=N prints, for each counted full sync, the N threads of Waggle's JVM that used the
# most CPU in it (the sync thread, the JIT compilers, the collector, ...).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SERVERS=${SERVERS:-10000}
RUNS=${RUNS:-3}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-5}
CONNECTIONS=${CONNECTIONS:-64}
P99_CONNECTIONS=${P99_CONNECTIONS:-200}
PACED_RATE=${PACED_RATE:-10000}
THREADS=${THREADS:-2}
SEARCH=${SEARCH:-mcp}
PORT_BASE=${PORT_BASE:-18080}
JAR=${JAR:-$ROOT/bootstrap/target/waggle.jar}
FIRST_SYNC_TIMEOUT=${FIRST_SYNC_TIMEOUT:-900}
ONLY=${ONLY:-}
SYNC_WARMUP=${SYNC_WARMUP:-5}
SYNC_THREADS=${SYNC_THREADS:-}
WAGGLE_JAVA_OPTS=${WAGGLE_JAVA_OPTS:-}
LIMIT=100
REGISTRY=main
SOURCE=primary

say() { printf '%s\n' "$*"; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

# --- tools ---------------------------------------------------------------------------------------
PATH=$PATH:/usr/sbin:/sbin # where Debian puts nginx
missing=()
packages=()
for tool in java:default-jdk-headless curl:curl wrk:wrk nginx:nginx-light psql:postgresql-client \
            awk:gawk sort:coreutils; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || { missing+=("${tool%%:*}"); packages+=("${tool#*:}"); }
done
if ((${#missing[@]} > 0)); then
  die "missing tools: ${missing[*]}; install them with: sudo apt-get install ${packages[*]}"
fi

if [[ ${REBUILD:-0} == 1 || ! -f $JAR ]]; then
  command -v mvn >/dev/null || die "no $JAR and no mvn to build it; install maven or set JAR"
  say "building $JAR (mvn -B -q package -DskipTests) ..."
  (cd "$ROOT" && mvn -B -q package -DskipTests)
else
  say "reusing $JAR (built $(date -r "$JAR" '+%F %T'); REBUILD=1 rebuilds it)"
fi

# --- work directory and clean-up -----------------------------------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/waggle-bench.XXXXXX")
chmod 755 "$WORK"
WAGGLE_PID=""
NGINX_PID=""
BARE_PID=""

stop() { # pid, seconds to wait after TERM
  local pid=$1 wait=$2
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < wait * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
  trap - EXIT INT TERM
  stop "$BARE_PID" 5
  stop "$NGINX_PID" 5
  # Waggle stops its embedded PostgreSQL on TERM; give it the time to.
  stop "$WAGGLE_PID" 30
  if [[ ${KEEP:-0} == 1 ]]; then
    say "kept $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

WAGGLE_PORT=$PORT_BASE
INTERNAL_PORT=$((PORT_BASE + 1))
NGINX_PORT=$((PORT_BASE + 2))
BARE_PORT=$((PORT_BASE + 3))
for port in "$WAGGLE_PORT" "$INTERNAL_PORT" "$NGINX_PORT" "$BARE_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "127.0.0.1:$port is in use; set PORT_BASE to a free range"
  fi
done

# Waits until a URL answers 2xx, or fails after $2 seconds naming the log to read.
await_url() {
  local url=$1 seconds=$2 log=$3
  for ((i = 0; i < seconds * 5; i++)); do
    curl -fs -o /dev/null --max-time 2 "$url" && return 0
    sleep 0.2
  done
  die "$url did not answer within ${seconds}s; see $log (KEEP=1 keeps it)"
}

ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }

# --- machine ---------------------------------------------------------------------------------------
say ""
say "== machine"
say "cpus: $(nproc), $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || echo unknown)"
say "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo 2>/dev/null || echo unknown)"
say "load average at start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
say "$(java -version 2>&1 | head -1); $(nginx -v 2>&1); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2); $(psql --version)"

# --- catalog -----------------------------------------------------------------------------------------
say ""
say "== catalog"
mkdir -p "$WORK/data" "$WORK/www"
BASE_VERSIONS=$(java "$ROOT/bench/GenerateCatalog.java" "$SERVERS" base "$WORK/data/base.json")
CHANGED_VERSIONS=$(java "$ROOT/bench/GenerateCatalog.java" "$SERVERS" changed \
  "$WORK/data/changed.json" "$WORK/data/changed.tsv")
CATALOG=$WORK/catalog.json
use_catalog() { cp "$WORK/data/$1.json" "$CATALOG.tmp" && mv "$CATALOG.tmp" "$CATALOG"; }
use_catalog base
say "$SERVERS servers, $BASE_VERSIONS versions, $(($(stat -c %s "$CATALOG") / 1024)) KiB;" \
  "changed: $CHANGED_VERSIONS versions (a tenth of the servers removed, every other version edited)"

cat >"$WORK/config.yaml" <<EOF
sources:
  - name: $SOURCE
    file: {path: $CATALOG}
    syncPolicy: {interval: 1h}
registries:
  - name: $REGISTRY
    sources: [$SOURCE]
defaultRegistry: $REGISTRY
auth:
  mode: anonymous
EOF

# --- Waggle --------------------------------------------------------------------------------------------
say ""
say "== starting Waggle (-Xmx512m, fresh embedded PostgreSQL)"
started=$(date +%s%N)
# shellcheck disable=SC2086 # WAGGLE_JAVA_OPTS is a list of options
WAGGLE_HOME=$WORK/home java -Xmx512m $WAGGLE_JAVA_OPTS -jar "$JAR" serve --config "$WORK/config.yaml" \
  --address "127.0.0.1:$WAGGLE_PORT" --internal-address "127.0.0.1:$INTERNAL_PORT" \
  >"$WORK/waggle.log" 2>&1 &
WAGGLE_PID=$!
await_url "http://127.0.0.1:$INTERNAL_PORT/readiness" 180 "$WORK/waggle.log"
say "ready after $(ms_since "$started") ms"
WAGGLE=http://127.0.0.1:$WAGGLE_PORT
LIST_PATH="/registry/$REGISTRY/v0.1/servers?limit=$LIMIT"
SEARCH_PATH="/registry/$REGISTRY/v0.1/servers?search=$SEARCH&limit=$LIMIT"
for ((i = 0; ; i++)); do
  first_page=$(curl -fs --max-time 30 "$WAGGLE/registry/$REGISTRY/v0.1/servers?limit=1" || true)
  [[ $first_page == *'"servers":[{'* ]] && break
  ((i < FIRST_SYNC_TIMEOUT)) || die "the first sync did not finish in ${FIRST_SYNC_TIMEOUT}s; see $WORK/waggle.log"
  kill -0 "$WAGGLE_PID" 2>/dev/null || die "Waggle exited; see $WORK/waggle.log"
  sleep 1
done
say "first sync served after $(ms_since "$started") ms from start"

# The very bytes the others serve.
curl -fs "$WAGGLE$LIST_PATH" -o "$WORK/www/list.json"
curl -fs "$WAGGLE$SEARCH_PATH" -o "$WORK/www/search.json"
chmod 755 "$WORK/www" && chmod 644 "$WORK/www"/*.json
say "list page: $(stat -c %s "$WORK/www/list.json") bytes; search page ($SEARCH):" \
  "$(stat -c %s "$WORK/www/search.json") bytes"

# --- nginx and bare Javalin ---------------------------------------------------------------------------
if [[ $ONLY != sync ]]; then
mkdir -p "$WORK/nginx"
user_line=""
[[ $(id -u) == 0 ]] && user_line="user $(id -un) $(id -gn);"
cat >"$WORK/nginx/nginx.conf" <<EOF
$user_line
daemon off;
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 10000000;
  default_type application/json;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/www;
  }
}
EOF
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" >"$WORK/nginx/stdout.log" 2>&1 &
NGINX_PID=$!
java -Xmx512m -cp "$JAR" "$ROOT/bench/BareJavalin.java" "$BARE_PORT" "$WORK/www" \
  >"$WORK/bare-javalin.log" 2>&1 &
BARE_PID=$!
NGINX=http://127.0.0.1:$NGINX_PORT
BARE=http://127.0.0.1:$BARE_PORT
await_url "$NGINX/list.json" 20 "$WORK/nginx/error.log"
await_url "$BARE/list.json" 60 "$WORK/bare-javalin.log"
cmp -s <(curl -fs "$NGINX/list.json") "$WORK/www/list.json" || die "nginx does not serve the same bytes"
cmp -s <(curl -fs "$BARE/list.json") "$WORK/www/list.json" || die "bare Javalin does not serve the same bytes"

fi

# --- wrk helpers ---------------------------------------------------------------------------------------
# Prints "ok_req/s p50_ms p99_ms socket_errors refused" for one wrk run. Only answers with a 2xx
# or 3xx status count as served: a 503 that sheds load is quick but serves nothing. Latencies are
# wrk's, over every answer.
wrk_once() {
  local connections=$1 url=$2 header=${3:-} script=${4:-}
  local args=(-t"$THREADS" -c"$connections" -d"${DURATION}s" --timeout 5s --latency)
  [[ -n $header ]] && args+=(-H "$header")
  [[ -n $script ]] && args+=(-s "$script")
  wrk "${args[@]}" "$url" 2>&1 | awk '
    function ms(v) {
      sub(/,$/, "", v)
      if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
      if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
      if (v ~ /m$/) return substr(v, 1, length(v) - 1) * 60000
      if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000
      return v + 0
    }
    / requests in / { requests = $1; seconds = ms($4) / 1000 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /Socket errors/ { gsub(/[^0-9 ]/, " "); n = split($0, f, " "); for (i = 1; i <= n; i++) errors += f[i] }
    /Non-2xx or 3xx/ { refused += $NF }
    END {
      ok = seconds > 0 ? (requests - refused) / seconds : 0
      printf "%.1f %.2f %.2f %d %d\n", ok, p50 + 0, p99 + 0, errors + 0, refused + 0
    }'
}

# min/median/max of the numbers on stdin, as "min median max".
spread() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "0 0 0"; exit }
  m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print v[1], m, v[NR] }'; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else if (a / b < 0.01) printf "%.2g", a / b; else printf "%.3f", a / b }'; }

# When wrk stops, Waggle is still working through the requests it had queued (at 64 or 200
# connections that can be many seconds of work); measuring the next contender then would measure
# it against a busy CPU. So after every Waggle run, wait until one request is answered about as
# fast as on an idle server.
probe_ms() { curl -s -o /dev/null --max-time 120 -w '%{time_total}' "$WAGGLE$LIST_PATH" |
  awk '{ printf "%d", $1 * 1000 }'; }
IDLE_MS=$(for _ in 1 2 3 4 5; do probe_ms; echo; done | spread | awk '{ print $2 }')
SETTLED_MS=$(awk -v i="$IDLE_MS" 'BEGIN { t = 3 * i; if (t < i + 100) t = i + 100; printf "%d", t }')
settle() {
  local start
  start=$(date +%s)
  while (($(probe_ms) > SETTLED_MS)) && (($(date +%s) - start < 180)); do sleep 0.5; done
}

declare -A RESULTS # label -> lines of "rps p50 p99 errors"
measure() { # label connections url [header [wrk script]]
  local line
  line=$(wrk_once "$2" "$3" "${4:-}" "${5:-}")
  RESULTS[$1]+="$line"$'\n'
  if [[ $3 == "$WAGGLE"* ]]; then settle; fi
}
column_of() { printf '%s' "${RESULTS[$1]:-}" | awk -v c="$2" 'NF { print $c }'; }
median_of() { column_of "$1" "$2" | spread | awk '{ print $2 }'; }
describe() { # label
  local r p50 p99 errors refused
  r=$(column_of "$1" 1 | spread)
  p50=$(median_of "$1" 2)
  p99=$(median_of "$1" 3)
  errors=$(column_of "$1" 4 | awk '{ s += $1 } END { print s + 0 }')
  refused=$(column_of "$1" 5 | awk '{ s += $1 } END { print s + 0 }')
  printf '%-34s %10.1f req/s  (min %s, max %s)  p50 %.1f ms  p99 %.1f ms%s%s\n' "$1" \
    "$(awk '{ print $2 }' <<<"$r")" "$(awk '{ print $1 }' <<<"$r")" "$(awk '{ print $3 }' <<<"$r")" \
    "$p50" "$p99" "$( ((errors > 0)) && echo "  socket errors/timeouts: $errors")" \
    "$( ((refused > 0)) && echo "  non-2xx/3xx answers, not counted: $refused")"
}
rps_of() { median_of "$1" 1; }

# --- (c) ETag -------------------------------------------------------------------------------------------
WAGGLE_ETAG=""
if [[ $ONLY != sync ]]; then
header_of() { curl -fsI "$1" | awk -v h="$(tr 'A-Z' 'a-z' <<<"$2")" -F': ' \
  'tolower($1) == h { sub(/\r$/, "", $2); print $2 }'; }
WAGGLE_ETAG=$(header_of "$WAGGLE$LIST_PATH" ETag || true)
NGINX_ETAG=$(header_of "$NGINX/list.json" ETag || true)
if [[ -n $WAGGLE_ETAG ]]; then
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $WAGGLE_ETAG" "$WAGGLE$LIST_PATH")
  [[ $status == 304 ]] || say "warning: Waggle answers If-None-Match with $status, not 304"
fi

# A closed loop at saturation says little about latency: each of 200 connections sends its next
# request the moment an answer comes, so a server's p50 is about 200 / its req/s (Little's law)
# and its p99 mostly queueing in wrk and the server alike. The paced run offers a fixed load
# instead: each connection waits between its requests so that together they ask about PACED_RATE
# per second, below what every contender serves, and its latencies are the time to answer.
PACED_LUA=$WORK/paced.lua
awk -v c="$P99_CONNECTIONS" -v r="$PACED_RATE" 'BEGIN {
  print "-- each connection pauses so that all of them together offer about " r " requests/s"
  printf "function delay() return %d end\n", c * 1000 / r }' >"$PACED_LUA"

# --- throughput, interleaved so that noise hits every contender alike ----------------------------------
say ""
say "== throughput: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, $RUNS round(s), 127.0.0.1"
say "one list page, one client, idle: $IDLE_MS ms (after each Waggle run the next waits for < $SETTLED_MS ms)"
# JIT and connection pools warm up first; these runs are not counted.
say "warming up (${WARMUP}s each, not counted) ..."
for url in "$BARE/list.json" "$WAGGLE$LIST_PATH" "$WAGGLE$SEARCH_PATH"; do
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 5s "$url" >/dev/null 2>&1 || true
done
settle
for ((run = 1; run <= RUNS; run++)); do
  say "round $run/$RUNS ..."
  measure "nginx list" "$CONNECTIONS" "$NGINX/list.json"
  measure "bare javalin list" "$CONNECTIONS" "$BARE/list.json"
  measure "(a) waggle list limit=$LIMIT" "$CONNECTIONS" "$WAGGLE$LIST_PATH"
  measure "nginx search" "$CONNECTIONS" "$NGINX/search.json"
  measure "bare javalin search" "$CONNECTIONS" "$BARE/search.json"
  measure "(b) waggle search=$SEARCH" "$CONNECTIONS" "$WAGGLE$SEARCH_PATH"
  if [[ -n $WAGGLE_ETAG ]]; then
    [[ -n $NGINX_ETAG ]] && measure "nginx 304" "$CONNECTIONS" "$NGINX/list.json" "If-None-Match: $NGINX_ETAG"
    measure "(c) waggle If-None-Match" "$CONNECTIONS" "$WAGGLE$LIST_PATH" "If-None-Match: $WAGGLE_ETAG"
  fi
  measure "nginx list @$P99_CONNECTIONS" "$P99_CONNECTIONS" "$NGINX/list.json"
  measure "bare javalin list @$P99_CONNECTIONS" "$P99_CONNECTIONS" "$BARE/list.json"
  measure "waggle list @$P99_CONNECTIONS" "$P99_CONNECTIONS" "$WAGGLE$LIST_PATH"
  measure "nginx list @$P99_CONNECTIONS paced" "$P99_CONNECTIONS" "$NGINX/list.json" "" "$PACED_LUA"
  measure "bare javalin list @$P99_CONNECTIONS paced" "$P99_CONNECTIONS" "$BARE/list.json" "" "$PACED_LUA"
  measure "waggle list @$P99_CONNECTIONS paced" "$P99_CONNECTIONS" "$WAGGLE$LIST_PATH" "" "$PACED_LUA"
done

fi

# --- (d) full sync against COPY, (e) unchanged re-check ---------------------------------------------------
# CPU time in ms of Waggle's JVM ("jvm") or of its embedded PostgreSQL ("pg": the postmaster, its
# live backends and the ones it already reaped): wall clock on a shared machine says little, CPU
# time says what a sync cost.
cpu_ms() {
  local pids pid ticks=0 hz
  hz=$(getconf CLK_TCK)
  if [[ $1 == jvm ]]; then
    pids=$WAGGLE_PID
  else
    pid=$(head -1 "$(find "$WORK/home" -name postmaster.pid | head -1)")
    pids="$pid $(pgrep -P "$pid" | tr '\n' ' ')"
  fi
  for pid in $pids; do
    # After the command's closing parenthesis, utime stime cutime cstime are fields 12 to 15.
    ticks=$((ticks + $(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null |
      awk '{ print $12 + $13 + $14 + $15 }' || echo 0)))
  done
  echo $((ticks * 1000 / hz))
}
threads_cpu() { # "tid:name|cpu_ms" for every thread of Waggle's JVM
  local hz task
  hz=$(getconf CLK_TCK)
  for task in /proc/"$WAGGLE_PID"/task/*; do
    # The name is between the parentheses; utime and stime are the 12th and 13th fields after it.
    awk -v hz="$hz" -v id="${task##*/}" '{ match($0, /\(.*\)/); name = substr($0, RSTART + 1, RLENGTH - 2)
      split(substr($0, RSTART + RLENGTH + 1), f, " ")
      printf "%s:%s|%d\n", id, name, (f[12] + f[13]) * 1000 / hz }' "$task/stat" 2>/dev/null || true
  done
}
sync_now() { # prints "ms result jvm_cpu_ms pg_cpu_ms": the sync's own duration, from its status
  local status phase started ended jvm0 pg0
  jvm0=$(cpu_ms jvm)
  pg0=$(cpu_ms pg)
  curl -s -o /dev/null --max-time 30 -X POST "$WAGGLE/v1/sources/$SOURCE/sync"
  # The sync runs in the background; follow its status. Its duration comes from the times the
  # status records, so polling more often would only take CPU from the sync being measured: a
  # curl and a sed every 10 ms cost a full sync of 10k servers 80-100 ms on two cores.
  for ((i = 0; i < 18000; i++)); do
    status=$(curl -s --max-time 30 "$WAGGLE/v1/sources/$SOURCE")
    phase=$(sed -n 's/.*"phase":"\([a-z]*\)".*/\1/p' <<<"$status")
    [[ $phase != syncing ]] && break
    sleep 0.1
  done
  started=$(sed -n 's/.*"lastAttempt":"\([^"]*\)".*/\1/p' <<<"$status")
  ended=$(sed -n 's/.*"lastSyncTime":"\([^"]*\)".*/\1/p' <<<"$status")
  printf '%s %s %s %s\n' "$(( ($(date -d "$ended" +%s%N) - $(date -d "$started" +%s%N)) / 1000000 ))" \
    "$(sed -n 's/.*"lastResult":"\([a-z]*\)".*/\1/p' <<<"$status")" \
    "$(($(cpu_ms jvm) - jvm0))" "$(($(cpu_ms pg) - pg0))"
}
# COPY runs on Waggle's own embedded server, as its superuser (whose password Waggle keeps in
# $WAGGLE_HOME/pg-secrets.properties; see "Embedded PostgreSQL" in the README).
PG_PORT=$(grep -oE 'Embedded PostgreSQL on (port |127\.0\.0\.1:)[0-9]+' "$WORK/waggle.log" |
  grep -oE '[0-9]+$' | head -1 || true)
[[ -n $PG_PORT ]] || die "cannot find the embedded PostgreSQL's port in $WORK/waggle.log"
if [[ -f $WORK/home/pg-secrets.properties ]]; then
  PGPASSWORD=$(sed -n 's/^superuser\.password=//p' "$WORK/home/pg-secrets.properties")
  export PGPASSWORD
fi
export PGOPTIONS='-c client_min_messages=warning'
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres)
"${PSQL[@]}" -d postgres -c 'DROP DATABASE IF EXISTS bench_copy' -c 'CREATE DATABASE bench_copy'
copy_once() { # prints ms, as psql's \timing reports it: the COPY alone, not psql's start-up
  "${PSQL[@]}" -d bench_copy -c 'DROP TABLE IF EXISTS documents' -c \
    'CREATE TABLE documents (name text COLLATE "C" NOT NULL, version text COLLATE "C" NOT NULL,
       document jsonb NOT NULL, PRIMARY KEY (name, version))'
  "${PSQL[@]}" -d bench_copy -c '\timing on' -c "\\copy documents FROM '$WORK/data/changed.tsv'" \
    | awk '/^Time:/ { printf "%d\n", $2 }'
}

say ""
SYNC_COLD=()
for ((warm = 1; warm <= SYNC_WARMUP; warm++)); do
  use_catalog changed
  read -r ms result _ < <(sync_now)
  SYNC_COLD+=("$ms")
  use_catalog base
  read -r ms2 result2 _ < <(sync_now)
  say "sync warm-up $warm (not counted): full sync $result in $ms ms, back to the base: $result2 in $ms2 ms"
done
say "== sync: $RUNS round(s)"
SYNC_FULL=()
SYNC_UNCHANGED=()
SYNC_JVM_CPU=()
SYNC_PG_CPU=()
COPY_MS=()
for ((run = 1; run <= RUNS; run++)); do
  if ((run > 1)); then
    use_catalog base
    read -r ms result _ < <(sync_now)
    say "round $run: back to the base catalog: $result in $ms ms"
  fi
  use_catalog changed
  [[ -n $SYNC_THREADS ]] && threads_cpu >"$WORK/threads-before"
  read -r ms result jvm_cpu pg_cpu < <(sync_now)
  if [[ -n $SYNC_THREADS ]]; then
    threads_cpu >"$WORK/threads-after"
    say "round $run: CPU per thread of Waggle's JVM in the full sync:"
    join -t'|' -a2 -e0 -o '0,1.2,2.2' <(sort "$WORK/threads-before") <(sort "$WORK/threads-after") |
      awk -F'|' '{ d = $3 - $2; sub(/^[0-9]+:/, "", $1); if (d > 0) t[$1] += d }
        END { for (k in t) printf "  %6d ms  %s\n", t[k], k }' | sort -rn | head -"$SYNC_THREADS"
  fi
  [[ $result == updated ]] || die "the full sync answered '$result', not 'updated'; see $WORK/waggle.log"
  SYNC_FULL+=("$ms")
  rechecks=()
  for ((check = 1; check <= 3; check++)); do
    read -r ms2 result2 _ < <(sync_now)
    SYNC_UNCHANGED+=("$ms2")
    rechecks+=("$ms2 ms ($result2)")
  done
  SYNC_JVM_CPU+=("$jvm_cpu")
  SYNC_PG_CPU+=("$pg_cpu")
  COPY_MS+=("$(copy_once)")
  say "round $run: full sync $ms ms (CPU: Waggle $jvm_cpu ms, PostgreSQL $pg_cpu ms);" \
    "re-checks ${rechecks[*]}; COPY ${COPY_MS[-1]} ms"
done
"${PSQL[@]}" -d postgres -c 'DROP DATABASE IF EXISTS bench_copy'

# --- report -----------------------------------------------------------------------------------------------
load_end=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
say ""
say "== results (median of $RUNS; min and max in brackets)  load average at end: $load_end"
say "req/s counts 2xx and 3xx answers only; p50/p99 are over every answer wrk got"
for label in "nginx list" "bare javalin list" "(a) waggle list limit=$LIMIT" "nginx search" \
  "bare javalin search" "(b) waggle search=$SEARCH" "nginx 304" "(c) waggle If-None-Match" \
  "nginx list @$P99_CONNECTIONS" "bare javalin list @$P99_CONNECTIONS" "waggle list @$P99_CONNECTIONS" \
  "nginx list @$P99_CONNECTIONS paced" "bare javalin list @$P99_CONNECTIONS paced" \
  "waggle list @$P99_CONNECTIONS paced"; do
  [[ -n ${RESULTS[$label]:-} ]] && describe "$label"
done
if [[ -z $WAGGLE_ETAG && $ONLY != sync ]]; then
  say "(c) waggle If-None-Match: no ETag yet (Waggle sends no ETag header)"
fi
full=$(printf '%s\n' "${SYNC_FULL[@]}" | spread)
unchanged=$(printf '%s\n' "${SYNC_UNCHANGED[@]}" | spread)
copy=$(printf '%s\n' "${COPY_MS[@]}" | spread)
printf '%-34s %10s ms     (min %s, max %s)\n' "(d) full sync, $CHANGED_VERSIONS versions" \
  "$(awk '{ print $2 }' <<<"$full")" "$(awk '{ print $1 }' <<<"$full")" "$(awk '{ print $3 }' <<<"$full")"
for cpu in "Waggle:${SYNC_JVM_CPU[*]}" "PostgreSQL:${SYNC_PG_CPU[*]}"; do
  spent=$(tr ' ' '\n' <<<"${cpu#*:}" | spread)
  printf '%-34s %10s ms     (min %s, max %s)\n' "    its CPU time in ${cpu%%:*}" \
    "$(awk '{ print $2 }' <<<"$spent")" "$(awk '{ print $1 }' <<<"$spent")" "$(awk '{ print $3 }' <<<"$spent")"
done
printf '%-34s %10s ms     (min %s, max %s)\n' "PostgreSQL COPY into jsonb + PK" \
  "$(awk '{ print $2 }' <<<"$copy")" "$(awk '{ print $1 }' <<<"$copy")" "$(awk '{ print $3 }' <<<"$copy")"
if ((${#SYNC_COLD[@]} > 0)); then
  printf '%-34s %10s ms     (then %s)\n' "first full syncs after start" "${SYNC_COLD[0]}" \
    "$(printf '%s ' "${SYNC_COLD[@]:1}" | sed 's/ $//; s/ /, /g')"
fi
printf '%-34s %10s ms     (min %s, max %s)\n' "(e) unchanged re-check" \
  "$(awk '{ print $2 }' <<<"$unchanged")" "$(awk '{ print $1 }' <<<"$unchanged")" "$(awk '{ print $3 }' <<<"$unchanged")"

goal() { # name value comparison goal
  local ok
  ok=$(awk -v v="$2" -v g="$4" -v op="$3" 'BEGIN { if (v == "n/a") print "?"; else if (op == ">=") print (v >= g ? "met" : "NOT met"); else if (op == "<") print (v < g ? "met" : "NOT met"); else print (v <= g ? "met" : "NOT met") }')
  printf '%-44s %8s   goal %s %s: %s\n' "$1" "$2" "$3" "$4" "$ok"
}
say ""
say "== ratios (medians)"
goal "(a) waggle list / nginx" "$(ratio "$(rps_of "(a) waggle list limit=$LIMIT")" "$(rps_of "nginx list")")" ">=" 0.5
say "    waggle list / bare javalin               $(ratio "$(rps_of "(a) waggle list limit=$LIMIT")" "$(rps_of "bare javalin list")")"
goal "(b) waggle search / nginx" "$(ratio "$(rps_of "(b) waggle search=$SEARCH")" "$(rps_of "nginx search")")" ">=" 0.2
say "    waggle search / bare javalin             $(ratio "$(rps_of "(b) waggle search=$SEARCH")" "$(rps_of "bare javalin search")")"
if [[ -n $WAGGLE_ETAG && -n ${RESULTS["nginx 304"]:-} ]]; then
  say "(c) waggle 304 / nginx 304                   $(ratio "$(rps_of "(c) waggle If-None-Match")" "$(rps_of "nginx 304")")"
else
  say "(c) waggle 304 / nginx 304                   no ETag yet"
fi
goal "(d) full sync / COPY" "$(ratio "$(awk '{ print $2 }' <<<"$full")" "$(awk '{ print $2 }' <<<"$copy")")" "<=" 3
if ((${#SYNC_COLD[@]} > 0)); then
  say "    first full syncs after start / COPY        $(ratio "${SYNC_COLD[0]}" "$(awk '{ print $2 }' <<<"$copy")")" \
    "(the first warm-up, while the JIT compiles the sync)"
fi
goal "(e) unchanged re-check / full sync" "$(ratio "$(awk '{ print $2 }' <<<"$unchanged")" "$(awk '{ print $2 }' <<<"$full")")" "<=" 0.1
if [[ $ONLY != sync ]]; then
  say "    p99 @$P99_CONNECTIONS saturated: waggle $(median_of "waggle list @$P99_CONNECTIONS" 3) ms," \
    "nginx $(median_of "nginx list @$P99_CONNECTIONS" 3) ms, bare javalin" \
    "$(median_of "bare javalin list @$P99_CONNECTIONS" 3) ms (a closed loop: about $P99_CONNECTIONS / req/s plus queueing)"
  goal "p99 @$P99_CONNECTIONS, ~$PACED_RATE req/s offered (ms)" "$(median_of "waggle list @$P99_CONNECTIONS paced" 3)" "<" 10
  say "    same load: nginx p99 $(median_of "nginx list @$P99_CONNECTIONS paced" 3) ms, bare javalin" \
    "$(median_of "bare javalin list @$P99_CONNECTIONS paced" 3) ms; waggle served" \
    "$(rps_of "waggle list @$P99_CONNECTIONS paced") req/s of it"
fi
