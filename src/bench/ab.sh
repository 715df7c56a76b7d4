#!/usr/bin/env bash
# Compares two builds of Warden on this machine, side by side: both run at once (embedded
# PostgreSQL, relaxed durability unless AB_DURABILITY says otherwise, gateway.sh's bench policy
# against an nginx mock), and the loads alternate between them round by round, so that a machine
# whose speed drifts drifts for both.
# For each round it prints req/s (closed loop) or the latency percentiles (open loop at fixed
# rates), and the CPU time per request of Warden's JVM with its embedded PostgreSQL, which moves
# less with the machine than throughput does; then, per load, each build's medians and in how many
# pairs of rounds B used more CPU than A. (One jar against itself differed by up to 11% in CPU and
# 2x in p99 in a single pair here: judge by the pairs, not by one.)
#
#   src/bench/ab.sh A B     A and B: a Warden jar, or a git revision to build (in a temporary
#                           worktree, with the build's own Maven)
#
# Environment: AB_CLOSED_ROUNDS (default 8 rounds of wrk -t2 -c32 -d5s each), AB_RATES (default
# "500 2000" req/s), AB_OPEN_ROUNDS (default 4 rounds of 8 s per rate and build), AB_ARGS_A and
# AB_ARGS_B (more arguments for that Warden, such as --warden.some.property=value: one jar can then
# be compared with itself under two settings), AB_SCENARIO (json, the default: whole answers; or
# sse: the same request as a stream, relayed from the mock's stream as gateway.sh's closed-sse
# load is; or messages-sse: that stream asked for on Anthropic's surface, /v1/messages, so that
# each of the mock's OpenAI events is translated into Anthropic's), AB_DURABILITY (the decision
# log's durability for both builds: relaxed, the default, or strict). Needs nginx and
# wrk (installed with apt-get when missing) and a JDK 21+ (chosen as .ci/run chooses it).
set -euo pipefail
[ $# -eq 2 ] || { awk 'NR > 1 && !/^#/ { exit } NR > 1' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
cd "$(dirname "$0")/../.."
ROOT=$PWD
HERE=$ROOT/src/bench
CLOSED_ROUNDS=${AB_CLOSED_ROUNDS:-8}
RATES=${AB_RATES:-500 2000}
OPEN_ROUNDS=${AB_OPEN_ROUNDS:-4}

. "$HERE/common.sh"
need_tools
select_jdk
start_tmp ab
WORKTREES=()
on_exit() {
  local tree
  for tree in "${WORKTREES[@]}"; do git -C "$ROOT" worktree remove --force "$tree" 2>/dev/null || true; done
}

# Sets the named variable to the path of a jar for a jar or a revision. It assigns rather than
# prints: in a $(...) subshell the worktree it adds would not be removed on exit.
jar_of() { # variable jar-or-revision name
  local jar=$TMP/$3.jar
  if [ -f "$2" ]; then
    cp "$2" "$jar"
  else
    local tree=$TMP/tree-$3
    git worktree add -q --detach "$tree" "$2" || die "$2 is neither a jar nor a revision"
    WORKTREES+=("$tree")
    log "building $2 for $3"
    (cd "$tree" && ./mvnw -q -B -ntp package -DskipTests -DskipUnitTests=true >"$TMP/build-$3.log" 2>&1) || die "cannot build $2"
    cp "$tree/gateway/target/warden.jar" "$jar"
  fi
  printf -v "$1" '%s' "$jar"
}
jar_of JAR_A "$1" A
jar_of JAR_B "$2" B

start_mock
mkdir -p "$TMP/policy"
for f in "$HERE"/gateway/policy/*.yaml; do
  sed "s#MOCK_URL#http://127.0.0.1:$MOCK_PORT#g; s#PACED_URL#http://127.0.0.1:$MOCK_PORT#g" "$f" > "$TMP/policy/$(basename "$f")"
done

ADMIN_TOKEN=ab-admin-$RANDOM$RANDOM
declare -A PORT PID KEY
for name in A B; do
  free_port port; PORT[$name]=$port
  jar=$JAR_A; args=${AB_ARGS_A:-}
  [ "$name" = B ] && { jar=$JAR_B; args=${AB_ARGS_B:-}; }
  mkdir -p "$TMP/$name"
  # shellcheck disable=SC2086 # the extra arguments are split on spaces on purpose
  WARDEN_DATA_DIR=$TMP/$name WARDEN_POLICY_DIR=$TMP/policy WARDEN_POLICY_WATCH=false SERVER_PORT=$port \
    WARDEN_ADMIN_TOKEN=$ADMIN_TOKEN BENCH_UPSTREAM_KEY=sk-bench-upstream \
    java -Xms1200m -Xmx1200m -jar "$jar" --warden.decision-log.durability="${AB_DURABILITY:-relaxed}" --server.tomcat.accept-count=10000 $args \
    >"$TMP/$name.log" 2>&1 &
  PID[$name]=$!; PIDS+=($!)
done
mkdir -p "$TMP/classes"
javac -d "$TMP/classes" "$HERE/gateway/OpenLoad.java"
for name in A B; do
  for _ in $(seq 1 180); do
    curl -sf -o /dev/null "http://127.0.0.1:${PORT[$name]}/actuator/health/readiness" && break
    kill -0 "${PID[$name]}" 2>/dev/null || die "Warden $name exited"
    sleep 1
  done
  KEY[$name]=$(curl -fsS -X POST "http://127.0.0.1:${PORT[$name]}/admin/api/keys" -H "Authorization: Bearer $ADMIN_TOKEN" \
    -H 'Content-Type: application/json' -d '{"team":"bench","name":"load"}' | grep -o '"key":"wk-[^"]*"' | cut -d'"' -f4)
  [ -n "${KEY[$name]}" ] || die "could not create an API key on Warden $name"
  printf 'Authorization: Bearer %s\nx-warden-labels: project=bench\n' "${KEY[$name]}" > "$TMP/headers-$name"
done
ENDPOINT=/v1/chat/completions
case ${AB_SCENARIO:-json} in
  json) sed "s/MODEL/bench-chat/" "$HERE/gateway/request.json" > "$TMP/request.json" ;;
  sse) sed 's/MODEL/bench-stream/; s/"max_tokens":64/"max_tokens":64,"stream":true/' "$HERE/gateway/request.json" > "$TMP/request.json" ;;
  # Anthropic's shape: the system prompt is a field of its own, not a message
  messages-sse) ENDPOINT=/v1/messages
    sed 's/MODEL/bench-stream/; s/"max_tokens":64/"max_tokens":64,"stream":true/
         s/"messages":\[{"role":"system","content":\("[^"]*"\)},/"system":\1,"messages":[/' \
      "$HERE/gateway/request.json" > "$TMP/request.json"
    grep -q '"system":"' "$TMP/request.json" || die "could not make an Anthropic request of gateway/request.json" ;;
  *) die "AB_SCENARIO must be json, sse or messages-sse" ;;
esac
export BENCH_BODY_FILE=$TMP/request.json

HZ=$(getconf CLK_TCK)

closed_round() { # name seconds
  local requests errors ticks p50 p99
  read -r requests errors ticks p50 p99 < <(BENCH_HEADERS=$(cat "$TMP/headers-$1") \
    measured_wrk "${PID[$1]}" "http://127.0.0.1:${PORT[$1]}$ENDPOINT" "$2")
  awk -v n="$1" -v s="$2" -v r="$requests" -v e="$errors" -v c="$ticks" -v hz="$HZ" -v p50="$p50" -v p99="$p99" 'BEGIN {
    printf "%s closed: %6d req/s, CPU %4.0f us/request, p50 %6.2f ms, p99 %6.2f ms, errors %d\n", n, r / s, c / hz * 1e6 / r,
      p50 / 1000, p99 / 1000, e }'
}

open_round() { # name rate seconds (after OpenLoad's half second of warm-up, which the CPU time includes)
  local before after line
  before=$(tree_ticks "${PID[$1]}")
  line=$(java -cp "$TMP/classes" OpenLoad 127.0.0.1 "${PORT[$1]}" "$ENDPOINT" "$TMP/headers-$1" "$TMP/request.json" \
    "$2" "$3" 0.5 2>>"$TMP/openload.log" | tail -n 1)
  after=$(tree_ticks "${PID[$1]}")
  awk -v n="$1" -v r="$2" -v c=$((after - before)) -v hz="$HZ" '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    printf "%s open %d/s: CPU %4.0f us/request, p50 %6.2f ms, p99 %6.2f ms, p99.9 %6.2f ms, errors %d\n", n, r,
      c / hz * 1e6 / (v["sent"] + r / 2), v["p50_us"] / 1000, v["p99_us"] / 1000, v["p999_us"] / 1000, v["errors"] }' <<<"$line"
}

log "A: $1, B: $2; warming both up (4 rounds of 10 s each)"
for _ in 1 2 3 4; do for name in A B; do closed_round "$name" 10 >/dev/null; done; done
echo "A: $1${AB_ARGS_A:+ $AB_ARGS_A}"
echo "B: $2${AB_ARGS_B:+ $AB_ARGS_B}"
for _ in $(seq 1 "$CLOSED_ROUNDS"); do for name in A B; do closed_round "$name" 5; done; done | tee "$TMP/rounds"
for rate in $RATES; do
  for _ in $(seq 1 "$OPEN_ROUNDS"); do for name in A B; do open_round "$name" "$rate" 8; done; done
done | tee -a "$TMP/rounds"

# The verdict per load: each build's median CPU per request and p99, and in how many of the
# pairs of rounds (A then B, minutes apart at most) B used more CPU than A.
awk '{ load = ($2 == "closed:") ? "closed" : $2 " " $3; sub(/:$/, "", load)
       for (i = 1; i < NF; i++) { if ($i == "CPU") cpu = $(i + 1); if ($i == "p99") p99 = $(i + 1) }
       print load "\t" $1 "\t" cpu "\t" p99 }' "$TMP/rounds" > "$TMP/rounds.tsv"
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
echo
echo "| load | CPU us/request, median A / B | p99 ms, median A / B | pairs where B used more CPU |"
echo "| --- | ---: | ---: | ---: |"
cut -f1 "$TMP/rounds.tsv" | awk '!seen[$0]++' | while IFS= read -r load; do
  cpu_a=$(awk -F'\t' -v l="$load" '$1 == l && $2 == "A" { print $3 }' "$TMP/rounds.tsv" | median)
  cpu_b=$(awk -F'\t' -v l="$load" '$1 == l && $2 == "B" { print $3 }' "$TMP/rounds.tsv" | median)
  p99_a=$(awk -F'\t' -v l="$load" '$1 == l && $2 == "A" { print $4 }' "$TMP/rounds.tsv" | median)
  p99_b=$(awk -F'\t' -v l="$load" '$1 == l && $2 == "B" { print $4 }' "$TMP/rounds.tsv" | median)
  pairs=$(awk -F'\t' -v l="$load" '$1 == l { if ($2 == "A") a = $3; else { n++; if ($3 > a + 0) more++ } }
    END { printf "%d of %d", more, n }' "$TMP/rounds.tsv")
  printf '| %s | %.0f / %.0f | %.2f / %.2f | %s |\n' "$load" "$cpu_a" "$cpu_b" "$p99_a" "$p99_b" "$pairs"
done
