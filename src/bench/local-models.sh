#!/usr/bin/env bash
# Embeddings per second of the built-in local model through Warden's batcher (concurrency 1 and
# 32) against a plain loop of one ONNX Runtime session call per sentence, the memory the model
# takes, and the cost of intent classification. Writes gateway/target/local-models-benchmark.md.
set -euo pipefail
cd "$(dirname "$0")/../.."

# shellcheck source=../.ci/select-jdk.sh
. ".ci/select-jdk.sh"

./mvnw -q -B -ntp install -DskipTests -pl policy,admin-ui -am
./mvnw -q -B -ntp -pl gateway test-compile
./mvnw -q -B -ntp -pl gateway dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
classpath="gateway/target/test-classes:gateway/target/classes:$(cat gateway/target/bench-classpath.txt)"
java -cp "$classpath" dev.warden.gateway.local.LocalModelBenchmark gateway/target/local-models-benchmark.md
