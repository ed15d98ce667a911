#!/usr/bin/env bash
# The whole test suite. Creates .venv on first use. HYPOTHESIS_PROFILE=ci runs more examples.
source "$(dirname "$0")/_venv.sh"
exec .venv/bin/python -m pytest -n auto "$@"
