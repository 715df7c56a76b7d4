#!/usr/bin/env bash
# Measures PostgreSQL's CPU per stored decision record under variants of the decisions table's
# indexes, alternating, in an embedded PostgreSQL (DecisionIndexCost in gateway's test sources).
# Optional arguments: records per round (default 1000000), rounds (default 2), and the variants,
# comma-separated (default descending,ascending): ascending (as migrated), descending (the B-trees
# as before V8), no-rule-index, no-filter-indexes, primary-key-only. About 5 minutes with the
# defaults; 200000 3 with all five variants takes about 3.
set -euo pipefail
exec "$(dirname "$0")/test-main.sh" dev.warden.gateway.decisionlog.DecisionIndexCost "$@"
