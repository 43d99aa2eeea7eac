#!/usr/bin/env bash
# Debian's Chromium, driven by the gateway's browser tool in the browser tasks.
source "$(dirname "$0")/lib.sh"
if ! [ -x /usr/bin/chromium ]; then
  log "installing Debian chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq chromium >&2
fi
echo /usr/bin/chromium
