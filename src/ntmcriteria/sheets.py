"""Parameter sheets: the values a criteria set needs, as a sheet a province fills in.

The national sets leave most thresholds to parameters (no number is invented):
the income level by region and year, the poverty ceiling by region, the rules
of criteria whose indicator tables are not encoded... :func:`parameter_sheet`
lists every parameter a set (and the sets it refers to) needs and has no value
for, one row per key (region, commune group, zone..., year), with its labels, unit,
the citation where the value is to be found and an empty value column. Besides the
region and the year, the sheet has a column per classification the set declares
(headed by its label, its key the classification's name: ``group``, ``zone``); a
code read back is matched to the classification's values ignoring case.
:func:`read_parameter_sheet` reads the filled sheet back into a *derived* set:
each parameter given a value is a recorded change
(:class:`~ntmcriteria.changes.SetParameter`) citing the source the sheet names
(its ``source`` column, or ``source=``); cells left empty stay missing. A value
of the wrong type or unit, a key that does not exist, a parameter the set does
not declare, or a row of another set's sheet is an error naming the row — all
of them in one :class:`~ntmcriteria.tables.problems.TableError`::

    text = parameter_sheet_csv(national)            # fill it in a spreadsheet...
    provincial = read_parameter_sheet(national, filled_text, id="qn.commune.ntm")
    completeness(provincial, region="DHNTB").explain()

A rule parameter (a criterion whose indicator table is not encoded) takes
``thẩm định`` (judge the criterion by the appraisal verdict, the yes/no fact
``<...>.appraised``, where the set declares it) or a rule as a JSON document; keyed
by a classification, the rows filled make a rule table of those codes. A choice
parameter takes a code of the classification it settles (its row lists them).
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, overload

import attrs

from ntmcriteria._values import check_lang
from ntmcriteria.analysis.parameter_keys import (
    DIMENSIONS,
    ParameterKey,
    declaring_set,
    entry_key,
    missing_keys,
    parameter_keys,
    schedule_key,
    table_key,
)
from ntmcriteria.changes import Change, SetParameter
from ntmcriteria.citations import Citation, Confidence
from ntmcriteria.classifications import Classification, ClassValue
from ntmcriteria.criteria import CriteriaSet, Parameter
from ntmcriteria.errors import NTMError, NTMTypeError, NTMValueError, did_you_mean
from ntmcriteria.indicators import Measure
from ntmcriteria.rules import Rule, RuleTable, yes
from ntmcriteria.tables.cells import (
    CellError,
    format_cell,
    is_missing,
    parse_number,
    read_boolean,
    read_region,
    read_text,
    read_year,
)
from ntmcriteria.tables.columns import fold
from ntmcriteria.tables.csvtext import write_csv
from ntmcriteria.tables.problems import CellProblem, TableError
from ntmcriteria.tables.table import Table, TableLike, as_table
from ntmcriteria.thresholds import REGION, Schedule

__all__ = ["APPRAISAL_WORDS", "SHEET_FIELDS", "SHEET_HEADERS", "ParameterSheet",
           "parameter_sheet", "parameter_sheet_csv", "read_parameter_sheet", "sheet_classes",
           "sheet_fields"]

#: The keys of a sheet's rows, in column order, for a set that knows only the region (a
#: set's other classifications have their columns before ``year``: :func:`sheet_fields`).
SHEET_FIELDS = ("criteria_set", "parameter", "label_vi", "label_en", "kind", "unit",
                "keyed_by", *DIMENSIONS, "value", "current", "source", "article", "confidence",
                "where_to_find", "note")
#: The column headers of a sheet in Vietnamese and English (the keys are accepted too).
SHEET_HEADERS: Mapping[str, Mapping[str, str]] = {
    "vi": {"criteria_set": "Bộ tiêu chí", "parameter": "Tham số",
           "label_vi": "Tên tham số", "label_en": "Tên tiếng Anh", "kind": "Loại",
           "unit": "Đơn vị tính", "keyed_by": "Theo", "region": "Vùng", "year": "Năm",
           "value": "Giá trị", "current": "Giá trị hiện có",
           "source": "Văn bản quy định giá trị", "article": "Điều, khoản",
           "confidence": "Độ tin cậy", "where_to_find": "Nơi tìm giá trị",
           "note": "Ghi chú"},
    "en": {"criteria_set": "Criteria set", "parameter": "Parameter",
           "label_vi": "Vietnamese name", "label_en": "Name", "kind": "Kind",
           "unit": "Unit", "keyed_by": "Keyed by", "region": "Region", "year": "Year",
           "value": "Value", "current": "Current value",
           "source": "Document setting the value", "article": "Article",
           "confidence": "Confidence", "where_to_find": "Where to find the value",
           "note": "Note"},
}
#: What a rule parameter's cell says to judge the criterion by its appraisal verdict.
APPRAISAL_WORDS = frozenset({"thẩm định", "tham dinh", "theo thẩm định", "appraisal",
                             "appraised"})
_KINDS = {"value": ("giá trị", "value"), "rule": ("quy tắc", "rule"),
          "choice": ("lựa chọn", "choice")}
_DIMENSION_WORDS = {"region": ("vùng", "region"), "year": ("năm", "year")}
_UNIT_WORDS = {Measure.COUNT: ("số lượng", "count"), Measure.YES_NO: ("có/không", "yes/no"),
               Measure.YEAR: ("năm", "year")}


# ------------------------------------------------------------------ columns
def sheet_classes(criteria_set: CriteriaSet) -> tuple[Classification, ...]:
    """The classifications with a column in the sheet of ``criteria_set``: every one it
    (or a set it refers to) declares, the region apart (it has its own column)."""
    classes = tuple(c for name, c in criteria_set.classification_map.items() if name != REGION)
    for c in classes:
        if c.name in SHEET_FIELDS:
            raise NTMValueError(
                f"criteria set {criteria_set.id!r}: the classification {c.name!r} has the name "
                f"of a parameter-sheet column; rename it (the sheet's columns are "
                f"{', '.join(SHEET_FIELDS)})")
    return classes


def _fields(classes: Iterable[str]) -> tuple[str, ...]:
    at = SHEET_FIELDS.index("year")
    return (*SHEET_FIELDS[:at], *classes, *SHEET_FIELDS[at:])


def sheet_fields(criteria_set: CriteriaSet) -> tuple[str, ...]:
    """The keys of the rows of the sheet of ``criteria_set``, in column order:
    :data:`SHEET_FIELDS` with a column per classification (:func:`sheet_classes`) between
    the region and the year."""
    return _fields(c.name for c in sheet_classes(criteria_set))


def _heading(label: str) -> str:
    """A classification's label as a column header: its first letter capitalised."""
    return label[:1].upper() + label[1:]


