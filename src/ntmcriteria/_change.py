"""The base of every derivation change (the kinds live in :mod:`ntmcriteria.changes`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from ntmcriteria.citations import Citation
    from ntmcriteria.criteria import Draft

__all__ = ["Change"]


class Change:
    """A change a derived set makes to the set it derives from, with its citation.

    Each change kind declares its document tag (``kind``) and how it applies
    itself to a draft of the new set (:meth:`apply`).
    """

    __slots__ = ()
    kind: ClassVar[str] = "change"
    citation: Citation

    def apply(self, draft: Draft, index: int) -> None:
        """Apply this change (``changes[index]``) to ``draft``, or raise naming it."""
        raise NotImplementedError(f"the change {type(self).__name__} does not implement 'apply'")
