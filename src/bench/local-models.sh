#!/usr/bin/env bash
# Embeddings per second of the built-in local model through Warden's batcher (concurrency 1 and
# 32) against a plain loop of one ONNX Runtime session call per sentence, the memory the model
# takes, and the cost of intent classification. Writes gateway/target/local-models-benchmark.md.
set -euo pipefail
exec "$(dirname "$0")/test-main.sh" dev.warden.gateway.local.LocalModelBenchmark gateway/target/local-models-benchmark.md