def _choices(criteria_set: CriteriaSet, name: str) -> tuple[ClassValue, ...]:
    """The values a choice parameter may take: those of the classifications it settles."""
    out: dict[str, ClassValue] = {}
    for c in criteria_set.classification_map.values():
        if c.conflict_parameter == name:
            out.update((v.code, v) for v in c.values)
    return tuple(out.values())


# ------------------------------------------------------------------ writing
def _unit_text(measure: Measure | None, lang: str) -> str:
    if measure is None:
        return ""
    symbol = measure.symbol_vi if lang == "vi" else measure.symbol_en
    if symbol:
        return symbol
    vi, en = _UNIT_WORDS.get(measure, ("", ""))
    return vi if lang == "vi" else en


def _appraisal_rule(criteria_set: CriteriaSet, name: str) -> Rule | None:
    """``yes("<stem>.appraised")`` for a rule parameter ``<stem>.rule`` whose declaring set
    declares that indicator (the catalog's appraisal convention)."""
    if not name.endswith(".rule"):
        return None
    key = name.removesuffix(".rule") + ".appraised"
    owner = criteria_set.parameter_owner(name)
    return yes(key) if key in owner.indicator_map else None


def _current(value: object, key: ParameterKey) -> object:
    if value is None:
        return None
    if isinstance(value, Schedule):
        wanted = entry_key(value, key)
        return next((number for entry, number in value.entries if entry == wanted), None)
    if isinstance(value, RuleTable):
        codes = table_key(key, value.by)
        value = next((rule for entry, rule in value.entries if entry == codes), None)
        if value is None:
            return None
    if isinstance(value, Rule):  # as the value column takes it: a rule as JSON, no repr
        from ntmcriteria.serialize import rule_to_data

        return json.dumps(rule_to_data(value), ensure_ascii=False, sort_keys=True)
    return value


