"""The document shape of every kind, read from the kind's own declaration.

A *family* is a set of kinds that can stand in the same place of a document
(rules, expressions, year references, thresholds, derivation changes); the core
lists each family in one tuple (``RULE_KINDS``, ...). A kind is a frozen attrs
class with a ClassVar tag (``tag``, or ``kind`` for changes) and document
metadata on each field (see :mod:`ntmcriteria._fields`): the key it is written
under (``doc_name``, or the kind's tag when ``doc_tag``), the *field kind* of its
value (``doc_kind``), and whether it is left out when equal to its default
(``doc_optional``).

From that, this module builds each kind's :class:`KindSpec`: its *slots* (one
document key each, holding one field, or two fields of a ``pair`` field kind
written ``[a, b]``), in document order (the tag first). Dumping, loading and the
JSON Schema are all generated from the specs; a field kind (:class:`Codec`) says
how one value is written, read and described. :func:`declaration_problems`
lists everything a kind's declaration lacks for that, naming the kind and the
field, so that a new kind can never silently not serialize.
"""

from __future__ import annotations

import enum
import inspect
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

__all__ = [
    "NOTHING",
    "Codec",
    "DeclarationError",
    "Family",
    "KindSpec",
    "Schema",
    "Slot",
    "build_family",
    "declaration_problems",
]

Schema = dict[str, Any]


class _Nothing(enum.Enum):
    NOTHING = "NOTHING"


#: No value: a required slot, or a field kind without a value for an absent key.
NOTHING: Any = _Nothing.NOTHING
_TAG = re.compile(r"[a-z][a-z0-9_]*\Z")


class DeclarationError(TypeError):
    """A kind's declaration lacks what the serializer needs (names the kind and field)."""


@attrs.frozen(eq=False)
class Codec:
    """A field kind: how one value of that kind is written, read and described.

    ``load`` raises :class:`~ntmcriteria.serialize._scalars.BadValueError` or the
    engine's ``ProblemsError``; ``absent`` is the value of a key left out (the key is
    then optional although the field has no default); ``last`` writes the key
    after the others (a citation closes its object); ``pair`` writes two fields
    together as ``[a, b]``.
    """

    name: str
    what: str
    dump: Callable[[Any], Any]
    load: Callable[[Any], Any]
    schema: Callable[[], Schema]
    absent: Any = NOTHING
    last: bool = False
    pair: bool = False


@attrs.frozen(eq=False)
class Slot:
    """One key of a kind's document object and the field (or pair of fields) it holds."""

    key: str
    fields: tuple[attrs.Attribute[Any], ...]
    codec: Codec
    tag: bool
    optional: bool
    #: the value when the key is left out (the field's default, or the codec's
    #: ``absent``); NOTHING: the key is required
    default: Any

    @property
    def required(self) -> bool:
        return self.default is NOTHING


@attrs.frozen(eq=False)
class KindSpec:
    """A kind's document shape: its tag and its slots, in document order."""

    cls: type[Any]
    tag: str
    #: what the family is called in messages ("rule", "threshold", ...)
    what: str
    slots: tuple[Slot, ...]
    description: str

    @property
    def keys(self) -> tuple[str, ...]:
        """Every key the kind's object may have (its tag alone for a kind without fields)."""
        return tuple(s.key for s in self.slots) or (self.tag,)

    def slot_of(self, field_name: str) -> Slot:
        for slot in self.slots:
            if any(f.name == field_name for f in slot.fields):
                return slot
        raise KeyError(field_name)  # pragma: no cover - every init field has a slot

    @property
    def named(self) -> str:
        """``a 'compare' rule``: the kind as named in messages."""
        return f"a {self.tag!r} {self.what}"


@attrs.frozen(eq=False)
class Family:
    """Kinds that stand in the same place of a document, told apart by their tags."""

    name: str
    what: str
    kinds: tuple[KindSpec, ...]
    #: the kind written as its bare value (``45`` for a constant threshold), if any
    bare: KindSpec | None = None
    #: loading counts its nesting depth (bounded by ``max_rule_depth``)
    counts_depth: bool = False
    by_tag: Mapping[str, KindSpec] = attrs.field(init=False)
    by_class: Mapping[type[Any], KindSpec] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "by_tag", {k.tag: k for k in self.kinds})
        object.__setattr__(self, "by_class", {k.cls: k for k in self.kinds})

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(k.tag for k in self.kinds)

    def spec(self, obj: object) -> KindSpec | None:
        """The spec of ``obj``'s kind (None if it is not of this family)."""
        for cls in type(obj).__mro__:
            spec = self.by_class.get(cls)
            if spec is not None:
                return spec
        return None


# ----------------------------------------------------------------------------- building
def _description(cls: type[Any]) -> str:
    text = inspect.cleandoc(cls.__doc__ or "").split("\n\n")[0]
    return " ".join(text.split()).replace("``", "")


def _default(field: attrs.Attribute[Any]) -> Any:
    default: Any = field.default
    if default is attrs.NOTHING:
        return NOTHING
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        if default.takes_self:  # pragma: no cover - no kind uses one
            return NOTHING
        return default.factory()
    return default


