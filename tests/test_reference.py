"""reference.py: the published national series, gaps kept, the SIPAS break marked."""

from __future__ import annotations

import pandas as pd

import cchc_dash as cd
from cchc_dash.analyses import reference
from cchc_dash.core.years import YearRange


def test_reference_series_keeps_gaps_and_marks_the_sipas_break():
    ref = cd.load_reference()["national"]
    rows, missing = reference.reference_series(ref, YearRange(2019, 2024))
    par = rows[rows["series"] == "PAR INDEX bình quân các tỉnh"].set_index("year")["value_pct"]
    assert par.to_dict() == {2019: 81.15, 2023: 86.98, 2024: 88.37}
    assert missing["PAR INDEX bình quân các tỉnh"] == [2020, 2021, 2022]
    sipas = rows[rows["series"] == "SIPAS toàn quốc"].set_index("year")
    assert sipas.loc[2022, "value_pct"] == 80.08 and bool(sipas.loc[2022, "break"])
    assert not sipas.drop(2022)["break"].any()
    assert missing["SIPAS toàn quốc"] == [2021]
    assert rows["source"].str.startswith("http").all()


def test_national_reference_of_a_year():
    """The published mean provincial PAR INDEX and its source; None where nothing was published."""
    ref = cd.load_reference()["national"]
    figure = reference.national_reference(ref, 2024)
    assert (figure.year, figure.value, figure.publisher) == (2024, 88.37, "vietnamplus.vn")
    assert figure.source == ("https://www.vietnamplus.vn/hai-phong-dung-dau-cao-bang-doi-so-bang-chi-so-cai-cach-hanh-"
                             "chinh-nam-2024-post1025084.vnp")  # data/reference/par_index_provinces.csv, row 2024
    assert reference.national_reference(ref, 2021) is None
    assert reference.national_reference(pd.DataFrame(), 2024) is None


def test_a_source_is_named_by_its_site():
    address = "https://baomoi.com/ha-noi-xep-thu-ba-ca-nuoc-ve-chi-so-cchc-c48873038.epi"
    assert reference.publisher(address) == "baomoi.com"
    assert reference.publisher("HTTPS://WWW.Vietnamplus.vn/x") == "vietnamplus.vn"
    assert reference.publisher("Báo cáo giấy của Bộ Nội vụ") == "Báo cáo giấy của Bộ Nội vụ"
    assert reference.publisher("javascript:alert(1)") == "javascript:alert(1)"
