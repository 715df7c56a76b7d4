#!/usr/bin/env bash
# Measures request latency through the gateway with PostgreSQL answering normally, then with every
# decision-log insert slowed by 250 ms (SlowDatabaseLatency in gateway's test sources).
set -euo pipefail
cd "$(dirname "$0")/../.."

# shellcheck source=../.ci/select-jdk.sh
. ".ci/select-jdk.sh"

./mvnw -q -B -ntp install -DskipTests -pl policy,admin-ui -am
./mvnw -q -B -ntp -pl gateway test-compile
./mvnw -q -B -ntp -pl gateway dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
classpath="gateway/target/test-classes:gateway/target/classes:$(cat gateway/target/bench-classpath.txt)"
java -cp "$classpath" dev.warden.gateway.decisionlog.SlowDatabaseLatency
