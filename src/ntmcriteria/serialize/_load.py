"""Plain data -> citations, indicators, parameters, criteria, criteria sets and units."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, cast

from ntmcriteria._values import shown
from ntmcriteria.changes import AnyChange as Change
from ntmcriteria.citations import Citation, Confidence
from ntmcriteria.classifications import ClassFact, Classification, ClassRule, ClassValue
from ntmcriteria.criteria import (
    CriteriaSet,
    Criterion,
    Parameter,
    ParameterKind,
    PeriodLink,
    RegionOverride,
)
from ntmcriteria.errors import did_you_mean
from ntmcriteria.indicators import Indicator, Measure, ValueType
from ntmcriteria.limits import MAX_YEAR, MIN_YEAR
from ntmcriteria.recognition import RECOGNITION_DATES, Recognition
from ntmcriteria.rules import Expr, Rule, RuleTable
from ntmcriteria.serialize import _engine, _fieldkinds, _scalars
from ntmcriteria.serialize._errors import join_path
from ntmcriteria.serialize._load_base import BUILD_ERRORS, BaseLoader, describe
from ntmcriteria.serialize._names import (
    CRITERIA_SET_FORMAT,
    DECIMAL_PATTERN,
    PARAMETERS_FORMAT,
    UNIT_FORMAT,
    YEAR_KEY_PATTERN,
)
from ntmcriteria.thresholds import Schedule, Threshold
from ntmcriteria.units import (
    ClosedRegister,
    Commune,
    District,
    Level,
    Merger,
    Province,
    Region,
    Tier,
    Township,
    Village,
    Ward,
)

__all__ = ["Loader"]

_YEAR_KEY = re.compile(YEAR_KEY_PATTERN)
_DECIMAL = re.compile(DECIMAL_PATTERN)
_HEADER = ("format", "version")
#: A document may name its JSON Schema (editors read it); the loader only checks its type.
_SCHEMA_KEY = ("$schema",)
_SET_REQUIRED = ("id", "label_vi", "label_en", "level", "valid_from", "valid_to", "criteria")
_SET_OPTIONAL = (
    "member_level",
    "citation",
    "indicators",
    "parameters",
    "references",
    "region_overrides",
    "classifications",
    "derived_from",
    "derivation",
    "changes",
    "other_periods",
)
_CLASS_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")
_UNIT_COMMON = ("level", "code", "name", "facts", "history", "recognitions", "registers",
                "merged_from")
_UNIT_FIELDS: dict[Level, tuple[type[Any], tuple[str, ...], dict[str, Level]]] = {
    Level.VILLAGE: (Village, ("zone",), {}),
    Level.COMMUNE: (Commune, ("region", "zone", "group", "villages"),
                    {"villages": Level.VILLAGE}),
    Level.TOWNSHIP: (Township, ("region",), {}),
    Level.WARD: (Ward, ("region",), {}),
    Level.DISTRICT: (
        District,
        ("region", "communes", "townships"),
        {"communes": Level.COMMUNE, "townships": Level.TOWNSHIP},
    ),
    Level.PROVINCE: (
        Province,
        ("region", "districts", "communes", "wards"),
        {"districts": Level.DISTRICT, "communes": Level.COMMUNE, "wards": Level.WARD},
    ),
}


class Loader(BaseLoader):
    """Loads whole documents; see :mod:`ntmcriteria.serialize` for the format.

    Rules, expressions, thresholds and changes are loaded by the loaders generated from
    their kinds' declarations (:mod:`._engine`), run for this loader (its depth limit, and
    its record loaders for what a change holds); their problems are put at their path.
    """

    # -- generated kinds -------------------------------------------------------------
    def generated(self, family: str, data: object, path: str) -> Any:
        """A kind of ``family`` from ``data``, or ``None`` after recording the problems."""
        return self._run(lambda: _engine.load(_fieldkinds.family(family), data), path,
                         fresh=family == "rule")

    def kind(self, cls: type[Any], data: object, path: str) -> Any:
        """An object of the kind ``cls`` (e.g. a schedule), or ``None``."""
        return self._run(lambda: _engine.load_kind(_fieldkinds.kind_spec(cls), data), path)

    def _run(self, load: Callable[[], Any], path: str, fresh: bool = False) -> Any:
        saved = self.rule_depth
        if fresh:  # a rule held by a record (a criterion, a parameter) starts at depth 1
            self.rule_depth = 0
        try:
            with _engine.hosting(self):
                return load()
        except _engine.ProblemsError as failure:
            for where, message in failure.problems:
                self.add(path + where, message)
            return None
        finally:
            self.rule_depth = saved

    def rule(self, data: object, path: str) -> Rule | None:
        """A rule node; deeper than ``max_rule_depth`` is a problem (no recursion past it)."""
        rule: Rule | None = self.generated("rule", data, path)
        return rule

    def threshold(self, data: object, path: str) -> Threshold | None:
        """A bare number, true/false or decimal string, or a tagged threshold object."""
        threshold: Threshold | None = self.generated("threshold", data, path)
        return threshold

    def expr(self, data: object, path: str) -> Expr | None:
        expr: Expr | None = self.generated("expr", data, path)
        return expr

    def change(self, data: object, path: str) -> Change | None:
        return cast("Change | None", self.generated("change", data, path))

    # -- small records ---------------------------------------------------------------
    def citation(self, data: object, path: str) -> Citation | None:
        obj = self.fields(
            data,
            path,
            "a citation",
            ("document", "confidence"),
            ("date", "article", "note", "amends"),
        )
        if obj is None:
            return None
        mark = len(self.problems)
        document = self.text(obj["document"], join_path(path, "document"))
        confidence = self.member(
            obj["confidence"], join_path(path, "confidence"), Confidence, "a confidence"
        )
        rest = {k: self.opt_text(obj, k, path) for k in ("date", "article", "note", "amends")}
        if len(self.problems) > mark:
            return None
        return self.build(path, Citation, document=document, confidence=confidence, **rest)

    def indicator(self, data: object, path: str) -> Indicator | None:
        obj = self.fields(
            data,
            path,
            "an indicator",
            ("key", "label_vi", "label_en", "measure", "value_type"),
            ("minimum", "maximum", "note"),
        )
        if obj is None:
            return None
        mark = len(self.problems)
        kwargs: dict[str, Any] = {
            "key": self.text(obj["key"], join_path(path, "key"), "an indicator key"),
            "label_vi": self.text(obj["label_vi"], join_path(path, "label_vi")),
            "label_en": self.text(obj["label_en"], join_path(path, "label_en")),
            "measure": self.member(
                obj["measure"], join_path(path, "measure"), Measure, "a measure"
            ),
            "value_type": self.member(
                obj["value_type"], join_path(path, "value_type"), ValueType, "a value type"
            ),
            "note": self.opt_text(obj, "note", path),
        }
        for bound in ("minimum", "maximum"):
            if bound in obj and obj[bound] is not None:
                kwargs[bound] = self.number(obj[bound], join_path(path, bound))
        if len(self.problems) > mark:
            return None
        return self.build(path, Indicator, **kwargs)

    def parameter_value(self, data: object, path: str, kind: str | None = None) -> Any:
        """A parameter value: a number, true/false, a choice (a code), ``{"schedule": [...]}``,
        ``{"rule_table": [...]}`` or a rule."""
        if data is None:
            return None
        if kind == "choice" or (kind is None and isinstance(data, str)
                                and not _DECIMAL.match(data)):
            return self.text(data, path, "a classification code as a string")
        if isinstance(data, Mapping) and "schedule" in data and kind != "rule":
            return self.kind(Schedule, data, path)
        if isinstance(data, Mapping) and "rule_table" in data and kind != "value":
            return self.rule_table(data, path)
        if isinstance(data, Mapping) or kind == "rule":
            if kind == "value":
                self.add(
                    path,
                    'expected a value, true/false or {"schedule": [...]} for a '
                    f"value parameter (got {describe(data)})",
                )
                return None
            return self.rule(data, path)
        return self.value(data, path)

    def parameter(self, data: object, path: str) -> Parameter | None:
        obj = self.fields(
            data,
            path,
            "a parameter",
            ("name", "label_vi", "label_en", "citation"),
            ("kind", "measure", "keyed_by", "default"),
        )
        if obj is None:
            return None
        mark = len(self.problems)
        kind = (
            ParameterKind.VALUE
            if "kind" not in obj
            else self.member(
                obj["kind"], join_path(path, "kind"), ParameterKind, "a parameter kind"
            )
        )
        kwargs: dict[str, Any] = {
            "name": self.ident(obj["name"], join_path(path, "name"), "parameter name"),
            "label_vi": self.text(obj["label_vi"], join_path(path, "label_vi")),
            "label_en": self.text(obj["label_en"], join_path(path, "label_en")),
            "citation": self.citation(obj["citation"], join_path(path, "citation")),
            "kind": kind.value if kind is not None else "value",
        }
        if obj.get("measure") is not None:
            kwargs["measure"] = self.member(
                obj["measure"], join_path(path, "measure"), Measure, "a measure"
            )
        if "keyed_by" in obj:
            keys = self.each(
                obj["keyed_by"], join_path(path, "keyed_by"),
                "'year' or classification names", self._keyed_by
            )
            kwargs["keyed_by"] = keys
        if "default" in obj and kind is not None:
            kwargs["default"] = self.parameter_value(
                obj["default"], join_path(path, "default"), kind.value
            )
        if len(self.problems) > mark:
            return None
        return self.build(path, Parameter, **kwargs)

    def _keyed_by(self, data: object, path: str) -> str | None:
        if not isinstance(data, str) or not _CLASS_NAME.match(data):
            self.add(path, f"expected 'year' or a classification name such as 'region' or "
                           f"'group' (got {describe(data)})")
            return None
        return data

    def rule_table(self, data: object, path: str) -> RuleTable | None:
        """``{"rule_table": [{"group": "1", "rule": {...}}, ...]}``."""
        obj = self.fields(data, path, "a rule table", ("rule_table",))
        if obj is None:
            return None
        where = join_path(path, "rule_table")
        items = self.array(obj["rule_table"], where, "rule table entries", nonempty=True)
        if items is None:
            return None
        mark = len(self.problems)
        entries = []
        for index, item in enumerate(items):
            at = join_path(where, index)
            if not isinstance(item, Mapping):
                self.add(at, f"expected a rule table entry as an object (got {describe(item)})")
                continue
            if "rule" not in item:
                self.add(join_path(at, "rule"), "a rule table entry is missing the required "
                                                "key 'rule'")
                continue
            codes = []
            for key, code in item.items():
                if key == "rule":
                    continue
                if not isinstance(key, str) or not _CLASS_NAME.match(key) or key == "year":
                    self.add(join_path(at, str(key)), f"expected a classification name such "
                                                      f"as 'group' (got {describe(key)})")
                    continue
                text = self.text(code, join_path(at, key), "a code as a string")
                if text is not None:
                    codes.append((key, text))
            rule = self.rule(item["rule"], join_path(at, "rule"))
            if not codes:
                self.add(at, "a rule table entry needs the code of a classification "
                             "(such as \"group\": \"1\")")
            if rule is not None and codes:
                entries.append((tuple(codes), rule))
        if len(self.problems) > mark:
            return None
        return self.build(path, RuleTable, tuple(entries))

    def class_rule(self, data: object, path: str) -> ClassRule | None:
        obj = self.fields(data, path, "a classification rule", ("value", "when", "citation"))
        if obj is None:
            return None
        mark = len(self.problems)
        value = self.text(obj["value"], join_path(path, "value"), "a code as a string")
        when = self.rule(obj["when"], join_path(path, "when"))
        citation = self.citation(obj["citation"], join_path(path, "citation"))
        if len(self.problems) > mark:
            return None
        return self.build(path, ClassRule, value=value, when=when, citation=citation)

    def class_value(self, data: object, path: str) -> ClassValue | None:
        obj = self.fields(data, path, "a classification value", ("code", "label_vi", "label_en"))
        if obj is None:
            return None
        mark = len(self.problems)
        kwargs = {k: self.text(obj[k], join_path(path, k)) for k in ("code", "label_vi",
                                                                     "label_en")}
        if len(self.problems) > mark:
            return None
        return self.build(path, ClassValue, **kwargs)

    def classification(self, data: object, path: str) -> Classification | None:
        obj = self.fields(data, path, "a classification", ("name", "label_vi", "label_en",
                                                           "values"),
                          ("field", "overrides", "rules", "residual", "conflict_parameter",
                           "citation", "stated"))
        if obj is None:
            return None
        mark = len(self.problems)
        kwargs: dict[str, Any] = {
            k: self.text(obj[k], join_path(path, k)) for k in ("name", "label_vi", "label_en")}
        kwargs["values"] = self.each(obj["values"], join_path(path, "values"),
                                     "classification values", self.class_value, nonempty=True)
        for name in ("overrides", "rules"):
            if name in obj:
                kwargs[name] = self.each(obj[name], join_path(path, name),
                                         "classification rules", self.class_rule)
        for name in ("field", "residual", "conflict_parameter"):
            if obj.get(name) is not None:
                kwargs[name] = self.text(obj[name], join_path(path, name))
        if obj.get("citation") is not None:
            kwargs["citation"] = self.citation(obj["citation"], join_path(path, "citation"))
        if "stated" in obj:
            kwargs["stated"] = self.each(obj["stated"], join_path(path, "stated"),
                                         "stated facts", self.class_fact)
        if len(self.problems) > mark:
            return None
        return self.build(path, Classification, **kwargs)

    def class_fact(self, data: object, path: str) -> ClassFact | None:
        obj = self.fields(data, path, "a stated fact", ("key", "value"))
        if obj is None:
            return None
        mark = len(self.problems)
        kwargs = {k: self.text(obj[k], join_path(path, k)) for k in ("key", "value")}
        if len(self.problems) > mark:
            return None
        return self.build(path, ClassFact, **kwargs)

    def period_link(self, data: object, path: str) -> PeriodLink | None:
        obj = self.fields(data, path, "a link to another period",
                          ("set_id", "valid_from", "valid_to", "citation"))
        if obj is None:
            return None
        mark = len(self.problems)
        kwargs: dict[str, Any] = {
            "set_id": self.text(obj["set_id"], join_path(path, "set_id"), "a set id"),
            "valid_from": self.integer(obj["valid_from"], join_path(path, "valid_from"),
                                       "a year"),
            "valid_to": self.integer(obj["valid_to"], join_path(path, "valid_to"), "a year"),
            "citation": self.citation(obj["citation"], join_path(path, "citation")),
        }
        if len(self.problems) > mark:
            return None
        return self.build(path, PeriodLink, **kwargs)

    def criterion(self, data: object, path: str) -> Criterion | None:
        mark = len(self.problems)
        obj = self.fields(
            data,
            path,
            "a criterion",
            ("id", "number", "label_vi", "label_en", "rule", "citation"),
            ("group",),
            partial=True,
        )
        if obj is None:
            return None
        kwargs: dict[str, Any] = {
            name: self.text(obj[name], join_path(path, name))
            for name in ("number", "label_vi", "label_en")
            if name in obj
        }
        if "id" in obj:
            kwargs["id"] = self.ident(obj["id"], join_path(path, "id"), "criterion id")
        kwargs["group"] = self.opt_text(obj, "group", path)
        if "rule" in obj:
            kwargs["rule"] = self.rule(obj["rule"], join_path(path, "rule"))
        if "citation" in obj:
            kwargs["citation"] = self.citation(obj["citation"], join_path(path, "citation"))
        if len(self.problems) > mark:
            return None
        return self.build(path, Criterion, **kwargs)

    def region_override(self, data: object, path: str) -> RegionOverride | None:
        obj = self.fields(data, path, "a region override", ("when", "region", "citation"))
        if obj is None:
            return None
        mark = len(self.problems)
        when = self.rule(obj["when"], join_path(path, "when"))
        region = self.member(obj["region"], join_path(path, "region"), Region, "a region")
        citation = self.citation(obj["citation"], join_path(path, "citation"))
        if len(self.problems) > mark:
            return None
        return self.build(path, RegionOverride, when=when, region=region, citation=citation)

    # -- criteria sets ---------------------------------------------------------------
    def criteria_set(self, data: object, path: str, top: bool = False) -> CriteriaSet | None:
        """A criteria set; the format header is required at the top, optional when nested."""
        required = (*_HEADER, *_SET_REQUIRED) if top else _SET_REQUIRED
        optional = ((*_SET_OPTIONAL, *_SCHEMA_KEY) if top
                    else (*_SET_OPTIONAL, *_HEADER, *_SCHEMA_KEY))
        mark = len(self.problems)
        obj = self.fields(data, path, "a criteria set", required, optional, partial=True)
        if obj is None:
            return None
        self.header(obj, path, CRITERIA_SET_FORMAT)
        kwargs: dict[str, Any] = {
            name: self.text(obj[name], join_path(path, name))
            for name in ("label_vi", "label_en")
            if name in obj
        }
        if "id" in obj:
            kwargs["id"] = self.ident(obj["id"], join_path(path, "id"), "criteria set id")
        if "level" in obj:
            kwargs["level"] = self.member(obj["level"], join_path(path, "level"), Level, "a level")
        if obj.get("member_level") is not None:
            kwargs["member_level"] = self.member(obj["member_level"],
                                                 join_path(path, "member_level"), Level,
                                                 "a level")
        for name in ("valid_from", "valid_to"):
            if name in obj:
                kwargs[name] = self.integer(obj[name], join_path(path, name), "a year",
                                            MIN_YEAR, MAX_YEAR)
        if obj.get("citation") is not None:
            kwargs["citation"] = self.citation(obj["citation"], join_path(path, "citation"))
        if obj.get("derived_from") is not None:
            kwargs["derived_from"] = self.text(
                obj["derived_from"], join_path(path, "derived_from"), "a set id"
            )
        if obj.get("derivation") is not None:
            kwargs["derivation"] = self.each(
                obj["derivation"], join_path(path, "derivation"), "derivation",
                lambda item, where: self.text(item, where, "a set id"))
        # In the order documents are written, so that problems are listed in that order.
        lists: dict[str, Callable[[Any, str], Any]] = {
            "indicators": self.indicator,
            "parameters": self.parameter,
            "references": self.criteria_set,
            "region_overrides": self.region_override,
            "classifications": self.classification,
            "criteria": self.criterion,
            "changes": self.change,
            "other_periods": self.period_link,
        }
        for name, load in lists.items():
            if name in obj:
                kwargs[name] = self.each(obj[name], join_path(path, name), name, load)
        if len(self.problems) > mark:
            return None
        try:
            return CriteriaSet(**kwargs)
        except BUILD_ERRORS as exc:
            self._locate_set_error(kwargs, path, exc)
            return None

    def _locate_set_error(self, kwargs: dict[str, Any], path: str, exc: Exception) -> None:
        """Report a set-level error at the criteria it concerns, when that can be found."""
        mark = len(self.problems)
        criteria: tuple[Criterion, ...] = kwargs.get("criteria", ())
        seen: dict[str, int] = {}
        for index, criterion in enumerate(criteria):
            if criterion.id in seen:
                self.add(
                    join_path(join_path(join_path(path, "criteria"), index), "id"),
                    f"the criterion id {shown(criterion.id)} is already used by "
                    f"criteria[{seen[criterion.id]}]",
                )
            seen.setdefault(criterion.id, index)
        try:
            skeleton = CriteriaSet(**{**kwargs, "criteria": ()})
        except BUILD_ERRORS:
            skeleton = None
        if skeleton is not None:
            for index, criterion in enumerate(criteria):
                where = join_path(join_path(join_path(path, "criteria"), index), "rule")
                try:
                    skeleton.validate_rule(criterion.rule, f"criterion {criterion.id!r}")
                except BUILD_ERRORS as inner:
                    self.add(where, str(inner))
        if len(self.problems) == mark:
            self.add(path, str(exc))

    # -- units -----------------------------------------------------------------------
    def unit(
        self, data: object, path: str, expected: Level | None = None, top: bool = False
    ) -> Any:
        """A unit of any level (``level`` says which) with its members."""
        if not isinstance(data, Mapping):
            self.add(path, f"expected a unit as an object (got {describe(data)})")
            return None
        if "level" not in data:
            self.add(join_path(path, "level"), "a unit is missing the required key 'level'")
            return None
        level = self.member(data["level"], join_path(path, "level"), Level, "a level")
        if level is None:
            return None
        if expected is not None and level is not expected:
            self.add(
                join_path(path, "level"), f"expected {expected.value!r} here (got {level.value!r})"
            )
            return None
        cls, extra, children = _UNIT_FIELDS[level]
        required = (*_HEADER, "level", "code") if top else ("level", "code")
        optional = (*_UNIT_COMMON[2:], *extra, *_SCHEMA_KEY) + (() if top else _HEADER)
        obj = self.fields(data, path, f"a {level.value}", required, optional)
        if obj is None:
            return None
        mark = len(self.problems)
        self.header(obj, path, UNIT_FORMAT)
        kwargs: dict[str, Any] = {
            "code": self.text(obj["code"], join_path(path, "code"), "a code as a string")
        }
        for name in ("name", "zone", "group"):
            if obj.get(name) is not None:
                kwargs[name] = self.text(obj[name], join_path(path, name))
        if obj.get("merged_from") is not None:
            kwargs["merged_from"] = self.merger(obj["merged_from"],
                                                join_path(path, "merged_from"))
        if obj.get("region") is not None:
            kwargs["region"] = self.member(
                obj["region"], join_path(path, "region"), Region, "a region"
            )
        if "facts" in obj:
            kwargs["facts"] = self.facts(obj["facts"], join_path(path, "facts"))
        if "history" in obj:
            kwargs["history"] = self.history(obj["history"], join_path(path, "history"))
        if "recognitions" in obj:
            kwargs["recognitions"] = self.recognitions(
                obj["recognitions"], join_path(path, "recognitions")
            )
        if "registers" in obj:
            kwargs["registers"] = self.each(obj["registers"], join_path(path, "registers"),
                                            "closed registers", self.register)
        for name, child_level in children.items():
            if name in obj:
                kwargs[name] = self.each(
                    obj[name],
                    join_path(path, name),
                    f"{child_level.value} units",
                    self._child(child_level),
                )
        if len(self.problems) > mark:
            return None
        return self.build(path, cls, **kwargs)

    def merger(self, data: object, path: str) -> Merger | None:
        """``{"date": "2025-07-01", "units": [...], "citation": {...}}``."""
        obj = self.fields(data, path, "a merger", ("date", "units"), ("citation",))
        if obj is None:
            return None
        mark = len(self.problems)
        date = self.text(obj["date"], join_path(path, "date"), "an ISO date such as "
                                                               "'2025-07-01'")
        units = self.each(obj["units"], join_path(path, "units"), "units",
                          lambda item, where: self.unit(item, where), nonempty=True)
        citation = None
        if obj.get("citation") is not None:
            citation = self.citation(obj["citation"], join_path(path, "citation"))
        if len(self.problems) > mark:
            return None
        return self.build(path, Merger, date=date, units=units, citation=citation)

    def _child(self, level: Level) -> Callable[[Any, str], Any]:
        def load(item: Any, where: str) -> Any:
            return self.unit(item, where, level)

        return load

    def facts(self, data: object, path: str) -> dict[str, Any] | None:
        if not isinstance(data, Mapping):
            self.add(
                path,
                f"expected facts as an object of indicator key to value (got {describe(data)})",
            )
            return None
        mark = len(self.problems)
        out: dict[str, Any] = {}
        for key, value in data.items():
            if not isinstance(key, str):
                self.add(path, f"fact keys must be strings (got {describe(key)})")
                continue
            if value is None:
                continue  # null is a missing fact
            out[key] = self.value(value, join_path(path, key))
        return out if len(self.problems) == mark else None

    def history(self, data: object, path: str) -> dict[int, Any] | None:
        if not isinstance(data, Mapping):
            self.add(path, f"expected history as an object of year to facts (got {describe(data)})")
            return None
        mark = len(self.problems)
        out: dict[int, Any] = {}
        for key, facts in data.items():
            year = self._year_key(key, path)
            where = join_path(path, key if isinstance(key, str) else shown(key))
            values = self.facts(facts, where)
            if year is not None and values is not None:
                if year in out:
                    self.add(where, f"the year {year} is given twice")
                out[year] = values
        return out if len(self.problems) == mark else None

    def _year_key(self, key: object, path: str) -> int | None:
        year: int | None = None
        if isinstance(key, int) and not isinstance(key, bool):
            year = int.__int__(key)
        elif isinstance(key, str) and _YEAR_KEY.match(key):
            year = int(key)
        if year is not None and MIN_YEAR <= year <= MAX_YEAR:
            return year
        self.add(
            join_path(path, key if isinstance(key, str) else shown(key)),
            f'history keys must be years from {MIN_YEAR} to {MAX_YEAR} written as strings such '
            f'as "2021" (got {describe(key)})',
        )
        return None

    def recognitions(self, data: object, path: str) -> dict[Tier, Recognition] | None:
        """``{"ntm": 2022}`` (the year recognised for) or ``{"ntm": {"year": 2022,
        "decided": "2023-08-09", "decision": "..."}}``."""
        if not isinstance(data, Mapping):
            self.add(
                path, f"expected recognitions as an object of tier to year or recognition "
                      f"(got {describe(data)})"
            )
            return None
        mark = len(self.problems)
        out: dict[Tier, Recognition] = {}
        for key, item in data.items():
            where = join_path(path, key if isinstance(key, str) else shown(key))
            tier = self.member(key, where, Tier, "a tier")
            value = self.recognition(item, where)
            if tier is not None and value is not None:
                out[tier] = value
        return out if len(self.problems) == mark else None

    def recognition(self, data: object, path: str) -> Recognition | None:
        if not isinstance(data, Mapping):
            year = self.integer(data, path, "a year or a recognition object", MIN_YEAR,
                                MAX_YEAR)
            return None if year is None else Recognition(year)
        obj = self.fields(data, path, "a recognition", ("year",), ("decided", "decision"))
        if obj is None:
            return None
        mark = len(self.problems)
        year = self.integer(obj["year"], join_path(path, "year"), "a year", MIN_YEAR, MAX_YEAR)
        decided = decision = None
        if obj.get("decided") is not None:
            decided = self.text(obj["decided"], join_path(path, "decided"),
                                "an ISO date such as '2023-08-09'")
        if obj.get("decision") is not None:
            decision = self.text(obj["decision"], join_path(path, "decision"),
                                 "a decision reference (a string)")
        if len(self.problems) > mark:
            return None
        return self.build(path, Recognition, year, decided, decision)

    def register(self, data: object, path: str) -> ClosedRegister | None:
        """``{"tier": "ntm", "start": 2021, "end": 2025, "level": "commune", "by": "year"}``."""
        obj = self.fields(data, path, "a closed register", ("tier", "start", "end"),
                          ("level", "by"))
        if obj is None:
            return None
        mark = len(self.problems)
        tier = self.member(obj["tier"], join_path(path, "tier"), Tier, "a tier")
        start = self.integer(obj["start"], join_path(path, "start"), "a year", MIN_YEAR,
                             MAX_YEAR)
        end = self.integer(obj["end"], join_path(path, "end"), "a year", MIN_YEAR, MAX_YEAR)
        level = None
        if obj.get("level") is not None:
            level = self.member(obj["level"], join_path(path, "level"), Level, "a level")
        by = "year"
        if obj.get("by") is not None:
            found = self._check(join_path(path, "by"), lambda: _scalars.member(
                obj["by"], list(RECOGNITION_DATES), "'year' or 'decided'"))
            by = found if found is not None else by
        if len(self.problems) > mark:
            return None
        return self.build(path, ClosedRegister, tier, start, end, level, by)

    # -- parameter documents -----------------------------------------------------------
    def parameters(self, data: object, path: str, criteria_set: CriteriaSet
                   ) -> dict[str, Any] | None:
        """Values for ``criteria_set``'s parameters, checked against their declarations."""
        obj = self.fields(data, path, "a parameters document",
                          ("format", "version", "criteria_set", "values"), ("source",))
        if obj is None:
            return None
        mark = len(self.problems)
        self.header(obj, path, PARAMETERS_FORMAT)
        set_id = self.text(obj["criteria_set"], join_path(path, "criteria_set"), "a set id")
        if set_id is not None and not criteria_set.derives_from(set_id):
            self.add(join_path(path, "criteria_set"),
                     f"these values are for the criteria set {set_id!r}, not for "
                     f"{criteria_set.id!r}")
        if obj.get("source") is not None:
            self.citation(obj["source"], join_path(path, "source"))
        values = obj["values"]
        where = join_path(path, "values")
        if not isinstance(values, Mapping):
            self.add(where, f"expected the values as an object of parameter name to value "
                            f"(got {describe(values)})")
            return None
        declared = criteria_set.all_parameters
        out: dict[str, Any] = {}
        for name, raw in values.items():
            at = join_path(where, str(name))
            declaration = declared.get(name) if isinstance(name, str) else None
            if declaration is None:
                self.add(at, f"unknown parameter {name!r} of criteria set {criteria_set.id!r}"
                             f"{did_you_mean(str(name), declared)}")
                continue
            value = self.parameter_value(raw, at, declaration.kind)
            if value is None:
                continue
            try:
                out.update(criteria_set.resolve_parameters({name: value}))
            except BUILD_ERRORS as exc:
                self.add(at, str(exc))
        if len(self.problems) > mark:
            return None
        return out
