"""The command line ``ntmcriteria`` (also ``python -m ntmcriteria``) for offices and scripts.

::

    ntmcriteria catalog                                  # the bundled criteria sets
    ntmcriteria show vn.commune.ntm.2021-2025 --format html -o bang.html
    ntmcriteria validate tinh.criteria-set.json xa.json  # every problem, with its path
    ntmcriteria schema criteria-set -o criteria-set.schema.json
    ntmcriteria params vn.commune.ntm.2021-2025 -o tham_so.xlsx  # the sheet to fill
    ntmcriteria assess vn.commune.ntm.2021-2025 --units xa.csv --villages thon.csv \\
        --parameters tham_so.xlsx --year 2024 --format html -o phieu.html

``SET`` is a bundled set's id or a criteria-set JSON file. ``--units`` is a
sheet (CSV, or Excel ``.xlsx`` with the ``xlsx`` extra) with one row per unit,
its villages in ``--villages`` joined on the commune code (a district's
communes in ``--communes``), a long history in ``--history``; or a unit JSON
document, an array of them, or a unit whose members are of the set's level.
``--parameters`` is a filled parameter sheet or a JSON object of values. Text
output is in Vietnamese unless ``--lang en``. The exit status is 0 when the job
ran, whatever the verdicts; 2 for bad usage or bad input, with the library's
message (every bad cell with its file, row and column) and no traceback. A
progress line goes to standard error for long batches, only when it is a
terminal.

This is an edge: the core never imports it, and its ``_files`` module is the
only one that reads or writes files (:mod:`ntmcriteria.cli._files`).
"""

from __future__ import annotations

import argparse
import datetime
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from ntmcriteria import __version__
from ntmcriteria.cli._files import CliError, is_file, read_text, split_sheet, write_text, write_xlsx
from ntmcriteria.cli._inputs import is_json, load_parameters, load_table_units
from ntmcriteria.errors import NTMError
from ntmcriteria.glossary import term

__all__ = ["PROGRESS_MIN_UNITS", "build_parser", "main"]

#: Batches at least this large show a progress line (on a terminal only).
PROGRESS_MIN_UNITS = 200
#: Units assessed per step of a long batch (the results do not depend on it).
CHUNK = 250

