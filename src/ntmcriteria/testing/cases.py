"""A case runner: given these facts, expect these verdicts.

Cases are plain data (mappings of strings, numbers, lists), so a province can
keep them in YAML or JSON beside its rule set and load them at the edge::

    cases = [
        {"name": "Tam Thanh 2024", "year": 2024,
         "facts": {"income": 59.99}, "history": {2017: {"income": 40}},
         "recognitions": {"ntm": 2017},
         "villages": [{"code": "01", "facts": {"model_village": True}}],
         "parameters": {},
         "expect": {"income": "fail", "villages": "pass"}},
    ]
    check_cases(my_set, cases)

Keys of a case: ``name``, ``year`` (required), ``expect`` (criterion id ->
``pass``/``fail``/``unknown``), ``outcome`` (the whole set's), ``parameters``,
``note``, and either ``unit`` (a unit, or a mapping describing one) or the
unit's fields at the top level (``code``, ``name`` of the unit is the case name,
``region``, ``zone``, ``group``, ``facts``, ``history``, ``recognitions`` (tier ->
a year, or ``{"year": 2022, "decided": "2023-08-09", "decision": "..."}``),
``registers`` (closed registers: ``[{"tier": "ntm", "start": 2021, "end": 2025,
"level": "commune"}]``), ``villages``, ``communes``, ``districts``, ``townships``,
``wards``). A mismatch raises :class:`CaseMismatchError`, an ``AssertionError``
showing what differs and the explanation of the actual verdict.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from ntmcriteria._values import shown
from ntmcriteria.assessment import Assessment
from ntmcriteria.criteria import CriteriaSet
from ntmcriteria.errors import NTMTypeError, NTMValueError, UnknownNameError
from ntmcriteria.outcome import Outcome
from ntmcriteria.render._format import check_lang
from ntmcriteria.units import (
    Commune,
    District,
    Level,
    Province,
    Township,
    Unit,
    Village,
    Ward,
    to_register,
)

if TYPE_CHECKING:
    import pytest

__all__ = ["CaseMismatchError", "case_id", "check_case", "check_cases", "parametrize_cases",
           "unit_from_data"]

CASE_KEYS = ("name", "year", "expect", "outcome", "parameters", "note", "unit")
_CLASSES: dict[Level, type[Any]] = {Level.VILLAGE: Village, Level.COMMUNE: Commune,
                                    Level.TOWNSHIP: Township, Level.WARD: Ward,
                                    Level.DISTRICT: District, Level.PROVINCE: Province}
_CHILDREN = {"villages": Level.VILLAGE, "communes": Level.COMMUNE,
             "districts": Level.DISTRICT, "townships": Level.TOWNSHIP, "wards": Level.WARD}


class CaseMismatchError(AssertionError):
    """A case's expected verdicts differ from the assessment's.

    ``mismatches`` holds ``(case name, criterion id or "*", expected, actual)``;
    ``assessments`` the assessments of the failing cases.
    """

    def __init__(self, message: str, mismatches: tuple[tuple[str, str, Outcome, Outcome], ...],
                 assessments: tuple[Assessment, ...]) -> None:
        super().__init__(message)
        self.mismatches = mismatches
        self.assessments = assessments


def _outcome(value: object, where: str) -> Outcome:
    if isinstance(value, Outcome):
        return value
    if isinstance(value, str):
        for member in Outcome:
            if value.strip().lower() in (member.value, member.name.lower()):
                return member
    raise NTMValueError(f"{where} must be 'pass', 'fail' or 'unknown' (got {shown(value)})")


def unit_from_data(level: Level | str, data: Mapping[str, Any], where: str = "unit") -> Unit:
    """Build a unit of ``level`` from plain data (children from lists of mappings)."""
    lv = Level(level)
    cls = _CLASSES[lv]
    if not isinstance(data, Mapping):
        raise NTMTypeError(f"{where} must be a mapping of unit fields (got {type(data).__name__})")
    allowed = [f.name for f in attrs.fields(cls)]
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key not in allowed:
            raise UnknownNameError(f"{lv.value} field", str(key), allowed, where)
        if key in _CHILDREN:
            if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
                raise NTMTypeError(f"{where}.{key} must be a list of units "
                                   f"(got {type(value).__name__})")
            kwargs[key] = [
                item if isinstance(item, _CLASSES[_CHILDREN[key]])
                else unit_from_data(_CHILDREN[key], item, f"{where}.{key}[{index}]")
                for index, item in enumerate(value)
            ]
        elif key == "registers" and isinstance(value, Iterable) and not isinstance(
                value, str | bytes | Mapping):
            kwargs[key] = [to_register(item, f"{where}.registers[{index}]")
                           if isinstance(item, Mapping) else item
                           for index, item in enumerate(value)]
        else:
            kwargs[key] = value
    kwargs.setdefault("code", "case")
    return cls(**kwargs)  # type: ignore[no-any-return]


def case_id(case: Mapping[str, Any], index: int = 0) -> str:
    """A readable id for a case: its name, else ``case<index>``."""
    name = case.get("name") if isinstance(case, Mapping) else None
    return str(name) if name else f"case{index}"


def _unit_of(criteria_set: CriteriaSet, case: Mapping[str, Any], where: str) -> Unit:
    unit_fields = {k: v for k, v in case.items() if k not in CASE_KEYS}
    if "unit" in case:
        if unit_fields:
            raise NTMValueError(f"{where}: give the unit either as 'unit' or as top-level fields, "
                                f"not both (got 'unit' and {sorted(unit_fields)})")
        unit = case["unit"]
        if isinstance(unit, Mapping):
            return unit_from_data(criteria_set.level, unit, f"{where}.unit")
        return unit  # type: ignore[no-any-return]
    allowed = [f.name for f in attrs.fields(_CLASSES[criteria_set.level])]
    for key in unit_fields:
        if key not in allowed:
            raise UnknownNameError("case key", str(key), [*CASE_KEYS, *allowed], where)
    unit_fields.setdefault("code", str(case.get("name") or "case"))
    return unit_from_data(criteria_set.level, unit_fields, where)


def check_case(criteria_set: CriteriaSet, case: Mapping[str, Any], *, lang: str = "vi",
               index: int = 0) -> Assessment:
    """Assess one case; raise :class:`CaseMismatchError` if a verdict differs from ``expect``."""
    if not isinstance(criteria_set, CriteriaSet):
        raise NTMTypeError(
            f"criteria_set must be a CriteriaSet (got {type(criteria_set).__name__})")
    check_lang(lang)
    name = case_id(case, index)
    where = f"case {name!r}"
    if not isinstance(case, Mapping):
        raise NTMTypeError(f"{where} must be a mapping (got {type(case).__name__})")
    if "year" not in case:
        raise NTMValueError(f"{where} needs a 'year' (the assessment year)")
    expect = case.get("expect", {})
    if not isinstance(expect, Mapping):
        raise NTMTypeError(f"{where}.expect must map criterion ids to outcomes "
                           f"(got {type(expect).__name__})")
    known = [c.id for c in criteria_set.criteria]
    wanted: dict[str, Outcome] = {}
    for criterion_id, value in expect.items():
        if criterion_id not in known:
            raise UnknownNameError("criterion", str(criterion_id), known, f"{where}.expect")
        wanted[criterion_id] = _outcome(value, f"{where}.expect[{criterion_id!r}]")
    if "outcome" in case:
        wanted["*"] = _outcome(case["outcome"], f"{where}.outcome")
    if not wanted:
        raise NTMValueError(f"{where} expects nothing; give 'expect' and/or 'outcome'")
    parameters = case.get("parameters") or {}
    assessment = criteria_set.assess(_unit_of(criteria_set, case, where), year=case["year"],
                                     parameters=parameters)
    rows = []
    for criterion_id, expected in wanted.items():
        actual = (assessment.outcome if criterion_id == "*"
                  else assessment.result(criterion_id).outcome)
        rows.append((name, criterion_id, expected, actual))
    bad = tuple(row for row in rows if row[2] is not row[3])
    if bad:
        raise CaseMismatchError(_message(name, assessment, rows, lang), bad, (assessment,))
    return assessment


def _message(name: str, assessment: Assessment, rows: Sequence[tuple[str, str, Outcome, Outcome]],
             lang: str) -> str:
    wrong = sum(row[2] is not row[3] for row in rows)
    labels = ["(whole set)" if row[1] == "*" else row[1] for row in rows]
    width = max(len("criterion"), *(len(label) for label in labels))
    lines = [f"case {name!r} ({assessment.unit.level.value} {assessment.unit.code!r}, "
             f"year {assessment.year}): {wrong} of {len(rows)} expected verdicts differ",
             f"    {'criterion':<{width}}  {'expected':<8}  actual"]
    for (_, _, expected, actual), label in zip(rows, labels, strict=True):
        mark = "  " if expected is actual else "- "
        lines.append(f"  {mark}{label:<{width}}  {expected.value:<8}  {actual.value}")
    lines += ["", "Explanation of the actual verdict:", assessment.explain(lang)]
    return "\n".join(lines)


def check_cases(criteria_set: CriteriaSet, cases: Iterable[Mapping[str, Any]], *,
                lang: str = "vi") -> tuple[Assessment, ...]:
    """Check every case; raise one :class:`CaseMismatchError` listing all that differ."""
    if not isinstance(criteria_set, CriteriaSet):
        raise NTMTypeError(
            f"criteria_set must be a CriteriaSet (got {type(criteria_set).__name__})")
    if isinstance(cases, Mapping | str | bytes) or not isinstance(cases, Iterable):
        raise NTMTypeError(f"cases must be a list of case mappings "
                           f"(got {type(cases).__name__}: {shown(cases)})")
    check_lang(lang)
    done: list[Assessment] = []
    failures: list[CaseMismatchError] = []
    for index, case in enumerate(cases):
        try:
            done.append(check_case(criteria_set, case, lang=lang, index=index))
        except CaseMismatchError as exc:
            failures.append(exc)
    if failures:
        message = f"{len(failures)} of {len(done) + len(failures)} cases differ\n\n" + \
            "\n\n".join(str(f) for f in failures)
        raise CaseMismatchError(message, tuple(m for f in failures for m in f.mismatches),
                           tuple(a for f in failures for a in f.assessments))
    return tuple(done)


def parametrize_cases(cases: Sequence[Mapping[str, Any]], *,
                      argname: str = "case") -> pytest.MarkDecorator:
    """A ``pytest.mark.parametrize`` over ``cases`` with their names as test ids.

    Use it as::

        @parametrize_cases(load_my_cases())
        def test_case(case):
            check_case(MY_SET, case)
    """
    try:
        import pytest
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("parametrize_cases needs pytest (pip install pytest)") from exc
    if isinstance(cases, Mapping | str | bytes) or not isinstance(cases, Iterable):
        raise NTMTypeError(f"cases must be a list of case mappings "
                           f"(got {type(cases).__name__}: {shown(cases)})")
    items = list(cases)
    ids = [case_id(case, index) for index, case in enumerate(items)]
    return pytest.mark.parametrize(argname, items, ids=ids)
