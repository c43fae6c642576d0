"""The bundled demo province (DESIGN §6): synthetic, 2019–2025, sound methodology, seeded."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import cchc_dash as cd
from cchc_dash.io.synthetic import generate

SAMPLE_DIR = Path(__file__).resolve().parents[1] / "data" / "sample"
SO = "Sở, ban, ngành"
HUYEN = "UBND cấp huyện"


@pytest.fixture(scope="module")
def ds() -> cd.Dataset:
    return cd.load_sample()


def test_sample_is_marked_synthetic(ds):
    """The demo data says it is simulated."""
    assert ds.synthetic is True


def test_sample_years(ds):
    """Scores cover 2019–2025, every year."""
    assert ds.years == list(range(2019, 2026))
    assert sorted(int(y) for y in ds.methodology["year"].unique()) == list(range(2019, 2026))


def test_sample_unit_counts(ds):
    """About 20 departments and 10 districts."""
    per_group = ds.units.groupby("group")["unit_id"].nunique()
    assert set(per_group.index) == {SO, HUYEN}
    assert 18 <= per_group[SO] <= 22
    assert per_group[HUYEN] == 10
    in_2019 = ds.scores[ds.scores["year"] == 2019].groupby("group")["unit_id"].nunique()
    assert 18 <= in_2019[SO] <= 22 and in_2019[HUYEN] == 10


def test_every_methodology_sums_to_100_points(ds):
    """Each (year, group) methodology: leaves, criteria and areas each add up to 100 points."""
    m = ds.methodology
    pairs = m.groupby(["year", "group"])
    assert len(pairs) >= 7
    for (year, group), part in pairs:
        for level in ("area", "criterion", "item"):
            total = part.loc[part["level"] == level, "max_points"].sum()
            assert total == pytest.approx(100.0), (year, group, level)


def test_sample_has_non_applicable_items(ds):
    """Some leaves are not applicable (không áp dụng), with no appraised score."""
    na = ds.scores[~ds.scores["applicable"]]
    assert len(na) > 0
    assert na["score"].isna().all()


def test_2025_mergers_point_at_their_successor(ds):
    """Departments that end in 2024 point at a successor that is scored in 2025."""
    u = ds.units.set_index("unit_id")
    scored = {y: set(ds.scores.loc[ds.scores["year"] == y, "unit_id"]) for y in (2024, 2025)}
    gone = [i for i in scored[2024] - scored[2025] if u.loc[i, "group"] == SO]
    assert gone, "the demo has a 2025 merger"
    for i in gone:
        succ = u.loc[i, "successor_id"]
        assert isinstance(succ, str), i
        assert succ in scored[2025], (i, succ)
    # by name: NN&PTNT and TN&MT both went into the new Sở Nông nghiệp và Môi trường
    by_name = dict(zip(ds.units["unit_name"], ds.units["successor_id"]))
    names = dict(zip(ds.units["unit_id"], ds.units["unit_name"]))
    assert names[by_name["Sở Nông nghiệp và Phát triển nông thôn"]] == "Sở Nông nghiệp và Môi trường"
    assert names[by_name["Sở Tài nguyên và Môi trường"]] == "Sở Nông nghiệp và Môi trường"


def test_sample_computes(ds):
    """The sample goes through compute with a band for every unit (its schemes have a floor band)."""
    res = cd.compute(ds)
    assert len(res) == len(ds.scores[["year", "unit_id"]].drop_duplicates())
    assert res["index"].between(0, 100).all()
    assert res["band"].notna().all()


def test_generator_reproduces_the_committed_csvs(tmp_path):
    """Determinism: generate() gives the committed data/sample CSVs, compared after reading both."""
    for name, frame in generate().items():
        frame.to_csv(tmp_path / f"{name}.csv", index=False, encoding="utf-8")
    fresh = cd.read_csv_folder(tmp_path)
    committed = cd.read_csv_folder(SAMPLE_DIR)
    for frame in ("methodology", "units", "scores", "bands"):
        pd.testing.assert_frame_equal(getattr(fresh, frame), getattr(committed, frame), obj=frame)


def test_generator_matches_committed_scores_by_value():
    """By value: the generated scores equal the committed scores.csv cell by cell."""
    fresh = generate()["scores"].reset_index(drop=True)
    committed = pd.read_csv(SAMPLE_DIR / "scores.csv", dtype={"item_id": str, "unit_id": str})
    assert len(fresh) == len(committed)
    assert fresh["unit_id"].tolist() == committed["unit_id"].tolist()
    assert fresh["item_id"].tolist() == committed["item_id"].tolist()
    assert fresh["year"].tolist() == committed["year"].tolist()
    assert fresh["applicable"].tolist() == committed["applicable"].tolist()
    for col in ("score", "self_score"):
        pd.testing.assert_series_equal(fresh[col].astype(float), committed[col].astype(float),
                                       check_names=False, rtol=0, atol=1e-12)
