"""Test configuration: Hypothesis profiles.

``dev`` (default) keeps the suite quick and draws new examples on every run; ``ci``
(``HYPOTHESIS_PROFILE=ci``, set by ``.ci/run``) runs more examples with no deadline, for
a slow shared machine, and derandomized: the same examples on every run, so that a build
fails for a change, not for a draw (a law broken by a rare draw is found by the ``dev``
runs, kept in their example database, and fixed or reported).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    suppress_health_check=(HealthCheck.too_slow, HealthCheck.data_too_large),
    print_blob=True,
    derandomize=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
