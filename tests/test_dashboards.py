"""Every registered dashboard on data that lacks optional parts: no stored band schemes (a CSV
folder without bands.csv, every read_wide dataset) and no national reference frame. Each must
draw without its error box, and say that there is no band scheme where bands would be."""

from __future__ import annotations

import pytest

import cchc_dash as cd
from cchc_dash.render.labels import t
from cchc_dash.ui import distribution, profile, ranking, sipas, trends, whatif
from cchc_dash.ui.shell import dashboards

from .test_ui import find, walk

MODULES = [ranking, trends, whatif, distribution, sipas, profile]


def test_every_registered_dashboard_is_listed_here():
    assert {m.build.page.notebook for m in MODULES} == {p.notebook for p in dashboards()}


@pytest.fixture(scope="module")
def bare() -> tuple[cd.Dataset, object]:
    ds = cd.load_sample()
    plain = cd.Dataset(methodology=ds.methodology, units=ds.units, scores=ds.scores.drop(columns="group"),
                       sipas_questions=ds.sipas_questions, sipas_answers=ds.sipas_answers, name="Không có thang")
    return plain, cd.compute(plain)


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_a_dataset_without_bands_or_reference_draws_every_dashboard(bare, module):
    ds, res = bare
    assert res["band"].isna().all()
    app = module.build(ds, res)
    assert find(app, "cchc-status").value == ""
    charts = [w for w in walk(app) if hasattr(w, "spec") and isinstance(w.spec, dict) and w.spec.get("datasets")]
    assert charts, "no chart drew any data"


def test_ranking_and_band_counts_say_there_is_no_scheme(bare):
    ds, res = bare
    app = ranking.build(ds, res)
    assert t("no_scheme", "vi") in " ".join(
        w.value for w in walk(app) if hasattr(w, "value") and isinstance(w.value, str)
    )
    counts = cd.band_counts(res)
    assert set(counts["band"].isna()) == {True} and counts.groupby(["year", "group"])["count"].sum().min() >= 10
