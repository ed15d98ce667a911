"""Headless Chromium screenshots of a review sheet and of a plan summary, for the docs.

Not part of CI. Needs Debian's ``chromium`` (``apt-get install -y chromium``)::

    python docs/screenshots.py      # writes docs/review_sheet.png and docs/plan_summary.png

Both pages use the bundled Quảng Nam 2021-2025 sets and the catalog's
ILLUSTRATIVE facts and parameters (made up, not data about real communes).
The review sheet is Tam Ngọc's against the model-commune set of group 2; the
plan summary is the progress of the plan's 25 communes and 2 districts in 2024.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ntmcriteria import catalog
from ntmcriteria.render.review import review_sheet_html
from ntmcriteria.render.summary import plan_summary_html
from ntmcriteria.units import Unit

DOCS = Path(__file__).resolve().parent
YEAR = 2024
DATE = "02/12/2026"


def review_sheet() -> str:
    model_set = catalog.get("qn.commune.model.group2.2021-2025")
    parameters = {**catalog.illustrative_parameters(model_set),
                  **catalog.appraisal_rules(model_set)}
    commune = next(c for c in catalog.illustrative_communes(YEAR) if c.name == "Tam Ngọc")
    assessment = model_set.assess(commune, year=YEAR, parameters=parameters)
    return review_sheet_html(assessment, "vi", date=DATE, parent="thành phố Tam Kỳ")


def plan_summary() -> str:
    plan = catalog.quang_nam_plan()
    units: dict[str, Unit] = {c.code: c for c in catalog.illustrative_communes(YEAR)}
    units.update({d.code: d for d in catalog.illustrative_districts(YEAR)})
    assessments = []
    for candidate in plan.candidates:
        criteria_set = catalog.get(plan.judged_set(candidate, YEAR)[0])
        assessments.append(criteria_set.assess(
            units[candidate.code], year=YEAR,
            parameters=catalog.illustrative_parameters(criteria_set)))
    return plan_summary_html(plan.progress(assessments), "vi", date=DATE)


def shoot(browser: str, page: str, out: Path, size: str, folder: Path) -> None:
    source = folder / (out.stem + ".html")
    source.write_text(page, encoding="utf-8")
    command = [
        browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", f"--user-data-dir={folder / 'profile'}", f"--screenshot={out}",
        f"--window-size={size}", source.as_uri(),
    ]
    subprocess.run(command, check=True, timeout=180, capture_output=True)
    print(f"wrote {out}")


def main() -> int:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print("chromium not found; install it with: apt-get install -y chromium", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shoot(browser, review_sheet(), DOCS / "review_sheet.png", "900,1750", folder)
        shoot(browser, plan_summary(), DOCS / "plan_summary.png", "1200,1500", folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
