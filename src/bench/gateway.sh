#!/usr/bin/env bash
# Compares Warden with a plain nginx proxy and with the Portkey gateway on this machine, in one
# run: the same mock upstream (nginx), the same closed-loop (wrk) and open-loop (fixed-rate) loads,
# alternating targets. Two floors with no governance run alongside for whole answers and at the
# p99 target's rate: Warden's server stack alone (tomcat-relay: Tomcat on virtual threads and
# HttpClient 5, TomcatRelay.java) and a JVM relay on event loops (loop-relay, LoopRelay.java), so
# that the run shows what each layer allows here. Then holds N concurrent paced SSE streams
# through Warden, and checks that every request Warden received was answered and left a decision
# record in PostgreSQL. Before the loads it measures how often each CPU is away at idle (StallProbe.java),
# and at the p99 target's rate it splits the slowest 1% of requests' time, and the median's,
# between the load generator, the way in, Warden (from its decision records) and the way back.
# Prints one table; a full run also writes src/bench/RESULTS.md's generated section and
# src/bench/results-latency.png.
#
#   src/bench/gateway.sh            full run, about 10 minutes
#   src/bench/gateway.sh --quick    every step with short loads, about a minute (CI runs it)
#   src/bench/gateway.sh --profile  also profiles Warden under load and prints its hot spots: with
#                                   async-profiler (Maven Central's tools.profiler:async-profiler,
#                                   fetched through ./mvnw, CPU time by interval timer, native and
#                                   kernel-side frames included), or JFR where that cannot load
#
# Missing tools are installed (apt-get: nginx, wrk, gnuplot, psql; npm: the Portkey gateway,
# cached under ~/.cache/warden-bench). The open-loop load, the paced SSE upstream and the stream
# clients are single-file Java programs in src/bench/gateway/. Temporary state lives in a temp dir
# (kept when BENCH_KEEP=1); every process started here is stopped on exit.
# Environment: WARDEN_JAVA_OPTS (JVM options for Warden, default -Xms1200m -Xmx1200m: a fixed
# heap, as the README advises a deployment, so that RSS stays bounded and G1 does not collect a
# small heap over and over; set it empty for the JVM's defaults), BENCH_STREAM_LEVELS (e.g.
# "1000 5000"), BENCH_DURATION (seconds per open-loop run), BENCH_WARDEN_WARMUP (most seconds of
# warm-up per Warden), BENCH_PROFILE_SCENARIO (what --profile loads: json, the default, or sse),
# BENCH_PROFILE_SECONDS (how long it profiles: 30 s, 5 s with --quick), BENCH_WARDEN_ARGS (more
# arguments for both Wardens, such as --warden.server.front=tomcat).
set -euo pipefail
WARDEN_JAVA_OPTS=${WARDEN_JAVA_OPTS--Xms1200m -Xmx1200m}
cd "$(dirname "$0")/../.."
ROOT=$PWD
HERE=$ROOT/src/bench/gateway

QUICK=0
PROFILE=0
WRITE_RESULTS=1
for arg in "$@"; do
  case $arg in
    --quick) QUICK=1 ;;
    --profile) PROFILE=1 ;;
    --no-write) WRITE_RESULTS=0 ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done
[ "$QUICK" = 1 ] && WRITE_RESULTS=0

PORTKEY_VERSION=1.15.2
PORTKEY_HONO=1.13.8
CONNECTIONS=32
THREADS=2
if [ "$QUICK" = 1 ]; then
  DURATION=${BENCH_DURATION:-0.5}; WARMUP=1; WARDEN_WARMUP=1; OPEN_WARMUP=0.2; RATES="500"; CLOSED_ROUNDS=1; CLOSED_SECONDS=1
  # The quick mode checks that every step runs, not the figures: the JVMs skip the optimising
  # compiler, whose threads compete with two Wardens starting on the same cores.
  WARDEN_JAVA_OPTS="$WARDEN_JAVA_OPTS -XX:TieredStopAtLevel=1"
  STREAM_LEVELS=${BENCH_STREAM_LEVELS:-200}; STREAM_CHUNKS=15; STREAM_RAMP=0.5
else
  DURATION=${BENCH_DURATION:-8}; WARMUP=3; WARDEN_WARMUP=${BENCH_WARDEN_WARMUP:-150}; OPEN_WARMUP=1; RATES="500 2000"
  CLOSED_ROUNDS=3; CLOSED_SECONDS=3
  STREAM_LEVELS=${BENCH_STREAM_LEVELS:-2500 5000 7500 10000}; STREAM_CHUNKS=300; STREAM_RAMP=5
fi

# shellcheck source=common.sh
. "$ROOT/src/bench/common.sh"

# --- tools ----------------------------------------------------------------------------------

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else die "need root to run: $*"; fi; }

