#!/usr/bin/env bash
# Measures one policy evaluation (policy/src/test/.../bench/PolicyEvaluationBenchmark) with JMH,
# pinned to one core when taskset is there. Takes about 90 seconds; extra arguments go to JMH
# (for example `-prof gc`). Results: the JMH report on the console and
# policy/target/jmh/policy-eval.json.
set -euo pipefail
cd "$(dirname "$0")/../.."

# shellcheck source=../.ci/select-jdk.sh
. ".ci/select-jdk.sh"

out=policy/target/jmh
mkdir -p "$out"
./mvnw -q -B -ntp -pl policy test-compile
./mvnw -q -B -ntp -pl policy dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh/classpath.txt
classpath="policy/target/test-classes:policy/target/classes:$(cat "$out/classpath.txt")"

# One core, as the target is stated for; the forked benchmark JVM inherits the affinity.
pin=()
if command -v taskset >/dev/null 2>&1; then pin=(taskset -c "${BENCH_CPU:-0}"); fi

# English number formats, so that the summary below can read JMH's table.
${pin[@]+"${pin[@]}"} java -Duser.language=en -Duser.country=US -cp "$classpath" org.openjdk.jmh.Main PolicyEvaluationBenchmark \
  -tu us -rf json -rff "$out/policy-eval.json" "$@" | tee "$out/policy-eval.txt"

# The same figures per second and in microseconds, as policy/README.md reports them.
awk '$2 == "thrpt" && $5 == "±" { printf "throughput: %.0f ± %.0f ops/s\n", $4 * 1000000, $6 * 1000000 }
     $2 == "thrpt" && $5 != "±" { printf "throughput: %.0f ops/s\n", $3 * 1000000 }
     $1 ~ /:p0\.(50|99|999)0*$/ && $2 == "sample" { sub(/.*:/, "", $1); printf "%s: %s us\n", $1, $3 }' "$out/policy-eval.txt"
