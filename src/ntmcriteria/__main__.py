"""``python -m ntmcriteria``: the command line (see :mod:`ntmcriteria.cli`)."""

from __future__ import annotations

from ntmcriteria.cli import main

raise SystemExit(main())
