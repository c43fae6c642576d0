"""The address as the page's state (cchc_dash/ui/address.py, Shell.link), without a browser: the
query string the page's script would send is set on the Address widget, as the browser does.

Data: tests/handmade.py two_years — 2023: A 100 (1/3), B 80 (2/3), E 70.5 (3/3); 2022: A 88,
B and C tied 2nd at 80, D. Expected query strings are written out.
"""

from __future__ import annotations

import ipywidgets as widgets
import pytest

import cchc_dash as cd
from cchc_dash.ui import profile as ui_profile
from cchc_dash.ui import trends as ui_trends
from cchc_dash.ui.address import MAX_QUERY, Links, codec_of

from .handmade import two_years
from .test_ui import find

G = "S%E1%BB%9F,+ban,+ng%C3%A0nh"  # "Sở, ban, ngành" in a query string


@pytest.fixture
def profile_app():
    ds = two_years()
    return ui_profile.build(ds, cd.compute(ds))


def opened(app, query: str):
    """The page's script sends the address's query string once the page is drawn."""
    address = find(app, "cchc-address")
    address.base = "http://127.0.0.1:8866/voila/render/06_ho_so_don_vi.ipynb"
    address.query = query
    return address


def test_the_address_waits_for_the_link_then_names_the_view(profile_app):
    address = find(profile_app, "cchc-address")
    assert not address.applied  # the script does not rewrite the address before the link is read
    assert address.state == "year=2023&unit=A&lang=vi"
    opened(profile_app, "?")
    assert address.applied and address.state == "year=2023&unit=A&lang=vi"


def test_a_link_opens_the_view_it_names(profile_app):
    address = opened(profile_app, "?year=2022&unit=C&lang=en")
    assert find(profile_app, "cchc-year").value == 2022 and find(profile_app, "cchc-unit").value == "C"
    assert find(profile_app, "cchc-lang").value == "en"
    headline = find(profile_app, "cchc-profile-headline").value
    assert '<div class="v" data-field="rank">2/4</div>' in headline and "Rank" in headline
    assert address.state == "year=2022&unit=C&lang=en" and find(profile_app, "cchc-status").value == ""


def test_the_address_follows_every_change_and_the_printout_carries_it(profile_app):
    address = opened(profile_app, "")
    find(profile_app, "cchc-unit").value = "B"
    assert address.state == "year=2023&unit=B&lang=vi"
    find(profile_app, "cchc-lang").value = "en"
    assert address.state == "year=2023&unit=B&lang=en"
    assert address.link == "http://127.0.0.1:8866/voila/render/06_ho_so_don_vi.ipynb?year=2023&unit=B&lang=en"
    printed = find(profile_app, "cchc-print-title").value
    assert ('<div class="cchc-live">Live view: http://127.0.0.1:8866/voila/render/06_ho_so_don_vi.ipynb'
            "?year=2023&amp;unit=B&amp;lang=en</div>") in printed


@pytest.mark.parametrize("query, refused", [
    ("?unit=%3Cscript%3Ealert(1)%3C/script%3E", "unit"),
    ("?year=1000000000", "year"),
    ("?year=2023&unit=Z", "unit"),
    ("?lang=fr&year=twenty", "lang, year"),
    ("?year=" + "9" * MAX_QUERY, "?"),
    ("?" + "&".join(f"x{i}=1" for i in range(60)), "?"),
])
def test_a_bad_value_opens_the_default_with_a_short_notice(profile_app, query, refused):
    address = opened(profile_app, query)
    assert find(profile_app, "cchc-year").value == 2023 and find(profile_app, "cchc-unit").value == "A"
    assert find(profile_app, "cchc-status").value == (
        '<div class="cchc-notice" role="status">Liên kết có giá trị không dùng được '
        f"({refused}): trang hiển thị giá trị mặc định thay cho chúng.</div>"
    )
    assert address.state == "year=2023&unit=A&lang=vi"


def test_a_good_value_beside_a_bad_one_is_still_taken(profile_app):
    opened(profile_app, "?year=2022&unit=%3Cb%3E&token=abc")  # token: a proxy's, not ours: ignored
    assert find(profile_app, "cchc-year").value == 2022
    assert "(unit)" in find(profile_app, "cchc-status").value and "token" not in find(profile_app, "cchc-status").value


def test_the_comparison_names_its_group_years_and_units():
    ds = two_years()
    app = ui_trends.build(ds, cd.compute(ds))
    address = opened(app, "?years=2022-2023&units=B,C")
    assert find(app, "cchc-years").value == (2022, 2023)
    assert address.state == f"group={G}&years=2022-2023&units=B,C&lang=vi"
    opened(app, "?years=2023-2022")  # a reversed range is refused, not swapped
    assert "(years)" in find(app, "cchc-status").value


def test_codecs_take_only_what_the_control_offers():
    year = widgets.Dropdown(options=[2023, 2022], value=2023)
    unit = widgets.Dropdown(options=[("Sở A", "A"), ("Sở B", "B")], value="A")
    many = widgets.SelectMultiple(options=[("Sở A", "A"), ("Sở B", "B")], value=("A",))
    span = widgets.IntRangeSlider(min=2020, max=2025, value=(2020, 2025))
    assert codec_of(year).read("2022") == 2022 and codec_of(year).read("2021") is None
    assert codec_of(unit).read("B") == "B" and codec_of(unit).read("Sở B") is None
    assert codec_of(many).read("B,A,B") == ("B", "A") and codec_of(many).read("A,X") is None
    assert codec_of(many).read("") == ()
    assert codec_of(span).read("2021-2024") == (2021, 2024)
    assert [codec_of(span).read(x) for x in ("2019-2024", "2021-2026", "2024-2021", "2021", "a-b")] == [None] * 5
    links = Links()
    links.add("year", year)
    with pytest.raises(ValueError, match="'year' is already in the address"):
        links.add("year", unit)


def test_the_notice_stays_when_the_pages_width_arrives_after_the_link(profile_app):
    """The page sends its query string and its width in one message: the width must not clear the notice."""
    opened(profile_app, "?unit=Z")
    find(profile_app, "cchc-address").width = 390
    assert "(unit)" in find(profile_app, "cchc-status").value
