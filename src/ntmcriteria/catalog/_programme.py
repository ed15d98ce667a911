"""The national programme's targets 2026-2030 as a plan over communes (and provinces).

* Resolution 244/2025/QH15 (13/11/2025), Article 2, target (13): in 2026 at least 15% of
  communes meet the NTM standard under the 2026-2030 criteria (verified-text, read in a
  copied legal Q&A quoting the article; the original address is not known).
* Resolution 257/2025/QH15 (11/12/2025), as reported: about 65% of communes NTM by 2030, of
  which about 10% of communes recognised as modern NTM; 5 provinces or cities recognised
  as having completed the NTM task (secondary).

They are national targets; :func:`programme_plan` measures any set of communes (a
province's, or the country's) against them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ntmcriteria.catalog import _vn_51
from ntmcriteria.citations import Citation
from ntmcriteria.errors import NTMTypeError, NTMValueError
from ntmcriteria.plans import Candidate, Plan, Target
from ntmcriteria.units import Commune, District, Level, Province, Township, Unit, Village, Ward

_UNIT_CLASSES = (Village, Commune, Township, Ward, District, Province)

__all__ = ["NQ244", "NQ257", "programme_plan", "programme_targets"]

NQ244 = ("Nghị quyết 244/2025/QH15 của Quốc hội (kế hoạch phát triển kinh tế - xã hội năm "
         "2026)")
NQ257 = ("Nghị quyết 257/2025/QH15 của Quốc hội (chủ trương đầu tư Chương trình MTQG xây dựng "
         "nông thôn mới, giảm nghèo bền vững và phát triển KT-XH vùng đồng bào DTTS và miền núi "
         "giai đoạn 2026 - 2035)")


def programme_targets(provinces: bool = False) -> tuple[Target, ...]:
    """The programme's targets (with the 5-provinces target when ``provinces``)."""
    if not isinstance(provinces, bool):
        raise NTMTypeError(f"provinces must be True or False (got {type(provinces).__name__})")
    nq244 = Citation(document=NQ244, date="13/11/2025", article="Điều 2, chỉ tiêu (13)",
                     confidence="verified-text",
                     note="\"(13) Tỷ lệ số xã đạt chuẩn nông thôn mới (theo Bộ tiêu chí Quốc gia "
                          "về nông thôn mới các cấp giai đoạn 2026 - 2030) đạt tối thiểu 15%.\" — "
                          "đọc qua bài hỏi đáp pháp luật trích dẫn / read in a legal Q&A quoting "
                          "the article")
    nq257 = Citation(document=NQ257, date="11/12/2025", article="Mục tiêu đến năm 2030",
                     confidence="secondary",
                     note="\"phấn đấu cả nước có khoảng 65% số xã đạt chuẩn nông thôn mới, trong "
                          "đó có khoảng 10% số xã được công nhận đạt nông thôn mới hiện đại; phấn "
                          "đấu có 5 tỉnh, thành phố được công nhận hoàn thành nhiệm vụ xây dựng "
                          "nông thôn mới\" (baogialai, 10/02/2026)")
    targets = [
        Target(level="commune", share=15, year=2026, set_id=_vn_51.NTM_ID, citation=nq244,
               label_vi="Tối thiểu 15% số xã đạt chuẩn nông thôn mới theo Bộ tiêu chí 2026-2030 "
                        "trong năm 2026",
               label_en="At least 15% of communes meeting the 2026-2030 NTM criteria in 2026"),
        Target(level="commune", share=65, approximate=True, year=2030, set_id=_vn_51.NTM_ID,
               citation=nq257,
               label_vi="Khoảng 65% số xã đạt chuẩn nông thôn mới đến năm 2030",
               label_en="About 65% of communes meeting the NTM criteria by 2030"),
        Target(level="commune", share=10, approximate=True, year=2030,
               set_id=_vn_51.MODERN_ID, citation=nq257,
               label_vi="Khoảng 10% số xã đạt nông thôn mới hiện đại đến năm 2030",
               label_en="About 10% of communes recognised as modern NTM by 2030"),
    ]
    if provinces:
        targets.append(Target(level="province", count=5, year=2030,
                              set_id=_vn_51.PROVINCE_ID, citation=nq257,
                              label_vi="5 tỉnh, thành phố hoàn thành nhiệm vụ xây dựng nông thôn "
                                       "mới đến năm 2030",
                              label_en="5 provinces or cities completing the NTM task by 2030"))
    return tuple(targets)


def programme_plan(units: Unit | Iterable[Unit], *, plan_id: str = "vn.programme.2026-2030",
                   label_vi: str | None = None, label_en: str | None = None) -> Plan:
    """The programme's targets over the communes of ``units`` (provinces, districts or
    communes; a province's communes are found with or without districts, and its wards
    are not communes). Provinces given are candidates too, for the 5-provinces target.

    Each commune is assessed against ``vn.commune.ntm.2026-2030`` (and, for the modern
    target, ``vn.commune.ntm-modern.2026-2030``); each province against
    ``vn.province.ntm-complete.2026-2030``.
    """
    if not isinstance(units, _UNIT_CLASSES) and (
            isinstance(units, str | bytes | Mapping) or not isinstance(units, Iterable)):
        raise NTMTypeError(f"units must be a unit or an iterable of units (got "
                           f"{type(units).__name__})")
    given: list[Unit] = ([units] if isinstance(units, _UNIT_CLASSES)
                         else list(units))
    communes: list[Commune] = []
    provinces: list[Province] = []
    for index, unit in enumerate(given):
        if isinstance(unit, Commune):
            communes.append(unit)
        elif isinstance(unit, Province | District):
            communes.extend(u for u in unit.descendants(Level.COMMUNE)
                            if isinstance(u, Commune))
            if isinstance(unit, Province):
                provinces.append(unit)
        else:
            raise NTMTypeError(f"units[{index}] must be a province, district or commune "
                               f"(got {type(unit).__name__})")
    if not communes:
        raise NTMValueError("programme_plan needs at least one commune (got none)")
    candidates = [Candidate(code=c.code, name=c.name or c.code, level="commune",
                            set_id=_vn_51.NTM_ID) for c in communes]
    candidates += [Candidate(code=p.code, name=p.name or p.code, level="province",
                             set_id=_vn_51.PROVINCE_ID) for p in provinces]
    return Plan(
        id=plan_id,
        label_vi=label_vi or "Mục tiêu Chương trình MTQG xây dựng nông thôn mới 2026-2030",
        label_en=label_en or "Targets of the national NTM programme 2026-2030",
        candidates=tuple(candidates), targets=programme_targets(provinces=bool(provinces)),
        citation=Citation(document=NQ257, date="11/12/2025", confidence="secondary",
                          article="Mục tiêu"),
    )
