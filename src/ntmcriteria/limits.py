"""Every bound the library enforces, defined once.

A rule set or a unit comes from a province's file or another tool; these
limits keep any input, however built, from exhausting time or memory or
fooling a comparison. Each is checked where the value enters (a constructor,
the document loader, an assessment) and exceeding it raises the library's own
error, which names the limit and says what is allowed. ``docs/security.md``
lists them with what happens at each.
"""

from __future__ import annotations

__all__ = [
    "DEFAULT_MAX_DEPTH",
    "DEFAULT_MAX_SIZE",
    "MAX_CLASSIFICATION_RULES",
    "MAX_DERIVATION_DEPTH",
    "MAX_DIGITS",
    "MAX_EXACT_DIGITS",
    "MAX_EXPONENT",
    "MAX_INSTRUCTIONS",
    "MAX_MESSAGE",
    "MAX_PATH_COMBINATIONS",
    "MAX_PROBLEMS",
    "MAX_PROBLEM_LINE",
    "MAX_QUOTED",
    "MAX_RULE_DEPTH",
    "MAX_SHOWN_PROBLEMS",
    "MAX_SUGGESTED_NAME",
    "MAX_UNFOLDED_NODES",
    "MAX_WINDOW_YEARS",
    "MAX_WORK",
    "MAX_YEAR",
    "MIN_YEAR",
]

# -- rules and their evaluation ------------------------------------------------------------
#: Rule trees nested deeper than this are refused when built or loaded.
MAX_RULE_DEPTH = 64
#: A set derived (from a set derived from a set...) more times than this is refused.
MAX_DERIVATION_DEPTH = 64
#: The longest window ``held_each_year`` accepts (legal windows are a few years).
MAX_WINDOW_YEARS = 100
#: Rule nodes the criteria of one unit unfold into, before members are counted: each year
#: of a window, each referenced set once per year, each region override. Windows within
#: windows multiply; a set beyond this is refused when it is built or compiled.
MAX_UNFOLDED_NODES = 100_000
#: Node evaluations one assessment of one unit may cost (windows x members x nodes).
MAX_WORK = 2_000_000
#: The most instructions one compiled plan may hold.
MAX_INSTRUCTIONS = 1_000_000
#: Candidate combinations of changes the exact path-to-tier search may explore (the ways of
#: fixing any_of and at_least alternatives, shares and counts of members, merged where they
#: share facts); beyond it ``path_to_tier`` falls back to the greedy proposal, with a note.
MAX_PATH_COMBINATIONS = 20_000

# -- numbers ------------------------------------------------------------------------------
#: Significant digits a number given to the library (a fact, a threshold, a bound, a
#: factor, a parameter value) may have.
MAX_DIGITS = 100
#: The largest decimal exponent of a number given to the library, either way: its size is
#: at most 10**MAX_EXPONENT and its smallest nonzero digit at least 10**-MAX_EXPONENT
#: (in scientific notation d.ddd x 10**e, -MAX_EXPONENT <= e <= MAX_EXPONENT). Every
#: finite float is within it.
MAX_EXPONENT = 400
#: Digits an exact result computed from such numbers (a shortfall, a scaled threshold,
#: factor x baseline, a sum over members) may need, and the largest exponent it may have;
#: beyond it the computation raises the library's error rather than round. Below Python's
#: limit on writing ints as text (4,300 digits), so every result can be written.
MAX_EXACT_DIGITS = 4_000

# -- years --------------------------------------------------------------------------------
#: The earliest year the library accepts anywhere (a year assessed, a history year, a
#: recognition, a validity period, a year referred to).
MIN_YEAR = 1
#: The latest year accepted.
MAX_YEAR = 9_999

# -- documents ----------------------------------------------------------------------------
#: Deepest nesting of objects and arrays a document may have.
DEFAULT_MAX_DEPTH = 256
#: Largest JSON text accepted, in characters (or bytes when given bytes).
DEFAULT_MAX_SIZE = 10_000_000
#: Resolver rules one classification may have (an unknown outcome of each is settled by
#: trying both ways, so the work doubles with each rule whose outcome is unknown).
MAX_CLASSIFICATION_RULES = 8

#: Problems a loader collects before it stops reading a document.
MAX_PROBLEMS = 1_000
#: Problems listed in the message of a document's error (all collected are kept).
MAX_SHOWN_PROBLEMS = 50

# -- messages -----------------------------------------------------------------------------
#: Characters of a bad value quoted in an error message (a longer value is cut, with its
#: length given).
MAX_QUOTED = 80
#: Characters of one error message; a longer one keeps its start and its end.
MAX_MESSAGE = 4_000
#: Characters of one problem line in a document's error.
MAX_PROBLEM_LINE = 1_000
#: Names longer than this get no did-you-mean (its cost grows with their length).
MAX_SUGGESTED_NAME = 200