install_tools() {
  local packages=()
  command -v nginx >/dev/null || packages+=(nginx)
  command -v wrk >/dev/null || packages+=(wrk)
  command -v gnuplot >/dev/null || packages+=(gnuplot-nox)
  command -v psql >/dev/null || packages+=(postgresql-client)
  command -v curl >/dev/null || packages+=(curl)
  command -v node >/dev/null || packages+=(nodejs npm)
  if [ ${#packages[@]} -gt 0 ]; then
    log "installing ${packages[*]} with apt-get"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  fi
  # What `npx @portkey-ai/gateway@VERSION` runs, installed once. @hono/node-server is held at
  # 1.13.8: from 1.14 on, every streamed answer fails with "TypeError: immutable"
  # (Portkey-AI/gateway#1389), and streams are part of the comparison.
  PORTKEY_DIR=${XDG_CACHE_HOME:-$HOME/.cache}/warden-bench/portkey-$PORTKEY_VERSION-hono-$PORTKEY_HONO
  PORTKEY_MAIN=$PORTKEY_DIR/node_modules/@portkey-ai/gateway/build/start-server.js
  if [ ! -f "$PORTKEY_MAIN" ]; then
    log "installing @portkey-ai/gateway@$PORTKEY_VERSION with npm into $PORTKEY_DIR"
    mkdir -p "$PORTKEY_DIR"
    printf '{"private": true, "dependencies": {"@portkey-ai/gateway": "%s"}, "overrides": {"@hono/node-server": "%s"}}\n' \
      "$PORTKEY_VERSION" "$PORTKEY_HONO" > "$PORTKEY_DIR/package.json"
    (cd "$PORTKEY_DIR" && npm install --no-audit --no-fund --loglevel=error >/dev/null) || { rm -rf "$PORTKEY_DIR"; die "npm install of the Portkey gateway failed"; }
  fi
}

# --- processes ------------------------------------------------------------------------------

TMP=$(mktemp -d "${TMPDIR:-/tmp}/warden-bench.XXXXXX")
PIDS=()
POSTGRES_DIRS=()

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  # An embedded PostgreSQL outlives a Warden that did not stop cleanly.
  for dir in "${POSTGRES_DIRS[@]}"; do
    if [ -f "$dir/postmaster.pid" ]; then
      local pg; pg=$(head -n 1 "$dir/postmaster.pid")
      if [ -n "$pg" ] && kill -0 "$pg" 2>/dev/null; then
        kill -INT "$pg" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$pg" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pg" 2>/dev/null || true
      fi
    fi
  done
  if [ "${BENCH_KEEP:-0}" = 1 ] || [ $status -ne 0 ]; then
    log "temporary state kept in $TMP"
    [ $status -ne 0 ] && for f in "$TMP"/*.log; do [ -f "$f" ] && { echo "--- tail $f" >&2; tail -n 15 "$f" >&2; }; done
  else
    rm -rf "$TMP"
  fi
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_http() { # url seconds [header]
  local url=$1 seconds=$2 header=${3:-x-none: none}
  for _ in $(seq 1 $((seconds * 4))); do
    curl -fsS -o /dev/null -H "$header" "$url" 2>/dev/null && return 0
    sleep 0.25
  done
  return 1
}

# Peak resident memory (VmHWM, MB) of a process and its descendants.
peak_rss_mb() {
  local field=${2:-VmHWM} kb=0 v p
  for p in $(tree_pids "$1"); do
    v=$(awk -v f="$field:" '$1 == f {print $2}' /proc/"$p"/status 2>/dev/null || true)
    kb=$((kb + ${v:-0}))
  done
  echo $((kb / 1024))
}

# --- start everything -----------------------------------------------------------------------

install_tools
select_jdk
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
ulimit -n 1048576 2>/dev/null || true
log "open files limit $(ulimit -n); temp dir $TMP"

JAR=$ROOT/gateway/target/warden.jar
if [ ! -f "$JAR" ]; then
  log "building $JAR"
  ./mvnw -q -B -ntp -DskipTests package >&2
fi

for name in PACED_PORT PROXY_PORT PORTKEY_PORT RELAXED_PORT STRICT_PORT LOOP_PORT TOMCAT_PORT; do free_port "$name"; done
ADMIN_TOKEN=bench-admin-$RANDOM$RANDOM

# The mock upstream.
start_mock

# Warden, twice: relaxed and strict durability, each with its own data dir and embedded PostgreSQL.
# They take longest to start, so they start first and boot while everything else is prepared.
mkdir -p "$TMP/policy"
for f in "$HERE"/policy/*.yaml; do sed "s#MOCK_URL#$MOCK#g; s#PACED_URL#http://127.0.0.1:$PACED_PORT#g" "$f" > "$TMP/policy/$(basename "$f")"; done
start_warden() { # name port durability
  local name=$1 port=$2 durability=$3
  mkdir -p "$TMP/$name"
  POSTGRES_DIRS+=("$TMP/$name/postgres")
  # shellcheck disable=SC2086
  WARDEN_DATA_DIR=$TMP/$name WARDEN_POLICY_DIR=$TMP/policy WARDEN_POLICY_WATCH=false SERVER_PORT=$port \
    WARDEN_ADMIN_TOKEN=$ADMIN_TOKEN BENCH_UPSTREAM_KEY=sk-bench-upstream \
    java $WARDEN_JAVA_OPTS -jar "$JAR" \
      --warden.decision-log.durability="$durability" --server.tomcat.accept-count=10000 ${BENCH_WARDEN_ARGS:-} \
      >"$TMP/$name.log" 2>&1 &
  PIDS+=("$!")
  WARDEN_PID=$!
}
start_warden warden-relaxed "$RELAXED_PORT" relaxed; RELAXED_PID=$WARDEN_PID
start_warden warden-strict "$STRICT_PORT" strict; STRICT_PID=$WARDEN_PID

# The load tools and the paced SSE upstream (a chunk every 100 ms for the stream test).
mkdir -p "$TMP/classes"
javac -d "$TMP/classes" "$HERE/OpenLoad.java" "$HERE/StreamLoad.java" "$HERE/PacedSse.java" "$HERE/LoopRelay.java" "$HERE/StallProbe.java" \
  || die "cannot compile the load tools"
# The floors: the relay on event loops, and Warden's server stack alone, compiled against the very
# jars Warden ships (Tomcat, HttpClient 5) so that it measures the same versions.
mkdir -p "$TMP/floor-lib"
unzip -q -j -o "$JAR" 'BOOT-INF/lib/tomcat-embed-core-*' 'BOOT-INF/lib/jakarta.annotation-api-*' 'BOOT-INF/lib/httpclient5-*' \
  'BOOT-INF/lib/httpcore5-*' 'BOOT-INF/lib/slf4j-api-*' -d "$TMP/floor-lib" || die "cannot take Tomcat and HttpClient from $JAR"
javac -cp "$TMP/floor-lib/*" -d "$TMP/classes" "$HERE/TomcatRelay.java" || die "cannot compile TomcatRelay.java"
java -Xss256k -cp "$TMP/classes" LoopRelay "$LOOP_PORT" 127.0.0.1 "$MOCK_PORT" >"$TMP/loop-relay.log" 2>&1 &
LOOP_PID=$!; PIDS+=("$LOOP_PID")
# shellcheck disable=SC2086
java $WARDEN_JAVA_OPTS -cp "$TMP/classes:$TMP/floor-lib/*" TomcatRelay "$TOMCAT_PORT" "$MOCK" >"$TMP/tomcat-relay.log" 2>&1 &
TOMCAT_PID=$!; PIDS+=("$TOMCAT_PID")
java -Xss256k -cp "$TMP/classes" PacedSse "$PACED_PORT" 100 >"$TMP/paced.log" 2>&1 &
PACED_PID=$!; PIDS+=("$PACED_PID")

# The plain reverse proxy.
conf=$(cat "$HERE/nginx-proxy.conf")
conf=${conf//@TMP@/$TMP}; conf=${conf//@PORT@/$PROXY_PORT}; conf=${conf//@MOCK_PORT@/$MOCK_PORT}
printf '%s\n' "$conf" > "$TMP/nginx-proxy.conf"
nginx -c "$TMP/nginx-proxy.conf" -g 'daemon off;' >"$TMP/nginx-proxy.log" 2>&1 &
PROXY_PID=$!; PIDS+=("$PROXY_PID")

# Portkey, pointed at the mock per request with x-portkey-custom-host.
NODE_ENV=production node "$PORTKEY_MAIN" --port="$PORTKEY_PORT" --headless >"$TMP/portkey.log" 2>&1 &
PORTKEY_PID=$!; PIDS+=("$PORTKEY_PID")


log "waiting for the mock, nginx, Portkey and two Wardens"
wait_http "$MOCK/v1/chat/completions" 20 || die "the mock nginx did not start"
wait_http "http://127.0.0.1:$PROXY_PORT/v1/chat/completions" 20 || die "the proxy nginx did not start"
for port in "$RELAXED_PORT" "$STRICT_PORT"; do
  wait_http "http://127.0.0.1:$port/actuator/health/readiness" 180 || die "Warden on port $port did not become ready"
done
for port in "$PORTKEY_PORT" "$PACED_PORT" "$LOOP_PORT" "$TOMCAT_PORT"; do
  for _ in $(seq 1 120); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.25; done
done

create_key() { # port
  curl -fsS -X POST "http://127.0.0.1:$1/admin/api/keys" -H "Authorization: Bearer $ADMIN_TOKEN" \
    -H 'Content-Type: application/json' -d '{"team":"bench","name":"load"}' | grep -o '"key":"wk-[^"]*"' | cut -d'"' -f4
}
RELAXED_KEY=$(create_key "$RELAXED_PORT"); STRICT_KEY=$(create_key "$STRICT_PORT")
[ -n "$RELAXED_KEY" ] && [ -n "$STRICT_KEY" ] || die "could not create API keys"

# --- targets --------------------------------------------------------------------------------
# Each target: url, path of the whole answer, path of the stream, model of each, headers.

TARGETS="direct nginx loop-relay tomcat-relay warden-relaxed warden-strict portkey"
target_url() {
  case $1 in
    direct) echo "$MOCK" ;; nginx) echo "http://127.0.0.1:$PROXY_PORT" ;;
    loop-relay) echo "http://127.0.0.1:$LOOP_PORT" ;; tomcat-relay) echo "http://127.0.0.1:$TOMCAT_PORT" ;;
    warden-relaxed) echo "http://127.0.0.1:$RELAXED_PORT" ;; warden-strict) echo "http://127.0.0.1:$STRICT_PORT" ;;
    portkey) echo "http://127.0.0.1:$PORTKEY_PORT" ;;
  esac
}
target_path() { # target scenario
  case $1:$2 in
    direct:sse|nginx:sse|loop-relay:sse|tomcat-relay:sse) echo /sse/v1/chat/completions ;;
    *) echo /v1/chat/completions ;;
  esac
}
target_headers() { # target scenario
  case $1 in
    warden-relaxed) printf 'Authorization: Bearer %s\nx-warden-labels: project=bench\n' "$RELAXED_KEY" ;;
    warden-strict) printf 'Authorization: Bearer %s\nx-warden-labels: project=bench\n' "$STRICT_KEY" ;;
    portkey)
      local host=$MOCK/v1; [ "$2" = sse ] && host=$MOCK/sse/v1
      printf 'Authorization: Bearer sk-bench-upstream\nx-portkey-provider: openai\nx-portkey-custom-host: %s\n' "$host" ;;
    *) printf 'Authorization: Bearer sk-bench-upstream\n' ;;
  esac
}
target_pid() {
  case $1 in
    direct) echo "$MOCK_PID" ;; nginx) echo "$PROXY_PID" ;; warden-relaxed) echo "$RELAXED_PID" ;;
    loop-relay) echo "$LOOP_PID" ;; tomcat-relay) echo "$TOMCAT_PID" ;;
    warden-strict) echo "$STRICT_PID" ;; portkey) echo "$PORTKEY_PID" ;;
  esac
}
body_file() { # target scenario
  local model=gpt-4o-mini
  case $1:$2 in warden-*:json) model=bench-chat ;; warden-*:sse) model=bench-stream ;; esac
  local file=$TMP/body-$1-$2.json
  if [ ! -f "$file" ]; then
    sed "s/MODEL/$model/" "$HERE/request.json" > "$file"
    [ "$2" = sse ] && sed -i 's/"max_tokens":64/"max_tokens":64,"stream":true/' "$file"
  fi
  echo "$file"
}

# Every target must answer both kinds of request before anything is measured.
for target in $TARGETS; do
  for scenario in json sse; do
    headers=(); while IFS= read -r h; do headers+=(-H "$h"); done < <(target_headers "$target" "$scenario")
    out=$(curl -sS -o "$TMP/smoke-$target-$scenario.out" -w '%{http_code}' "${headers[@]}" -H 'Content-Type: application/json' \
      --data-binary "@$(body_file "$target" "$scenario")" "$(target_url "$target")$(target_path "$target" "$scenario")") || true
    [ "$out" = 200 ] || { cat "$TMP/smoke-$target-$scenario.out" >&2; die "$target ($scenario) answered $out"; }
    if [ "$scenario" = sse ]; then grep -q 'data: \[DONE\]' "$TMP/smoke-$target-$scenario.out" || die "$target stream has no [DONE]"; fi
  done
done
# And a paced stream through Warden.
out=$(curl -sS -N -m 20 -H "Authorization: Bearer $RELAXED_KEY" -H 'x-warden-labels: project=bench' -H 'Content-Type: application/json' \
  -d '{"model":"bench-paced-0","stream":true,"max_tokens":3,"messages":[{"role":"user","content":"hi"}]}' \
  "http://127.0.0.1:$RELAXED_PORT/v1/chat/completions" 2>&1) || true
grep -q 'data: \[DONE\]' <<<"$out" || { echo "$out" >&2; die "a paced stream through Warden did not complete"; }
log "all targets answer; closed loop: $CLOSED_ROUNDS rounds of wrk -t$THREADS -c$CONNECTIONS -d${CLOSED_SECONDS}s; open loop: $RATES req/s"

# --- load -----------------------------------------------------------------------------------

RESULTS=$TMP/results.tsv
printf 'load\ttarget\trps\tp50_ms\tp99_ms\tp999_ms\terrors\trequests\tpeak_rss_mb\n' > "$RESULTS"

metric_sum() { # port metric-name-prefix: the sum of a Prometheus metric over its label sets
  curl -fsS "http://127.0.0.1:$1/actuator/prometheus" | awk -v m="$2" '
    index($0, m) == 1 { name = $1; sub(/\{.*/, "", name); if (name == m) s += $NF }
    END { printf "%d\n", s }'
}
wait_drained() { # port
  for _ in $(seq 1 240); do
    [ "$(metric_sum "$1" warden_decisions_pending)" = 0 ] && return 0
    sleep 0.25
  done
  log "decision log on port $1 still has pending records"
}
drain_if_warden() {
  case $1 in warden-relaxed) wait_drained "$RELAXED_PORT" ;; warden-strict) wait_drained "$STRICT_PORT" ;; esac
}