@attrs.frozen(kw_only=True, eq=False)
class ParameterSheet(Sequence[dict[str, Any]]):
    """The rows of a parameter sheet (keys :data:`SHEET_FIELDS`), one per parameter and
    key, as :func:`parameter_sheet` gives them: a sequence of row mappings, with the
    sheet as CSV text (:meth:`to_csv`) and as an HTML table in notebooks."""

    criteria_set_id: str
    rows: tuple[dict[str, Any], ...]
    lang: str = "vi"
    missing_only: bool = True
    #: the classifications with a column (name, Vietnamese label, English label), between
    #: the region and the year
    classes: tuple[tuple[str, str, str], ...] = ()

    @property
    def fields(self) -> tuple[str, ...]:
        """The keys of the rows, in column order."""
        return _fields(name for name, _, _ in self.classes)

    def headers(self, lang: str | None = None) -> dict[str, str]:
        """Field -> column header in ``lang`` (default: the sheet's language)."""
        vi = check_lang(lang or self.lang) == "vi"
        return {**SHEET_HEADERS["vi" if vi else "en"],
                **{name: label_vi if vi else label_en
                   for name, label_vi, label_en in self.classes}}

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[dict[str, Any]]: ...

    def __getitem__(self, index: int | slice) -> dict[str, Any] | Sequence[dict[str, Any]]:
        return self.rows[index]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.rows)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ParameterSheet):
            return (self.criteria_set_id, self.rows) == (other.criteria_set_id, other.rows)
        if isinstance(other, list | tuple):
            return list(self.rows) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    @property
    def parameters(self) -> tuple[str, ...]:
        """The names of the parameters listed, each once, in order."""
        return tuple(dict.fromkeys(row["parameter"] for row in self.rows))

    def to_csv(self, *, decimal: str = ",", headers: str = "labels") -> str:
        """The sheet as CSV text; ``headers="labels"`` (in the sheet's language) or
        ``"keys"``."""
        if headers not in ("labels", "keys"):
            raise NTMTypeError(f"headers must be 'labels' or 'keys' (got {headers!r:.40})")
        fields = self.fields
        names = self.headers() if headers == "labels" else {f: f for f in fields}
        return write_csv([names[f] for f in fields],
                         ([format_cell(row[f], decimal, self.lang) for f in fields]
                          for row in self.rows))

    def to_html(self) -> str:
        """The sheet as an HTML table (:func:`ntmcriteria.render.parameter_sheet.
        parameter_sheet_html`)."""
        from ntmcriteria.render.parameter_sheet import parameter_sheet_html

        return parameter_sheet_html(self)

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        what = "to fill" if self.missing_only else "in all"
        return (f"<ParameterSheet of {self.criteria_set_id!r}: {len(self.rows)} rows {what}, "
                f"{len(self.parameters)} parameters>")


def parameter_sheet(criteria_set: CriteriaSet, *, lang: str = "vi", missing_only: bool = True
                    ) -> ParameterSheet:
    """The parameter sheet of ``criteria_set``: its rows (keys :data:`SHEET_FIELDS`).

    One row per parameter and key (region, group, zone..., year) the set has no value
    for, a column per classification of the set (:func:`sheet_fields`); with
    ``missing_only=False`` every parameter and key, with its ``current`` value (a
    rule as JSON). The :class:`ParameterSheet` is a sequence of the rows.
    """
    if not isinstance(criteria_set, CriteriaSet):
        raise NTMTypeError(f"criteria_set must be a CriteriaSet (got "
                           f"{type(criteria_set).__name__})")
    lang = check_lang(lang)
    vi = lang == "vi"
    classes = sheet_classes(criteria_set)
    dimensions = ("region", *(c.name for c in classes), "year")
    rows: list[dict[str, Any]] = []
    for name in sorted(criteria_set.all_parameters):
        declaration = criteria_set.all_parameters[name]
        keys = (missing_keys(criteria_set, declaration, declaration.default) if missing_only
                else parameter_keys(criteria_set, declaration))
        note = declaration.citation.note
        if declaration.kind == "rule":
            rule = _appraisal_rule(criteria_set, name)
            verdict = name.removesuffix(".rule") + ".appraised"  # the yes/no fact judged
            hint = (("Ghi «thẩm định» để xét theo kết quả thẩm định "
                     f"(chỉ tiêu có/không {verdict}), hoặc một quy tắc dạng JSON") if vi else
                    ("Write 'appraisal' to judge by the appraisal verdict (the yes/no "
                     f"indicator {verdict}), or a rule as JSON")) if rule is not None else (
                "Ghi một quy tắc dạng JSON" if vi else "Write a rule as JSON")
            note = f"{hint}. {note}" if note else hint
        elif declaration.kind == "choice":
            allowed = ", ".join(f"{v.code} ({v.label(lang)})"
                                for v in _choices(criteria_set, name))
            hint = (f"Ghi một trong các mã: {allowed}" if vi else
                    f"Write one of the codes: {allowed}") if allowed else (
                "Ghi một mã phân loại" if vi else "Write a classification code")
            note = f"{hint}. {note}" if note else hint
        for key in keys:
            rows.append({
                "criteria_set": criteria_set.id, "parameter": name,
                "label_vi": declaration.label_vi, "label_en": declaration.label_en,
                "kind": _KINDS[declaration.kind][0 if vi else 1],
                "unit": _unit_text(declaration.measure, lang),
                "keyed_by": ", ".join(
                    _DIMENSION_WORDS[d][0 if vi else 1] if d in _DIMENSION_WORDS
                    else criteria_set.classification(d).label(lang)
                    for d in declaration.keyed_by),
                **{d: (key[d].value if d == "region" else key[d]) if d in key else None
                   for d in dimensions},
                "value": None, "current": _current(declaration.default, key),
                "source": None, "article": None, "confidence": None,
                "where_to_find": declaration.citation.describe(lang), "note": note})
    return ParameterSheet(criteria_set_id=criteria_set.id, rows=tuple(rows), lang=lang,
                          missing_only=missing_only,
                          classes=tuple((c.name, _heading(c.label_vi), _heading(c.label_en))
                                        for c in classes))


