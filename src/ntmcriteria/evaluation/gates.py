"""Short circuits of the compiled plan: a member tally decided before every member is read.

A share or count over members (``share("village", all_of(a, b, c), at_least=100)``)
is decided for a unit as soon as enough of its members fail: FAIL once the members
not failed are fewer than the members needed; PASS at once when none are needed;
UNKNOWN at once when the threshold is missing or there are no members. And a member
fails its ``all_of`` at its first failing part. So when the rule of the members is an
``all_of`` of comparisons of their own facts, the plan reads the facts of each part
(in the rule's order) only for the members still undecided: members not failed yet,
of units not decided yet. The outcome is the one the full evaluation gives (a
property test holds it to the interpreter), the figures are not kept, so the plan
short-circuits only when it runs for verdicts (``explain=False``); with figures
(explanations) every fact is read, as the interpreter reads them.

A value that no verdict depends on is then not read, so it is not checked either:
a bad value (out of its indicator's bounds, of the wrong type) of a member after
its first failing part, or of a unit already decided, raises no error in a run for
verdicts; it does when the same units are explained or interpreted.

A :class:`MemberGate` is found at compile time (:func:`find_gates`): the tally, the
members needed, the ``all_of`` and its comparisons and fact reads must each feed
only the next step (nothing else reads them, nothing is reported from them).
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Callable, Sequence
from itertools import compress
from operator import not_, or_
from typing import Any

from ntmcriteria.evaluation import compiler as c
from ntmcriteria.evaluation.sources import broadcast

__all__ = ["Backend", "MemberGate", "Sub", "find_gates", "inputs"]


def inputs(ins: c.Instruction) -> list[int] | None:
    """The registers an instruction reads (None: an instruction this module does not know,
    which turns every short circuit off)."""
    t = type(ins)
    if t in (c.RootTable, c.Constant, c.Unknown):
        return []
    if t in (c.MemberTable, c.FactCol, c.RecognitionYears, c.YearValue):
        return [ins.table]  # type: ignore[attr-defined]
    if t in (c.FactAtCol, c.Recognised):
        return [ins.table, ins.years]  # type: ignore[attr-defined]
    if t is c.ScaledValue:
        return [ins.base]  # type: ignore[attr-defined]
    if t is c.Times:
        return [ins.factor, ins.base]  # type: ignore[attr-defined]
    if t is c.Difference:
        return [ins.left, ins.right]  # type: ignore[attr-defined]
    if t is c.Compare:
        return [ins.table, ins.observed, ins.required]  # type: ignore[attr-defined]
    if t in (c.AllOf, c.AnyOf):
        return list(ins.parts)  # type: ignore[attr-defined]
    if t is c.AtLeast:
        return [ins.table, *ins.parts]  # type: ignore[attr-defined]
    if t is c.Negate:
        return [ins.part]  # type: ignore[attr-defined]
    if t is c.Tally:
        return [ins.members, ins.mask]  # type: ignore[attr-defined]
    if t in (c.ShareNeed, c.CountNeed):
        return [ins.tally, ins.required]  # type: ignore[attr-defined]
    if t is c.CountOutcome:
        return [ins.tally, ins.need]  # type: ignore[attr-defined]
    if t is c.Reduce:
        return [ins.members, ins.values]  # type: ignore[attr-defined]
    if t is c.Item:
        return [ins.source]  # type: ignore[attr-defined]
    if t is c.OutcomeFrom:
        return [ins.every, ins.none]  # type: ignore[attr-defined]
    if t is c.PassWhere:
        return [ins.condition, ins.outcome]  # type: ignore[attr-defined]
    if t is c.ScheduleCol:
        return [ins.table, *ins.dims]  # type: ignore[attr-defined]
    if t is c.RuleSelect:
        return [ins.table, *ins.dims,  # type: ignore[attr-defined]
                *(reg for _, reg in ins.branches)]  # type: ignore[attr-defined]
    if t is c.ClassOf:
        assert isinstance(ins, c.ClassOf)  # noqa: S101 - for the type checker
        return [ins.table, *(reg for reg, _ in ins.overrides), *(ins.rules or ()),
                *(() if ins.parent is None else (ins.parent,))]
    return None


class MemberGate:
    """A share or count over members evaluated lazily (see the module doc): ``eager`` parts
    of the members' ``all_of`` are evaluated in the plan's order; each of ``lazy``, a fact
    read (its own copy, reading its key alone) and its comparison, only for the members
    still undecided."""

    __slots__ = ("eager", "lazy", "members", "need", "outcome", "regs", "tally")

    def __init__(self, outcome: int, tally: int, need: int, members: int, eager: list[int],
                 lazy: list[tuple[int, c.FactCol, int]], regs: list[int]) -> None:
        self.outcome, self.tally, self.need, self.members = outcome, tally, need, members
        self.eager, self.lazy = eager, lazy
        #: every register the gate stands for, in the plan's order (for a plain run)
        self.regs = regs

    def run(self, instructions: Sequence[c.Instruction], r: c.Run, backend: Backend) -> None:
        env = r.env
        if not isinstance(r.year, int) and not backend.per_unit_years:
            # each unit in its own year, which only the backend's own bookkeeping
            # (``run_gate``) cuts: no short circuit
            for reg in self.regs:
                env[reg] = backend.run(instructions[reg], r)
            env[self.outcome] = backend.run(instructions[self.outcome], r)
            return
        if backend.run_gate(self, instructions, r):
            return  # the backend's own bookkeeping (the same steps, over arrays)
        table: c.Table = env[self.members]
        n = table.n
        counts: list[int] = list(table.counts or ())
        env[self.tally] = (None, None, backend.counts(table))  # the need reads the counts
        needs = env[self.need] = backend.run(instructions[self.need], r)
        need = backend.needs(needs)
        parent_of = broadcast(range(len(counts)), counts)
        # a unit is open while its members can still decide it
        open_ = bytearray(k is not None and k > 0 for k in need)
        fails = [0] * len(counts)
        unknown = bytearray(n)
        is_open = open_.__getitem__
        parent = parent_of.__getitem__

        def note(members: list[int], passes: bytes, failures: bytes) -> list[int]:
            """Record a part's outcomes for ``members``; the members still undecided (the
            loops in Python run over the units with a failing member, and over the members
            of unknown outcome; the rest is done by C iterators)."""
            closed = False
            if any(failures):
                for p, k in Counter(map(parent, compress(members, failures))).items():
                    fails[p] += k
                    if open_[p] and counts[p] - fails[p] < need[p]:  # type: ignore[operator,unused-ignore]
                        open_[p] = 0
                        closed = True
            if len(members) - passes.count(1) - failures.count(1):
                for i in compress(members, map(not_, map(or_, passes, failures))):
                    unknown[i] = 1
            survivors = list(compress(members, map(not_, failures)))
            if closed:
                survivors = list(compress(survivors, map(is_open, map(parent, survivors))))
            return survivors

        live = (list(range(n)) if all(open_) else
                list(compress(range(n), map(is_open, parent_of))))
        for part in self.eager:
            passes, failures = backend.flags(env[part], n)
            live = note(live, bytes(map(passes.__getitem__, live)),
                        bytes(map(failures.__getitem__, live)))
        for fact_reg, fact, compare_reg in self.lazy:
            if not live:
                break
            compare = instructions[compare_reg]
            assert isinstance(compare, c.Compare)  # noqa: S101 - found so
            sub = Sub(r, env, table, live, self.members, compare.required)
            if sub.run is None:  # a requirement this module cannot subset: read them all
                env[fact_reg] = backend.run(fact, r)
                mask = backend.run(compare, r)
                passes, failures = backend.flags(mask, n)
                live = note(live, bytes(map(passes.__getitem__, live)),
                            bytes(map(failures.__getitem__, live)))
                continue
            sub.run.env[fact_reg] = backend.run(fact, sub.run)
            passes, failures = backend.flags(backend.run(compare, sub.run), len(live))
            live = note(live, passes, failures)
        passed = [0] * len(counts)
        unknowns = [0] * len(counts)
        for i in live:  # the members not failed of the units still open
            if unknown[i]:
                unknowns[parent_of[i]] += 1
            else:
                passed[parent_of[i]] += 1
        env[self.tally] = backend.tally(passed, unknowns, table)
        env[self.outcome] = backend.run(instructions[self.outcome], r)


class Sub:
    """The run of one part over the members still undecided: a copy of the registers with
    the members' table and the comparison's requirement cut to those members (``run`` is
    None when the requirement is of a form that cannot be cut). ``years``: the
    assessment year of each of those members, when each unit has its own."""

    __slots__ = ("run",)

    def __init__(self, r: c.Run, env: list[Any], table: c.Table, live: list[int],
                 members: int, required: int, years: Any = None) -> None:
        self.run: c.Run | None = None
        if len(live) == table.n:
            self.run = r
            return
        cut = _cut(env[required], live)
        if cut is None:
            return
        rows = table.rows
        sub_rows = list(map(rows.__getitem__, live))
        sub_env = list(env)
        sub_table = sub_env[members] = c.Table(sub_rows, table.source)
        if years is not None:
            sub_table.cache["years"] = years
        sub_env[required] = cut
        run = c.Run(0, r.year, r.bounds)
        run.env = sub_env
        self.run = run


def _cut(value: Any, live: list[int]) -> Any:
    """``value`` (a requirement: one value, codes, a column, a product) for ``live`` rows."""
    if isinstance(value, c.Scalar):
        return value
    if isinstance(value, c.Coded):
        codes: Any = value.codes
        if hasattr(codes, "shape"):
            return c.Coded(codes[live], value.palette, value.floats)
        return c.Coded(list(map(codes.__getitem__, live)), value.palette, value.floats)
    if isinstance(value, c.Col):
        return c.Col(list(map(value.values.__getitem__, live)), value.kind, value.nullable)
    if isinstance(value, c.Product):
        factor, base = _cut(value.factor, live), _cut(value.base, live)
        return None if factor is None or base is None else c.Product(factor, base)
    cut = getattr(value, "cut", None)  # the NumPy backend's columns
    if callable(cut):
        return cut(live)
    return None


class Backend:
    """How a gate runs instructions and reads masks on one backend (pure Python: big-int
    masks and lists; the NumPy backend gives its own, see ``vector.GATE_BACKEND``)."""

    #: whether the backend's ``run_gate`` short-circuits units of different assessment
    #: years in one run
    per_unit_years = False

    def __init__(self, run: Callable[[c.Instruction, c.Run], Any]) -> None:
        self.run = run

    def counts(self, table: c.Table) -> Any:
        return table.counts

    def needs(self, needs: Any) -> list[int | None]:
        return list(needs)

    def flags(self, mask: Any, n: int) -> tuple[bytes, bytes]:
        passed, failed = mask
        return passed.to_bytes(n, "little"), failed.to_bytes(n, "little")

    def tally(self, passed: list[int], unknowns: list[int], table: c.Table) -> Any:
        return passed, unknowns, table.counts

    def run_gate(self, gate: MemberGate, instructions: Sequence[c.Instruction], r: c.Run
                 ) -> bool:
        """Run ``gate`` with the backend's own bookkeeping, if it has one (then True)."""
        return False


