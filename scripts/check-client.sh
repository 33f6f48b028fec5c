#!/usr/bin/env bash
# The TypeScript client check (clients/typescript): generates src/schema.d.ts from the OpenAPI document with
# openapi-typescript (generated on every run, never committed: docs/decisions.md), compiles the typed flow under
# `tsc --strict` (a change of the API that breaks the flow fails here), then runs it (register, login,
# organization, contact, list) against the API started here on the dev stack.
#
#   scripts/check-client.sh
# The document is the OpenAPI snapshot the test suite keeps equal to the live /openapi/v1.json
# (PlatformTests.The_openapi_document_matches_the_snapshot). Needs Node.js 20+ and the npm registry
# (npm ci installs the versions pinned in package-lock.json). Settings: ATRIUM_CLIENT_API_PORT (default 5090).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
CLIENT="$ROOT/clients/typescript"
PORT="${ATRIUM_CLIENT_API_PORT:-5090}"
WORK="$(mktemp -d)"
API_PID=""
cleanup() {
    if [[ -n "$API_PID" ]]; then kill "$API_PID" 2>/dev/null || true; wait "$API_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

echo "[client] npm ci"
(cd "$CLIENT" && npm ci --no-audit --no-fund --loglevel=error)

bash scripts/openapi-document.sh "$WORK/openapi.json"

echo "[client] openapi-typescript"
(cd "$CLIENT" && npx --no-install openapi-typescript "$WORK/openapi.json" -o src/schema.d.ts >/dev/null)

echo "[client] tsc --strict"
(cd "$CLIENT" && rm -rf dist && npx --no-install tsc -p tsconfig.json)

echo "[client] starting the API on 127.0.0.1:$PORT"
# shellcheck source=scripts/stack.sh
source scripts/stack.sh
stack_start >/dev/null
dotnet build Api.csproj -c Release -nologo -v quiet >/dev/null
ASPNETCORE_ENVIRONMENT=Development DOTNET_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$PORT" \
    Jobs__Enabled=false Logging__LogLevel__Default=Warning \
    dotnet bin/Release/net10.0/Api.dll >"$WORK/api.log" 2>&1 </dev/null &
API_PID=$!
for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1; then break; fi
    if ! kill -0 "$API_PID" 2>/dev/null; then cat "$WORK/api.log" >&2; echo "[client] the API did not start" >&2; exit 1; fi
    sleep 0.5
done

(cd "$CLIENT" && ATRIUM_API_URL="http://127.0.0.1:$PORT" node dist/flow.js)
