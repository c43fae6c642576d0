"""App tests of dashboard 5 (SIPAS), built in-process on the demo and on data without a survey.

Values are set on the widgets as the browser would send them (every one is untrusted); the
figures shown are compared with plain pandas on the answers and scores (``index_by_pandas``,
``demo_slice``), never with the package.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

import cchc_dash as cd
from cchc_dash.core.errors import Located
from cchc_dash.render.labels import fmt_num
from cchc_dash.ui import sipas as ui_sipas

from .test_ui import demo_slice, find, spec_of

SO = "Sở, ban, ngành"


def text(widget) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", widget.value).split())


def shown_rate(app) -> str:
    return re.search(r'data-field="rate">([^<]+)<', find(app, "cchc-sipas-unit").value).group(1)


def index_by_pandas(answers: pd.DataFrame, questions: pd.DataFrame, year: int, unit: str) -> float:
    """The default SIPAS index by hand: per question 4–5 over non-blank answers, mean per component, mean."""
    part = answers[(answers["year"] == year) & (answers["unit_id"] == unit)].dropna(subset=["answer"])
    rates = part.groupby("question_id")["answer"].apply(lambda a: (a >= 4).mean() * 100)
    comp = questions[questions["year"] == year].set_index("question_id")["component"]
    return float(rates.groupby(comp.reindex(rates.index)).mean().mean())


@pytest.fixture(scope="module")
def demo() -> tuple[cd.Dataset, pd.DataFrame]:
    ds = cd.load_sample()
    return ds, cd.compute(ds)


@pytest.fixture
def app(demo):
    ds, results = demo
    return ui_sipas.build(ds, results, lang="vi")


def test_data_without_a_survey_shows_a_plain_message(five_units):
    app = ui_sipas.build(five_units, cd.compute(five_units))
    assert "không có phiếu khảo sát SIPAS" in text(find(app, "cchc-empty"))
    assert find(app, "cchc-status").value == ""
    find(app, "cchc-lang").value = "en"
    assert "holds no SIPAS survey answers" in text(find(app, "cchc-empty"))


def test_the_unit_picked_shows_its_index_as_computed_by_hand(app, demo):
    ds, _ = demo
    find(app, "cchc-year").value = 2024
    find(app, "cchc-unit").value = "S03"
    by_hand = index_by_pandas(ds.sipas_answers, ds.sipas_questions, 2024, "S03")
    assert shown_rate(app) == fmt_num(by_hand, 2, "vi")
    assert "Sở Tư pháp" in text(find(app, "cchc-sipas-unit")) and find(app, "cchc-status").value == ""


def test_rank_in_the_card_and_the_scatter(app, demo):
    ds, _ = demo
    find(app, "cchc-year").value = 2024
    find(app, "cchc-unit").value = "S03"
    par = demo_slice(ds, 2024, SO).set_index("unit_id")["index"]  # the PAR INDEX by plain pandas
    sipas = pd.Series({u: index_by_pandas(ds.sipas_answers, ds.sipas_questions, 2024, u) for u in par.index})
    s_rank = int(sipas.rank(ascending=False, method="min")["S03"])
    p_rank = int(par.rank(ascending=False, method="min")["S03"])
    assert f"Xếp hạng {s_rank}/20" in text(find(app, "cchc-sipas-unit"))
    spec = spec_of(find(app, "cchc-par-sipas"))
    labels = {r["unit_id"]: r["ranks"] for data in spec["datasets"].values() for r in data if "ranks" in r}
    assert labels["S03"] == f"PAR {p_rank}/20, SIPAS {s_rank}/20"


def test_method_switch_uses_the_respondent_level_mean(app, demo):
    ds, _ = demo
    find(app, "cchc-year").value = 2023
    find(app, "cchc-unit").value = "S05"
    find(app, "cchc-method").value = "respondents"
    part = ds.sipas_answers[(ds.sipas_answers["year"] == 2023) & (ds.sipas_answers["unit_id"] == "S05")].dropna(
        subset=["answer"]
    )
    by_hand = part.groupby("respondent_id")["answer"].apply(lambda a: (a >= 4).mean()).mean() * 100
    assert shown_rate(app) == fmt_num(by_hand, 2, "vi")


def test_group_year_and_language_follow(app):
    find(app, "cchc-year").value = 2020
    find(app, "cchc-group").value = "UBND cấp huyện"
    assert find(app, "cchc-unit").value.startswith("H")
    assert find(app, "cchc-group").options == ((SO, SO), ("UBND cấp huyện", "UBND cấp huyện"))
    find(app, "cchc-year").value = 2025  # no districts in 2025: back to the departments
    assert find(app, "cchc-group").value == SO and find(app, "cchc-unit").value.startswith("S")
    find(app, "cchc-lang").value = "en"
    assert "configurable assumption" in text(find(app, "cchc-notes"))
    assert [label for label, _ in find(app, "cchc-group").options] == ["Departments"]  # 2025: departments only
    assert "SIPAS index" in text(find(app, "cchc-sipas-unit")) and find(app, "cchc-status").value == ""


def test_values_outside_the_options_are_refused_in_the_kernel(app):
    """The browser could offer a year or measure the kernel never offered: the first valid one is used."""
    year, measure = find(app, "cchc-year"), find(app, "cchc-measure")
    year.options = [*year.options, 1999]
    year.value = 1999
    assert find(app, "cchc-status").value == ""
    assert "2025" in spec_of(find(app, "cchc-sipas-intervals"))["title"]
    measure.options = [*measure.options, ("x", "<script>")]
    measure.value = "<script>"
    assert "Chỉ số SIPAS năm 2025" in spec_of(find(app, "cchc-sipas-intervals"))["title"]


def test_the_note_says_the_formula_is_an_assumption_and_marks_the_break(app):
    notes = text(find(app, "cchc-notes"))
    assert "chưa được xác minh" in notes and "giả định có thể cấu hình" in notes
    assert "Năm 2022: bộ câu hỏi SIPAS thay đổi" in notes
    spec = spec_of(find(app, "cchc-sipas-trend"))
    assert any(r.get("x") == 2021.5 for data in spec["datasets"].values() for r in data)


def test_the_heat_map_gives_each_questions_text_and_a_key_lists_them(app):
    """2025's questionnaire (data/sample/sipas_questions.csv, lines 107–125): Q15 "Biển hiệu, chỉ dẫn rõ ràng"
    to Q33 "Phản hồi kịp thời, thỏa đáng", nineteen questions, in the tooltip and in the table under the map."""
    find(app, "cchc-year").value = 2025
    spec = spec_of(find(app, "cchc-sipas-heat"))
    tips = {r["question"]: r["question_text"] for data in spec["datasets"].values() for r in data if "question" in r}
    assert tips["Q15"] == "Q15 — Biển hiệu, chỉ dẫn rõ ràng"
    assert tips["Q27"] == "Q27 — Không nhũng nhiễu, gây phiền hà"
    assert len(tips) == 19
    key = find(app, "cchc-sipas-key").value
    rows = re.findall(r'<tr data-question="(Q\d+)"><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>', key)
    assert [r[0] for r in rows] == [f"Q{i}" for i in range(15, 34)]
    assert rows[0] == ("Q15", "Q15", "Biển hiệu, chỉ dẫn rõ ràng", "Tiếp cận dịch vụ")
    assert rows[-1] == ("Q33", "Q33", "Phản hồi kịp thời, thỏa đáng", "Tiếp nhận và xử lý góp ý, phản ánh")
    assert "<h4>Các câu hỏi khảo sát năm 2025</h4>" in key
    find(app, "cchc-lang").value = "en"
    try:
        assert "Handling of feedback and complaints" in find(app, "cchc-sipas-key").value
    finally:
        find(app, "cchc-lang").value = "vi"


def test_the_scatter_names_the_unit_picked_and_the_extremes(app, demo):
    """2024 departments: the PAR INDEX and the SIPAS index by plain pandas; named are S03 (picked, with its ranks)
    and the units first or last on either index."""
    ds, _ = demo
    find(app, "cchc-year").value = 2024
    find(app, "cchc-unit").value = "S03"
    par = demo_slice(ds, 2024, SO).set_index("unit_id")["index"]
    sipas = pd.Series({u: index_by_pandas(ds.sipas_answers, ds.sipas_questions, 2024, u) for u in par.index})
    ends = {par.idxmax(), par.idxmin(), sipas.idxmax(), sipas.idxmin()}
    spec = spec_of(find(app, "cchc-par-sipas"))
    texts = [layer for layer in spec["layer"] if layer["mark"]["type"] == "text"]
    named = {r["unit_id"]: r["label"] for layer in texts for r in spec["datasets"][layer["data"]["name"]]}
    assert set(named) == ends | {"S03"}
    s_rank = int(sipas.rank(ascending=False, method="min")["S03"])
    p_rank = int(par.rank(ascending=False, method="min")["S03"])
    assert named["S03"] == f"Sở Tư pháp|PAR {p_rank}/20, SIPAS {s_rank}/20"


def test_without_a_survey_the_message_names_where_the_data_came_from(five_units, tmp_path):
    """Frames in memory: no file named. A workbook: its SIPAS sheet, never a CSV file. A data folder: its file."""
    memory = text(find(ui_sipas.build(five_units, cd.compute(five_units)), "cchc-empty"))
    assert memory == "Dữ liệu này không có phiếu khảo sát SIPAS, nên chưa có chỉ số hài lòng để hiển thị."
    path = tmp_path / "tinh.xlsx"
    cd.write_workbook(five_units, path)
    book = cd.read_workbook(path)
    said = text(find(ui_sipas.build(book, cd.compute(book)), "cchc-empty"))
    assert said == ("Tệp Excel này không có phiếu khảo sát SIPAS (trang tính “SIPAS” trống hoặc không có), nên chưa "
                    "có chỉ số hài lòng để hiển thị.")
    assert ".csv" not in said
    folder = five_units.replace(sources={"units": Located("units.csv", first_row=2)}, source="/tmp/tinh")
    assert ui_sipas.no_survey_text(folder, "en") == (
        "This data folder holds no SIPAS survey answers (file sipas_answers.csv), so there is no satisfaction "
        "index to show.")
