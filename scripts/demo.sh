#!/usr/bin/env bash
# The main job: assess Quảng Nam's 25 candidate communes and 2 candidate districts
# (bundled ILLUSTRATIVE facts) against the bundled 2021-2025 rule sets and print
# the plan's progress. Creates .venv on first use.
source "$(dirname "$0")/_venv.sh"
exec .venv/bin/python examples/quang_nam_plan.py "$@"
