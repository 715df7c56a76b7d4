#!/usr/bin/env bash
# Summarises an async-profiler profile in collapsed form (one "frame;frame;...;top count" a line):
# the hottest frames on top of the stack (self, native and kernel-side frames included) and
# Warden's own methods by samples anywhere in the stack. Usage: ap-top.sh profile.collapsed [rows]
set -euo pipefail
profile=$1
rows=${2:-25}
awk -v rows="$rows" '
  {
    count = $NF; stack = substr($0, 1, length($0) - length(count) - 1); total += count
    n = split(stack, frames, ";")
    self[frames[n]] += count
    delete seen
    for (i = 1; i <= n; i++) if (frames[i] ~ /^dev\/warden\// && !(frames[i] in seen)) { seen[frames[i]] = 1; warden[frames[i]] += count }
  }
  END {
    printf "samples: %d\n\n== self (top frame)\n", total
    for (f in self) printf "%5.1f%% %7d  %s\n", 100 * self[f] / total, self[f], f | "sort -rn | head -" rows
    close("sort -rn | head -" rows)
    printf "\n== Warden methods, anywhere on the stack\n"
    for (f in warden) printf "%5.1f%% %7d  %s\n", 100 * warden[f] / total, warden[f], f | "sort -rn | head -" rows
  }' "$profile"
