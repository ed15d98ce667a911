"""Every bound the library enforces, defined once.

A rule set or a unit comes from a province's file or another tool; these
limits keep any input, however built, from exhausting time or memory. Each is
checked where the value enters (a constructor, the document loader, an
assessment) and exceeding it raises the library's own error, which names the
limit. ``docs/security.md`` lists them with what happens at each.
"""

from __future__ import annotations

__all__ = [
    "DEFAULT_MAX_DEPTH",
    "DEFAULT_MAX_SIZE",
    "MAX_CLASSIFICATION_RULES",
    "MAX_RULE_DEPTH",
    "MAX_WINDOW_YEARS",
    "MAX_WORK",
]

#: Rule trees nested deeper than this are refused when built or loaded.
MAX_RULE_DEPTH = 64
#: The longest window ``held_each_year`` accepts (legal windows are a few years).
MAX_WINDOW_YEARS = 100
#: Node evaluations one assessment of one unit may cost (windows x members x nodes).
MAX_WORK = 2_000_000
#: Deepest nesting of objects and arrays a document may have.
DEFAULT_MAX_DEPTH = 256
#: Largest JSON text accepted, in characters (or bytes when given bytes).
DEFAULT_MAX_SIZE = 10_000_000
#: Resolver rules one classification may have (an unknown outcome of each is settled by
#: trying both ways, so the work doubles with each rule whose outcome is unknown).
MAX_CLASSIFICATION_RULES = 8
