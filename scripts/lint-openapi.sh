#!/usr/bin/env bash
# Lints the OpenAPI document with Spectral (spectral:oas) and Redocly (recommended), rules in .spectral.yaml and
# redocly.yaml at the root. Fails on any error or warning.
#
#   scripts/lint-openapi.sh [document.json]
#
# The document defaults to the OpenAPI snapshot the test suite keeps equal to the live /openapi/v1.json
# (PlatformTests.The_openapi_document_matches_the_snapshot); the snapshot leaves `servers` out, so the default
# server "/" is put back before linting. Needs Node.js 20+ and the npm registry (npx fetches pinned versions).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

SPECTRAL="@stoplight/spectral-cli@6.16.3"
REDOCLY="@redocly/cli@2.77.0"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

bash scripts/openapi-document.sh "$WORK/openapi.json" ${1:+"$1"}

echo "[lint] spectral ($SPECTRAL)"
npx --yes "$SPECTRAL" lint "$WORK/openapi.json" --ruleset .spectral.yaml --fail-severity warn

echo "[lint] redocly ($REDOCLY)"
REDOCLY_TELEMETRY=off NO_UPDATE_NOTIFIER=1 npx --yes "$REDOCLY" lint "$WORK/openapi.json" --config redocly.yaml --format stylish \
    2>&1 | tee "$WORK/redocly.log"
if grep -Eq '^\s*[0-9]+:[0-9]+\s+(error|warning)' "$WORK/redocly.log"; then
    echo "[lint] redocly reported problems" >&2
    exit 1
fi
echo "[lint] openapi document: 0 errors, 0 warnings"
