#!/usr/bin/env bash
# Runs the side-by-side benchmarks of bench/Atrium.Bench against the local stack.
#   scripts/bench.sh [sessions|permissions|documents|all] [--seconds N]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/stack.sh
source scripts/stack.sh
stack_require_dotnet
stack_start
exec dotnet run -c Release --project bench/Atrium.Bench -- "$@"
