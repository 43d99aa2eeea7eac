#!/usr/bin/env bash
# The real OpenClaw gateway, pinned; installed with Node 24 first on PATH so its engines check passes.
source "$(dirname "$0")/lib.sh"
OPENCLAW_VERSION=2026.9.6
node24="$(bash "$(dirname "$0")/node24.sh")"
dir="$CLAWBENCH_CACHE/openclaw-$OPENCLAW_VERSION"
entry="$dir/node_modules/openclaw/openclaw.mjs"
if [ ! -f "$dir/.complete" ]; then
  log "installing openclaw@$OPENCLAW_VERSION into $dir"
  rm -rf "$dir" && mkdir -p "$dir"
  PATH="$(dirname "$node24"):$PATH" npm install --prefix "$dir" --no-save --no-audit --no-fund "openclaw@$OPENCLAW_VERSION" >&2
  touch "$dir/.complete"
fi
echo "$dir/node_modules/openclaw"
