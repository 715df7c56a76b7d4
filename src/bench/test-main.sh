#!/usr/bin/env bash
# Runs a main class from gateway's test sources with the test classpath, after building what it
# needs: the shared runner of the measurements that live there (decision-log.sh, slow-database.sh,
# local-models.sh). Usage: src/bench/test-main.sh <class> [arguments...]
set -euo pipefail
cd "$(dirname "$0")/../.."

# shellcheck source=../.ci/select-jdk.sh
. ".ci/select-jdk.sh"

./mvnw -q -B -ntp install -DskipTests -pl policy,admin-ui -am
./mvnw -q -B -ntp -pl gateway test-compile
./mvnw -q -B -ntp -pl gateway dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
classpath="gateway/target/test-classes:gateway/target/classes:$(cat gateway/target/bench-classpath.txt)"
exec java -cp "$classpath" "$@"
