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
  # MLflow 2.x servers fail to start on SQLAlchemy 2.1 (a pool class they import was removed).
  constraints=()
  case "$MLFLOW_VERSION" in 2.*) constraints=("sqlalchemy<2.1") ;; esac
  "$venv/bin/pip" install -q --disable-pip-version-check "mlflow==$MLFLOW_VERSION" "${constraints[@]}" >&2
  touch "$venv/.complete"
fi
echo "$venv"
