#!/usr/bin/env bash
# Measures the decision log: records per second from request threads into the spool, and end to
# end into an embedded PostgreSQL (DecisionLogThroughput in gateway's test sources). An optional
# argument sets the number of records (default 200000).
set -euo pipefail
exec "$(dirname "$0")/test-main.sh" dev.warden.gateway.decisionlog.DecisionLogThroughput "$@"