run_wrk() { # target scenario seconds -> prints the WRK line
  local target=$1 scenario=$2 seconds=$3
  BENCH_BODY_FILE=$(body_file "$target" "$scenario") BENCH_PATH=$(target_path "$target" "$scenario") \
    BENCH_HEADERS=$(target_headers "$target" "$scenario") \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --timeout 10s -s "$HERE/post.lua" "$(target_url "$target")" 2>&1 | grep '^WRK' || echo "WRK failed"
}

# The floors run the whole answer in the closed loop and the p99 target's rate in the open loop,
# which is what they are for, and not the rest, to keep the run within its 10 minutes.
floor_skips() { # target load: succeeds when a floor sits this load out
  case $1 in loop-relay|tomcat-relay) ;; *) return 1 ;; esac
  case $2 in json|"open-${RATES%% *}") return 1 ;; esac
  return 0
}

# Closed loop: CLOSED_ROUNDS rounds, each running every target once for CLOSED_SECONDS, so that a
# slow spell of the machine falls on all targets alike rather than on whichever ran then; each
# target's row is its median round by requests per second.
closed_loop() { # scenario
  local scenario=$1 line round target
  local rounds=$TMP/closed-$scenario.tsv; : > "$rounds"
  for round in $(seq 1 "$CLOSED_ROUNDS"); do
    for target in $TARGETS; do
      floor_skips "$target" "$scenario" && continue
      local jit_gc_before=""; case $target in warden-*) jit_gc_before=$(jit_gc_ms "$(target_pid "$target")") ;; esac
      line=$(run_wrk "$target" "$scenario" "$CLOSED_SECONDS")
      [ "$line" = "WRK failed" ] && die "wrk against $target ($scenario) failed"
      [ -n "$jit_gc_before" ] && echo "closed-$scenario $target $round $jit_gc_before $(jit_gc_ms "$(target_pid "$target")")" >> "$TMP/jit-gc.txt"
      eval "$(echo "${line#WRK }" | tr ' ' '\n' | sed 's/^/local w_/')"
      local rss; rss=$(peak_rss_mb "$(target_pid "$target")")
      awk -v l="closed-$scenario" -v t="$target" -v r="$w_requests" -v d="$w_duration_us" -v a="$w_p50_us" -v b="$w_p99_us" \
          -v c="$w_p999_us" -v e=$((w_non2xx + w_socket_errors)) -v m="$rss" \
          'BEGIN { printf "%s\t%s\t%.0f\t%.3f\t%.3f\t%.3f\t%d\t%d\t%d\n", l, t, r / (d / 1e6), a / 1e3, b / 1e3, c / 1e3, e, r, m }' >> "$rounds"
      log "closed-$scenario round $round $target: $(tail -n 1 "$rounds" | cut -f3-)"
      drain_if_warden "$target"
    done
  done
  for target in $TARGETS; do
    floor_skips "$target" "$scenario" && continue
    awk -F'\t' -v t="$target" '$2 == t' "$rounds" | sort -t$'\t' -k3,3n | awk -v n="$CLOSED_ROUNDS" 'NR == int((n + 1) / 2)' >> "$RESULTS"
    echo "closed-$scenario $target $(awk -F'\t' -v t="$target" '$2 == t { printf "%s%s", (k++ ? " " : ""), $3 }' "$rounds")" >> "$TMP/closed-rounds.txt"
  done
}

