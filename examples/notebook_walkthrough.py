# %% [markdown]
# # ntmcriteria walkthrough: from a commune's facts to its path to "model commune"
#
# Open this file in Jupyter (as a notebook, via jupytext) or VS Code (the `# %%` cells),
# or just run it: `python examples/notebook_walkthrough.py`. Each cell ends in an expression,
# so a notebook shows its rich output: the official-style table of a set, an assessment's
# explanation, the path to the next tier, a batch table, a plan's summary, a parameter
# sheet and the diffs of a derived set.
#
# 1. describe what is measured (indicators) and a small criteria set;
# 2. build a commune with its villages and facts;
# 3. assess it and read the explanation in Vietnamese and English;
# 4. render it as Markdown and HTML (what a notebook shows);
# 5. find the path to the next tier, here with the bundled Quảng Nam model-commune set;
# 6. rank a plan's candidates by how close they are, and follow the plan's progress;
# 7. the parameter sheet a province fills in, and the diff of a derived set.

# %%
from __future__ import annotations

from decimal import Decimal

from ntmcriteria import catalog
from ntmcriteria.batch import assess_many
from ntmcriteria.changes import ReplaceThreshold
from ntmcriteria.citations import Citation
from ntmcriteria.criteria import CriteriaSet, Criterion
from ntmcriteria.diffs import diff_outcomes, diff_sets
from ntmcriteria.indicators import Indicator
from ntmcriteria.paths import path_to_tier, rank_candidates
from ntmcriteria.render.html import assessment_html
from ntmcriteria.render.markdown import assessment_markdown
from ntmcriteria.rules import fact, ratio, recognition_year, share, yes
from ntmcriteria.sheets import parameter_sheet
from ntmcriteria.units import Commune, Unit, Village

# %% [markdown]
# ## 1. Indicators and a small criteria set
# Every fact a rule reads is declared once, with Vietnamese and English labels and a unit.
# The three criteria below follow group 2 of the Quảng Nam plan (section III.1.b).

# %%
PLAN = Citation(
    document="Kế hoạch (dự thảo) xây dựng xã NTM kiểu mẫu tỉnh Quảng Nam 2021-2025",
    date="2021-05-11", article="Mục III.1.b, nhóm 2", confidence="seed")

indicators = (
    Indicator(key="income", label_vi="Thu nhập bình quân đầu người",
              label_en="Per-capita income", measure="million_vnd_per_person_year",
              value_type="decimal", minimum=0),
    Indicator(key="poor_households", label_vi="Số hộ nghèo", label_en="Poor households",
              measure="households", value_type="integer"),
    Indicator(key="poor_households_exempt", label_vi="Số hộ nghèo thuộc diện loại trừ",
              label_en="Exempt poor households", measure="households", value_type="integer"),
    Indicator(key="model_village", label_vi="Thôn đạt chuẩn kiểu mẫu", label_en="Model village",
              measure="yes_no", value_type="boolean"),
)

small_set = CriteriaSet(
    id="walkthrough.group2", label_vi="Xã kiểu mẫu nhóm 2 (ví dụ)",
    label_en="Model commune, group 2 (example)", level="commune",
    valid_from=2021, valid_to=2025, indicators=indicators,
    criteria=(
        Criterion(id="income", number="1", label_vi="Thu nhập", label_en="Income", citation=PLAN,
                  rule=ratio(fact("income"), fact("income", at=recognition_year("ntm")))
                  >= Decimal("1.5")),
        Criterion(id="poverty", number="2", label_vi="Không còn hộ nghèo",
                  label_en="No poor households", citation=PLAN,
                  rule=(fact("poor_households") - fact("poor_households_exempt")).equals(0)),
        Criterion(id="villages", number="3", label_vi="100% thôn đạt chuẩn kiểu mẫu",
                  label_en="All villages are model villages", citation=PLAN,
                  rule=share("village", yes("model_village"), at_least=100)),
    ),
)
# In a notebook, `small_set` alone shows it as the official-style table
# (`small_set.to_markdown()` gives the same table as Markdown).
small_set

# %% [markdown]
# ## 2. A commune with its villages
# Facts are plain values for the assessment year; `history` holds earlier years (the income
# of the year the commune was recognised NTM), `recognitions` the years of each tier.

# %%
villages = tuple(
    Village(code=f"{i:02d}", name=f"Thôn {i}", facts={"model_village": i != 3})
    for i in range(1, 6)
)
commune = Commune(
    code="20345", name="Tam Thanh", region="DHNTB",
    recognitions={"ntm": 2017}, history={2017: {"income": 40}},
    facts={"income": Decimal("59.99"), "poor_households": 3, "poor_households_exempt": 3},
    villages=villages,
)
commune

# %% [markdown]
# ## 3. Assess, and read the explanation
# Each criterion says đạt / không đạt / chưa đủ dữ liệu (pass / fail / not enough data),
# what was observed against what was required, how far off it is, and where the rule
# comes from.

