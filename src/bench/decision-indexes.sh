#!/usr/bin/env bash
# Measures PostgreSQL's CPU per stored decision record with the decisions table's indexes as
# migrated (ascending in time) and as they were before V8 (descending), alternating, in an
# embedded PostgreSQL (DecisionIndexCost in gateway's test sources). Optional arguments: records
# per round (default 1000000) and rounds (default 2). About 5 minutes with the defaults.
set -euo pipefail
exec "$(dirname "$0")/test-main.sh" dev.warden.gateway.decisionlog.DecisionIndexCost "$@"
