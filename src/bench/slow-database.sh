#!/usr/bin/env bash
# Measures request latency through the gateway with PostgreSQL answering normally, then with every
# decision-log insert slowed by 250 ms (SlowDatabaseLatency in gateway's test sources).
set -euo pipefail
exec "$(dirname "$0")/test-main.sh" dev.warden.gateway.decisionlog.SlowDatabaseLatency