def _kind_problems(cls: type[Any], tag_attr: str, codecs: Mapping[str, Codec]
                   ) -> tuple[list[str], list[Slot]]:
    """What ``cls``'s declaration lacks, and its slots (in field order)."""
    name = getattr(cls, "__name__", repr(cls))
    problems: list[str] = []
    tag = vars(cls).get(tag_attr)
    if not isinstance(tag, str) or not _TAG.match(tag):
        problems.append(f"the kind {name} declares no ClassVar {tag_attr!r} of its own "
                        f"(a snake_case document tag; got {tag!r})")
        tag = None
    if not attrs.has(cls):
        problems.append(f"the kind {name} is not an attrs class")
        return problems, []
    slots: list[Slot] = []
    fields = [f for f in attrs.fields(cls) if f.init]
    index = 0
    while index < len(fields):
        field = fields[index]
        index += 1
        where = f"the field {name}.{field.name}"
        meta = field.metadata
        kind = meta.get("doc_kind")
        if kind is None:
            problems.append(f"{where} has no doc_kind (declare metadata=doc(kind=...))")
            continue
        codec = codecs.get(kind)
        if codec is None:
            problems.append(f"{where} has the doc_kind {kind!r}, which the serializer does not "
                            f"know (known: {', '.join(sorted(codecs))})")
            continue
        is_tag = bool(meta.get("doc_tag", False))
        key = meta.get("doc_name") or field.name
        if is_tag:
            if tag is not None and meta.get("doc_name") not in (None, tag):
                problems.append(f"{where} is written under the tag {tag!r} but names the key "
                                f"{meta['doc_name']!r}")
            key = tag if tag is not None else key
        group: tuple[attrs.Attribute[Any], ...] = (field,)
        if codec.pair:
            partner = fields[index] if index < len(fields) else None
            if (partner is None or partner.metadata.get("doc_kind") != kind
                    or (partner.metadata.get("doc_name") or partner.name) != key):
                problems.append(f"{where} has the doc_kind {kind!r}, which needs the next field "
                                f"to be its partner (same doc_kind and doc_name {key!r})")
                continue
            group = (field, partner)
            index += 1
        optional = bool(meta.get("doc_optional", False))
        default = _default(field)
        if optional and default is NOTHING:
            problems.append(f"{where} is doc_optional but has no default to leave out")
        if default is NOTHING:
            default = codec.absent
        is_tag = is_tag or key == tag
        slots.append(Slot(key=key, fields=group, codec=codec, tag=is_tag, optional=optional,
                          # the tag names the kind: it is always written and always read
                          default=NOTHING if is_tag else default))
    if tag is not None:
        keys = [s.key for s in slots]
        for key in sorted({k for k in keys if keys.count(k) > 1}):
            problems.append(f"the kind {name} writes several fields under the key {key!r}")
        tag_slots = [s for s in slots if s.tag]
        if fields and len(tag_slots) != 1 and not problems:
            problems.append(f"the kind {name} must write exactly one field under its tag "
                            f"{tag!r} (doc_tag=True), or have no fields (got {len(tag_slots)})")
        for slot in tag_slots:
            if slot.optional:
                problems.append(f"the field {name}.{slot.fields[0].name} holds the tag "
                                f"{tag!r}: it is always written (it cannot be doc_optional)")
    return problems, slots


def declaration_problems(classes: Iterable[type[Any]], tag_attr: str,
                         codecs: Mapping[str, Codec], bare: str | None = None) -> list[str]:
    """Everything the declarations of a family's kinds lack for serialization."""
    problems: list[str] = []
    tags: dict[str, type[Any]] = {}
    keyed: list[tuple[type[Any], str, tuple[str, ...]]] = []
    for cls in classes:
        found, slots = _kind_problems(cls, tag_attr, codecs)
        problems.extend(found)
        tag = vars(cls).get(tag_attr)
        if isinstance(tag, str):
            if tag in tags:
                problems.append(f"the kinds {tags[tag].__name__} and {cls.__name__} share the "
                                f"tag {tag!r}")
            tags.setdefault(tag, cls)
            keyed.append((cls, tag, tuple(s.key for s in slots)))
    # a key of one kind may be another kind's tag ("share" has "at_least"), never both ways
    for index, (cls, tag, keys) in enumerate(keyed):
        for other_cls, other_tag, other_keys in keyed[index + 1:]:
            if other_tag in keys and tag in other_keys:
                problems.append(f"the kinds {cls.__name__} and {other_cls.__name__} each use "
                                "the other's tag as a key: documents would be ambiguous")
    if bare is not None:
        bare_cls = tags.get(bare)
        if bare_cls is None:
            problems.append(f"the bare kind {bare!r} is not among the kinds")
        elif len([f for f in attrs.fields(bare_cls) if f.init]) != 1:
            problems.append(f"the bare kind {bare_cls.__name__} must have exactly one field")
    return problems


def build_family(name: str, what: str, classes: Iterable[type[Any]], *, tag_attr: str,
                 codecs: Mapping[str, Codec], bare: str | None = None,
                 counts_depth: bool = False) -> Family:
    """The family of ``classes``; :class:`DeclarationError` lists what their declarations
    lack."""
    classes = tuple(classes)
    problems = declaration_problems(classes, tag_attr, codecs, bare)
    if problems:
        raise DeclarationError(f"cannot serialize the {what} kinds:\n  " + "\n  ".join(problems))
    kinds = []
    for cls in classes:
        _, slots = _kind_problems(cls, tag_attr, codecs)
        ordered = ([s for s in slots if s.tag] + [s for s in slots if not s.tag and not
                   s.codec.last] + [s for s in slots if not s.tag and s.codec.last])
        kinds.append(KindSpec(cls=cls, tag=vars(cls)[tag_attr], what=what,
                              slots=tuple(ordered), description=_description(cls)))
    bare_spec = next((k for k in kinds if k.tag == bare), None)
    return Family(name=name, what=what, kinds=tuple(kinds), bare=bare_spec,
                  counts_depth=counts_depth)