def _run_python(ins: c.Instruction, r: c.Run) -> Any:
    return ins.run(r)


PYTHON = Backend(_run_python)


def find_gates(instructions: Sequence[c.Instruction], reported: set[int]
               ) -> tuple[dict[int, MemberGate], set[int]]:
    """The gates of a program, by the register of their outcome, and the registers they
    stand for (not run on their own when the plan short-circuits). ``reported``: registers
    read from outside the program (outcomes reported)."""
    users: dict[int, set[int]] = {}
    for index, ins in enumerate(instructions):
        regs = inputs(ins)
        if regs is None:
            return {}, set()
        for reg in regs:
            users.setdefault(reg, set()).add(index)

    def only(reg: int, *consumers: int) -> bool:
        return reg not in reported and users.get(reg, set()) == set(consumers)

    gates: dict[int, MemberGate] = {}
    skipped: set[int] = set()
    for index, ins in enumerate(instructions):
        if type(ins) is not c.CountOutcome:
            continue
        assert isinstance(ins, c.CountOutcome)  # noqa: S101 - for the type checker
        tally_reg, need_reg = ins.tally, ins.need
        tally, need = instructions[tally_reg], instructions[need_reg]
        if (not isinstance(tally, c.Tally) or not isinstance(need, c.ShareNeed | c.CountNeed)
                or need.tally != tally_reg or not only(tally_reg, need_reg, index)
                or not only(need_reg, index) or not only(tally.mask, tally_reg)):
            continue
        members, mask = tally.members, tally.mask
        rule = instructions[mask]
        if isinstance(rule, c.AllOf):
            parts, owner = list(rule.parts), mask
        elif isinstance(rule, c.Compare):
            parts, owner = [mask], tally_reg
        else:
            continue
        eager: list[int] = []
        lazy: list[tuple[int, c.FactCol, int]] = []
        for part in parts:
            compare = instructions[part]
            fact = instructions[compare.observed] if isinstance(compare, c.Compare) else None
            if (isinstance(compare, c.Compare) and isinstance(fact, c.FactCol)
                    and compare.table == members and fact.table == members
                    and parts.count(part) == 1 and only(part, owner)
                    and only(compare.observed, part) and compare.observed not in skipped):
                alone = copy.copy(fact)
                alone.block = (fact.key,)  # the members still undecided, key by key
                lazy.append((compare.observed, alone, part))
            else:
                eager.append(part)
        if not lazy:
            continue
        own = {tally_reg, need_reg, *(reg for f, _, p in lazy for reg in (f, p))}
        if owner == mask and isinstance(rule, c.AllOf):
            own.add(mask)
        gates[index] = MemberGate(index, tally_reg, need_reg, members, eager, lazy,
                                  sorted(own))
        skipped |= own
    return gates, skipped
