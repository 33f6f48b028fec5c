#!/usr/bin/env bash
# Runs the Atrium API locally against the dev stack (PostgreSQL + Redis).
#
#   scripts/run.sh          start the stack, then the API (Development) on
#                           http://127.0.0.1:${ATRIUM_API_PORT:-5080}
#   scripts/run.sh stop     stop PostgreSQL and Redis
#   scripts/run.sh -- ARGS  extra arguments after -- go to the API
#
# The API applies its database migrations itself at start.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/stack.sh
source scripts/stack.sh

case "${1:-}" in
    stop)
        stack_stop
        exit 0
        ;;
    status)
        stack_status
        exit $?
        ;;
    --)
        shift
        ;;
    "") ;;
    *)
        stack_die "unknown argument '$1' (use: scripts/run.sh [stop|status|-- API-ARGS])"
        ;;
esac

stack_require_dotnet
stack_start

ATRIUM_API_PORT="${ATRIUM_API_PORT:-5080}"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export DOTNET_ENVIRONMENT="$ASPNETCORE_ENVIRONMENT"
export ASPNETCORE_URLS="http://127.0.0.1:$ATRIUM_API_PORT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1

echo "API:    http://127.0.0.1:$ATRIUM_API_PORT"
echo "Scalar: http://127.0.0.1:$ATRIUM_API_PORT/scalar"
echo "Stop the API with Ctrl+C; stop the databases with: scripts/run.sh stop"

exec dotnet run --project Api.csproj --no-launch-profile -- "$@"