open_load() { # target rate trace-file -> prints OpenLoad's OPEN line; dies when the load fails
  local target=$1 line
  line=$(java -Dopenload.trace="$3" -cp "$TMP/classes" OpenLoad 127.0.0.1 "$(target_url "$target" | sed 's/.*://')" \
    "$(target_path "$target" json)" "$TMP/headers-$target.txt" "$(body_file "$target" json)" "$2" "$DURATION" "$OPEN_WARMUP" \
    2>"$TMP/openload.err" | grep '^OPEN') || { cat "$TMP/openload.err" >&2; die "the open-loop load against $target failed"; }
  echo "$line"
}

open_loop() { # rate
  local rate=$1 line
  for target in $TARGETS; do
    floor_skips "$target" "open-$rate" && continue
    target_headers "$target" json > "$TMP/headers-$target.txt"
    local trace=$TMP/trace-$target-$rate.txt
    line=$(open_load "$target" "$rate" "$trace")
    eval "$(echo "${line#OPEN }" | tr ' ' '\n' | sed 's/^/local o_/')"
    local rss; rss=$(peak_rss_mb "$(target_pid "$target")")
    awk -v l="open-$rate" -v t="$target" -v r="$o_rps" -v a="$o_p50_us" -v b="$o_p99_us" -v c="$o_p999_us" \
        -v e="$o_errors" -v n="$o_ok" -v m="$rss" \
        'BEGIN { printf "%s\t%s\t%.0f\t%.3f\t%.3f\t%.3f\t%d\t%d\t%d\n", l, t, r, a / 1e3, b / 1e3, c / 1e3, e, n, m }' >> "$RESULTS"
    log "open-$rate $target: $(tail -n 1 "$RESULTS" | cut -f3-)"
    drain_if_warden "$target"
    case $target in warden-*) own_overhead "$target" "$rate" "$o_ok" ;; esac
    if [ "$rate" = "${RATES%% *}" ]; then
      case $target in direct|nginx|tomcat-relay|warden-relaxed) split_latency "$target" "$rate" "$trace" ;; esac
    fi
  done
}

