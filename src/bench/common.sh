# Shared by stacks.sh and ab.sh (sourced, not run): logging, the tools they need, a temp dir
# cleaned up on exit with every process started, free ports, the nginx mock upstream, and the CPU
# time of a process tree. Expects HERE (src/bench) to be set.

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

# Installs nginx, wrk and pstree with apt-get when missing.
need_tools() {
  local missing=()
  command -v nginx >/dev/null || missing+=(nginx)
  command -v wrk >/dev/null || missing+=(wrk)
  command -v pstree >/dev/null || missing+=(psmisc)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} with apt-get"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# Makes TMP, and on exit stops every process in PIDS, runs the caller's on_exit if it has one,
# prints the logs' tails when the script failed, and removes TMP.
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

# Sets the named variable to a free port, from NEXT_PORT up.
NEXT_PORT=${NEXT_PORT:-29100}
port_for() { # variable
  while (exec 3<>"/dev/tcp/127.0.0.1/$NEXT_PORT") 2>/dev/null; do NEXT_PORT=$((NEXT_PORT + 1)); done
  printf -v "$1" '%s' "$NEXT_PORT"; NEXT_PORT=$((NEXT_PORT + 1))
}

# Starts gateway.sh's nginx mock upstream; sets MOCK_PORT and MOCK (its base URL).
start_mock() {
  port_for MOCK_PORT
  local completion stream conf
  completion=$(tr -d '\n' < "$HERE/gateway/completion.json")
  stream=$(cat "$HERE/gateway/stream.sse"; echo x); stream=${stream%x}
  conf=$(cat "$HERE/gateway/nginx-mock.conf")
  conf=${conf//@TMP@/$TMP}; conf=${conf//@PORT@/$MOCK_PORT}; conf=${conf//@COMPLETION@/$completion}; conf=${conf//@STREAM@/$stream}
  printf '%s\n' "$conf" > "$TMP/nginx-mock.conf"
  nginx -c "$TMP/nginx-mock.conf" -g 'daemon off;' >"$TMP/nginx-mock.log" 2>&1 &
  PIDS+=($!)
  MOCK=http://127.0.0.1:$MOCK_PORT
}

# CPU ticks (user + system) a process and its child processes have used so far: nginx's workers,
# a Warden's embedded PostgreSQL. Threads are not counted twice.
tree_ticks() { # pid
  local total=0 pid
  for pid in $(pstree -p -T "$1" | grep -o '([0-9]*)' | tr -d '()'); do
    [ -r "/proc/$pid/stat" ] && total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done
  echo "$total"
}
