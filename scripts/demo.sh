#!/usr/bin/env bash
# The main job: assess Quảng Nam's 25 candidate communes and 2 candidate districts
# (bundled ILLUSTRATIVE facts) against the bundled 2021-2025 rule sets and print
# the plan's progress. Creates .venv on first use.
source "$(dirname "$0")/_venv.sh"
# 1. An office's job with the command line: the group-2 candidate communes' sheet, their
#    villages' sheet and a filled parameter sheet (examples/sheets/, ILLUSTRATIVE data
#    written by scripts/generate_example_sheets.py) in, a summary out.
echo "== ntmcriteria assess on the example sheets of examples/sheets/ (ILLUSTRATIVE data, not real)"
.venv/bin/ntmcriteria assess qn.commune.model.group2.2021-2025 \
    --units examples/sheets/minh_hoa_xa_nhom2_2024.csv \
    --villages examples/sheets/minh_hoa_thon_nhom2_2024.csv \
    --parameters examples/sheets/minh_hoa_tham_so_nhom2.csv \
    --year 2024 --brief --closest 3 --lang "${1:-en}"
echo
# 2. The plan's progress over all candidates (groups 1-3 and the districts).
echo "== the plan's progress (examples/quang_nam_plan.py)"
exec .venv/bin/python examples/quang_nam_plan.py "$@"