# Where the open loop's slowest requests spent their time, against its median ones: OpenLoad's
# trace of each request (when due, how long the load generator took to send it, its latency) and,
# for Warden, the request's decision record (when it reached Warden's filters, its time in Warden,
# the upstream call's). The way in is from the request being on the socket to Warden's filters
# (the kernel, Tomcat's read, the hand-off to the request's thread); the way back from Warden's
# end to the client having read the answer. Trains: the share of the slowest 1% that was due
# within 4 ms of another of them, which is what a pause of the machine leaves behind (everything
# due during it finishes together after it).
split_latency() { # target rate trace-file
  local target=$1 rate=$2 trace=$3 groups trains n_med lat_med send_med n_slow lat_slow send_slow
  [ -s "$trace" ] || return 0
  sort -n -k4 "$trace" > "$trace.sorted"
  groups=$(awk '
    { send[NR] = $3; lat[NR] = $4 }
    END {
      n = NR; m = 0; k = 0
      for (i = int(n * 0.45) + 1; i <= int(n * 0.55); i++) { ml += lat[i]; ms += send[i]; m++ }
      for (i = int(n * 0.99) + 1; i <= n; i++) { sl += lat[i]; ss += send[i]; k++ }
      printf "%d %d %d %d %d %d\n", m, ml / (m ? m : 1), ms / (m ? m : 1), k, sl / (k ? k : 1), ss / (k ? k : 1)
    }' "$trace.sorted")
  trains=$(tail -n "$(awk '{ n++ } END { print n - int(n * 0.99) }' "$trace.sorted")" "$trace.sorted" | sort -n -k2 | awk '
    { due[NR] = $2 }
    END {
      for (i = 1; i <= NR; i++) if ((i > 1 && due[i] - due[i - 1] <= 4000) || (i < NR && due[i + 1] - due[i] <= 4000)) t++
      printf "%d\n", NR ? 100 * t / NR : 0
    }')
  read -r n_med lat_med send_med n_slow lat_slow send_slow <<<"$groups"
  if [ "$target" = warden-relaxed ]; then
    warden_psql "$target" -qtA -F ' ' >"$TMP/split.txt" 2>"$TMP/split.err" <<SQL || { log "could not split $target's latency: $(cat "$TMP/split.err")"; return 0; }
create temp table traced (id uuid, due bigint, send bigint, latency bigint);
\copy traced from '$trace' with (delimiter ' ')
with joined as (
  select t.latency, t.send, (extract(epoch from d.created_at) * 1e6)::bigint - t.due - t.send as way_in,
         (d.latency_ms * 1e3)::bigint as inside, ((d.attempts -> 0 ->> 'latencyMs')::float * 1e3)::bigint as upstream,
         (d.overhead_ms * 1e3)::bigint as own
  from traced t join decisions d on d.id = t.id),
ranked as (select *, latency - send - way_in - inside as way_out, ntile(100) over (order by latency) as pct from joined)
select case when pct = 100 then 'slowest' else 'median' end, avg(way_in)::int, avg(inside)::int, avg(upstream)::int, avg(own)::int,
       avg(way_out)::int
from ranked where pct = 100 or pct between 46 and 55 group by 1 order by 1;
SQL
    awk -v t="$target" -v r="$rate" -v nm="$n_med" -v lm="$lat_med" -v sm="$send_med" -v ns="$n_slow" -v ls="$lat_slow" \
        -v ss="$send_slow" -v tr="$trains" '
      $1 == "median" { printf "| %s | %s, median 10%% | %d | %d | %d | %d | %d / %d / %d | %d | - |\n", r, t, nm, lm, sm, $2, $3, $4, $5, $6 }
      $1 == "slowest" { printf "| %s | %s, slowest 1%% | %d | %d | %d | %d | %d / %d / %d | %d | %d%% |\n", r, t, ns, ls, ss, $2, $3, $4, $5, $6, tr }' \
      "$TMP/split.txt" >> "$TMP/split.md"
  else
    printf '| %s | %s, median 10%% | %d | %d | %d | - | - | - | - |\n| %s | %s, slowest 1%% | %d | %d | %d | - | - | - | %d%% |\n' \
      "$rate" "$target" "$n_med" "$lat_med" "$send_med" "$rate" "$target" "$n_slow" "$lat_slow" "$send_slow" "$trains" >> "$TMP/split.md"
  fi
}

warden_psql() { # name psql-arguments...: psql on that Warden's embedded PostgreSQL
  local name=$1; shift
  psql -h 127.0.0.1 -p "$(sed -n 4p "$TMP/$name/postgres/postmaster.pid")" -U postgres -d postgres "$@"
}

# What Warden measures of itself in the same requests, from their decision records: overhead_ms
# (its own work: arrival to the upstream call, and the upstream's answer to the end) and
# latency_ms (arrival to the end, the upstream call included). Both start when the request
# reaches Warden's filters, so the difference to the client's latency is the server's and the
# network's share (parsing, thread hand-offs, the answer's write).
own_overhead() { # target rate requests
  warden_psql "$1" -tA -F ' ' -c "
    with r as (select overhead_ms, latency_ms from decisions order by created_at desc limit $3)
    select to_char(percentile_cont(0.5) within group (order by overhead_ms), 'FM990.000'),
           to_char(percentile_cont(0.99) within group (order by overhead_ms), 'FM990.000'),
           to_char(percentile_cont(0.999) within group (order by overhead_ms), 'FM990.000'),
           to_char(percentile_cont(0.5) within group (order by latency_ms), 'FM990.000'),
           to_char(percentile_cont(0.99) within group (order by latency_ms), 'FM990.000'),
           to_char(percentile_cont(0.999) within group (order by latency_ms), 'FM990.000') from r" \
    | awk -v l="open-$2" -v t="$1" '{ printf "| %s | %s | %s / %s / %s | %s / %s / %s |\n", l, t, $1, $2, $3, $4, $5, $6 }' \
    >> "$TMP/own-overhead.md" || log "could not read $1's own overhead"
}

# The JVM compiles its hot paths under load, for tens of seconds on a fast machine and for minutes
# on a slow or shared one, where the compiler threads compete with the load for the same two
# cores. A fixed warm-up measured a half-compiled Warden on such a machine (half its settled
# throughput), so each Warden runs wrk in 10 s rounds until its JIT compilers spent less than
# half a second of a round compiling (java.ci.totalTime, read with jcmd). Each round does what
# the closed loop's rounds then do: 7 s of whole answers, 3 s of streams, and the drain check's
# metrics scrape. Warmed on whole answers alone, a Warden compiled for 2.7-3.3 s of its first
# 3 s measured round (run AY), as code compiled for one of these was thrown away and compiled
# again once another had run; warmed on all three, for 0.17-0.6 s (run BA).
# Milliseconds the JIT compilers and the collector's pauses took so far (two numbers): the rounds
# report what each took during each of a Warden's closed-loop rounds, so that a slow round can be
# told apart from one that compiled or collected more.
jit_gc_ms() { # pid
  timeout 20 jcmd "$1" PerfCounter.print 2>/dev/null | awk -F= '$1 == "java.ci.totalTime" { t = $2 } $1 == "sun.os.hrt.frequency" { f = $2 }
    $1 ~ /^sun\.gc\.collector\.[0-9]+\.time$/ { g += $2 }
    END { printf "%d %d", (f > 0 ? t / f * 1000 : 0), (f > 0 ? g / f * 1000 : 0) }'
}
compile_ms() { # pid
  jit_gc_ms "$1" | cut -d' ' -f1
}
warm_until_settled() { # target
  local target=$1 pid spent=0 before after line rps
  pid=$(target_pid "$target")
  while :; do
    before=$(compile_ms "$pid")
    line=$(run_wrk "$target" json 7)
    run_wrk "$target" sse 3 >/dev/null; spent=$((spent + 10))
    drain_if_warden "$target"
    after=$(compile_ms "$pid")
    rps=$(echo "$line" | sed -n 's/.*requests=\([0-9]*\) duration_us=\([0-9]*\).*/\1 \2/p' | awk '{ printf "%d", $1 / ($2 / 1e6) }')
    [ -n "$rps" ] || die "wrk against $target failed while warming up"
    [ $((after - before)) -lt 500 ] && break
    [ "$spent" -ge "$WARDEN_WARMUP" ] && { log "$target: the JIT still compiled $((after - before)) ms in the last round"; break; }
  done
  log "warmed up $target in ${spent}s (last round $rps req/s, $((after - before)) ms compiling)"
  echo "$target $spent $rps $((after - before))" >> "$TMP/warmup.txt"
}
log "warming up (each Warden until its throughput settles, at most ${WARDEN_WARMUP}s; $([ "$QUICK" = 1 ] && echo "no warm-up" || echo "${WARMUP}s, TomcatRelay 10s,") per other target)"
for target in $TARGETS; do
  case $target in
    tomcat-relay) [ "$QUICK" = 1 ] || run_wrk "$target" json 10 >/dev/null ;;
    loop-relay) [ "$QUICK" = 1 ] || run_wrk "$target" json "$WARMUP" >/dev/null ;;
    warden-*)
      if [ "$QUICK" = 1 ]; then
        run_wrk "$target" json "$WARDEN_WARMUP" >/dev/null; run_wrk "$target" sse "$WARMUP" >/dev/null
      else
        warm_until_settled "$target"
      fi ;;
    *) [ "$QUICK" = 1 ] || for scenario in json sse; do run_wrk "$target" "$scenario" "$WARMUP" >/dev/null; done ;;
  esac
  drain_if_warden "$target"
done
# The warm-up leaves each embedded PostgreSQL a few hundred thousand fresh decision rows, enough to
# start autovacuum on them during the measured rounds, on the same two cores as whichever target
# is being measured then. Vacuum and analyse now, before anything is measured.
for name in warden-relaxed warden-strict; do
  warden_psql "$name" -qc 'VACUUM (ANALYZE) decisions' \
    || log "could not vacuum $name's decisions"
done

# How often each CPU is away while the machine is idle (StallProbe.java, one per CPU, pinned when
# taskset is there): a request whose path needs a CPU that is away waits with it, through any server.
# One StallProbe per CPU, pinned when taskset is there, in the background: each prints its summary
# line (named after its CPU) to NAME-CPU.txt and its absences to NAME-CPU.absent; PROBES holds them.
start_probes() { # seconds name
  local cpu pin
  PROBES=()
  for cpu in $(seq 0 $(( $(nproc) - 1 ))); do
    pin=(); command -v taskset >/dev/null && pin=(taskset -c "$cpu")
    ( "${pin[@]}" java -XX:+UseSerialGC -Xmx32m -cp "$TMP/classes" StallProbe "$1" 1 "$TMP/$2-$cpu.absent" \
      | sed "s/^STALLS/cpu$cpu/" > "$TMP/$2-$cpu.txt" ) &
    PROBES+=("$!")
  done
}
probe_stalls() {
  local seconds=5
  [ "$QUICK" = 1 ] && seconds=0.5
  start_probes "$seconds" stalls
  wait "${PROBES[@]}" || log "a stall probe failed"
  cat "$TMP"/stalls-[0-9]*.txt | awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    printf "%s away %d times in %s s (%.2f%% of the time, median %.2f ms, longest %.2f ms)\n", $1, v["count"], v["seconds"],
      v["share_pct"], v["p50_ms"], v["worst_ms"] }' > "$TMP/stalls.txt"
  log "CPUs away at idle: $(tr '\n' ';' < "$TMP/stalls.txt")"
}
probe_stalls