def parameter_sheet_csv(criteria_set: CriteriaSet, *, lang: str = "vi",
                        missing_only: bool = True, decimal: str = ",",
                        headers: str = "labels") -> str:
    """The parameter sheet as CSV text; ``headers="labels"`` (in ``lang``) or ``"keys"``."""
    lang = check_lang(lang)
    if headers not in ("labels", "keys"):
        raise NTMTypeError(f"headers must be 'labels' or 'keys' (got {headers!r:.40})")
    sheet = parameter_sheet(criteria_set, lang=lang, missing_only=missing_only)
    return sheet.to_csv(decimal=decimal, headers=headers)


# ------------------------------------------------------------------ reading
_HEADER_INDEX = {fold(text): field for field in SHEET_FIELDS
                 for text in (field, SHEET_HEADERS["vi"][field], SHEET_HEADERS["en"][field])}
_REQUIRED = ("criteria_set", "parameter", "value")


@attrs.define
class _Filled:
    """The filled rows of one parameter."""

    declaration: Parameter
    rows: list[int] = attrs.field(factory=list)
    values: dict[Any, Any] = attrs.field(factory=dict)
    keys: dict[Any, int] = attrs.field(factory=dict)
    cells: dict[Any, ParameterKey] = attrs.field(factory=dict)
    sources: dict[tuple[str, str, str], None] = attrs.field(factory=dict)
    confidence: list[Confidence] = attrs.field(factory=list)


