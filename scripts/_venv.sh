# Sourced by the other scripts: make sure .venv exists with ntmcriteria installed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ] || [ ! -f .venv/.installed-"${NTM_EXTRAS:-test}" ]; then
    "$PY" -m venv .venv
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e ".[${NTM_EXTRAS:-test}]"
    touch .venv/.installed-"${NTM_EXTRAS:-test}"
fi