# The p99 with and without the requests that met a CPU away: the mock called directly and
# Warden (relaxed) once more each at the first rate, with a StallProbe pinned to every CPU for the
# whole round, and each traced request matched against the absences the probes saw. (The probes
# wake a thousand times a second, so these rounds are kept out of the main table.)
absence_rounds() { # rate
  local rate=$1 target seconds away absences
  seconds=$(awk -v d="$DURATION" -v w="$OPEN_WARMUP" 'BEGIN { print d + w + 1 }')
  for target in direct warden-relaxed; do
    start_probes "$seconds" "probed-$target"
    sleep 0.5 # the probes' JVMs are up before the load starts
    open_load "$target" "$rate" "$TMP/trace-probed-$target.txt" >/dev/null
    wait "${PROBES[@]}" || log "a stall probe failed"
    cat "$TMP"/probed-"$target"-[0-9]*.absent > "$TMP/absent-$target.txt"
    drain_if_warden "$target"
    # Each request (due, latency) against each absence (start, end): met when they overlap.
    awk 'FILENAME == ARGV[1] { s[++n] = $1; e[n] = $2; away += $2 - $1; next }
      { met = 0; for (i = 1; i <= n; i++) if (s[i] < $2 + $4 && e[i] > $2) { met = 1; break }; print $4, met }
      END { print away + 0, n + 0 > "/dev/stderr" }' "$TMP/absent-$target.txt" "$TMP/trace-probed-$target.txt" 2>"$TMP/away-$target.txt" \
      | sort -n > "$TMP/met-$target.txt"
    read -r away absences < "$TMP/away-$target.txt"
    awk -v t="$target" -v away="$away" -v absences="$absences" -v cpus="$(nproc)" -v seconds="$seconds" '
      { all[++n] = $1; if ($2) met++; else clean[++c] = $1 }
      function p99(a, k,   i) { i = int(0.99 * k); if (i < 0.99 * k) i++; if (i < 1) i = 1; return k ? a[i] : 0 }
      END { printf "%s %d %.2f %d %d %d %d\n", t, absences, 100 * away / (cpus * seconds * 1e6), met, n, p99(all, n), p99(clean, c) }' \
      "$TMP/met-$target.txt" >> "$TMP/absences.txt"
    log "probed open-$rate $target: $(tail -n 1 "$TMP/absences.txt")"
  done
  awk -v r="$rate" '
    { row[$1] = $0; p[$1] = $6; q[$1] = $7
      printf "| %s | %s | %d (%.2f%% of all CPU time) | %d of %d | %.3f | %.3f |\n", r, $1, $2, $3, $4, $5, $6 / 1e3, $7 / 1e3 }
    END { if (("direct" in p) && ("warden-relaxed" in p))
      printf "\nOverhead p99 of Warden (relaxed) in these rounds: %+.3f ms with every request, %+.3f ms without those that met a CPU away.\n",
        (p["warden-relaxed"] - p["direct"]) / 1e3, (q["warden-relaxed"] - q["direct"]) / 1e3 }' \
    "$TMP/absences.txt" > "$TMP/absences.md"
}

closed_loop json
closed_loop sse
for rate in $RATES; do open_loop "$rate"; done
absence_rounds "${RATES%% *}"

# --- profile (optional) ---------------------------------------------------------------------

# async-profiler's agent, from Maven Central through the build's own Maven; empty when unavailable.
async_profiler_lib() {
  local version=4.1 arch jar
  case $(uname -m) in x86_64) arch=linux-x64 ;; aarch64) arch=linux-arm64 ;; *) return 0 ;; esac
  jar=${MAVEN_REPO:-$HOME/.m2/repository}/tools/profiler/async-profiler/$version/async-profiler-$version.jar
  [ -f "$jar" ] || ./mvnw -q -B -ntp dependency:get -Dartifact="tools.profiler:async-profiler:$version" -Dtransitive=false >/dev/null 2>&1 || true
  [ -f "$jar" ] && unzip -q -o -j "$jar" "$arch/libasyncProfiler.so" -d "$TMP/async-profiler" 2>/dev/null \
    && echo "$TMP/async-profiler/libasyncProfiler.so"
}
# jcmd reads "name=value" in a command's arguments as its own option: the agent's options, which
# are all name=value, reach it only inside single quotes.
async_profiler() { # pid options: succeeds when the agent took them
  jcmd "$1" JVMTI.agent_load "$AP_LIB" "'$2'" 2>&1 | grep -q 'return code: 0'
}

if [ "$PROFILE" = 1 ]; then
  seconds=${BENCH_PROFILE_SECONDS:-$(( QUICK == 1 ? 5 : 30 ))}
  scenario=${BENCH_PROFILE_SCENARIO:-json}
  AP_LIB=$(async_profiler_lib)
  if [ -n "$AP_LIB" ] && async_profiler "$RELAXED_PID" "start,event=itimer,interval=1ms,file=$TMP/discard.txt"; then
    log "profiling Warden (relaxed) with async-profiler for ${seconds}s under wrk ($scenario)"
    run_wrk warden-relaxed "$scenario" "$seconds" > "$TMP/profile-wrk.txt"
    async_profiler "$RELAXED_PID" "stop,collapsed,file=$TMP/warden-relaxed.collapsed"
    for _ in $(seq 1 50); do [ -s "$TMP/warden-relaxed.collapsed" ] && break; sleep 0.1; done
    "$HERE/ap-top.sh" "$TMP/warden-relaxed.collapsed" 30 | tee "$TMP/profile.txt" >&2
    cp "$TMP/warden-relaxed.collapsed" "$TMP/profile.txt" "${BENCH_PROFILE_DIR:-$TMP}/" 2>/dev/null || true
  else
    log "recording Warden (relaxed) with JFR for ${seconds}s under wrk ($scenario; async-profiler unavailable)"
    jcmd "$RELAXED_PID" JFR.start name=bench settings=profile filename="$TMP/warden-relaxed.jfr" >/dev/null
    run_wrk warden-relaxed "$scenario" "$seconds" > "$TMP/profile-wrk.txt"
    jcmd "$RELAXED_PID" JFR.stop name=bench >/dev/null
    "$HERE/jfr-top.sh" "$TMP/warden-relaxed.jfr" 30 | tee "$TMP/profile.txt" >&2
    cp "$TMP/warden-relaxed.jfr" "$TMP/profile.txt" "${BENCH_PROFILE_DIR:-$TMP}/" 2>/dev/null || true
  fi
  wait_drained "$RELAXED_PORT"
fi

# --- streams --------------------------------------------------------------------------------

# The floors are done; they leave the two cores to Warden, the paced upstream and the clients.
for pid in "$LOOP_PID" "$TOMCAT_PID"; do kill "$pid" 2>/dev/null || true; done

