#!/usr/bin/env bash
# A real MLflow server and its Python client in a virtual environment per version.
# Usage: mlflow.sh [VERSION]   (default: the seed's server, 2.21.3)
source "$(dirname "$0")/lib.sh"
MLFLOW_VERSION="${1:-2.21.3}"
venv="$CLAWBENCH_CACHE/mlflow-$MLFLOW_VERSION"
if [ ! -f "$venv/.complete" ]; then
  log "installing mlflow==$MLFLOW_VERSION into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "mlflow==$MLFLOW_VERSION" >&2
  touch "$venv/.complete"
fi
echo "$venv"
