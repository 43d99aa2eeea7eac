#!/usr/bin/env bash
# Installs, once, everything the tests talk to, cached outside the repo (CLAWBENCH_CACHE, default
# ~/.cache/clawbench): Node 24 and the pinned OpenClaw gateway, Debian's Chromium, MLflow servers,
# and a kube-apiserver + etcd. Each step is idempotent and prints nothing when already done.
set -euo pipefail
here="$(cd "$(dirname "$0")/provision" && pwd)"
bash "$here/openclaw.sh" >/dev/null
bash "$here/chromium.sh" >/dev/null
bash "$here/mlflow.sh" 2.21.3 >/dev/null
bash "$here/mlflow.sh" 3.17.2 >/dev/null  # the newest 3.x whose dependencies PyPI serves here
bash "$here/kube.sh" >/dev/null