STREAMS=$TMP/streams.tsv
printf 'streams\tgood\terrors\tmax_open\tpeak_rss_mb\tttfb_p50_ms\tttfb_p99_ms\tduration_p50_s\tduration_p99_s\tmax_gap_p50_ms\tmax_gap_p99_ms\tkinds\n' > "$STREAMS"
# A stream that takes twice its nominal length (or stays silent for 20 s) counts as an error.
deadline=$(awk -v c="$STREAM_CHUNKS" 'BEGIN { print c / 10 * 2 + 2 }')
log "streams: levels $STREAM_LEVELS, $STREAM_CHUNKS chunks 100 ms apart (~$((STREAM_CHUNKS / 10))s each)"
STREAMS_HELD=0; STREAMS_RSS=0
for level in $STREAM_LEVELS; do
  # Warden holds two sockets per stream (client and upstream); beyond the open files limit a level cannot run.
  if [ $((2 * level + 1000)) -gt "$(ulimit -n)" ]; then
    printf '%s\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t%s\n' "$level" "not-run:open-files-limit-$(ulimit -n)" >> "$STREAMS"
    log "streams $level: not run, the open files limit ($(ulimit -n)) is below two sockets per stream"
    break
  fi
  ( peak=0; while kill -0 "$RELAXED_PID" 2>/dev/null; do
      now=$(peak_rss_mb "$RELAXED_PID" VmRSS); [ "$now" -gt "$peak" ] && peak=$now && echo "$peak" > "$TMP/stream-rss"
      sleep 0.5; done ) &
  sampler=$!
  ramp=$(awk -v n="$level" -v r="$STREAM_RAMP" 'BEGIN { print (n > 2000 ? r * n / 2000 : r) }')
  line=$(java -Xss256k -cp "$TMP/classes" StreamLoad 127.0.0.1 "$RELAXED_PORT" /v1/chat/completions "Bearer $RELAXED_KEY" \
    bench-paced-0,bench-paced-1,bench-paced-2,bench-paced-3 "$level" "$STREAM_CHUNKS" "$ramp" "$deadline" 2>"$TMP/streamload.err") \
    || { cat "$TMP/streamload.err" >&2; die "the stream load generator failed"; }
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  rss=$(cat "$TMP/stream-rss" 2>/dev/null || echo 0); rm -f "$TMP/stream-rss"
  eval "$(echo "$line" | tr ' ' '\n' | sed 's/^/s_/')"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$level" "$s_good" "$s_errors" "$s_max_open" "$rss" "$s_ttfb_p50_ms" \
    "$s_ttfb_p99_ms" "$s_duration_p50_s" "$s_duration_p99_s" "$s_max_gap_p50_ms" "$s_max_gap_p99_ms" "$s_kinds" >> "$STREAMS"
  log "streams $level: good $s_good, errors $s_errors ($s_kinds), most open $s_max_open, Warden RSS peak ${rss} MB"
  wait_drained "$RELAXED_PORT"
  if [ "$s_errors" = 0 ]; then STREAMS_HELD=$level; STREAMS_RSS=$rss; else break; fi
done

# --- zero lost ------------------------------------------------------------------------------

LOST_STATUS=PASS
ZERO_LOST=""
for name in warden-relaxed warden-strict; do
  port=$RELAXED_PORT; [ "$name" = warden-strict ] && port=$STRICT_PORT
  # Every client has finished: a request still in progress now is one Warden lost track of, and
  # would be cut off at its stop, so the received must equal the answered as well as the records.
  for _ in $(seq 1 40); do [ "$(metric_sum "$port" warden_requests_active)" = 0 ] && break; sleep 0.25; done
  wait_drained "$port"
  received=$(metric_sum "$port" warden_requests_received_total)
  answered=$(metric_sum "$port" warden_requests_seconds_count)
  stored=$(warden_psql "$name" -tAc 'select count(*) from decisions')
  dropped=$(metric_sum "$port" warden_decisions_dropped_total)
  verdict=PASS
  [ "$answered" = "$stored" ] && [ "$received" = "$answered" ] && [ "$answered" -gt 0 ] || { verdict=FAIL; LOST_STATUS=FAIL; }
  ZERO_LOST="$ZERO_LOST$name: received $received, answered $answered, decision records $stored, dropped $dropped: $verdict"$'\n'
done

# --- stop ---------------------------------------------------------------------------------

# Each Warden is stopped as an orchestrator would (SIGTERM), and the time it took is reported. Its
# front drains requests in progress for at most 30 s and its decision log ships for at most 20 s
# more, so a stop past 60 s is a fault: its threads are dumped into the kept temporary state
# before it is killed. A stop that needed the front's whole drain keeps the state too, for the
# Warden's log says what was still in progress.
stop_timed() { # name pid
  local name=$1 pid=$2 start elapsed
  start=$(date +%s%N)
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  elapsed=$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
  if kill -0 "$pid" 2>/dev/null; then
    timeout 20 jcmd "$pid" Thread.print > "$TMP/$name-stop-threads.txt" 2>&1 || true
    kill -KILL "$pid" 2>/dev/null || true
    BENCH_KEEP=1
    log "$name did not stop within ${elapsed} s of SIGTERM; its threads are in $TMP/$name-stop-threads.txt"
    echo "$name: killed after ${elapsed} s" >> "$TMP/stops.txt"
  else
    log "$name stopped ${elapsed} s after SIGTERM"
    echo "$name: ${elapsed} s" >> "$TMP/stops.txt"
    if awk -v e="$elapsed" 'BEGIN { exit !(e >= 30) }'; then
      BENCH_KEEP=1
      log "$name used the front's whole drain; its log: $TMP/$name.log"
    fi
  fi
}
stop_timed warden-relaxed "$RELAXED_PID"
stop_timed warden-strict "$STRICT_PID"

# --- report ---------------------------------------------------------------------------------

table() {
  awk -F'\t' -v targets="$TARGETS" '
    NR == 1 { next }
    { key = $1; if (!(key in seen)) { seen[key] = 1; order[++n] = key }
      row[key, $2] = $0; rps[key, $2] = $3; p50[key, $2] = $4; p99[key, $2] = $5 }
    END {
      nt = split(targets, names, " ")
      print "| load | target | req/s | p50 ms | p99 ms | p99.9 ms | overhead p50 ms | overhead p99 ms | peak RSS MB | errors |"
      print "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
      for (i = 1; i <= n; i++) {
        k = order[i]
        for (j = 1; j <= nt; j++) {
          t = names[j]
          if (!((k, t) in row)) continue
          split(row[k, t], f, "\t")
          o50 = (t == "direct") ? "-" : sprintf("%.3f", f[4] - p50[k, "direct"])
          o99 = (t == "direct") ? "-" : sprintf("%.3f", f[5] - p99[k, "direct"])
          printf "| %s | %s | %d | %.3f | %.3f | %.3f | %s | %s | %d | %d |\n", k, t, f[3], f[4], f[5], f[6], o50, o99, f[9], f[7]
        }
      }
      print ""
      for (i = 1; i <= n; i++) {
        k = order[i]; if (k !~ /^closed/) continue
        for (j = 1; j <= nt; j++) {
          t = names[j]
          if (t == "direct" || t == "nginx" || t == "portkey" || !((k, t) in row)) continue
          x = rps[k, t] / (rps[k, "nginx"] ? rps[k, "nginx"] : 1)
          if (t ~ /^warden/) printf "- %s, %s: %.2fx nginx, %.1fx Portkey\n", k, t, x, rps[k, t] / (rps[k, "portkey"] ? rps[k, "portkey"] : 1)
          else printf "- %s, %s (floor, no governance): %.2fx nginx\n", k, t, x
        }
      }
    }' "$RESULTS"
}
streams_table() {
  echo "| streams | good | errors | most open at once | Warden RSS peak MB | first byte p50 / p99 ms | duration p50 / p99 s | longest gap p50 / p99 ms | error kinds |"
  echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
  awk -F'\t' 'NR > 1 { printf "| %s | %s | %s | %s | %s | %s / %s | %s / %s | %s / %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12 }' "$STREAMS"
}