_FORMATS_SHOW = ("text", "md", "html")
_FORMATS_ASSESS = ("text", "md", "html", "csv", "json")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (its help is the command line's reference)."""
    parser = argparse.ArgumentParser(
        prog="ntmcriteria",
        description="Tiêu chí nông thôn mới: xem, kiểm tra và đánh giá. "
                    "New Rural Development criteria: list, show, validate, assess.",
        epilog="Exit status: 0 when the job ran (whatever the verdicts), 2 for bad usage "
               "or bad input.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def lang(p: argparse.ArgumentParser) -> None:
        p.add_argument("--lang", choices=("vi", "en"), default="vi",
                       help="language of the output (default: vi)")

    def output(p: argparse.ArgumentParser) -> None:
        p.add_argument("-o", "--output", metavar="FILE",
                       help="write to FILE instead of standard output")

    p = sub.add_parser("catalog", help="the bundled criteria sets (bộ tiêu chí có sẵn)",
                       description="List the bundled criteria sets: id, level, period, sources.")
    lang(p)
    p.add_argument("--format", choices=("text", "md", "json"), default="text")
    output(p)

    p = sub.add_parser("show", help="a set's official-style table (bảng tiêu chí)",
                       description="Show a criteria set as the official-style table.")
    p.add_argument("set", metavar="SET", help="a bundled set id, or a criteria-set JSON file")
    lang(p)
    p.add_argument("--format", choices=_FORMATS_SHOW, default="text")
    output(p)

    p = sub.add_parser("validate", help="check criteria-set or unit documents (kiểm tra tệp)",
                       description="Check criteria-set or unit JSON documents; list every "
                                   "problem with its path. Exit 2 if a document is invalid.")
    p.add_argument("files", metavar="FILE", nargs="+")
    lang(p)

    p = sub.add_parser("schema", help="a document format's JSON Schema",
                       description="Write the JSON Schema of a document format.")
    p.add_argument("kind", choices=("criteria-set", "unit", "assessment"))
    output(p)

    p = sub.add_parser("assess", help="assess units against a set (đánh giá)",
                       description="Assess units against a criteria set and write the "
                                   "results: explanations (text, md), a summary with a "
                                   "review sheet per unit (html), rows (csv) or assessment "
                                   "documents (json).")
    p.add_argument("set", metavar="SET", help="a bundled set id, or a criteria-set JSON file")
    p.add_argument("--units", metavar="FILE", required=True,
                   help="a sheet of units, one row each (.csv, or .xlsx / book.xlsx:Sheet), "
                        "or unit JSON documents (.json: one, an array, or a unit whose "
                        "members are of the set's level)")
    p.add_argument("--villages", metavar="FILE",
                   help="a sheet of the units' villages, joined on the commune code")
    p.add_argument("--communes", metavar="FILE",
                   help="a sheet of the districts' communes, joined on the district code")
    p.add_argument("--history", metavar="FILE",
                   help="a long history sheet: unit code, year, indicator, value")
    p.add_argument("--columns", metavar="FILE",
                   help="a JSON file naming the sheets' columns where their headers are not "
                        'the usual ones: {"units": {"code": "...", "indicators": {...}, '
                        '"ignore": [...]}, "villages": {...}, "history": {...}}')
    p.add_argument("--units-level", choices=[lv.value for lv in _levels()], default=None,
                   help="the level of the units sheet's rows (default: the set's); e.g. "
                        "commune for a district set assessed from a commune sheet")
    p.add_argument("--year", type=int, required=True, help="the year assessed")
    p.add_argument("--allow-outside-period", action="store_true",
                   help="assess in a year outside the set's valid period (or of a set it "
                        "refers to); the results then say which sets were used outside "
                        "their period")
    p.add_argument("--parameters", metavar="FILE",
                   help="a filled parameter sheet (.csv / .xlsx, from 'ntmcriteria params') "
                        "or a JSON object of parameter values")
    p.add_argument("--source", metavar="DOCUMENT",
                   help="the document that sets the values of a parameter sheet's rows "
                        "whose source cell is empty")
    p.add_argument("--decimal", choices=(",", "."), default=",",
                   help="the decimal mark of the sheets' numbers, and of CSV output "
                        "(default: ',')")
    p.add_argument("--format", choices=_FORMATS_ASSESS, default="text")
    lang(p)
    p.add_argument("--wide", action="store_true",
                   help="csv: one row per unit, a column per criterion")
    p.add_argument("--brief", action="store_true",
                   help="text: the summary only (units x criteria, counts, closest to "
                        "passing), without each unit's explanation")
    p.add_argument("--date", default=None, type=_sheet_date,
                   help="the date printed on review sheets, DD/MM/YYYY or YYYY-MM-DD "
                        "(default: today)")
    p.add_argument("--closest", type=int, default=5, metavar="N",
                   help="units listed as closest to passing in the summary (default: 5)")
    output(p)

    p = sub.add_parser("params", help="the parameter sheet to fill (bảng tham số)",
                       description="Write the parameter sheet of a set: one row per "
                                   "parameter and key (region, commune group, zone..., "
                                   "year) it has no value for, "
                                   "with its unit and where the value is to be found. Fill "
                                   "the value and source columns, then give the sheet to "
                                   "'assess --parameters'. CSV, or Excel by the -o "
                                   "file's extension (.xlsx).")
    p.add_argument("set", metavar="SET", help="a bundled set id, or a criteria-set JSON file")
    lang(p)
    p.add_argument("--all", action="store_true",
                   help="every parameter and key, with its current value")
    p.add_argument("--decimal", choices=(",", "."), default=",",
                   help="the decimal mark of numbers in the sheet (default: ',')")
    output(p)
    return parser


def _levels() -> tuple[Any, ...]:
    from ntmcriteria.units import Level

    return tuple(Level)


# -------------------------------------------------------------------------- helpers
def _emit(text: str, args: argparse.Namespace, out: TextIO, *, bom: bool = False) -> None:
    if args.output:
        write_text(args.output, text, bom=bom)
    else:
        out.write(text)


def _load_set(name: str) -> Any:
    """A bundled set by id, or a criteria-set JSON file."""
    from ntmcriteria.serialize import criteria_set_from_json

    if is_file(name) or name.endswith(".json"):
        return criteria_set_from_json(read_text(name))
    from ntmcriteria import catalog

    return catalog.get(name)


def _parse(name: str, what: str) -> Any:
    from ntmcriteria.serialize._safety import parse_json

    return parse_json(read_text(name), what=what)


def _load_units(name: str, level: Any) -> list[tuple[Any, str, tuple[Any, ...]]]:
    """(unit, parent label, ancestors) for every unit of ``level`` in the JSON file."""
    from ntmcriteria.serialize import FormatError, Problem, unit_from_data

    data = _parse(name, "unit document")
    documents = data if isinstance(data, list) else [data]
    units = []
    problems: list[Problem] = []
    for index, document in enumerate(documents):
        try:
            units.append(unit_from_data(document))
        except FormatError as exc:
            if not isinstance(data, list):
                raise
            problems.extend(Problem(f"$[{index}]{p.path[1:]}", p.message) for p in exc.problems)
    if problems:
        raise FormatError("unit documents", problems)
    found: list[tuple[Any, str, tuple[Any, ...]]] = []
    seen_levels: list[str] = []
    stack: list[tuple[Any, str, tuple[Any, ...]]] = [(u, "", ()) for u in reversed(units)]
    while stack:
        unit, parent, chain = stack.pop()
        seen_levels.append(unit.level.value)
        if unit.level is level:
            found.append((unit, parent, chain))
            continue
        label = f"{unit.level.label_vi} {unit.name}".strip() if unit.name else unit.code
        above = ((unit.level, unit.code), *chain)
        stack.extend((child, label, above) for child in reversed(unit.children))
    if not found:
        held = ", ".join(dict.fromkeys(seen_levels)) or "nothing"
        raise CliError(f"{name!r} holds no {level.value} to assess (it holds: {held})")
    return found


def _progress(done: int, total: int, err: TextIO) -> None:
    err.write(f"\rđã đánh giá {done}/{total} đơn vị / assessed {done}/{total} units")
    if done == total:
        err.write("\n")
    err.flush()


def _sheet_date(text: str) -> str:
    """A date as given (DD/MM/YYYY, as the sheets print it, or YYYY-MM-DD), checked to be
    a real date: an official sheet does not print 'notadate' or 31/02/2026."""
    for form in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            datetime.datetime.strptime(text, form)
        except ValueError:
            continue
        return text
    raise argparse.ArgumentTypeError(f"expected a date as DD/MM/YYYY or YYYY-MM-DD (got "
                                     f"{text!r:.40})")


def _today(lang: str) -> str:
    today = datetime.date.today()  # the command line is an edge: it may read the clock
    return today.strftime("%d/%m/%Y") if lang == "vi" else today.isoformat()


# -------------------------------------------------------------------------- commands
def _catalog(args: argparse.Namespace, out: TextIO, err: TextIO) -> None:
    import json

    from ntmcriteria import catalog

    vi = args.lang == "vi"
    entries = catalog.catalog()
    if args.format == "json":
        rows = [{"id": e.id, "label_vi": e.label_vi, "label_en": e.label_en,
                 "level": e.level.value, "valid_from": e.valid_from, "valid_to": e.valid_to,
                 "sources": list(e.sources), "draft": e.draft} for e in entries]
        _emit(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", args, out)
        return
    if args.format == "md":
        from ntmcriteria.render.markdown import escape_markdown as e

        head = ("| id | Cấp | Giai đoạn | Tên | Căn cứ |" if vi
                else "| id | Level | Period | Name | Sources |")
        lines = [head, "|---|---|---|---|---|"]
        for entry in entries:
            level = entry.level.label_vi if vi else entry.level.label_en
            label = entry.label_vi if vi else entry.label_en
            lines.append(f"| `{entry.id}` | {e(level)} | {entry.period} | {e(label)} | "
                         + e("; ".join(entry.sources)) + " |")
        _emit("\n".join(lines) + "\n", args, out)
        return
    width = max(len(e.id) for e in entries)
    lines = [(f"Bộ tiêu chí có sẵn: {len(entries)}" if vi
              else f"Bundled criteria sets: {len(entries)}"), ""]
    for entry in entries:
        level = entry.level.label_vi if vi else entry.level.label_en
        label = entry.label_vi if vi else entry.label_en
        lines.append(f"{entry.id:<{width}}  {level:<6} {entry.period}  {label}")
        for source in entry.sources:
            lines.append(f"{'':<{width}}  {term('source', 'vi' if vi else 'en')}: {source}")
    _emit("\n".join(lines) + "\n", args, out)


def _show_text(cs: Any, lang: str) -> str:
    from ntmcriteria.render.table import criteria_table

    vi = lang == "vi"
    level = cs.level.label_vi if vi else cs.level.label_en
    lines = [f"{cs.label(lang)} [{cs.id}]",
             (f"Cấp: {level}; giai đoạn {cs.valid_from}–{cs.valid_to}" if vi
              else f"Level: {level}; period {cs.valid_from}–{cs.valid_to}"), ""]
    for row in criteria_table(cs, lang):
        lines.append(f"{row.number}. {row.criterion} [{row.id}]")
        for item in row.items:
            lines.append(f"    - {item.indicator}: {item.threshold}" if item.threshold
                         else f"    - {item.indicator}")
        lines.append(f"    {term('source', 'vi' if vi else 'en')}: {row.source}")
    return "\n".join(lines) + "\n"


def _show(args: argparse.Namespace, out: TextIO, err: TextIO) -> None:
    cs = _load_set(args.set)
    if args.format == "text":
        _emit(_show_text(cs, args.lang), args, out)
    elif args.format == "md":
        from ntmcriteria.render.table import criteria_table_markdown

        _emit(criteria_table_markdown(cs, args.lang), args, out)
    else:
        from ntmcriteria.render.html import criteria_set_html
        from ntmcriteria.render.review import page

        _emit(page(cs.label(args.lang), criteria_set_html(cs, args.lang), args.lang,
                   "body{font-family:sans-serif;margin:1.5em}"), args, out)


def _validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> bool:
    from ntmcriteria.criteria import CriteriaSet
    from ntmcriteria.serialize import FormatError, from_data

    vi = args.lang == "vi"
    valid = True
    for name in args.files:
        try:
            data = _parse(name, "document")
            if isinstance(data, list):  # an array of unit documents, as assess reads them
                _validate_array(name, data, vi, out)
                continue
            document = from_data(data)
        except FormatError as exc:
            valid = False
            count = len(exc.problems)
            out.write(f"{name}: " + (f"KHÔNG HỢP LỆ — {count} vấn đề ({exc.what})" if vi
                                     else f"INVALID — {count} problem(s) ({exc.what})") + "\n")
            out.writelines(f"  {p.path}: {p.message}\n" for p in exc.problems)
            continue
        if isinstance(document, CriteriaSet):
            what = (f"bộ tiêu chí {document.id}, {len(document.criteria)} tiêu chí" if vi
                    else f"criteria set {document.id}, {len(document.criteria)} criteria")
        else:
            members = _members(document)
            level = document.level.label_vi if vi else document.level.label_en
            what = (f"đơn vị {level} {document.label()}, {members} đơn vị trực thuộc" if vi
                    else f"{level} {document.label()}, {members} member units")
        out.write(f"{name}: " + ("hợp lệ" if vi else "valid") + f" — {what}\n")
    return valid


def _validate_array(name: str, data: list[Any], vi: bool, out: TextIO) -> None:
    """Check an array of unit documents; raise one FormatError with every problem."""
    from ntmcriteria.serialize import FormatError, Problem, unit_from_data

    problems: list[Problem] = []
    units = []
    for index, item in enumerate(data):
        try:
            units.append(unit_from_data(item))
        except FormatError as exc:
            problems.extend(Problem(f"$[{index}]{p.path[1:]}", p.message) for p in exc.problems)
    if problems:
        raise FormatError("unit documents", problems)
    levels = ", ".join(dict.fromkeys(u.level.label_vi if vi else u.level.label_en
                                     for u in units)) or "—"
    members = sum(_members(u) for u in units)
    what = (f"{len(units)} đơn vị ({levels}), {members} đơn vị trực thuộc" if vi
            else f"{len(units)} units ({levels}), {members} member units")
    out.write(f"{name}: " + ("hợp lệ" if vi else "valid") + f" — {what}\n")


def _members(unit: Any) -> int:
    count = 0
    stack = list(unit.children)
    while stack:
        node = stack.pop()
        count += 1
        stack.extend(node.children)
    return count


def _schema(args: argparse.Namespace, out: TextIO, err: TextIO) -> None:
    from ntmcriteria.schemas import schema_text

    _emit(schema_text(args.kind), args, out)


def _assess(args: argparse.Namespace, out: TextIO, err: TextIO) -> None:
    from ntmcriteria.batch import Batch, assess_many
    from ntmcriteria.errors import PeriodError

    if args.closest < 0:
        raise CliError(f"--closest must be a whole number >= 0 (got {args.closest})")
    cs = _load_set(args.set)
    parameters: dict[str, Any] = {}
    if args.parameters is not None:
        cs, parameters = load_parameters(cs, args.parameters, decimal=args.decimal,
                                         source=args.source)
    elif args.source is not None:
        raise CliError("--source names the document of a parameter sheet's values: give the "
                       "sheet with --parameters")
    tables = {"--villages": args.villages, "--communes": args.communes,
              "--history": args.history, "--columns": args.columns,
              "--units-level": args.units_level}
    ancestors: Any
    if is_json(args.units):
        given = [option for option, value in tables.items() if value is not None]
        if given:
            raise CliError(f"{', '.join(given)} go with a units sheet (.csv, .xlsx); a JSON "
                           f"unit document holds its members and history itself")
        found = _load_units(args.units, cs.level)
        units: Any = [u for u, _, _ in found]
        parents = {u.code: p for u, p, _ in found}
        ancestors = {u.code: chain for u, _, chain in found}
    else:
        units, parents = load_table_units(
            cs, units=args.units, villages=args.villages, communes=args.communes,
            history=args.history, columns=args.columns, table_level=args.units_level,
            decimal=args.decimal, lang=args.lang)
        ancestors = units
        if not len(units):
            raise CliError(f"{args.units!r} holds no {cs.level.value} to assess (no rows)")
    show = err.isatty() and len(units) >= PROGRESS_MIN_UNITS
    assessments: list[Any] = []
    for start in range(0, len(units), CHUNK):
        try:
            batch = assess_many(cs, units[start:start + CHUNK], year=args.year,
                                parameters=parameters,
                                allow_outside_period=args.allow_outside_period)
        except PeriodError as error:
            raise CliError(str(error).replace("pass allow_outside_period=True",
                                              "give --allow-outside-period")) from None
        assessments.extend(batch)
        if show:
            _progress(len(assessments), len(units), err)
    batch = Batch(assessments)
    labels: dict[str, str] | None = None
    lang = args.lang
    fmt = args.format
    if fmt == "csv":
        from ntmcriteria.tables import results_csv

        _emit(results_csv(batch, lang=lang, wide=args.wide, parents=ancestors,
                          decimal=args.decimal), args, out, bom=bool(args.output))
    elif fmt == "json":
        from ntmcriteria.serialize import assessment_to_json

        items = [assessment_to_json(a, with_schema=True) for a in batch]
        _emit("[\n" + ",\n".join(items) + "\n]\n", args, out)
    elif fmt == "text":
        from ntmcriteria.render.summary import units_summary_text

        head = ""
        if len(batch) > 1 or args.brief:
            head = units_summary_text(batch, lang, closest=args.closest, names=labels)
        if args.brief:
            _emit(head, args, out)
        else:
            _emit(_joined([a.explain(lang) for a in batch], "\n" + "=" * 78 + "\n\n",
                          head + ("\n" + "=" * 78 + "\n\n" if head else "")), args, out)
    elif fmt == "md":
        _emit(_joined([a.to_markdown(lang) for a in batch], "\n---\n\n", ""), args, out)
    else:
        _emit(_assess_html(batch, lang, args.date or _today(lang), parents, args.closest),
              args, out)


def _joined(parts: list[str], separator: str, head: str) -> str:
    return head + separator.join(parts)


def _assess_html(batch: Any, lang: str, date: str, parents: dict[str, str],
                 closest: int) -> str:
    from ntmcriteria.render.review import PRINT_STYLE, page, review_sheet_html
    from ntmcriteria.render.summary import units_summary_html

    sheets = [review_sheet_html(a, lang, date=date, parent=parents.get(a.unit.code, ""),
                                standalone=False) for a in batch]
    if len(sheets) == 1:
        return review_sheet_html(batch.assessments[0], lang, date=date,
                                 parent=parents.get(batch.assessments[0].unit.code, ""))
    parts = [units_summary_html(batch, lang, date=date, closest=closest, standalone=False)]
    parts += [f'<div class="ntm-page-break"></div>\n{sheet}' for sheet in sheets]
    title = ("Tổng hợp và phiếu rà soát" if lang == "vi" else "Summary and review sheets")
    return page(title, "\n".join(parts), lang, PRINT_STYLE)


#: Column widths of an Excel parameter sheet, by field (a classification's column: 12).
_XLSX_WIDTHS = {"criteria_set": 28, "parameter": 30, "label_vi": 44, "label_en": 36,
                "kind": 9, "unit": 22, "keyed_by": 11, "region": 26, "year": 7, "value": 14,
                "current": 16, "source": 40, "article": 14, "confidence": 14,
                "where_to_find": 70, "note": 60}


def _params(args: argparse.Namespace, out: TextIO, err: TextIO) -> None:
    from ntmcriteria.sheets import parameter_sheet
    from ntmcriteria.tables import format_cell

    cs = _load_set(args.set)
    sheet = parameter_sheet(cs, lang=args.lang, missing_only=not args.all)
    target = args.output
    path, worksheet = split_sheet(target) if target else ("", None)
    if target and path.lower().endswith((".xlsx", ".xlsm")):
        headers = sheet.headers(args.lang)
        fields = sheet.fields

        def cell(field: str, value: object) -> object:
            if field == "year" and isinstance(value, int):
                return value
            return format_cell(value, args.decimal, args.lang) or None

        write_xlsx(path, worksheet or ("Tham số" if args.lang == "vi" else "Parameters"),
                   [headers[f] for f in fields],
                   ([cell(f, row[f]) for f in fields] for row in sheet),
                   fill=[fields.index(f) for f in ("value", "source", "article",
                                                   "confidence")],
                   widths={i: _XLSX_WIDTHS.get(f, 12) for i, f in enumerate(fields)})
        return
    _emit(sheet.to_csv(decimal=args.decimal), args, out, bom=bool(target))


_COMMANDS = {"catalog": _catalog, "show": _show, "schema": _schema, "assess": _assess,
             "params": _params}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit
    status."""
    parser = build_parser()
    args = parser.parse_args(argv)  # bad usage: argparse prints it and exits with 2
    out, err = sys.stdout, sys.stderr
    try:
        if args.command == "validate":
            return 0 if _validate(args, out, err) else 2
        _COMMANDS[args.command](args, out, err)
    except (CliError, NTMError) as exc:  # bad input; anything else is a bug: its traceback
        describe = getattr(exc, "describe", None)
        lang = getattr(args, "lang", "vi")
        # a table's problems in the output language (every bad cell, with row and column)
        text = describe(lang) if callable(describe) and hasattr(exc, "problems") and (
            not hasattr(exc, "what")) else str(exc)
        err.write(f"ntmcriteria: error: {text}\n")
        return 2
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return 0
    return 0
