#!/usr/bin/env bash
# Measures the decision log: records per second from request threads into the spool, and end to
# end into an embedded PostgreSQL (DecisionLogThroughput in gateway's test sources). An optional
# argument sets the number of records (default 200000).
set -euo pipefail
cd "$(dirname "$0")/../.."

java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1
}

# Warden needs a JDK 21 or newer; the machine's default java may be older.
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ] || [ "$(java_major "$JAVA_HOME")" -lt 21 ]; then
  best=""; best_major=0
  for candidate in /usr/lib/jvm/*; do
    [ -x "$candidate/bin/javac" ] || continue
    major=$(java_major "$candidate" || echo 0)
    if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best=$candidate; best_major=$major; fi
  done
  if [ -z "$best" ]; then
    echo "No JDK 21 or newer found under /usr/lib/jvm; set JAVA_HOME to one." >&2
    exit 1
  fi
  export JAVA_HOME=$best
fi
export PATH="$JAVA_HOME/bin:$PATH"
echo "Using JDK at $JAVA_HOME ($(java_major "$JAVA_HOME"))"

./mvnw -q -B -ntp install -DskipTests -pl policy,admin-ui -am
./mvnw -q -B -ntp -pl gateway test-compile
./mvnw -q -B -ntp -pl gateway dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
classpath="gateway/target/test-classes:gateway/target/classes:$(cat gateway/target/bench-classpath.txt)"
java -cp "$classpath" dev.warden.gateway.decisionlog.DecisionLogThroughput "$@"
