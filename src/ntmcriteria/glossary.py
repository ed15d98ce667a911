"""The terms every rendering uses, in Vietnamese and English (one glossary).

Explanations, tables, review sheets and plan reports all take their words
from here, so that a term reads the same everywhere: ``thực tế`` (observed),
``yêu cầu`` (required), ``còn thiếu`` (short by), ``điểm phần trăm``
(percentage points) and the outcome labels ``đạt`` / ``không đạt`` /
``chưa đủ dữ liệu``.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["FORBIDDEN_VI", "TERMS", "counted", "term"]

#: term key -> (Vietnamese, English)
TERMS: Mapping[str, tuple[str, str]] = {
    "pass": ("đạt", "pass"),
    "fail": ("không đạt", "fail"),
    "unknown": ("chưa đủ dữ liệu", "not enough data"),
    "not_applicable": ("không áp dụng", "not applicable"),
    "observed": ("thực tế", "observed"),
    "required": ("yêu cầu", "required"),
    "short_by": ("còn thiếu", "short by"),
    "over_by": ("vượt", "over by"),
    "off_by": ("chênh lệch", "off by"),
    "percentage_points": ("điểm phần trăm", "percentage points"),
    "no_data": ("chưa có số liệu", "no data"),
    "not_available": ("chưa có", "not available"),
    "not_determined": ("chưa xác định", "not determined"),
    "missing": ("Thiếu", "Missing"),
    "source": ("Căn cứ", "Source"),
    "members_more": ("cần thêm", "more needed"),
    "missing_data": ("thiếu dữ liệu", "missing"),
    "shortfalls": ("điểm không đạt", "shortfalls"),
    "missing_items": ("mục thiếu dữ liệu", "missing items"),
    "not_assessed": ("chưa đánh giá", "not assessed"),
    "by_end_of": ("đến hết năm", "by the end of"),
}

#: wordings the renderings must not use (the glossary's term in brackets): synonyms that
#: read differently from the glossary, doubled words and misleading phrases; checked by
#: ``tests/test_glossary.py`` over real renderings
FORBIDDEN_VI: Mapping[str, str] = {
    "quan sát": "thực tế",
    "hiện trạng": "thực tế",
    "không đủ dữ liệu": "chưa đủ dữ liệu",
    "chưa rõ": "chưa đủ dữ liệu",
    "trước hết năm": "đến hết năm",
    "đạt đạt": "đạt",
    "không không": "không",
}


def term(key: str, lang: str) -> str:
    """The word for ``key`` in ``lang`` ('vi' or 'en')."""
    vi, en = TERMS[key]
    return vi if lang == "vi" else en


def counted(n: int, key: str, lang: str) -> str:
    """``n`` and the term for ``key`` (a plural noun): ``2 điểm không đạt``,
    ``1 shortfall``, ``2 shortfalls`` (Vietnamese nouns do not change)."""
    word = term(key, lang)
    if lang != "vi" and n == 1 and word.endswith("s"):
        word = word[:-1]
    return f"{n} {word}"
