"""Write the JSON Schema files shipped in the package from the schema functions.

Run after changing a kind, a record or the format::

    .venv/bin/python scripts/generate_schemas.py          # writes src/ntmcriteria/schemas/*.json
    .venv/bin/python scripts/generate_schemas.py --check  # exit 1 if a file is out of date

``tests/test_schema_files.py`` fails while a shipped file differs from what this writes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ntmcriteria.schemas import FILE_NAMES, generated_text

TARGET = Path(__file__).resolve().parents[1] / "src" / "ntmcriteria" / "schemas"


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for kind, name in FILE_NAMES.items():
        path = TARGET / name
        text = generated_text(kind)
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(name)
        if not check:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    if check and stale:
        print("out of date: " + ", ".join(stale) + " (run scripts/generate_schemas.py)",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
