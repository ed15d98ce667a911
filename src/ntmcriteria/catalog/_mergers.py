"""The recognition policies for merged communes that the reference notes support.

* ``cv3372.2020`` — Công văn 3372/BNN-VPĐP (21/5/2020), first provision (verified-text):
  a commune merged from communes that were **all** NTM is acknowledged NTM, dated by the
  most recent recognition year among them. The rest of the letter (communes merged from
  NTM and non-NTM communes) was cut off: that case is the parameter
  ``merger.cv3372.ntm.some``; every other tier or case is ``merger.cv3372.unsettled``.
* ``merger.2025`` — the 1 July 2025 reorganisation: no rule was found, so every case is
  the parameter ``merger.2025.carry_over``. (Điện Biên reported that none of its 42 new
  communes counted as NTM although 26 of its 115 former communes had been: recognitions
  clearly do not carry over by default.)
"""

from __future__ import annotations

import datetime
from functools import cache

from ntmcriteria.citations import Citation
from ntmcriteria.criteria import Parameter
from ntmcriteria.mergers import CarryOver, MergerPolicy

__all__ = ["CV3372_ID", "MERGER_2025_ID", "cv3372_policy", "merger_2025_policy",
           "merger_policies"]

CV3372_ID = "cv3372.2020"
MERGER_2025_ID = "merger.2025"
CV3372 = "Công văn 3372/BNN-VPĐP (Văn phòng Điều phối nông thôn mới Trung ương)"


def _cv3372(article: str, confidence: str, note: str = "") -> Citation:
    return Citation(document=CV3372, date="21/05/2020", article=article,
                    confidence=confidence, note=note)


def _yes_no(name: str, vi: str, en: str, citation: Citation) -> Parameter:
    return Parameter(name=name, label_vi=vi, label_en=en, measure="yes_no", citation=citation)


@cache
def cv3372_policy() -> MergerPolicy:
    """The 2020 precedent (CV 3372/BNN-VPĐP)."""
    return MergerPolicy(
        id=CV3372_ID,
        label_vi="Thừa nhận đạt chuẩn NTM của xã hình thành sau sáp nhập (CV 3372/BNN-VPĐP)",
        label_en="Acknowledging the NTM status of merged communes (CV 3372/BNN-VPĐP, 2020)",
        rules=(CarryOver(tier="ntm", case="all", carries=True, citation=_cv3372(
            "Nội dung thứ nhất", "verified-text",
            "\"thừa nhận đã đạt chuẩn nông thôn mới (năm thừa nhận đã đạt chuẩn nông thôn mới "
            "là năm của xã, huyện đã được công nhận gần nhất)\"")),
               CarryOver(tier="ntm", case="some", parameter="merger.cv3372.ntm.some",
                         citation=_cv3372("Nội dung tiếp theo", "unknown",
                                          "Phần về xã sáp nhập từ xã đạt và chưa đạt chuẩn bị "
                                          "cắt, chưa đọc được / cut off, not read"))),
        parameters=(
            _yes_no("merger.cv3372.ntm.some",
                    "Xã sáp nhập từ xã đã đạt và xã chưa đạt chuẩn NTM được thừa nhận đạt "
                    "chuẩn (năm thừa nhận: năm công nhận gần nhất của các xã đã đạt)",
                    "A commune merged from NTM and non-NTM communes is acknowledged NTM "
                    "(dated by the most recent recognition among the NTM ones)",
                    _cv3372("Nội dung tiếp theo", "unknown", "Chưa đọc được / not read")),
            _yes_no("merger.cv3372.unsettled",
                    "Công nhận ở hạng khác (nâng cao, kiểu mẫu) được kế thừa khi sáp nhập",
                    "A recognition at another tier (advanced, model) carries over a merger",
                    _cv3372("(không quy định)", "unknown",
                            "Công văn chỉ nói về đạt chuẩn NTM / the letter speaks of NTM "
                            "only"))),
        unsettled="merger.cv3372.unsettled",
        citation=_cv3372("Nội dung thứ nhất", "verified-text"),
    )


@cache
def merger_2025_policy() -> MergerPolicy:
    """The 1 July 2025 mergers: no rule found, everything is a parameter."""
    note = ("Chưa tìm thấy quy định; Điện Biên: 26/115 xã đạt chuẩn trước sáp nhập, không xã "
            "nào trong 42 xã mới đạt chuẩn sau sáp nhập (thứ cấp) / no rule found; Điện Biên "
            "reported none of its 42 new communes as NTM (secondary)")
    citation = Citation(document="Sắp xếp đơn vị hành chính cấp xã từ 01/7/2025 (NQ 202/2025/"
                                 "QH15 và các nghị quyết của UBTVQH)", date="01/07/2025",
                        article="(không quy định về công nhận)", confidence="unknown",
                        note=note)
    return MergerPolicy(
        id=MERGER_2025_ID,
        label_vi="Kế thừa công nhận của xã hình thành sau sắp xếp ngày 01/7/2025",
        label_en="Carrying recognitions over the 1 July 2025 commune mergers",
        rules=(),
        parameters=(_yes_no("merger.2025.carry_over",
                            "Công nhận của các xã trước sắp xếp được kế thừa (năm công nhận gần "
                            "nhất)",
                            "The recognitions of the former communes carry over (dated by the "
                            "most recent)", citation),),
        unsettled="merger.2025.carry_over", citation=citation,
        covers_from=datetime.date(2025, 7, 1),
    )


def merger_policies() -> tuple[MergerPolicy, ...]:
    """Every bundled merger policy."""
    return (cv3372_policy(), merger_2025_policy())
