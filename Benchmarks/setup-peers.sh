#!/usr/bin/env bash
# Makes the Python venv the benchmark's peers run in (.build/bench-venv), with the versions pinned
# by ../shared/bench/requirements.txt: one pip install.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${PEERS_VENV:-.build/bench-venv}
python3 -m venv "$VENV"
"$VENV/bin/pip" install -q duckdb==2.0.0 polars==2.1.0 polars-runtime-32==2.1.0 pyarrow==26.0.1 frictionless==5.21.0
