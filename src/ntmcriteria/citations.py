"""Where a rule comes from: the legal document, its article, and how sure we are."""

from __future__ import annotations

import enum

import attrs

from ntmcriteria._values import (
    is_vi,
    to_article,
    to_date,
    to_document,
    to_enum,
    to_note,
)

__all__ = ["Citation", "Confidence"]


class Confidence(enum.Enum):
    """How sure we are of a criterion's values."""

    VERIFIED_TEXT = "verified-text"
    SECONDARY = "secondary"
    SEED = "seed"
    UNKNOWN = "unknown"

    @property
    def label_vi(self) -> str:
        return _LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _LABELS[self][1]


_LABELS = {
    Confidence.VERIFIED_TEXT: ("đã đối chiếu văn bản", "verified against the text"),
    Confidence.SECONDARY: ("nguồn thứ cấp", "secondary source"),
    Confidence.SEED: ("theo dự thảo kế hoạch", "from the draft plan"),
    Confidence.UNKNOWN: ("chưa xác định", "unknown"),
}


def _to_confidence(value: object) -> Confidence:
    return to_enum(Confidence, value, "confidence")


@attrs.frozen(kw_only=True)
class Citation:
    """Where a rule comes from: document, date, article/annex/section, and confidence."""

    document: str = attrs.field(converter=to_document)
    confidence: Confidence = attrs.field(converter=_to_confidence)
    date: str = attrs.field(default="", converter=to_date)
    article: str = attrs.field(default="", converter=to_article)
    note: str = attrs.field(default="", converter=to_note)
    #: for a value changed by derivation: the source of what it replaced
    amends: str = attrs.field(default="", converter=to_note)

    def describe(self, lang: str = "vi") -> str:
        vi = is_vi(lang)
        parts = [self.document]
        if self.date:
            parts.append(_dated(self.date, vi))
        if self.article:
            parts.append(self.article)
        conf = self.confidence.label_vi if vi else self.confidence.label_en
        text = ", ".join(parts) + (f" (độ tin cậy: {conf})" if vi else f" (confidence: {conf})")
        if self.amends:
            text += ("; sửa đổi quy định tại " if vi else "; amends ") + self.amends
        return text

    def amended_by(self, by: Citation) -> Citation:
        """The citation of a value ``by`` replaced: ``by``, noting where this one came from."""
        source = self.document + (f", {self.article}" if self.article else "")
        return attrs.evolve(by, amends=source)


def _dated(date: str, vi: bool) -> str:
    """``ngày 09/8/2023``, ``tháng 09/2022``, ``năm 2022`` (by how much of the date is
    known) / ``of 09/8/2023``."""
    if not vi:
        return "of " + date
    parts = date.split("/")
    if len(parts) == 2:
        return "tháng " + date
    if len(parts) == 1 and date.isdigit():
        return "năm " + date
    return "ngày " + date
