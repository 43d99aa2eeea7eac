# Shared helpers for the provisioning scripts: one cache folder outside the repo, reused by every run.
set -euo pipefail
CLAWBENCH_CACHE="${CLAWBENCH_CACHE:-$HOME/.cache/clawbench}"
mkdir -p "$CLAWBENCH_CACHE"
log() { printf '[provision] %s\n' "$*" >&2; }
