#!/usr/bin/env bash
# Writes the OpenAPI document the tools read (lint, client types) to OUT:
#
#   scripts/openapi-document.sh OUT [SOURCE]
#
# SOURCE defaults to the OpenAPI snapshot the test suite keeps equal to the live /openapi/v1.json
# (PlatformTests.The_openapi_document_matches_the_snapshot). The snapshot leaves `servers` out, so the default
# server "/" is put back. Needs Node.js.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
OUT="$1"
SOURCE="${2:-tests/Api.Tests/Features/Platform/__snapshots__/PlatformTests.The_openapi_document_matches_the_snapshot.snap}"

node -e '
const fs = require("fs");
const doc = JSON.parse(fs.readFileSync(process.argv[1], "utf8").replace(/^\uFEFF/, ""));
if (!doc.servers) doc.servers = [{ url: "/" }];
fs.writeFileSync(process.argv[2], JSON.stringify(doc, null, 2));
' "$SOURCE" "$OUT"