# %%
assessment = small_set.assess(commune, year=2024)
assessment  # a notebook shows the explanation as HTML

# %% [markdown]
# The same explanation as plain text, in Vietnamese (the default) and English:

# %%
print(assessment.explain())
print(assessment.explain("en"))

# %% [markdown]
# The failing checks are also available as data:

# %%
[(s.criterion_id, s.observed, s.required, s.shortfall, s.failed_members)
 for s in assessment.shortfalls()]

# %% [markdown]
# ## 4. Markdown and HTML
# In a notebook, the last expression of a cell holding an assessment shows its HTML.
# The same wording is available as Markdown, e.g. for a report.

# %%
markdown = assessment_markdown(assessment, "vi")
html = assessment_html(assessment, "en")
markdown.splitlines()[0], f"{len(html)} characters of HTML, no JavaScript"

# %% [markdown]
# ## 5. The path to the next tier
# `path_to_tier` proposes the smallest set of fact changes (which fact, on which unit,
# villages included, to what value) that would make the commune pass, and lists what no
# change of facts can fix (a missing parameter, recognition or region).

# %%
path = path_to_tier(small_set, commune, year=2024)
if not path.reachable or small_set.assess(path.apply(), year=2024).outcome.value != "pass":
    raise SystemExit("the proposed changes should make the commune pass")
path  # the changes as a table; path.explain() gives them as text

# %% [markdown]
# The same works with the bundled rule sets. The catalog's candidate communes carry
# ILLUSTRATIVE facts (made up, not data about any real commune) and the legal values the
# sources do not give are supplied as made-up parameters; see `ntmcriteria.catalog`.

# %%
model_set = catalog.get("qn.commune.model.group2.2021-2025")
parameters = {**catalog.illustrative_parameters(model_set),
              **catalog.appraisal_rules(model_set)}
candidates = list(catalog.illustrative_communes())
print(catalog.ILLUSTRATIVE_NOTE)
tam_ngoc = next(c for c in candidates if c.name == "Tam Ngọc")
path_to_tier(model_set, tam_ngoc, year=2024, parameters=parameters)

# %% [markdown]
# ## 6. Rank a plan's candidates, follow the plan
# Fewer failing criteria first, then the smaller total normalised shortfall. A batch shows
# as a table with a column per criterion (its number and name).

# %%
batch = assess_many(model_set, candidates, year=2024, parameters=parameters)
ranking = [(r.position, r.unit.label(), r.assessment.outcome.value, r.failed, r.unknown,
            round(float(r.distance), 3))
           for r in rank_candidates([(a.unit, a) for a in batch])[:5]]
ranking

# %%
batch

# %% [markdown]
# The Quảng Nam plan: its 25 candidate communes (each against the set of its group) and 2
# districts, its targets (16 model communes, 2 model districts by 2025), the candidates
# closest to passing, and a chart of candidates passing per group against the target.

# %%
plan = catalog.quang_nam_plan()
units: dict[str, Unit] = {c.code: c for c in catalog.illustrative_communes(2024)}
units.update({d.code: d for d in catalog.illustrative_districts(2024)})
# each candidate is judged by the set in force in 2024 (for communes Decision 2429/QĐ-UBND,
# not the 2021 draft's group sets); the progress says which set judged
judged = {c.code: catalog.get(plan.judged_set(c, 2024)[0]) for c in plan.candidates}
progress = plan.progress([
    judged[c.code].assess(units[c.code], year=2024,
                          parameters=catalog.illustrative_parameters(judged[c.code]))
    for c in plan.candidates])
progress

# %% [markdown]
# ## 7. What a province fills in, and what a change moves
# The national sets invent no number: their thresholds are parameters a province supplies.
# The parameter sheet lists every one the set still needs, one row per region and year,
# with where the value is to be found (`ntmcriteria params SET -o tham_so.xlsx` writes it
# to fill; `ntmcriteria.sheets.read_parameter_sheet` reads it back as a derived set).

# %%
sheet = parameter_sheet(catalog.get("vn.commune.ntm.2021-2025"))
sheet

# %% [markdown]
# A province's derived set that lowers the group-2 production value from 200 to 170
# million VND/ha (a made-up decision): which criteria changed, and which communes' verdicts
# it moves.

# %%
field_set = catalog.get("qn.commune.field.group2.2021-2025")
decision = Citation(document="Quyết định tỉnh (minh họa, không phải văn bản thật)",
                    article="Điều 1", confidence="unknown")
lowered = field_set.derive(id="walkthrough.field.group2.170", changes=[
    ReplaceThreshold(criterion_id="g2.2", threshold=170, citation=decision)])
set_diff = diff_sets(field_set, lowered)
set_diff

# %%
group2 = [c for c in catalog.illustrative_communes(2024)
          if c.code in {p.code for p in plan.candidates if p.group == 2}]
outcome_diff = diff_outcomes(field_set, lowered, group2, year=2024)
outcome_diff
