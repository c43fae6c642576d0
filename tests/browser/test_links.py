"""A link to every view (issue 22, part 2), in a real browser: a dashboard opened from an address
shows the view it names (compared with cd.compute on the bundled data), the address follows the
viewer's changes, a hostile link opens the default with a notice, the copy button copies the
address, and the printout carries it."""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlsplit

import pypdf
import pytest

import cchc_dash as cd

from .helpers import open_dashboard, option_texts, select_labels

PROFILE = "06_ho_so_don_vi.ipynb"
BAND_EN = {"Xuất sắc": "Excellent", "Tốt": "Good", "Khá": "Fair", "Trung bình": "Average", "Yếu": "Weak"}


@pytest.fixture(scope="module")
def results():
    return cd.compute(cd.load_sample())


def query_of(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def wait_query(page, **expected: str) -> None:
    """Wait until the address bar holds ``expected`` (the kernel's answer travels back first)."""
    page.wait_for_function(
        "exp => { const q = new URLSearchParams(location.search);"
        " return Object.entries(exp).every(([k, v]) => q.get(k) === v); }",
        arg=expected, timeout=60_000)


def headline(page) -> dict[str, str]:
    return {f: page.inner_text(f".cchc-profile-headline [data-field={f}]").strip() for f in ("index", "rank", "band")}


def test_a_link_opens_the_profile_it_names_and_the_address_follows(voila_url, page, results):
    open_dashboard(page, voila_url, f"{PROFILE}?year=2023&unit=S03&lang=en")
    page.wait_for_function("() => (document.querySelector('.cchc-profile-headline h3') || {}).innerText"
                           " === 'Sở Tư pháp'", timeout=60_000)
    row = results[(results["year"] == 2023) & (results["unit_id"] == "S03")].iloc[0]
    page.wait_for_function("() => document.querySelector('.cchc-profile-headline').innerText.includes('Rank')")
    assert headline(page) == {"index": f"{row['index']:.2f}", "rank": f"{int(row['rank'])}/{int(row['rank_of'])}",
                              "band": BAND_EN[row["band"]]}
    wait_query(page, year="2023", unit="S03", lang="en")
    label = next(o for o in option_texts(page, ".cchc-year select") if o == "2024")
    select_labels(page, ".cchc-year select", [label])
    wait_query(page, year="2024", unit="S03", lang="en")
    assert query_of(page) == {"year": ["2024"], "unit": ["S03"], "lang": ["en"]}
    page.click(".cchc-lang button:has-text('Tiếng Việt')")
    wait_query(page, year="2024", unit="S03", lang="vi")


def test_a_hostile_link_opens_the_default_with_a_notice(voila_url, page, results):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_dashboard(page, voila_url, f"{PROFILE}?unit=%3Cscript%3Ealert(1)%3C/script%3E&year=1000000000")
    page.wait_for_selector(".cchc-notice", timeout=60_000)
    assert page.inner_text(".cchc-notice") == (
        "Liên kết có giá trị không dùng được (year, unit): trang hiển thị giá trị mặc định thay cho chúng.")
    latest = int(results.loc[results["index"].notna(), "year"].max())
    wait_query(page, year=str(latest), lang="vi")
    assert page.inner_text(".cchc-year select option:checked") == str(latest)
    assert dialogs == [] and "alert(1)" not in page.inner_html(".cchc-app")  # nothing of the link is echoed


def test_the_comparison_and_sipas_open_from_links(voila_url, page):
    open_dashboard(page, voila_url, "02_so_sanh.ipynb?years=2022-2024&units=S03,S05")
    wait_query(page, years="2022-2024", units="S03,S05")
    page.wait_for_function("() => [...document.querySelectorAll('.cchc-units input[type=checkbox]')]"
                           ".filter(b => b.checked).length === 2", timeout=60_000)


def test_the_copy_button_copies_the_address_and_the_printout_carries_it(voila_url, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000},
                                  permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        open_dashboard(page, voila_url, f"{PROFILE}?year=2024&unit=S03")
        wait_query(page, year="2024", unit="S03", lang="vi")
        page.click(".cchc-copy-link")
        page.wait_for_function("() => document.querySelector('.cchc-copy-link').innerText.includes('Đã sao chép')")
        assert page.evaluate("navigator.clipboard.readText()") == page.url
        page.wait_for_function("() => (document.querySelector('.cchc-printed .cchc-live') || {}).textContent"
                               " && document.querySelector('.cchc-printed .cchc-live').textContent.includes('2024')")
        page.emulate_media(media="print")
        text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(page.pdf(format="A4"))).pages)
        flat = "".join(text.split())
        assert "Xemtrựctuyến" in flat and "".join(f"{PROFILE}?year=2024&unit=S03&lang=vi".split()) in flat
    finally:
        context.close()