class _SheetReader:
    def __init__(self, criteria_set: CriteriaSet, table: Table, decimal: str,
                 source: Citation | None) -> None:
        self.cs = criteria_set
        self.table = table
        self.decimal = decimal
        self.source = source
        self.problems: list[CellProblem] = []
        self.classes = {c.name: c for c in sheet_classes(criteria_set)}
        self.dimensions = ("region", *self.classes, "year")
        index = dict(_HEADER_INDEX)
        for c in self.classes.values():
            for text in (c.name, c.label_vi, c.label_en):
                index.setdefault(fold(text), c.name)
        self.headers = {**SHEET_HEADERS["vi"], **{c.name: _heading(c.label_vi)
                                                   for c in self.classes.values()}}
        self.columns: dict[str, str] = {}
        for column in table.columns:
            field = index.get(fold(column))
            if field is not None:
                self.columns.setdefault(field, column)

    def problem(self, row: int, field: str, value: object, expected: str, expected_vi: str
                ) -> None:
        column = self.columns.get(field, self.headers.get(field, field))
        self.problems.append(CellProblem(table=self.table.name, row=row, column=column,
                                         value=value, expected=expected,
                                         expected_vi=expected_vi))

    def cell(self, field: str, index: int) -> object:
        column = self.columns.get(field)
        return None if column is None else self.table.column(column)[index]

    def read(self) -> dict[str, _Filled]:
        for field in _REQUIRED:
            if field not in self.columns:
                self.problems.append(CellProblem(
                    table=self.table.name, row=1, column=SHEET_HEADERS["vi"][field], value=None,
                    expected=f"a column {SHEET_HEADERS['vi'][field]!r} ({field}) — a parameter "
                             "sheet has the columns parameter_sheet() writes",
                    expected_vi=f"cột {SHEET_HEADERS['vi'][field]!r} của bảng tham số"))
        if self.problems:
            return {}
        filled: dict[str, _Filled] = {}
        for index, row in enumerate(self.table.rows):
            if not self.table.blank(index):
                self._row(index, row, filled)
        return filled

    def _row(self, index: int, row: int, filled: dict[str, _Filled]) -> None:
        cs = self.cs
        set_cell = self.cell("criteria_set", index)
        set_id = "" if is_missing(set_cell) else read_text(set_cell)
        if set_id != cs.id:
            self.problem(row, "criteria_set", set_cell,
                         f"a row of the sheet of criteria set {cs.id!r} (this sheet is of "
                         f"{set_id or 'no set'!r}: read it with its own set)",
                         f"dòng của bảng tham số bộ tiêu chí {cs.id!r}")
            return
        name_cell = self.cell("parameter", index)
        name = "" if is_missing(name_cell) else read_text(name_cell)
        declaration = cs.all_parameters.get(name)
        if declaration is None:
            hint = did_you_mean(name, cs.all_parameters)
            self.problem(row, "parameter", name_cell,
                         f"a parameter of criteria set {cs.id!r}{hint}",
                         f"một tham số của bộ tiêu chí {cs.id!r}{hint}")
            return
        value_cell = self.cell("value", index)
        if is_missing(value_cell):
            return  # left empty: the parameter stays missing for this key
        self._unit(index, row, declaration)
        key = self._key(index, row, declaration)
        value = self._value(value_cell, row, declaration)
        if key is None or value is None:
            return
        entry = filled.setdefault(name, _Filled(declaration=declaration))
        skey = _NO_KEY if key == {} else schedule_key(key)
        entry.cells.setdefault(skey, key)
        if skey in entry.keys:
            self.problem(row, "value", value_cell,
                         f"one value per parameter and key (row {entry.keys[skey]} gives "
                         f"{name!r} for the same key)",
                         f"một giá trị cho mỗi tham số và khóa (dòng {entry.keys[skey]})")
            return
        entry.keys[skey] = row
        source = self._source(index, row)
        if source is None:
            return
        entry.values[skey] = value
        entry.rows.append(row)
        entry.sources.setdefault(source[:3], None)
        entry.confidence.append(source[3])

    def _unit(self, index: int, row: int, declaration: Parameter) -> None:
        cell = self.cell("unit", index)
        if is_missing(cell) or declaration.measure is None:
            return
        measure = declaration.measure
        accepted = {fold(t) for t in (measure.value, measure.symbol_vi, measure.symbol_en,
                                      *_UNIT_WORDS.get(measure, ())) if t}
        if fold(read_text(cell)) not in accepted:
            unit = _unit_text(measure, "vi") or measure.value
            self.problem(row, "unit", cell,
                         f"the unit of {declaration.name!r}: {unit!r} (a value in another unit "
                         "must be converted, not relabelled)",
                         f"đơn vị tính của {declaration.name!r}: {unit!r}")

    def _key(self, index: int, row: int, declaration: Parameter) -> ParameterKey | None:
        key: dict[str, Any] = {}
        ok = True
        owner = declaring_set(self.cs, declaration.name)
        for dimension in self.dimensions:
            cell = self.cell(dimension, index)
            keyed = dimension in declaration.keyed_by
            classification = self.classes.get(dimension)
            vi_word = (_DIMENSION_WORDS[dimension][0] if classification is None
                       else classification.label_vi)
            if is_missing(cell):
                if keyed:
                    self.problem(row, dimension, None,
                                 f"the {dimension} this value is for ({declaration.name!r} is "
                                 f"keyed by {', '.join(declaration.keyed_by)})",
                                 f"{vi_word} của giá trị này")
                    ok = False
                continue
            if not keyed:
                self.problem(row, dimension, cell,
                             f"no {dimension}: {declaration.name!r} is not keyed by "
                             f"{dimension} (leave the cell empty)",
                             f"để trống: {declaration.name!r} không theo {vi_word}")
                ok = False
                continue
            try:
                if dimension == "region":
                    key[dimension] = read_region(cell)
                elif classification is not None:
                    key[dimension] = _class_code(classification, cell)
                else:
                    year = read_year(cell)
                    if not owner.valid_from <= year <= owner.valid_to:
                        raise CellError(
                            f"a year of the period {owner.valid_from}-{owner.valid_to} of "
                            f"{owner.id!r}",
                            f"một năm trong giai đoạn {owner.valid_from}-{owner.valid_to}")
                    key[dimension] = year
            except CellError as exc:
                self.problem(row, dimension, cell, exc.expected, exc.expected_vi)
                ok = False
        return key if ok else None

    def _value(self, cell: object, row: int, declaration: Parameter) -> Any:
        try:
            if declaration.kind == "rule":
                return self._rule(cell, declaration)
            if declaration.kind == "choice":
                return self._choice(cell, declaration)
            return _parameter_value(cell, declaration, self.decimal)
        except CellError as exc:
            self.problem(row, "value", cell, exc.expected, exc.expected_vi)
            return None

    def _rule(self, cell: object, declaration: Parameter) -> Rule:
        text = read_text(cell)
        if fold(text) in APPRAISAL_WORDS:
            rule = _appraisal_rule(self.cs, declaration.name)
            if rule is None:
                raise CellError(f"a rule as JSON ({declaration.name!r} has no appraisal "
                                "verdict to judge by)",
                                "một quy tắc dạng JSON (tham số này không có kết quả thẩm định)")
            return rule
        if text.startswith("{"):
            from ntmcriteria.serialize import rule_from_data

            try:
                rule = rule_from_data(json.loads(text))
                self.cs.parameter_owner(declaration.name).validate_rule(
                    rule, f"parameter {declaration.name!r}")
            except (ValueError, NTMError) as exc:
                why = " ".join(str(exc).split())
                raise CellError(f"a rule as JSON that the set can evaluate ({why})",
                                f"một quy tắc JSON hợp lệ ({why})") from None
            return rule
        raise CellError("'thẩm định' (judge by the appraisal verdict) or a rule as JSON",
                        "«thẩm định» (xét theo kết quả thẩm định) hoặc một quy tắc dạng JSON")

    def _choice(self, cell: object, declaration: Parameter) -> str:
        allowed = _choices(self.cs, declaration.name)
        if not allowed:
            return read_text(cell)
        return _match_code(read_text(cell), allowed,
                           f"a code settling {declaration.name!r}",
                           f"một mã cho {declaration.name!r}")

    def _source(self, index: int, row: int) -> tuple[str, str, str, Confidence] | None:
        document = self.cell("source", index)
        article = self.cell("article", index)
        confidence = self.cell("confidence", index)
        base = self.source
        doc_text = (base.document if base is not None else "") if is_missing(document) \
            else read_text(document)
        if not doc_text:
            self.problem(row, "source", None,
                         "the document that sets this value (fill the source column, or pass "
                         "source= for the whole sheet)",
                         "văn bản quy định giá trị này (ghi vào cột văn bản, hoặc truyền "
                         "source=)")
            return None
        art = (base.article if base is not None and is_missing(document) else "") \
            if is_missing(article) else read_text(article)
        date = base.date if base is not None and (is_missing(document)
                                                  or read_text(document) == base.document) else ""
        level: Confidence | None
        if is_missing(confidence):
            level = base.confidence if base is not None else Confidence.UNKNOWN
        else:
            level = _confidence(read_text(confidence))
            if level is None:
                allowed = ", ".join(c.value for c in Confidence)
                self.problem(row, "confidence", confidence,
                             f"a confidence: {allowed} (or its Vietnamese label)",
                             f"độ tin cậy: {allowed}")
                return None
        return doc_text, art, date, level


