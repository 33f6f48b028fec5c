#!/usr/bin/env bash
# Runs the Atrium API locally against the dev stack (PostgreSQL + Redis).
#
#   scripts/run.sh          start the stack, then the API (Development) on
#                           http://127.0.0.1:${ATRIUM_API_PORT:-5080}
#   scripts/run.sh stop     stop PostgreSQL, Redis and the mail catcher
#   scripts/run.sh -- ARGS  extra arguments after -- go to the API
#
# The API applies its database migrations itself at start. Mail goes to a local mail catcher
# (smtp4dev, installed as a .NET tool under .local/tools) whose web page is
# http://127.0.0.1:${ATRIUM_MAIL_WEB_PORT:-5081}; its SMTP port is ${ATRIUM_MAIL_PORT:-2525}.
set -euo pipefail

ATRIUM_MAIL_PORT="${ATRIUM_MAIL_PORT:-2525}"
ATRIUM_MAIL_WEB_PORT="${ATRIUM_MAIL_WEB_PORT:-5081}"
SMTP4DEV_VERSION="3.15.0"

# Installs smtp4dev (a .NET tool) under .local/tools when missing and starts it unless it runs.
mail_catcher_start() {
    local dir="$ATRIUM_STACK_DIR/smtp4dev" tool="$ATRIUM_STACK_DIR/tools/smtp4dev"
    mkdir -p "$dir"
    if [[ ! -x "$tool" ]]; then
        stack_log "installing the mail catcher (smtp4dev $SMTP4DEV_VERSION, a .NET tool)"
        dotnet tool install --tool-path "$ATRIUM_STACK_DIR/tools" Rnwood.Smtp4dev --version "$SMTP4DEV_VERSION" >&2
    fi
    if [[ -f "$dir/pid" ]] && kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
        return 0
    fi
    setsid "$tool" --urls="http://127.0.0.1:$ATRIUM_MAIL_WEB_PORT" --smtpport="$ATRIUM_MAIL_PORT" \
        --imapport=0 --pop3port=0 --bindaddress=127.0.0.1 --nousersettings \
        --baseappdatapath="$dir" --db="$dir/database.db" >"$dir/log" 2>&1 </dev/null &
    echo $! >"$dir/pid"
    local i
    for i in $(seq 1 60); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$ATRIUM_MAIL_PORT") 2>/dev/null; then
            return 0
        fi
        sleep 0.5
    done
    stack_die "the mail catcher did not start; see $dir/log"
}

mail_catcher_stop() {
    local pidfile="$ATRIUM_STACK_DIR/smtp4dev/pid"
    if [[ -f "$pidfile" ]]; then
        kill "$(cat "$pidfile")" 2>/dev/null || true
        rm -f "$pidfile"
    fi
}

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/stack.sh
source scripts/stack.sh

case "${1:-}" in
    stop)
        mail_catcher_stop
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
mail_catcher_start
export Mail__Host=127.0.0.1 Mail__Port="$ATRIUM_MAIL_PORT" Mail__Tls=none

ATRIUM_API_PORT="${ATRIUM_API_PORT:-5080}"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export DOTNET_ENVIRONMENT="$ASPNETCORE_ENVIRONMENT"
export ASPNETCORE_URLS="http://127.0.0.1:$ATRIUM_API_PORT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1

echo "API:    http://127.0.0.1:$ATRIUM_API_PORT"
echo "Scalar: http://127.0.0.1:$ATRIUM_API_PORT/scalar"
echo "Mail:   http://127.0.0.1:$ATRIUM_MAIL_WEB_PORT (smtp4dev: codes and links sent by the API)"
echo "Stop the API with Ctrl+C; stop the databases with: scripts/run.sh stop"

exec dotnet run --project Api.csproj --no-launch-profile -- "$@"