report=$TMP/report.md
{
  table
  echo
  streams_table
  echo
  echo "Largest N held with zero errors: $STREAMS_HELD streams (${STREAMS_RSS} MB RSS)."
  echo
  echo "Warden's own measure of the open-loop requests (their decision records), ms:"
  echo
  echo "| load | target | overhead p50 / p99 / p99.9 | time in Warden, upstream included, p50 / p99 / p99.9 |"
  echo "| --- | --- | ---: | ---: |"
  cat "$TMP/own-overhead.md" 2>/dev/null || true
  echo
  echo "Where the open loop's time went, us, the mean of each group: the load generator's send (due to on the socket), the way in (to Warden's filters), in Warden (the upstream call, its own work), the way back (to the client having read the answer); trains: the share of the slowest 1% due within 4 ms of another of them:"
  echo
  echo "| req/s | target, requests | n | latency | send | way in | in Warden / upstream / own | way back | trains |"
  echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  cat "$TMP/split.md" 2>/dev/null || true
  echo
  echo "The p99 with and without the requests that met a CPU away: one more round each, with a StallProbe pinned to every CPU throughout (absences over 1 ms), each request matched against them:"
  echo
  echo "| req/s | target | absences seen | requests that met one | p99 ms | p99 without them ms |"
  echo "| ---: | --- | ---: | ---: | ---: | ---: |"
  cat "$TMP/absences.md" 2>/dev/null || true
  echo
  echo "Zero lost:"
  printf '%s' "$ZERO_LOST" | sed 's/^/- /'
} > "$report"
echo
cat "$report"
echo "zero-lost check: $LOST_STATUS"

# The chart: p50, p99 and p99.9 per target for each closed-loop and open-loop load.
chart=$TMP/results-latency.png
awk -F'\t' 'NR > 1 { printf "%s/%s\t%s\t%s\t%s\n", $1, $2, $4, $5, $6 }' "$RESULTS" > "$TMP/chart.dat"
gnuplot <<EOF 2>"$TMP/gnuplot.log" || log "gnuplot failed (see $TMP/gnuplot.log)"
set terminal pngcairo size 1800,700 noenhanced font ",10"
set output "$chart"
set title "Latency percentiles per target and load (ms, log scale); $(nproc) cores, $(date -u +%Y-%m-%d)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set logscale y
set yrange [0.05:*]
set ylabel "ms"
set xtics rotate by -40 font ",8"
set key top left
set grid ytics
plot "$TMP/chart.dat" using 2:xtic(1) title "p50", "" using 3 title "p99", "" using 4 title "p99.9"
EOF

versions() {
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- machine: $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(free -g | awk '/^Mem:/ {print $2}') GiB memory, kernel $(uname -r)"
  echo "- java: $(java -version 2>&1 | head -n 1)"
  [ -s "$TMP/stalls.txt" ] && echo "- CPUs away at idle (StallProbe.java: a thread sleeping 1 ms, one pinned to each CPU, woken over 1 ms late): $(awk '{ printf "%s%s", (NR > 1 ? "; " : ""), $0 }' "$TMP/stalls.txt")"
  echo "- nginx: $(nginx -v 2>&1 | sed 's/.*: //'), wrk: $(dpkg-query -W -f '${Version}' wrk 2>/dev/null || echo unknown), Portkey gateway: $PORTKEY_VERSION with @hono/node-server $PORTKEY_HONO (node $(node --version))"
  echo "- Warden: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown), JVM options: ${WARDEN_JAVA_OPTS:-none}${BENCH_WARDEN_ARGS:+, arguments: $BENCH_WARDEN_ARGS}"
  [ -f "$TMP/closed-rounds.txt" ] && echo "- closed-loop rounds, req/s: $(awk '{ printf "%s%s %s: %s", (NR > 1 ? "; " : ""), $1, $2, substr($0, length($1) + length($2) + 3) }' "$TMP/closed-rounds.txt")"
  [ -f "$TMP/jit-gc.txt" ] && echo "- Warden's JIT compiling / G1's pauses in each closed-loop round, ms: $(awk '{ k = $1 " " $2; if (!(k in seen)) { seen[k] = 1; order[++n] = k }
      v[k] = v[k] (v[k] == "" ? "" : ", ") ($6 - $4) " / " ($7 - $5) }
    END { for (i = 1; i <= n; i++) printf "%s%s: %s", (i > 1 ? "; " : ""), order[i], v[order[i]] }' "$TMP/jit-gc.txt")"
  [ -f "$TMP/stops.txt" ] && echo "- stop after the run (SIGTERM until the process ended): $(awk '{ printf "%s%s", (NR > 1 ? ", " : ""), $0 }' "$TMP/stops.txt")"
  [ -f "$TMP/warmup.txt" ] && echo "- warm-up until the JIT settled: $(awk '{ printf "%s%s %ds (then %d req/s)", (NR > 1 ? ", " : ""), $1, $2, $3 }' "$TMP/warmup.txt")"
  echo "- loads: closed loop wrk -t$THREADS -c$CONNECTIONS -d${CLOSED_SECONDS}s, $CLOSED_ROUNDS rounds alternating targets, the median round shown; open loop (OpenLoad.java, evenly spaced, latency from the due time) at $RATES req/s for ${DURATION}s; streams of $STREAM_CHUNKS chunks 100 ms apart (PacedSse.java upstream, StreamLoad.java clients)"
}

if [ "$WRITE_RESULTS" = 1 ]; then
  out=$ROOT/src/bench/RESULTS.md
  generated=$TMP/generated.md
  { echo "<!-- generated by src/bench/gateway.sh: begin -->"; versions; echo; cat "$report"; echo; echo "![latency percentiles](results-latency.png)"; echo "<!-- generated by src/bench/gateway.sh: end -->"; } > "$generated"
  if [ -f "$out" ] && grep -q 'generated by src/bench/gateway.sh: begin' "$out"; then
    awk -v gen="$generated" '
      /generated by src\/bench\/gateway.sh: begin/ { while ((getline line < gen) > 0) print line; skip = 1; next }
      /generated by src\/bench\/gateway.sh: end/ { skip = 0; next }
      !skip { print }' "$out" > "$out.new" && mv "$out.new" "$out"
  else
    { echo "# Gateway benchmark"; echo; cat "$generated"; } > "$out"
  fi
  [ -s "$chart" ] && cp "$chart" "$ROOT/src/bench/results-latency.png"
  log "wrote $out and src/bench/results-latency.png"
else
  versions >&2
fi

# The harness succeeded; figures are reported, not judged. Only a lost decision fails a full run.
if [ "$LOST_STATUS" = FAIL ] && [ "$QUICK" = 0 ]; then exit 3; fi
exit 0