_NO_KEY = object()


def _class_code(classification: Classification, cell: object) -> str:
    """The code of ``classification`` a key cell gives (case ignored, when unique); a whole
    number (``2.0``: a column of group codes with blanks, read by pandas) is its digits —
    matched against the declared codes, so no leading zero can be lost unnoticed."""
    try:
        text = read_text(cell)
    except CellError:
        from ntmcriteria._values import exact_number

        try:
            number = exact_number(cell, "code")
        except NTMError:
            raise CellError(f"a value of the classification {classification.name!r}",
                            f"một giá trị của phân loại «{classification.label_vi}»") from None
        if isinstance(number, bool) or number != int(number):
            raise
        text = str(int(number))
    return _match_code(text, classification.values,
                       f"a value of the classification {classification.name!r} "
                       f"({classification.label_en})",
                       f"một giá trị của phân loại «{classification.label_vi}»")


def _head(label: str) -> str:
    """A value's label up to its explanation: ``Nhóm 2`` of ``Nhóm 2 (các xã còn lại)``,
    ``KV1`` of ``KV1: Thôn thuộc ...``."""
    return re.split(r"\s*[(:]", label, maxsplit=1)[0].strip()


def _match_code(text: str, values: Sequence[ClassValue], what: str, what_vi: str) -> str:
    """The code among ``values`` that ``text`` is: the code itself, else the only value
    whose code, label or label's head (``Nhóm 2``) equals it ignoring case; a CellError
    with the codes and a did-you-mean otherwise."""
    codes = [v.code for v in values]
    if text in codes:
        return text
    names: dict[str, set[str]] = {}
    for v in values:
        for written in (v.code, v.label_vi, v.label_en, _head(v.label_vi), _head(v.label_en)):
            if written:
                names.setdefault(fold(written), set()).add(v.code)
    found = names.get(fold(text), set())
    if len(found) == 1:
        return found.pop()
    listed = ", ".join(f"{v.code} ({v.label_en})" for v in values)
    listed_vi = ", ".join(f"{v.code} ({v.label_vi})" for v in values)
    close = difflib.get_close_matches(fold(text), [n for n, c in names.items() if len(c) == 1],
                                      n=1, cutoff=0.6) if len(text) <= 60 else []
    hint = f" (did you mean {next(iter(names[close[0]]))!r}?)" if close else ""
    hint_vi = f" (có phải {next(iter(names[close[0]]))!r}?)" if close else ""
    many = " — several match, write the code" if found else ""
    many_vi = " — nhiều giá trị khớp, ghi mã" if found else ""
    raise CellError(f"{what}: one of {listed}{hint}{many}",
                    f"{what_vi}: một trong {listed_vi}{hint_vi}{many_vi}")


