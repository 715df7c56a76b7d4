#!/usr/bin/env bash
# Compares the server stacks a JVM gateway could relay whole answers on, none of them governing
# anything: gateway.sh's two floors (tomcat-relay: Tomcat on virtual threads with HttpClient 5's
# blocking client, as Warden runs; loop-relay: a relay on event loops), the same servlet on
# Jetty 12 and on Undertow (the other containers Spring Boot runs), Tomcat with a non-blocking
# upstream call (tomcat-async, and tomcat-async-wait where the request's thread waits for it), and
# Netty with its HTTP codec, client and server on the same event loops (netty-relay, the shape
# RESULTS.md's item 8 proposes), and Netty's server handing each request to a worker thread that
# makes the blocking upstream call Warden makes now (netty-vt on virtual threads, netty-pool on
# platform threads; added with STACKS_TARGETS);
# nginx's proxy sets the scale. One nginx mock upstream, wrk's closed loop, targets alternating
# round by round. Prints each round's req/s, the median round, its ratio to nginx, and each
# target's CPU time per request (all its threads, over the median round). STACKS_TARGETS picks
# some of the targets (nginx first, for the ratio), or adds tomcat-minimal and
# tomcat-async-wait-minimal (the same with HttpClient 5's minimal clients, as Warden uses).
#
#   src/bench/stacks.sh           five 5 s rounds after a 10 s warm-up each, about 4 minutes
#   src/bench/stacks.sh --quick   one 1 s round, no warm-up (checks that it runs)
#
# Needs nginx and wrk (installed with apt-get when missing) and a JDK 21+ (chosen as .ci/run
# chooses it); the containers' jars come from Maven Central through ./mvnw (stacks/pom.xml).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
HERE=$ROOT/src/bench

ROUNDS=5; SECONDS_PER_ROUND=5; WARMUP=10
case "${1:-}" in
  --quick) ROUNDS=1; SECONDS_PER_ROUND=1; WARMUP=0 ;;
  "") ;;
  -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "unknown option: $1" >&2; exit 2 ;;
esac
TARGETS=${STACKS_TARGETS:-nginx loop-relay netty-relay tomcat-relay tomcat-async tomcat-async-wait jetty undertow}
JAVA_OPTS="-Xms1200m -Xmx1200m -Xss256k"

. "$HERE/common.sh"
need_tools
select_jdk
start_tmp stacks

log "fetching the containers' jars"
./mvnw -q -B -ntp -f "$HERE/stacks/pom.xml" dependency:copy-dependencies -DoutputDirectory="$TMP/lib" >"$TMP/maven.log" 2>&1 \
  || die "cannot fetch the containers' jars (see $TMP/maven.log)"
mkdir -p "$TMP/classes"
javac -d "$TMP/classes" "$HERE/gateway/LoopRelay.java"
javac -cp "$TMP/lib/*" -d "$TMP/classes" "$HERE/gateway/TomcatRelay.java" "$HERE/stacks/ContainerRelay.java" \
  "$HERE/stacks/NettyRelay.java" "$HERE/stacks/NettyBlockingRelay.java"

start_mock

declare -A PORT PID
for target in $TARGETS; do
  free_port port; PORT[$target]=$port
  case $target in
    nginx)
      conf=$(cat "$HERE/gateway/nginx-proxy.conf")
      conf=${conf//@TMP@/$TMP}; conf=${conf//@PORT@/$port}; conf=${conf//@MOCK_PORT@/$MOCK_PORT}
      printf '%s\n' "$conf" > "$TMP/nginx-proxy.conf"
      nginx -c "$TMP/nginx-proxy.conf" -g 'daemon off;' >"$TMP/nginx-proxy.log" 2>&1 & ;;
    loop-relay) java -Xss256k -cp "$TMP/classes" LoopRelay "$port" 127.0.0.1 "$MOCK_PORT" >"$TMP/$target.log" 2>&1 & ;;
    tomcat-relay) java $JAVA_OPTS -cp "$TMP/classes:$TMP/lib/*" TomcatRelay "$port" "$MOCK" >"$TMP/$target.log" 2>&1 & ;;
    netty-relay) java $JAVA_OPTS -cp "$TMP/classes:$TMP/lib/*" NettyRelay "$port" "$MOCK" >"$TMP/$target.log" 2>&1 & ;;
    netty-vt|netty-pool)
      workers=virtual; [ "$target" = netty-pool ] && workers=platform
      java $JAVA_OPTS -cp "$TMP/classes:$TMP/lib/*" NettyBlockingRelay "$workers" "$port" "$MOCK" >"$TMP/$target.log" 2>&1 & ;;
    *) java $JAVA_OPTS -cp "$TMP/classes:$TMP/lib/*" ContainerRelay "$target" "$port" "$MOCK" >"$TMP/$target.log" 2>&1 & ;;
  esac
  PID[$target]=$!; PIDS+=($!)
