"""Render an assessment's HTML and take a headless Chromium screenshot of it.

Not part of CI. Needs Debian's ``chromium`` (``apt-get install -y chromium``)::

    python docs/screenshot_assessment.py            # writes docs/assessment_screenshot.png

The assessment is the bundled Quảng Nam model-commune set (group 2) applied to a
candidate commune with ILLUSTRATIVE facts (made up, not data about a real commune).
"""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ntmcriteria import catalog
from ntmcriteria.render.html import assessment_html

OUT = Path(__file__).resolve().parent / "assessment_screenshot.png"


def page() -> str:
    model_set = catalog.get("qn.commune.model.group2.2021-2025")
    parameters = {**catalog.illustrative_parameters(model_set),
                  **catalog.appraisal_rules(model_set)}
    commune = next(c for c in catalog.illustrative_communes() if c.name == "Tam Ngọc")
    assessment = model_set.assess(commune, year=2024, parameters=parameters)
    body = assessment_html(assessment, "vi")
    note = html.escape(catalog.ILLUSTRATIVE_NOTE)
    return ("<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"/>"
            "<title>ntmcriteria</title><style>body{font-family:sans-serif;margin:2em;"
            "max-width:1100px}</style></head><body>"
            f"<p><em>{note}</em></p>{body}</body></html>\n")


def main() -> int:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print("chromium not found; install it with: apt-get install -y chromium", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "assessment.html"
        source.write_text(page(), encoding="utf-8")
        profile = Path(tmp) / "profile"
        command = [
            browser, "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", f"--user-data-dir={profile}", f"--screenshot={OUT}",
            "--window-size=1200,1600", source.as_uri(),
        ]
        subprocess.run(command, check=True, timeout=120, capture_output=True)
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