def _confidence(text: str) -> Confidence | None:
    folded = fold(text)
    for c in Confidence:
        if folded in (c.value, fold(c.label_vi), fold(c.label_en)):
            return c
    return None


def _parameter_value(cell: object, declaration: Parameter, decimal: str) -> Any:
    measure = declaration.measure
    if measure is Measure.YES_NO:
        return read_boolean(cell)
    if isinstance(cell, bool) or type(cell).__name__ in ("bool", "bool_"):
        raise CellError("a number, not a yes/no value", "một số, không phải có/không")
    if isinstance(cell, str):
        text = cell.strip()
        if text.endswith("%"):
            if measure is not Measure.PERCENT:
                raise CellError("a number in the parameter's unit, not a percentage",
                                "một số theo đơn vị của tham số, không phải tỷ lệ %")
            text = text[:-1]
        try:
            number: Any = parse_number(text, decimal)
        except CellError:
            raise CellError(_expected(measure)[0], _expected(measure)[1]) from None
    else:
        from ntmcriteria._values import exact_number

        try:
            number = exact_number(cell, "value")
        except NTMError:
            raise CellError(_expected(measure)[0], _expected(measure)[1]) from None
    if measure is Measure.PERCENT and not 0 <= number <= 100:
        raise CellError("a percentage from 0 to 100", "một tỷ lệ từ 0 đến 100")
    if measure in (Measure.COUNT, Measure.HOUSEHOLDS, Measure.YEAR,
                   Measure.MILLION_VND_PER_HECTARE_YEAR, Measure.MILLION_VND_PER_PERSON_YEAR
                   ) and number < 0:
        raise CellError(f"{_expected(measure)[0]} >= 0", f"{_expected(measure)[1]} >= 0")
    if measure in (Measure.COUNT, Measure.HOUSEHOLDS, Measure.YEAR) and number != int(number):
        raise CellError("a whole number", "một số nguyên")
    if measure in (Measure.COUNT, Measure.HOUSEHOLDS, Measure.YEAR):
        number = int(number)
    return number


def _expected(measure: Measure | None) -> tuple[str, str]:
    if measure is None:
        return "a number", "một số"
    return (f"a number ({_unit_text(measure, 'en') or measure.value})",
            f"một số ({_unit_text(measure, 'vi') or measure.value})")


