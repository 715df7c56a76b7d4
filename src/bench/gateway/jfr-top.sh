#!/usr/bin/env bash
# Summarises a JFR recording's execution samples: the hottest methods by samples on top of the
# stack (self time), and by samples anywhere in the stack (total), for methods in Warden's own
# code and overall. Usage: jfr-top.sh recording.jfr [rows]
set -euo pipefail
recording=$1
rows=${2:-25}
samples=$(mktemp)
trap 'rm -f "$samples"' EXIT
jfr print --events jdk.ExecutionSample --stack-depth 64 "$recording" > "$samples"
total=$(grep -c 'jdk.ExecutionSample' "$samples" || true)
echo "execution samples: $total"
# Each sample: "stackTrace = [" then one frame a line ("  pkg.Class.method(args) line: N"), then "]".
awk -v rows="$rows" '
  /stackTrace = \[/ { in_stack = 1; depth = 0; delete seen; next }
  in_stack && /^[[:space:]]*\]/ { in_stack = 0; next }
  in_stack {
    frame = $0; sub(/^[[:space:]]+/, "", frame); sub(/\(.*$/, "", frame)
    if (frame == "...") next
    if (depth == 0) self[frame]++
    if (!(frame in seen)) { seen[frame] = 1; incl[frame]++ }
    if (!warden_done && frame ~ /^dev\.warden\./) { warden_self[frame]++; warden_done = 1 }
    depth++
    next
  }
  /jdk.ExecutionSample/ { warden_done = 0 }
  END {
    print "\n== self (top frame)"; n = 0
    for (f in self) printf "%7d  %s\n", self[f], f | "sort -rn | head -" rows
    close("sort -rn | head -" rows)
    print "\n== nearest Warden frame to the top of each sample"
    for (f in warden_self) printf "%7d  %s\n", warden_self[f], f | "sort -rn | head -" rows
    close("sort -rn | head -" rows)
    print "\n== total (anywhere in the stack), Warden methods"
    for (f in incl) if (f ~ /^dev\.warden\./) printf "%7d  %s\n", incl[f], f | "sort -rn | head -" rows
    close("sort -rn | head -" rows)
  }' "$samples"
