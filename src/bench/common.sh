# Shared by gateway.sh, stacks.sh and ab.sh (sourced, not run): logging, a JDK 21+, free ports,
# the nginx mock upstream, a process tree's pids and CPU time, and one measured wrk round.
# Expects ROOT (the checkout) to be set, and TMP and the PIDS array before starting anything.

BENCH_FILES=$ROOT/src/bench/gateway

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

# The machine's default java may be older than Warden needs.
select_jdk() {
  # shellcheck source=../../.ci/select-jdk.sh
  . "$ROOT/.ci/select-jdk.sh" >&2
}

# Sets the named variable to a port nothing listens on and no earlier call gave out. It assigns
# rather than prints: in a $(...) subshell the list of ports given out would be lost, and two
# targets could draw the same port (it happened: Portkey and a Warden, and the Warden never started).
USED_PORTS=" "
free_port() { # variable-name (its local is named so that it cannot hide the caller's variable)
  local free_port_candidate
  while :; do
    free_port_candidate=$((20000 + RANDOM % 12000))
    case $USED_PORTS in *" $free_port_candidate "*) continue ;; esac
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$free_port_candidate") 2>/dev/null; then
      USED_PORTS="$USED_PORTS$free_port_candidate "; printf -v "$1" '%s' "$free_port_candidate"; return
    fi
  done
}

# Starts the mock upstream (gateway/nginx-mock.conf: a fixed chat completion, and the same answer
# as a stream sent at once) on a free port; sets MOCK_PORT, MOCK (its base URL) and MOCK_PID.
start_mock() {
  free_port MOCK_PORT
  MOCK=http://127.0.0.1:$MOCK_PORT
  local completion stream conf
  completion=$(tr -d '\n' < "$BENCH_FILES/completion.json")
  stream=$(cat "$BENCH_FILES/stream.sse"; echo x); stream=${stream%x}
  conf=$(cat "$BENCH_FILES/nginx-mock.conf")
  conf=${conf//@TMP@/$TMP}; conf=${conf//@PORT@/$MOCK_PORT}
  conf=${conf//@COMPLETION@/$completion}; conf=${conf//@STREAM@/$stream}
  printf '%s\n' "$conf" > "$TMP/nginx-mock.conf"
  nginx -t -q -c "$TMP/nginx-mock.conf" -g 'daemon off;' 2>"$TMP/nginx-mock.log" || { cat "$TMP/nginx-mock.log" >&2; die "mock nginx config"; }
  nginx -c "$TMP/nginx-mock.conf" -g 'daemon off;' >>"$TMP/nginx-mock.log" 2>&1 &
  MOCK_PID=$!; PIDS+=("$MOCK_PID")
}

# A process and its descendants (nginx's workers, a Warden's embedded PostgreSQL), a pid a line.
tree_pids() { # pid
  local frontier=$1 next p child
  while [ -n "$frontier" ]; do
    next=""
    for p in $frontier; do
      echo "$p"
      for child in $(cat /proc/"$p"/task/*/children 2>/dev/null); do next="$next $child"; done
    done
    frontier=${next# }
  done
}

# CPU ticks (user + system) a process and its descendants have used so far.
tree_ticks() { # pid
  local total=0 pid
  for pid in $(tree_pids "$1"); do
    [ -r "/proc/$pid/stat" ] && total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

# One closed-loop round of wrk (two threads, 32 connections) with the body in BENCH_BODY_FILE and
# the headers in BENCH_HEADERS, counting the CPU time of process tree PID meanwhile. Prints
# "requests errors cpu_ticks p50_us p99_us".
measured_wrk() { # pid url seconds
  local before after line
  before=$(tree_ticks "$1")
  line=$(wrk -t2 -c32 -d"$3"s -s "$BENCH_FILES/post.lua" "$2" | grep '^WRK ') || die "wrk against $2 failed"
  after=$(tree_ticks "$1")
  awk -v cpu=$((after - before)) '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    print v["requests"], v["non2xx"] + v["socket_errors"], cpu, v["p50_us"], v["p99_us"] }' <<<"$line"
}

# Installs nginx and wrk with apt-get when missing (stacks.sh, ab.sh; gateway.sh installs more).
need_tools() {
  local missing=()
  command -v nginx >/dev/null || missing+=(nginx)
  command -v wrk >/dev/null || missing+=(wrk)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} with apt-get"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# Makes TMP, and on exit stops every process in PIDS, runs the caller's on_exit if it has one,
# prints the logs' tails when the script failed, and removes TMP (stacks.sh, ab.sh).
start_tmp() { # name
  TMP=$(mktemp -d "${TMPDIR:-/tmp}/warden-$1.XXXXXX")
  PIDS=()
  trap bench_cleanup EXIT
}
bench_cleanup() {
  local status=$?
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if declare -F on_exit >/dev/null; then on_exit || true; fi
  [ $status -ne 0 ] && for f in "$TMP"/*.log; do [ -f "$f" ] && { echo "--- tail $f" >&2; tail -n 15 "$f" >&2; }; done
  rm -rf "$TMP"
  exit $status
}
