"""The evaluation plan of a criteria set: compiled once, run over units in chunks.

``criteria_set.compile(parameters)`` builds a :class:`Plan`: the set, its
references and its parameters turned into a flat program of column operations
(:mod:`ntmcriteria.evaluation.compiler`). :meth:`Plan.run` evaluates it over a
:class:`~ntmcriteria.evaluation.sources.Source` of units, a chunk of units at a
time, and returns :class:`Results`: one outcome per unit and criterion (of the
assessed set and of every set it refers to), for the assessed units and for
their members where sets were evaluated on them. Verdicts are decided without
building any trace; the tree interpreter traces a unit on demand and agrees
with the plan on every outcome (a property test checks it).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence
from itertools import repeat
from typing import TYPE_CHECKING, Any

from ntmcriteria._values import exact_mul, nfc, shown, to_year
from ntmcriteria.errors import NTMError, NTMTypeError, NTMValueError, UnknownNameError
from ntmcriteria.evaluation.compiler import (
    CONDITIONS,
    Atom,
    Coded,
    Compiler,
    MemberTable,
    Product,
    Program,
    RootTable,
    Run,
    Scalar,
    Scope,
    group_fact_reads,
)
from ntmcriteria.evaluation.compiler import Table as _Table
from ntmcriteria.evaluation.exact import Bounds, float_value
from ntmcriteria.evaluation.gates import PYTHON, find_gates
from ntmcriteria.evaluation.sources import Source, broadcast
from ntmcriteria.evaluation.work import check_unfolding
from ntmcriteria.limits import MAX_YEAR, MIN_YEAR
from ntmcriteria.outcome import Outcome
from ntmcriteria.units import Level

if TYPE_CHECKING:
    from ntmcriteria.criteria import CriteriaSet

__all__ = ["CHUNK", "OUTCOME_CODES", "EvaluationPlan", "Results"]

#: Rows of the largest table (the assessed units or their members) evaluated together:
#: the columns of a chunk stay in the processor's cache.
CHUNK = 4096
#: The same for the NumPy backend (arrays: larger chunks cost no cache misses).
VECTOR_CHUNK = 1 << 17
#: The same for the NumPy backend reading records: each array operation has a fixed cost
#: of a few microseconds, which larger chunks share among more units (measured with the
#: yardstick: 4096 rows 2.0x the hand function, 16384 and more 1.7x).
RECORD_VECTOR_CHUNK = 1 << 15
#: Assessed units whose members are counted (not evaluated) to size the chunks.
_PROBE = 16
#: The byte of an outcome in a results column.
OUTCOME_CODES = {Outcome.UNKNOWN: 0, Outcome.PASS: 1, Outcome.FAIL: 2,
                 Outcome.NOT_APPLICABLE: 3}
_OUTCOMES = (Outcome.UNKNOWN, Outcome.PASS, Outcome.FAIL, Outcome.NOT_APPLICABLE)


@functools.cache
def _vector() -> Any:
    """The NumPy backend module, or None without NumPy (imported once: an ``import`` in a
    function runs the import machinery's Python code at every call)."""
    try:
        from ntmcriteria.evaluation import vector
    except ImportError:
        return None
    return vector


def _backend(name: str) -> Any:
    """The NumPy backend module when ``name`` asks for it (or ``auto`` allows it)."""
    if name not in ("auto", "python", "numpy"):
        raise NTMValueError(f"backend must be 'auto', 'python' or 'numpy' (got {shown(name)})")
    if name == "python":
        return None
    vector = _vector()
    if vector is None:
        if name == "numpy":
            raise ImportError("the NumPy backend needs numpy; install it with "
                              "pip install 'ntmcriteria[pandas]' or pip install numpy"
                              ) from None
        return None
    return vector


class AtomFigures:
    """One comparison (``kind`` "compare") or member tally ("members") of a criterion, for
    every unit: the outcome codes, the observed values and the required values (for a
    tally: members passing and members needed), None where missing. The observed values
    are as the plan compared them: a record's floats, a unit's float twins (a float whose
    shortest repr is the exact fact), the exact value where no float is."""

    __slots__ = ("back", "codes", "kind", "node", "observed", "owner", "path", "required",
                 "totals")

    def __init__(self, owner: tuple[str, str], atom: Atom) -> None:
        self.owner = owner
        self.kind = atom.kind
        self.node = atom.node
        self.path = atom.path
        self.back = atom.back
        self.codes = bytearray()
        self.observed: list[Any] = []
        self.required: list[Any] = []
        #: for a tally: the members of each unit
        self.totals: list[int] = []

    def extend(self, n: int, outcome: Any, observed: Any, required: Any, vector: Any) -> None:
        if vector is None:
            passed, failed = outcome
            self.codes.extend((passed + 2 * failed).to_bytes(n, "little"))
        else:
            self.codes.extend(vector.codes(outcome, n))
        if self.kind == "members":
            passes, _, counts = observed
            self.observed.extend(_listed(passes))
            self.totals.extend(_listed(counts))
            self.required.extend(None if k is None or k < 0 else k for k in _listed(required))
            return
        values = _listed(observed)
        self.observed.extend(values)
        self.required.extend(_required_values(required, values))

    def outcome(self, index: int) -> Outcome:
        return _OUTCOMES[self.codes[index]]


def _listed(values: Any) -> list[Any]:
    """A column (a list, an array or a column object) as a list with None where missing."""
    as_list = getattr(values, "as_list", None)
    if as_list is not None:
        listed: list[Any] = as_list()
        return listed
    inner = getattr(values, "values", None)
    if inner is not None and not callable(inner):
        return list(inner)
    tolist = getattr(values, "tolist", None)
    return list(tolist()) if tolist is not None else list(values)


def _required_values(required: Any, observed: list[Any]) -> list[Any]:
    if isinstance(required, Scalar):
        return [required.value] * len(observed)
    if isinstance(required, Coded):
        return list(map(required.palette.__getitem__, _listed(required.codes)))
    if isinstance(required, Product):
        factor = required.factor
        factors = (repeat(factor.value) if isinstance(factor, Scalar)
                   else _required_values(factor, observed))
        return [None if k is None or b is None else exact_mul(k, _exact(b))
                for k, b in zip(factors, _listed(required.base), strict=False)]
    return _listed(required)


def _exact(value: Any) -> Any:
    return float_value(value) if isinstance(value, float) else value


class Results:
    """Outcomes by unit: a column (``bytes``, one per unit: 0 unknown, 1 pass, 2 fail) per
    criterion of each set evaluated on these units, and per set.

    ``members`` holds the results of member units (e.g. the communes of assessed
    districts) where sets were evaluated on them, in the order the units list them.
    """

    def __init__(self, level: Level, year: int) -> None:
        self.level = level
        self.year = year
        self.columns: dict[tuple[str, str | None], bytearray] = {}
        self.members: dict[Level, Results] = {}
        self.chunks: list[tuple[Source, Sequence[Any]]] = []
        self.size = 0
        self._atoms: dict[Any, AtomFigures] = {}
        self._atom_order: dict[tuple[str, str], list[AtomFigures]] = {}
        self._roots: list[int] | None = None
        #: per chunk: (index of its first assessed unit, number of its assessed units, the
        #: member counts from the assessed units down to these rows), for ``roots``
        self.root_parts: list[tuple[int, int, tuple[Sequence[int], ...]]] = []
        #: the year of each assessed unit, when they were assessed in years of their own
        self.years: list[int] | None = None

    def __len__(self) -> int:
        return self.size

    def sets(self) -> tuple[str, ...]:
        """The ids of the sets evaluated on these units."""
        return tuple(dict.fromkeys(set_id for set_id, _ in self.columns))

    def column(self, set_id: str, criterion_id: str | None = None) -> bytes:
        """The outcome codes of one criterion of ``set_id`` (or of the whole set); ids are
        looked up in NFC, as they are kept."""
        found = self.columns.get((_id(set_id, "set_id"),
                                  None if criterion_id is None
                                  else _id(criterion_id, "criterion_id")))
        if found is not None:
            return bytes(found)
        known = [f"{s}/{c}" if c is not None else s for s, c in self.columns]
        raise UnknownNameError("result column",
                               set_id if criterion_id is None else f"{set_id}/{criterion_id}",
                               known, f"the results of {self.level.value} units")

    def outcomes(self, set_id: str, criterion_id: str | None = None) -> list[Outcome]:
        """The outcomes of one criterion (or of the whole set), one per unit."""
        return [_OUTCOMES[code] for code in self.column(set_id, criterion_id)]

    def criteria(self, set_id: str) -> tuple[str, ...]:
        return tuple(c for s, c in self.columns if s == set_id and c is not None)

    def codes(self) -> list[str]:
        """The codes of the units, in order."""
        return [code for source, rows in self.chunks for code in source.codes(rows)]

    def keep(self, owner: tuple[str, str], atom: Atom, env: list[Any], vector: Any) -> None:
        """Keep the figures of ``atom`` for this chunk (explain mode)."""
        key = (owner, atom.path, atom.back)
        figures = self._atoms.get(key)
        if figures is None:
            figures = self._atoms[key] = AtomFigures(owner, atom)
            self._atom_order.setdefault(owner, []).append(figures)
        figures.extend(env[atom.table].n, env[atom.outcome], env[atom.observed],
                       env[atom.required], vector)

    def atoms(self, set_id: str, criterion_id: str) -> list[AtomFigures]:
        """The figures of the comparisons (and member tallies) of one criterion, in the
        order the plan compiled them (each with its path in the criterion's rule and its
        years back): available when the plan ran with ``explain=True``."""
        return list(self._atom_order.get((set_id, criterion_id), ()))

    @property
    def roots(self) -> list[int]:
        """The assessed unit each row belongs to (its index among the assessed units;
        empty when the run did not keep them), computed when first asked for."""
        if self._roots is None:
            out: list[int] = []
            for offset, n, chain in self.root_parts:
                values: list[int] = list(range(offset, offset + n))
                for counts in chain:
                    values = broadcast(values, list(counts))
                out.extend(values)
            self._roots = out
        return self._roots

    @roots.setter
    def roots(self, value: list[int]) -> None:
        self._roots = value

    def year_of(self, index: int) -> int:
        """The year the unit ``index`` was assessed in."""
        if self.years is None:
            return self.year
        return self.years[self.roots[index] if self.roots else index]

    def rows(self) -> Iterator[tuple[Source, Sequence[Any], int]]:
        """(source, rows of the chunk, index in the chunk) for each unit, in order."""
        for source, rows in self.chunks:
            for index in range(source.count(rows)):
                yield source, rows, index


class EvaluationPlan:
    """A criteria set compiled with its references and parameters (see the module doc)."""

    def __init__(self, criteria_set: CriteriaSet, parameters: Mapping[str, Any]) -> None:
        self.criteria_set = criteria_set
        self.parameters = dict(parameters)
        check_unfolding(criteria_set, self.parameters)  # supplied rules count too
        program = Program()
        root = program.add(("root",), RootTable)
        compiler = Compiler(program, Scope(root, criteria_set, 0, None), criteria_set,
                            self.parameters)
        self.outcome = compiler.set_outcome()
        group_fact_reads(program.instructions)
        self.program = program
        # verdicts alone: member tallies short-circuit (see ``gates``)
        self._gates, skipped = find_gates(program.instructions,
                                          set(program.exports.values()))
        self._schedule = [i for i in range(1, len(program.instructions)) if i not in skipped]
        self._exports = self._plan_exports()
        self.bounds = Bounds()

    def __repr__(self) -> str:
        return (f"<Plan of {self.criteria_set.id!r}: {len(self.program.instructions)} "
                "operations>")

    def _run(self, source: Source, rows: Sequence[Any], year: int, vector: Any,
             explain: bool = True) -> list[Any]:
        instructions = self.program.instructions
        r = Run(len(instructions), year, self.bounds)
        env = r.env
        env[0] = _Table(rows, source)
        gates = self._gates
        # every instruction: for the figures of every comparison, or over whole columns
        # (an array operation over every row costs less than cutting out the undecided)
        if explain or not gates or (vector is not None
                                    and getattr(source, "whole_columns", False)):
            if vector is not None:
                vector.run(instructions, r)
                return env
            for index in range(1, len(instructions)):
                env[index] = instructions[index].run(r)
            return env
        if vector is not None:
            runners, backend = vector.RUNNERS, vector.GATES
            for index in self._schedule:
                instruction = instructions[index]
                gate = gates.get(index)
                if gate is None:
                    env[index] = runners[type(instruction)](instruction, r)
                else:
                    gate.run(instructions, r, backend)
            return env
        for index in self._schedule:
            gate = gates.get(index)
            if gate is None:
                env[index] = instructions[index].run(r)
            else:
                gate.run(instructions, r, PYTHON)
        return env

    def _plan_exports(self) -> list[tuple[int, str, str | None, int]]:
        """(table register, set id, criterion id or None, outcome register) to report."""
        out = []
        seen: set[tuple[int, str, str | None]] = set()
        for (scope_key, set_id, criterion_id), reg in self.program.exports.items():
            scope = self.program.scopes[scope_key]
            if scope.back != 0:
                continue
            key = (scope.table, set_id, criterion_id)
            if key in seen:
                continue
            seen.add(key)
            out.append((scope.table, set_id, criterion_id, reg))
        return out

    def run(self, source: Source, rows: Sequence[Any], year: int | Sequence[int],
            chunk: int | None = None, explain: bool = False, backend: str = "auto"
            ) -> Results:
        """Evaluate the plan over ``rows`` of ``source`` in ``year``, about ``chunk`` rows of
        the largest table (assessed units or members) at a time. With ``explain``, the
        figures of every comparison and member tally are kept too (:meth:`Results.atoms`).

        ``year`` is one year for every unit, or a year per unit (members are evaluated in
        their unit's year). ``backend``: ``"python"`` (lists, big-int masks), ``"numpy"``
        (arrays) or ``"auto"``: NumPy when it is installed. Unit objects are read through
        their facts' float twins (:class:`~ntmcriteria.units.FactMap`), so every backend
        compares floats where a float is the exact value, and the exact value where none
        is. Rows the source cannot read get the source's error naming the row and
        the key (``check_rows``).
        """
        try:
            return self._run_years(source, rows, year, chunk, explain, backend)
        except (AttributeError, TypeError, ValueError, KeyError, IndexError) as error:
            check = getattr(source, "check_rows", None)
            if isinstance(error, NTMError) or check is None:
                raise
            check(rows)  # a record it could not read: which, and why
            raise

    def _run_years(self, source: Source, rows: Sequence[Any], year: int | Sequence[int],
                   chunk: int | None, explain: bool, backend: str) -> Results:
        vector = _backend(backend)
        if isinstance(year, int) and not isinstance(year, bool):
            return self._run_all(source, rows, to_year(year, "year"), chunk, explain, vector,
                                 False)
        years = _per_unit(year, source.count(rows))
        distinct = sorted(set(years))
        if len(distinct) == 1:
            results = self._run_all(source, rows, distinct[0], chunk, explain, vector, False)
            results.years = years
            return results
        if vector is not None and getattr(source, "per_unit_years", False):
            results = self._run_all(source, rows, vector.year_array(years), chunk, explain,
                                    vector, True)
            results.years = years
            for members in results.members.values():
                members.years = years  # by their assessed unit (``roots``)
            return results
        return _merged(source, rows, years, [
            (y, self._run_all(source, _pick(rows, idx), y, chunk, explain, vector, True), idx)
            for y in distinct for idx in [[i for i, v in enumerate(years) if v == y]]])

    def _run_all(self, source: Source, rows: Sequence[Any], year: Any, chunk: int | None,
                 explain: bool, vector: Any, roots: bool) -> Results:
        # whole arrays for columns in NumPy; otherwise chunks of rows that stay in the
        # processor's cache (reading records or objects key by key is memory-bound)
        arrays = vector is not None and getattr(source, "whole_columns", False)
        if chunk is None:
            chunk = (VECTOR_CHUNK if arrays else CHUNK if vector is None
                     else RECORD_VECTOR_CHUNK)
        results = Results(source.level, year if isinstance(year, int) else 0)
        by_table: dict[int, Results] = {0: results}
        instructions = self.program.instructions
        for table_reg, set_id, criterion_id, _ in self._exports:
            if table_reg == 0:
                results.columns[(set_id, criterion_id)] = bytearray()
        total = source.count(rows)
        size = min(total, chunk) if arrays else self._chunk_size(source, rows, chunk)
        position = 0
        while position < total:
            part = rows[position:position + size]
            env = self._run(source, part, year if isinstance(year, int)
                            else year[position:position + len(part)], vector, explain)
            position += len(part)
            for table_reg, kept in list(by_table.items()):
                table = env[table_reg]
                kept.chunks.append((table.source, table.rows))
                kept.size += table.n
                if roots:
                    kept.root_parts.append(_root_part(env, table_reg, instructions,
                                                      position - len(part)))
            pending: list[tuple[bytearray, Any, int]] = []  # NumPy masks, coded at once
            for table_reg, set_id, criterion_id, reg in self._exports:
                target = by_table.get(table_reg)
                table = env[table_reg]
                if target is None:
                    target = by_table[table_reg] = Results(table.level, results.year)
                    target.chunks.append((table.source, table.rows))
                    target.size += table.n
                    if roots:
                        target.root_parts.append(_root_part(env, table_reg, instructions,
                                                            position - len(part)))
                    instruction = instructions[table_reg]
                    assert isinstance(instruction, MemberTable)  # noqa: S101
                    results.members[instruction.level] = target
                column = target.columns.setdefault((set_id, criterion_id), bytearray())
                if vector is None:
                    passed, failed = env[reg]
                    column.extend((passed + 2 * failed).to_bytes(table.n, "little"))
                else:
                    pending.append((column, env[reg], table.n))
            if pending:
                for (column, _, _), codes in zip(pending, vector.codes_many(
                        [(mask, n) for _, mask, n in pending]), strict=True):
                    column.extend(codes)
            if explain:
                for owner, atoms in self.program.atoms.items():
                    if owner == CONDITIONS:
                        continue
                    for atom in atoms:
                        target = by_table.get(atom.table)
                        if target is not None:
                            target.keep(owner, atom, env, vector)
        return results


    def _chunk_size(self, source: Source, rows: Sequence[Any], chunk: int) -> int:
        """Assessed units per chunk, so that the largest table of a chunk (the units or
        their members) has about ``chunk`` rows: measured on the members of the first
        units, gathered as the program's member tables gather them (not evaluated)."""
        probe = rows[:_PROBE]
        n = source.count(probe)
        if not n:
            return max(1, chunk)
        tables: dict[int, tuple[Sequence[Any], Source]] = {0: (probe, source)}
        largest = n
        for index, instruction in enumerate(self.program.instructions):
            if type(instruction) is MemberTable and instruction.table in tables:
                parent_rows, parent_source = tables[instruction.table]
                members, _, member_source = parent_source.members(parent_rows,
                                                                  instruction.level)
                tables[index] = (members, member_source)
                largest = max(largest, member_source.count(members))
        return max(1, chunk * n // largest)


def _id(value: object, field: str) -> str:
    """An id looked up in the results: a string, in NFC (as ids are kept)."""
    if not isinstance(value, str):
        raise NTMTypeError(f"{field} must be an id, a string (got {type(value).__name__} "
                           f"{shown(value)})")
    return nfc(value, field)


def _per_unit(year: Any, n: int) -> list[int]:
    tolist = getattr(year, "tolist", None)
    years = list(tolist()) if callable(tolist) else list(year)
    if len(years) != n:
        raise NTMValueError(f"year gives {len(years)} years for {n} units; give one year, or "
                            "one per unit")
    if set(map(type, years)) <= _INT and (
            not years or (min(years) >= MIN_YEAR and max(years) <= MAX_YEAR)):
        return years  # plain ints, every one a year: checked in C
    for index, value in enumerate(years):
        if isinstance(value, bool) or not isinstance(value, int):
            raise NTMTypeError(f"year[{index}] must be a year as an int (got {shown(value)})")
    return [to_year(value, f"year[{index}]") for index, value in enumerate(years)]


_INT = frozenset((int,))


def _pick(rows: Sequence[Any], indexes: list[int]) -> Sequence[Any]:
    return [rows[i] for i in indexes]


def _root_part(env: list[Any], table_reg: int, instructions: list[Any], offset: int
               ) -> tuple[int, int, tuple[Sequence[int], ...]]:
    """What gives the assessed unit of each row of a table of a chunk (see
    ``Results.roots``): the chunk's first assessed unit, its number of assessed units and
    the member counts of each table from them down to this one."""
    chain: list[Sequence[int]] = []
    reg = table_reg
    while reg != 0:
        chain.append(env[reg].counts)
        reg = instructions[reg].table
    return offset, env[0].n, tuple(reversed(chain))


def _merged(source: Source, rows: Sequence[Any], years: list[int],
            runs: list[tuple[int, Results, list[int]]]) -> Results:
    """One year's runs put back in the order of the assessed units."""
    results = Results(source.level, runs[0][0])
    results.years = years
    n = len(years)
    results.chunks = [(source, rows)]
    results.size = n
    results.roots = list(range(n))
    for key in runs[0][1].columns:
        out = bytearray(n)
        for _, part, indexes in runs:
            column = part.columns[key]
            for j, i in enumerate(indexes):
                out[i] = column[j]
        results.columns[key] = out
    for owner in runs[0][1]._atom_order:
        for figures in zip(*(part._atom_order[owner] for _, part, _ in runs), strict=True):
            merged = AtomFigures.__new__(AtomFigures)
            first = figures[0]
            for name in ("owner", "kind", "node", "path", "back"):
                setattr(merged, name, getattr(first, name))
            merged.codes = bytearray(n)
            merged.observed = [None] * n
            merged.required = [None] * n
            merged.totals = [0] * n if first.totals else []
            for (_, _, indexes), part_figures in zip(runs, figures, strict=True):
                for j, i in enumerate(indexes):
                    merged.codes[i] = part_figures.codes[j]
                    merged.observed[i] = part_figures.observed[j]
                    merged.required[i] = part_figures.required[j]
                    if first.totals:
                        merged.totals[i] = part_figures.totals[j]
            results._atoms[(owner, merged.path, merged.back)] = merged
            results._atom_order.setdefault(owner, []).append(merged)
    for level in runs[0][1].members:
        parts = [(part.members[level], indexes) for _, part, indexes in runs]
        entries = []  # (assessed unit, source, rows, index, codes by column)
        for member, indexes in parts:
            position = 0
            for chunk_source, chunk_rows in member.chunks:
                for index in range(chunk_source.count(chunk_rows)):
                    entries.append((indexes[member.roots[position]], chunk_source, chunk_rows,
                                    index, member, position))
                    position += 1
        entries.sort(key=lambda e: e[0])
        merged_members = Results(level, runs[0][0])
        merged_members.years = years
        merged_members.size = len(entries)
        merged_members.roots = [e[0] for e in entries]
        merged_members.chunks = [(e[1], [e[2][e[3]]] if not isinstance(e[2], range)
                                  else range(e[2][e[3]], e[2][e[3]] + 1)) for e in entries]
        for key in parts[0][0].columns:
            merged_members.columns[key] = bytearray(e[4].columns[key][e[5]] for e in entries)
        results.members[level] = merged_members
    return results
