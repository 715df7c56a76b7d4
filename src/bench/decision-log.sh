#!/usr/bin/env bash
# Measures the decision log: records per second from request threads into the spool, and end to
# end into an embedded PostgreSQL (DecisionLogThroughput in gateway's test sources). An optional
# argument sets the number of records (default 200000).
set -euo pipefail
cd "$(dirname "$0")/../.."

# shellcheck source=../.ci/select-jdk.sh
. ".ci/select-jdk.sh"

./mvnw -q -B -ntp install -DskipTests -pl policy,admin-ui -am
./mvnw -q -B -ntp -pl gateway test-compile
./mvnw -q -B -ntp -pl gateway dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
classpath="gateway/target/test-classes:gateway/target/classes:$(cat gateway/target/bench-classpath.txt)"
java -cp "$classpath" dev.warden.gateway.decisionlog.DecisionLogThroughput "$@"