done

sed "s/MODEL/gpt-4o-mini/" "$HERE/gateway/request.json" > "$TMP/request.json"
export BENCH_BODY_FILE=$TMP/request.json
for target in $TARGETS; do
  for _ in $(seq 1 150); do
    curl -sf -m 2 -o /dev/null -X POST -H 'Content-Type: application/json' --data-binary @"$TMP/request.json" \
      "http://127.0.0.1:${PORT[$target]}/v1/chat/completions" && break
    kill -0 "${PID[$target]}" 2>/dev/null || die "$target exited"
    sleep 0.2
  done
done
log "all targets answer; warm-up ${WARMUP}s each, then $ROUNDS rounds of wrk -t2 -c32 -d${SECONDS_PER_ROUND}s"

wrk_round() { # target seconds -> "requests errors cpu_ticks p50_us p99_us"
  measured_wrk "${PID[$1]}" "http://127.0.0.1:${PORT[$1]}/v1/chat/completions" "$2"
}

if [ "$WARMUP" != 0 ]; then
  for target in $TARGETS; do wrk_round "$target" "$WARMUP" >/dev/null; done
fi
for round in $(seq 1 "$ROUNDS"); do
  for target in $TARGETS; do
    read -r requests errors ticks _ < <(wrk_round "$target" "$SECONDS_PER_ROUND")
    echo "$target $round $requests $errors $ticks" >> "$TMP/rounds"
  done
done

HZ=$(getconf CLK_TCK)
NGINX_RPS=0
echo
echo "| target | req/s by round | median req/s | x nginx | CPU us/request | errors |"
echo "| --- | --- | ---: | ---: | ---: | ---: |"
for target in $TARGETS; do
  awk -v t="$target" -v s="$SECONDS_PER_ROUND" '$1 == t { print int($3 / s), $3, $4, $5 }' "$TMP/rounds" \
    | sort -n > "$TMP/$target.rounds"
  by_round=$(awk -v t="$target" -v s="$SECONDS_PER_ROUND" '$1 == t { printf "%s%d", (n++ ? " " : ""), $3 / s }' "$TMP/rounds")
  read -r rps requests _ ticks < <(sed -n "$(( ($(wc -l < "$TMP/$target.rounds") + 1) / 2 ))p" "$TMP/$target.rounds")
  errors=$(awk '{ e += $3 } END { print e + 0 }' "$TMP/$target.rounds")
  [ "$target" = nginx ] && NGINX_RPS=$rps
  awk -v t="$target" -v br="$by_round" -v rps="$rps" -v n="$NGINX_RPS" -v ticks="$ticks" -v req="$requests" -v hz="$HZ" -v e="$errors" \
    'BEGIN { printf "| %s | %s | %d | %s | %.0f | %d |\n", t, br, rps, n ? sprintf("%.2f", rps / n) : "-", ticks / hz * 1e6 / req, e }'
done
echo
echo "$(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), kernel $(uname -r), $(java -version 2>&1 | head -n 1)"
echo "jars: $(cd "$TMP/lib" && ls tomcat-embed-core-* jetty-server-* undertow-core-* httpclient5-* netty-codec-http-* | sed 's/\.jar$//' | paste -sd ' ')"