def read_parameter_sheet(criteria_set: CriteriaSet, sheet: TableLike, *,
                         id: str | None = None, source: Citation | str | None = None,
                         label_vi: str | None = None, label_en: str | None = None,
                         decimal: str = ",", delimiter: str | None = None) -> CriteriaSet:
    """The set derived from ``criteria_set`` by the values a filled sheet gives.

    ``sheet`` is CSV text, row mappings, a DataFrame or a Table, with the
    columns of :func:`parameter_sheet` (keys, Vietnamese or English headers).
    Each parameter with a value becomes one ``SetParameter`` citing the sheet's
    source: the row's ``source`` / ``article`` / ``confidence`` cells, else
    ``source=`` (a Citation, or a document name; confidence ``unknown`` unless
    given). A parameter filled for some keys only becomes a schedule of those keys
    (merged with the keys it had); a unit whose region or year was left empty is then
    UNKNOWN, its missing item naming the parameter and the cell, never a nearest value
    (the completeness report lists the cells still empty). ``id`` defaults to
    ``<set id>.filled``.
    """
    if not isinstance(criteria_set, CriteriaSet):
        raise NTMTypeError(f"criteria_set must be a CriteriaSet (got "
                           f"{type(criteria_set).__name__})")
    if decimal not in (",", "."):
        raise NTMTypeError(f"decimal must be ',' or '.' (got {decimal!r:.40})")
    if isinstance(source, str):
        source = Citation(document=source, confidence="unknown")
    elif source is not None and not isinstance(source, Citation):
        raise NTMTypeError(f"source must be a Citation or a document name (got "
                           f"{type(source).__name__})")
    table = as_table(sheet, "parameters", delimiter)
    reader = _SheetReader(criteria_set, table, decimal, source)
    filled = reader.read()
    changes: list[Change] = []
    if not reader.problems:
        for name, entry in filled.items():
            try:
                changes.append(SetParameter(name=name, value=_merged(entry),
                                            citation=_citation(entry)))
            except NTMError as exc:  # e.g. a schedule whose keys do not match the old one
                reader.problem(entry.rows[0], "value", None, str(exc), str(exc))
    if reader.problems:
        raise TableError(reader.problems)
    derived_id = id if id is not None else f"{criteria_set.id}.filled"
    try:
        return criteria_set.derive(id=derived_id, changes=changes, label_vi=label_vi,
                                   label_en=label_en)
    except NTMError as exc:
        rows = sorted(r for entry in filled.values() for r in entry.rows)
        raise TableError([CellProblem(table=table.name, row=rows[0] if rows else 1,
                                      column="", value=None, expected=str(exc))]) from None


def _merged(entry: _Filled) -> Any:
    """The parameter's new value: the one value given, else a schedule (a value keyed by
    classes and/or the year) or a rule table (a rule keyed by classes) of the cells
    filled, merged with the cells it had."""
    if list(entry.values) == [_NO_KEY]:
        return entry.values[_NO_KEY]
    old = entry.declaration.default
    declaration = entry.declaration
    if declaration.kind == "rule":
        rules: dict[tuple[tuple[str, str], ...], Any] = {}
        if isinstance(old, RuleTable):
            rules.update(old.entries)
        by = declaration.classifications
        rules.update((table_key(entry.cells[k], by), rule) for k, rule in entry.values.items())
        return RuleTable(tuple(rules.items()))
    values: dict[Any, Any] = {}
    if isinstance(old, Schedule):
        values.update(old.entries)
    values.update(entry.values)
    return Schedule(values)


def _citation(entry: _Filled) -> Citation:
    sources = list(entry.sources)
    documents = "; ".join(dict.fromkeys(doc for doc, _, _ in sources))
    articles = "; ".join(dict.fromkeys(a for _, a, _ in sources if a))
    dates = "; ".join(dict.fromkeys(d for _, _, d in sources if d))
    order = list(Confidence)
    confidence = max(entry.confidence, key=order.index)  # the least sure of the rows
    rows = _rows_text(entry.rows)
    return Citation(document=documents, article=articles, date=dates, confidence=confidence,
                    note=f"Bảng tham số, dòng {rows} / parameter sheet, row {rows}")


def _rows_text(rows: Iterable[int]) -> str:
    items = sorted(rows)
    spans: list[str] = []
    start = prev = items[0]
    for r in items[1:]:
        if r == prev + 1:
            prev = r
            continue
        spans.append(f"{start}" if start == prev else f"{start}-{prev}")
        start = prev = r
    spans.append(f"{start}" if start == prev else f"{start}-{prev}")
    return ", ".join(spans)
