#!/usr/bin/env bash
# Runs the side-by-side benchmarks of bench/Atrium.Bench against the local stack.
#   scripts/bench.sh [sessions|permissions|documents|jobs|bcrypt|all] [--seconds N]
#   scripts/bench.sh http [--quick]     HTTP load against a Release build and a dataset at volume (scripts/bench-http.sh)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ "${1:-}" == "http" ]]; then
    shift
    exec bash scripts/bench-http.sh "$@"
fi
# shellcheck source=scripts/stack.sh
source scripts/stack.sh
stack_require_dotnet
stack_start
exec dotnet run -c Release --project bench/Atrium.Bench -- "$@"
