#!/usr/bin/env bash
# A newcomer's first run, no API key needed: see scripts/demo.ts and docs/runtime.md.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ ! -d runner/node_modules ]; then
  echo "[demo] installing dependencies (npm ci, both packages)"
  npm ci --no-audit --no-fund >/dev/null
  (cd runner && npm ci --no-audit --no-fund >/dev/null)
fi
exec node --import tsx scripts/demo.ts
