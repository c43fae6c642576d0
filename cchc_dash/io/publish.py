"""The year's results as a folder of static pages: any number of readers, no kernel.

Every dashboard viewer holds a Python kernel; the province's departments, districts, press and
citizens, to whom the index is published each year, need none: the year's figures do not change
once announced. :func:`publish` writes them as plain files that any web server, a portal's file
area or a disk opened in a browser (``file://``) shows alike::

    index.html                 each group's ranking (rank, band, change since last year), band
                               counts and movers; year and group switched in the page
    don-vi/<unit_id>.html      one page per unit of the year: the paragraph in the words of the
                               announcements, index and rank trend, areas against the group mean, SIPAS
    xep-loai.html              the band distribution across the years
    phuong-phap.html           the index rule, each band scheme as the decision words it, criteria
                               changes and mergers, the SIPAS formula, the data source
    data/nam-<year>.js         each earlier year's home page, loaded when asked for
    en/…                       the same pages in English, when "en" is among the languages
    assets/                    the stylesheet, the page script and ONE copy of the chart library
    cchc-site.txt              what the folder is (and the mark that ``force`` may replace it)

Charts are the dashboards' Vega-Lite specifications (:mod:`cchc_dash.render.charts` through
:func:`~cchc_dash.render.charts.for_display`), held in each page as JSON and drawn in the browser
by vega-embed from the bundle vl-convert builds (Vega, Vega-Lite, vega-embed), written once under
a name holding its hash so that a server may let browsers keep it. That bundle, the page script
and every year's data are classic scripts loaded with ``<script src>`` (a browser refuses both
``fetch`` and module imports from ``file://``), so the folder works from a disk as from a server.
Nothing is loaded from another host.

Only what a result decision publishes leaves the province: appraised points, index, rank, band,
and the SIPAS rates with their number of respondents. Self-assessed scores, appraisal cuts and
sub-criterion details are written only with ``internal=True``, which also marks every page as
internal and asks search engines not to index it. The figures, words and charts are those of the
dashboards and of the annual report (:mod:`cchc_dash.io.annual_report`): their functions (paragraphs,
cards, charts, scheme words) and their labels; the ranking (with links to the unit pages), the band
counts and the method's sentences are written here as the overview and the report write them.

Every file is written with :func:`~cchc_dash.io.atomic.write_atomic` into a temporary folder beside
``out``, renamed into place once complete: a failure leaves no half site and keeps an old one.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import numbers
import os
import posixpath
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from urllib.parse import quote

import altair as alt
import pandas as pd
import vl_convert

from ..analyses import standings
from ..analyses.distribution import band_counts, reclassify
from ..analyses.profile import Profile, profile
from ..analyses.reference import national_reference, reference_series
from ..analyses.sipas import INDEX_KEY, break_years, sipas_index, versus_group
from ..analyses.trends import group_mean, trends
from ..core.bands import BandScheme
from ..core.dataset import Dataset
from ..core.errors import Problem, ValidationError
from ..core.methodology import leaf_counts
from ..core.scoring import scheme_for
from ..core.years import YearRange
from ..render import charts
from ..render.highlights import highlights, unit_paragraph
from ..render.html_tables import (
    kpi_html,
    not_assessed_html,
    notes_html,
    pill_style,
    profile_headline_html,
    profile_list_html,
    rank_move,
    scheme_text,
    sipas_unit_html,
    source_link,
)
from ..render.labels import fmt_num, t, term
from ..render.theme import UNBANDED_COLOR, band_colors
from .annual_report import NEEDED, decision_words
from .atomic import write_atomic
from .loader import is_bundled

#: Languages a site is written in, and the folder of each (Vietnamese at the root, English under en/).
LANG_ROOTS = {"vi": "", "en": "en/"}
#: Pages of each language, from its root.
HOME, BANDS, METHODS, UNITS = "index.html", "xep-loai.html", "phuong-phap.html", "don-vi/"
#: The file that says what the folder is; ``force`` replaces only a folder holding it (or an empty one).
MARK = "cchc-site.txt"
#: The dashboards' stylesheet, copied into the site with the rules below appended.
STYLESHEET = Path(__file__).resolve().parents[2] / "share" / "jupyter" / "voila" / "templates" / "cchc" / "static" / \
    "cchc.css"
#: How wide (CSS pixels) a chart is drawn on a page narrower than :data:`charts.PHONE_WIDTH`: a phone of
#: 360 pixels less the page's padding and the chart's "…" menu (the dashboards fit the measured width).
PHONE_CHART = 300
#: A unit id used as its page's file name as it is; any other id is named by its hash (``u-<hash>.html``).
SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")

#: The site's own words (Vietnamese, English); every other word comes from :mod:`cchc_dash.render.labels`.
WORDS: dict[str, tuple[str, str]] = {
    "site_title": ("Chỉ số cải cách hành chính năm {year}", "Administrative reform index (PAR INDEX) {year}"),
    "methods": ("Phương pháp và nguồn số liệu", "Method and data source"),
    "pages": ("Các trang", "Pages"),
    "other_lang": ("English", "Tiếng Việt"),
    "year_of": ("năm {year}", "{year}"),
    "results_of": ("Kết quả năm {year}", "Results in {year}"),
    "over_years": ("Qua các năm", "Over the years"),
    "by_area": ("Theo lĩnh vực", "By area"),
    "back": ("Bảng xếp hạng {group} năm {year}", "{group} ranking, {year}"),
    "loading": ("Đang tải số liệu năm {year}…", "Loading the {year} figures…"),
    "load_error": ("Không tải được số liệu năm {year}.", "The {year} figures could not be loaded."),
    "chart_error": ("Không vẽ được biểu đồ.", "The chart could not be drawn."),
    "distribution_of": ("Phân bố xếp loại {years}", "Band distribution {years}"),
    "index_rule": ("Cách tính chỉ số", "How the index is computed"),
    "schemes_of": ("Thang xếp loại năm {year}", "Band schemes in {year}"),
    "changes": ("Thay đổi bộ tiêu chí và đơn vị", "Changes of criteria and units"),
    "no_changes": ("Không có thay đổi bộ tiêu chí hay sáp nhập đơn vị trong các năm {years}.",
                   "No change of criteria and no merger over {years}."),
    "source": ("Nguồn số liệu", "Data source"),
    "references": ("Số liệu toàn quốc đã công bố (chỉ để tham chiếu)", "Published national figures (reference only)"),
    "published_only": (
        "Các trang này công bố điểm thẩm định, chỉ số, thứ hạng, xếp loại và tỷ lệ hài lòng SIPAS kèm số người "
        "trả lời, như quyết định công bố kết quả; không có điểm tự chấm, phần bị trừ khi thẩm định hay điểm từng "
        "tiêu chí thành phần.",
        "These pages publish the appraised points, index, rank, band and the SIPAS satisfaction rates with their "
        "number of respondents, as the decision announcing the results does; no self-assessed score, appraisal "
        "cut or sub-criterion score.",
    ),
    "internal": (
        "Bản nội bộ: có điểm tự chấm và phần bị trừ khi thẩm định — không đăng công khai",
        "Internal edition: holds self-assessed scores and appraisal cuts — not for publication",
    ),
    "internal_section": ("Nội bộ: tự chấm và thẩm định", "Internal: self-assessment and appraisal"),
    "self_total": ("Tổng điểm tự chấm {self_score}; tự chấm − thẩm định {gap} điểm.",
                   "Self-assessed total {self_score}; self − appraised {gap} points."),
    "footer": ("Số liệu năm {year} — {name}.", "Figures of {year} — {name}."),
    "predecessor_row": ("{name} (tiền thân)", "{name} (predecessor)"),
}


def _w(key: str, lang: str, **fmt: object) -> str:
    """The site's word for ``key`` in ``lang``, formatted with ``fmt``."""
    vi, en = WORDS[key]
    return (en if lang == "en" else vi).format(**fmt)


def _esc(value: object) -> str:
    """``value`` as HTML text: unit names, bands and sources are the data's, never markup."""
    return html.escape(str(value))


def _refuse(source: str, column: str | None, vi: str, en: str) -> ValidationError:
    """One located problem, in Vietnamese and English, as the other writers raise it."""
    return ValidationError([Problem(source, None, column, vi, en)])


# -- the chart library and the page script ------------------------------------------------------

def _cache_root() -> Path:
    """Where built bundles are kept: ``$CCHC_CACHE``, else ``$XDG_CACHE_HOME/cchc_dash``, else
    ``~/.cache/cchc_dash`` (the folder of the dashboards' offline bundle too)."""
    home = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(os.environ.get("CCHC_CACHE") or Path(home) / "cchc_dash")


def _vega_lite_version() -> str | None:
    """The Vega-Lite version Altair writes its specifications for ("6.4"), if vl-convert bundles it."""
    wanted = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    return wanted if wanted in vl_convert.get_vegalite_versions() else None


def _bundle() -> str:
    """vl-convert's bundle of Vega, Vega-Lite and vega-embed (``javascript_bundle``), which sets
    ``window.vegaEmbed``. vl-convert builds it in its V8 engine, about 10 s on two cores, so it is
    kept in a cache file named after vl-convert's and Vega-Lite's versions and read from there after."""
    vl = _vega_lite_version()
    path = _cache_root() / f"vega-bundle-vlconvert{version('vl-convert-python')}-vl{vl or 'latest'}.js"
    if path.is_file():
        return path.read_text(encoding="utf-8")
    text = vl_convert.javascript_bundle(vl_version=vl)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, lambda f: f.write(text.encode("utf-8")))
    except (OSError, ValidationError):
        pass  # a read-only cache, or another process wrote it first: this one has it in memory
    return text


@functools.cache
def chart_library() -> str:
    """The chart library as the site's pages load it: :func:`_bundle` as a classic script (no module:
    ``file://`` refuses module imports), its top-level names wrapped in a strict function so that they
    neither leak into the page nor clash with another script; ``window.vegaEmbed`` is what it leaves."""
    return '(function () {\n"use strict";\n' + _bundle() + "\n})();\n"


#: The page script: draws the charts of the part of the page in view from the specifications the page
#: holds (``#cchc-charts``; a phone's when the page is narrow), and on the home page switches year (its
#: ``data/nam-<year>.js`` loaded with a script element: no fetch) and group, keeping both in the
#: address (``#year=2024&group=…``) so that a link opens the same view.
SCRIPT = r"""/* cchc_dash static site (cchc_dash/io/publish.py): charts and the year and group switches. */
(function () {
  "use strict";
  var page = JSON.parse(document.getElementById("cchc-page").textContent);
  var view = document.getElementById("cchc-view");
  var picker = document.getElementById("cchc-year");
  var status = document.getElementById("cchc-status");
  var charts = read("cchc-charts");
  var phone = window.matchMedia("(max-width: " + page.phoneWidth + "px)").matches;
  var years = {};
  var wanted = null;
  var group = "";

  function read(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : {};
  }

  function draw() {
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.getAttribute("data-drawn") || el.closest("[hidden]")) return;
      var name = el.getAttribute("data-chart");
      el.setAttribute("data-drawn", "1");
      var options = Object.assign({}, page.embed, {downloadFileName: name});
      vegaEmbed(el, (phone && charts[name + "@phone"]) || charts[name], options).catch(function (err) {
        el.textContent = page.chartError;
        console.error(err);
      });
    });
  }

  function reveal(root) {
    root.querySelectorAll(".cchc-js-only").forEach(function (el) { el.hidden = false; });
  }

  function address() {  // {year, group} of "#year=2024&group=…"; a pair that does not decode is left out
    var out = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (pair) {
      var i = pair.indexOf("=");
      try {
        if (i > 0) out[decodeURIComponent(pair.slice(0, i))] = decodeURIComponent(pair.slice(i + 1));
      } catch (err) {
        if (!(err instanceof URIError)) throw err;
      }
    });
    return out;
  }

  function remember() {  // the view in the address, so that a link or a reload opens it
    var hash = "#year=" + view.getAttribute("data-year") + "&group=" + encodeURIComponent(group);
    if (location.hash !== hash) history.replaceState(null, "", hash);
  }

  function showGroup(name) {
    var sections = Array.prototype.slice.call(view.querySelectorAll("section[data-group]"));
    var names = sections.map(function (s) { return s.getAttribute("data-group"); });
    group = names.indexOf(name) >= 0 ? name : names[0];
    sections.forEach(function (s) { s.hidden = s.getAttribute("data-group") !== group; });
    view.querySelectorAll("button[data-group]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-group") === group));
    });
    draw();
  }

  function showYear(year, name, chosen) {
    if (view.getAttribute("data-year") !== year) {
      view.innerHTML = years[year].html;
      charts = years[year].charts;
      view.setAttribute("data-year", year);
      reveal(view);
    }
    picker.value = year;
    status.textContent = "";
    showGroup(name);
    if (chosen) remember();
  }

  function ask(year, name, chosen) {
    if (page.years.indexOf(year) < 0) year = page.year;
    if (years[year]) return showYear(year, name, chosen);
    wanted = [year, name, chosen];
    status.textContent = page.loading.replace("{year}", year);
    var script = document.createElement("script");
    script.src = page.data.replace("{year}", year);
    script.onerror = function () {
      status.textContent = page.loadError.replace("{year}", year);
      picker.value = view.getAttribute("data-year");
    };
    document.head.appendChild(script);
  }

  window.cchcSite = {
    receive: function (year, data) {
      years[year] = data;
      if (wanted && wanted[0] === year) {
        var asked = wanted;
        wanted = null;
        showYear(asked[0], asked[1], asked[2]);
      }
    }
  };

  if (view) {
    years[view.getAttribute("data-year")] = {html: view.innerHTML, charts: charts};
    reveal(document);
    picker.addEventListener("change", function () { ask(picker.value, group, true); });
    view.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-group]");
      if (button) {
        showGroup(button.getAttribute("data-group"));
        remember();
      }
    });
    window.addEventListener("hashchange", function () {
      var asked = address();
      ask(asked.year || page.year, asked.group || group, false);
    });
    var start = address();
    ask(start.year || page.year, start.group || "", false);
  }
  draw();
})();
"""

#: The site's own rules, appended to the dashboards' stylesheet (which styles nav, cards, tables, pills).
STYLE = """
/* The static site (cchc_dash/io/publish.py): the dashboards' look, without Voilà. */
[hidden] { display: none !important; }
body { margin: 0; color: #222; background: #fff; }
.cchc-site { margin: 0 auto; padding: 12px 20px 24px 20px; line-height: 1.4; }
.cchc-site a { color: #1f4e79; }
.cchc-site header { border-bottom: 1px solid #e3e7ec; margin-bottom: 10px; padding-bottom: 4px; }
.cchc-site h2 { font-size: 19px; margin: 18px 0 6px 0; color: #1f2d3d; }
.cchc-site h3 { font-size: 16px; margin: 14px 0 6px 0; }
.cchc-lang { float: right; font-size: 14px; margin: 2px 0 0 12px; }
.cchc-site-controls { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 10px; margin: 8px 0;
  font-size: 14px; }
.cchc-site select { font: inherit; padding: 3px 6px; }
.cchc-groups { display: flex; flex-wrap: wrap; gap: 6px; margin: 6px 0 10px 0; }
.cchc-groups button { font: inherit; font-size: 14px; padding: 3px 12px; border: 1px solid #c9d3de; border-radius: 12px;
  background: #fff; color: #1f4e79; cursor: pointer; }
.cchc-groups button[aria-pressed="true"] { background: #2c3e50; border-color: #2c3e50; color: #fff; }
.cchc-row { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
.cchc-ranking-box { flex: 0 1 680px; }
.cchc-chart { max-width: 100%; overflow-x: auto; }
.cchc-paragraph { max-width: 60em; font-size: 15px; }
.cchc-internal { display: inline-block; background: #fdecea; color: #8a1c13; border: 1px solid #f5c2bd;
  border-radius: 4px; padding: 2px 8px; font-size: 12px; margin: 2px 0 8px 0; }
.cchc-site footer { margin-top: 24px; border-top: 1px solid #e3e7ec; padding-top: 6px; }
@media (max-width: 600px) {
  .cchc-site { padding: 8px 10px; }
  .cchc-lang { float: none; display: block; margin: 0 0 4px 0; }
  .cchc-row > * { flex: 1 1 100%; min-width: 0; }
  .cchc-area-table td:first-child { min-width: 150px; }  /* names readable; the table scrolls in its box */
  .cchc-site .vega-embed svg { max-width: 100%; height: auto; }
}
@media print { .cchc-site-controls, .cchc-groups, .cchc-lang, .cchc-site footer { display: none !important; } }
"""


def _hashed(name: str, ext: str, text: str) -> str:
    """``assets/<name>-<hash>.<ext>``: a new name whenever the content changes, so a server may let
    browsers keep the file for as long as it likes."""
    return f"assets/{name}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:12]}.{ext}"


def _json(value: object) -> str:
    """``value`` as compact JSON that is safe inside a ``<script>`` element (no ``<``, ``>`` or ``&``)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _add(specs: dict[str, dict], name: str, chart: alt.TopLevelMixin) -> None:
    """Put ``chart``'s Vega-Lite spec in ``specs`` under ``name``, as the dashboards draw it
    (:func:`charts.for_display`) but without its ``$schema`` address (the page tells vega-embed the
    mode: nothing names another host); and under ``name@phone`` the same chart as a phone draws it
    (:func:`charts.fitted`, :data:`PHONE_CHART` wide) when that differs: the page picks by its width."""
    spec = charts.for_display(chart)
    spec.pop("$schema", None)
    specs[name] = spec
    phone = charts.fitted(spec, PHONE_CHART)
    if phone is not spec:
        specs[f"{name}@phone"] = phone


def unit_file(unit_id: str) -> str:
    """The file name of a unit's page: ``S03.html``; an id that is not a plain code (spaces, accents,
    slashes) is named by its hash, ``u-<hash>.html``, so that every file system and URL takes it."""
    if SAFE_ID.fullmatch(unit_id):
        return f"{unit_id}.html"
    return f"u-{hashlib.sha256(unit_id.encode('utf-8')).hexdigest()[:12]}.html"


# -- what is published ---------------------------------------------------------------------------

@dataclass(frozen=True)
class _Site:
    """Everything the pages are made of, computed once before anything is written."""

    ds: Dataset
    results: pd.DataFrame          #: the results of ``year`` and the years before it (banded as published)
    year: int
    langs: tuple[str, ...]
    years: list[int]               #: the years with a ranked unit, latest first
    order: list[str]               #: groups in the data's order
    schemes: dict[tuple[int, str], BandScheme | None]
    chosen: bool                   #: one scheme was given for every group and year
    internal: bool
    sipas: pd.DataFrame | None     #: :func:`sipas_index` up to ``year``; None without survey answers
    profiles: dict[str, Profile]   #: the units of ``year``, by id, in ranking order
    css: str                       #: the stylesheet: the dashboards' with :data:`STYLE` appended
    assets: dict[str, str]         #: "css", "js", "vega" → the file's path from the site's root

    @property
    def ranked(self) -> pd.DataFrame:
        """The results of units with an index."""
        return self.results[self.results["index"].notna()]

    def groups(self, year: int) -> list[str]:
        """The groups ranked in ``year``, in the data's order."""
        return standings.groups_in(self.ranked, year, self.order)


def _checked(results: pd.DataFrame, year: int, langs: object) -> tuple[int, tuple[str, ...]]:
    """``year`` as an int and ``langs`` as a tuple ("vi,en" read as two), once the results are
    :func:`cchc_dash.compute`'s and rank a unit in ``year`` and every language is one of
    :data:`LANG_ROOTS`; every problem at once, as a :class:`ValidationError`."""
    problems = []
    if not isinstance(results, pd.DataFrame) or not set(NEEDED) <= set(results.columns):
        problems.append(Problem("results", None, None, f"cần kết quả của compute() (các cột {list(NEEDED)})",
                                f"compute() results are needed (columns {list(NEEDED)})"))
    elif (not isinstance(year, numbers.Integral) or isinstance(year, bool)
          or results.loc[results["year"] == year, "index"].isna().all()):
        problems.append(Problem("results", None, "year", f"không có kết quả năm {year}",
                                f"there are no results for {year}"))
    asked = langs.split(",") if isinstance(langs, str) else langs if isinstance(langs, list | tuple) else [None]
    chosen = tuple(dict.fromkeys(str(x).strip() for x in asked))
    if not chosen or any(lang not in LANG_ROOTS for lang in chosen):
        problems.append(Problem("langs", None, None, f"ngôn ngữ phải là {list(LANG_ROOTS)}, không phải {langs!r}",
                                f"languages must be among {list(LANG_ROOTS)}, not {langs!r}"))
    if problems:
        raise ValidationError(problems)
    return int(year), chosen


def _site(ds: Dataset, results: pd.DataFrame, year: int, langs: tuple[str, ...], bands: BandScheme | str | None,
          internal: bool) -> _Site:
    """The figures of ``year`` and the years before it (never a later year: it is not announced)."""
    chosen = BandScheme.coerce(bands)
    results = results[results["year"] <= year]
    if chosen is not None:
        results = reclassify(results, chosen)
    ranked = results[results["index"].notna()]
    order = ds.groups + [g for g in dict.fromkeys(results["group"]) if g not in ds.groups]
    years = sorted({int(y) for y in ranked["year"]}, reverse=True)
    schemes = {(y, g): chosen if chosen is not None else scheme_for(ds, y, g)
               for y in years for g in standings.groups_in(ranked, y, order)}
    sip = None
    if len(ds.sipas_answers):
        sip = sipas_index(ds)
        sip = sip[sip["year"] <= year]
    now = pd.concat([standings.group_ranking(results, year, g) for g in standings.groups_in(ranked, year, order)])
    profiles = {u: profile(results, u, year, ds, sipas=sip) for u in now["unit_id"]}
    css = STYLESHEET.read_text(encoding="utf-8") + STYLE
    assets = {"css": _hashed("cchc", "css", css), "js": _hashed("site", "js", SCRIPT),
              "vega": _hashed("vega", "js", chart_library())}
    return _Site(ds, results, year, langs, years, order, schemes, chosen is not None, internal, sip, profiles,
                 css, assets)


# -- a page --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Page:
    """One page of one language: where it is, and links from it to any other file of the site."""

    site: _Site
    lang: str
    path: str  #: from its language's root: "index.html", "don-vi/S03.html"

    @property
    def file(self) -> str:
        """The page's path from the site's root."""
        return LANG_ROOTS[self.lang] + self.path

    def to_file(self, target: str) -> str:
        """A relative link to ``target``, a path from the site's root (works from a disk as from a server)."""
        return quote(posixpath.relpath(target, posixpath.dirname(self.file) or "."))

    def to(self, target: str, lang: str | None = None) -> str:
        """A relative link to ``target``, a page of ``lang`` (this page's by default)."""
        return self.to_file(LANG_ROOTS[lang or self.lang] + target)


def _source_html(ds: Dataset, lang: str) -> str:
    """Which data the site shows: its name and the folder or file it was read from, by name only (a
    path on the publishing computer says nothing to a reader and is not theirs to know)."""
    if is_bundled(ds.source):
        where = _esc(t("bundled_data", lang))
    elif ds.source:
        where = f"<code>{_esc(Path(ds.source).name)}</code>"
    else:
        where = _esc(t("memory_data", lang))
    badge = f'<div class="cchc-badge">⚠ {_esc(t("simulated", lang))}</div>' if ds.synthetic else ""
    return f'<div class="cchc-source">{_esc(t("data_source", lang))}: <b>{_esc(ds.name)}</b> — {where}</div>{badge}'


def _navigation(page: _Page, current: str | None) -> str:
    """Links to the home, band distribution and methods pages (the current one marked, not linked),
    and to the same page in the other language when the site has it."""
    lang = page.lang
    items = []
    for target, label in ((HOME, f"⌂ {t('home_link', lang)}"), (BANDS, t("app_bands", lang)),
                          (METHODS, _w("methods", lang))):
        items.append(f'<span aria-current="page">{_esc(label)}</span>' if target == current
                     else f'<a href="{page.to(target)}">{_esc(label)}</a>')
    other = [x for x in page.site.langs if x != lang]
    switch = "".join(f'<a class="cchc-lang" href="{page.to(page.path, x)}" hreflang="{x}" lang="{x}">'
                     f'{_esc(_w("other_lang", lang))}</a>' for x in other)
    return f'{switch}<nav class="cchc-nav" aria-label="{_esc(_w("pages", lang))}">{"".join(items)}</nav>'


def _document(page: _Page, *, title: str, description: str, heading: str, body: str, current: str | None = None,
              specs: dict[str, dict] | None = None, config: dict | None = None) -> str:
    """A whole page: head (title and description for search, the other language as an alternate,
    the stylesheet and, when it has charts or switches, the chart library and the page script),
    header (navigation, title, data source, badges), ``body`` and a footer naming the data."""
    site, lang = page.site, page.lang
    alternates = "".join(f'<link rel="alternate" hreflang="{x}" href="{page.to(page.path, x)}">'
                         for x in site.langs if x != lang)
    scripts = ""
    if specs or config:
        scripts = (f'<script src="{page.to_file(site.assets["vega"])}" defer></script>'
                   f'<script src="{page.to_file(site.assets["js"])}" defer></script>')
    settings = {
        "embed": {
            "renderer": "svg", "mode": "vega-lite", "scaleFactor": 2,
            "actions": {"export": True, "source": False, "compiled": False, "editor": False},
            "i18n": {"PNG_ACTION": t("save_png", lang), "SVG_ACTION": t("save_svg", lang),
                     "CLICK_TO_VIEW_ACTIONS": t("chart_menu", lang)},
        },
        "chartError": _w("chart_error", lang),
        "phoneWidth": charts.PHONE_WIDTH,
        **(config or {}),
    }
    internal = f'<div class="cchc-internal">{_esc(_w("internal", lang))}</div>' if site.internal else ""
    robots = '<meta name="robots" content="noindex, nofollow">' if site.internal else ""
    footer = (f'<footer class="cchc-note">{_esc(_w("footer", lang, year=site.year, name=site.ds.name))} '
              f'<a href="{page.to(METHODS)}">{_esc(_w("methods", lang))}</a>.</footer>')
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_esc(title)}</title>\n"
        f'<meta name="description" content="{_esc(description)}">\n{robots}'
        f'<link rel="icon" href="data:,">\n{alternates}\n'
        f'<link rel="stylesheet" href="{page.to_file(site.assets["css"])}">\n{scripts}\n</head>\n'
        f'<body>\n<div class="cchc-app cchc-site">\n<header>{_navigation(page, current)}'
        f"<h1>{_esc(heading)}</h1>{_source_html(site.ds, lang)}{internal}</header>\n"
        f"<main>\n{body}\n</main>\n{footer}\n</div>\n"
        f'<script type="application/json" id="cchc-charts">{_json(specs or {})}</script>\n'
        f'<script type="application/json" id="cchc-page">{_json(settings)}</script>\n'
        "</body>\n</html>\n"
    )


def _chart(name: str, title: str) -> str:
    """Where the chart ``name`` of the page's specifications is drawn (named for screen readers)."""
    return f'<div class="cchc-chart" data-chart="{_esc(name)}" role="figure" aria-label="{_esc(title)}"></div>'


def _pill(band: object, colors: dict[str, str], lang: str) -> str:
    """A band as the dashboards' coloured pill; "Chưa xếp loại" for none."""
    key = band if isinstance(band, str) else t("unbanded", lang)
    return (f'<span class="cchc-pill" style="{pill_style(colors.get(key, UNBANDED_COLOR))}">'
            f"{_esc(term(key, lang))}</span>")


def _rank(rank: object, rank_of: object) -> str:
    """ "4/20", or "–" for a unit not ranked."""
    return "–" if pd.isna(rank) else f"{int(rank)}/{int(rank_of)}"


# -- the home page -------------------------------------------------------------------------------

def _ranking(page: _Page, moved: pd.DataFrame, colors: dict[str, str]) -> str:
    """The ranking as the overview shows it (STT, unit, points, index, rank "4/20", band, change since
    last year; each cell named by ``data-col``), each unit linked to its page when the site has one;
    with ``internal``, each unit's self-assessed total too."""
    lang, site = page.lang, page.site
    keys = ["stt", "unit", "score", "index", "rank", "band", "since_last_year"] + (
        ["self_score"] if site.internal else [])
    head = "".join(f'<th scope="col" data-col="{k}">{_esc(t(k, lang))}</th>' for k in keys)
    rows = []
    for i, r in enumerate(moved.itertuples(index=False), start=1):
        name = _esc(r.unit_name)
        if r.unit_id in site.profiles:
            name = f'<a href="{page.to(UNITS + unit_file(r.unit_id))}">{name}</a>'
        since = "–"
        if not pd.isna(r.prev_rank) and not pd.isna(r.rank):
            since = rank_move(f"{int(r.prev_rank)}/0", f"{int(r.rank)}/0", lang)
            since += f" · {fmt_num(r.change, 2, lang, sign=True)}" if pd.notna(r.change) else ""
        color = colors.get(r.band, UNBANDED_COLOR) if isinstance(r.band, str) else UNBANDED_COLOR
        own = f'<td class="num" data-col="self_score">{fmt_num(r.self_score, 2, lang)}</td>' if site.internal else ""
        rows.append(
            f'<tr data-unit="{_esc(r.unit_id)}" style="background:{color}1a">'
            f'<td class="num" data-col="stt">{i}</td><td data-col="unit">{name}</td>'
            f'<td class="num" data-col="score">{fmt_num(r.score, 2, lang)}</td>'
            f'<td class="num" data-col="index">{fmt_num(r.index, 2, lang)}</td>'
            f'<td class="num" data-col="rank">{_rank(r.rank, r.rank_of)}</td>'
            f'<td data-col="band">{_pill(r.band, colors, lang)}</td>'
            f'<td class="num" data-col="since_last_year">{_esc(since)}</td>{own}</tr>'
        )
    return (f'<table class="cchc-table cchc-ranking-table"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def _counts(site: _Site, year: int, group: str, has_previous: bool, lang: str) -> str:
    """Units per band this year beside last year's (each year's own bands, the scheme's empty bands
    named), with the change, as the annual report counts them."""
    scheme = site.schemes[(year, group)]
    years = [year, year - 1] if has_previous else [year]
    ranked = site.ranked
    counts = band_counts(ranked[(ranked["group"] == group) & ranked["year"].isin(years)])
    table = counts.assign(band=counts["band"].fillna("")).pivot_table(
        index="band", columns="year", values="count", aggfunc="sum", fill_value=0)
    present = [b for b in table.index if b]
    order = [*(scheme.labels if scheme else []), *(b for b in present if not scheme or b not in scheme.labels)]
    order += [""] if "" in table.index else []  # units without a band, last
    table = table.reindex(index=order, columns=years, fill_value=0)
    colors = band_colors(scheme)
    head = [t("band", lang), *(t("report_year", lang, year=y) for y in years)] + (
        [t("change", lang)] if has_previous else [])

    def line(label: str, values: pd.Series) -> str:
        cells = "".join(f'<td class="num">{int(values[y])}</td>' for y in years)
        if has_previous:
            moved = int(values[year] - values[year - 1])
            cells += f'<td class="num">{f"+{moved}" if moved > 0 else f"−{-moved}" if moved < 0 else "0"}</td>'
        return f"<tr><td>{label}</td>{cells}</tr>"

    body = "".join(line(_pill(b or None, colors, lang), table.loc[b]) for b in order)
    body += line(_esc(t("report_total", lang)), table.sum())
    heads = "".join(f'<th scope="col">{_esc(h)}</th>' for h in head)
    return (f'<table class="cchc-table cchc-counts-table" style="min-width:0"><thead><tr>{heads}</tr></thead>'
            f"<tbody>{body}</tbody></table>")


def _year_view(page: _Page, year: int) -> tuple[str, dict[str, dict]]:
    """One year of the home page (its group buttons, then a section per group: the group's paragraph,
    headline cards with the movers, the ranking, the band counts and the index chart) and its charts."""
    site, lang = page.site, page.lang
    groups = site.groups(year)
    parts, specs = [], {}
    if len(groups) > 1:
        buttons = "".join(f'<button type="button" data-group="{_esc(g)}" aria-pressed="{str(i == 0).lower()}">'
                          f"{_esc(term(g, lang))}</button>" for i, g in enumerate(groups))
        parts.append(f'<div class="cchc-groups cchc-js-only" role="group" aria-label="{_esc(t("group", lang))}" '
                     f"hidden>{buttons}</div>")
    for i, g in enumerate(groups, start=1):
        scheme = site.schemes[(year, g)]
        colors = band_colors(scheme)
        k = standings.kpis(site.results, year, g)
        name = f"chi-so-{year}-{i}"
        _add(specs, name, charts.index_dots(standings.group_ranking(site.results, year, g), scheme, lang))
        left_out = standings.not_assessed_in(site.ds.not_assessed, site.ds.units, year, g)
        notes = [t("score_vs_rank", lang),
                 f"{t('scheme_in_words', lang)}: {scheme_text(scheme, lang)}" if scheme else t("no_scheme", lang)]
        parts.append(
            f'<section class="cchc-group" data-group="{_esc(g)}" aria-labelledby="g-{year}-{i}">'
            f'<h2 id="g-{year}-{i}">{_esc(term(g, lang))} — {_esc(_w("year_of", lang, year=year))}</h2>'
            f'<p class="cchc-paragraph">{_esc(highlights(site.results, year, g, lang=lang, scheme=scheme))}</p>'
            f"{kpi_html(k, national_reference(site.ds.reference, year), year, lang)}"
            f'<div class="cchc-row"><div class="cchc-scroll cchc-ranking-box">'
            f"{_ranking(page, standings.with_change(site.results, year, g), colors)}"
            f"{not_assessed_html(left_out, year, lang)}{notes_html(notes)}</div>"
            f"{_chart(name, t('chart_title', lang))}</div>"
            f'<h3>{_esc(t("report_counts", lang))}</h3>{_counts(site, year, g, k.has_previous, lang)}'
            "</section>"
        )
    return "".join(parts), specs


def _home(page: _Page) -> str:
    """``index.html``: the year picker and the announced year's view (:func:`_year_view`); an earlier
    year's view comes from its data file when picked."""
    site, lang = page.site, page.lang
    view, specs = _year_view(page, site.year)
    options = "".join(f'<option value="{y}"{" selected" if y == site.year else ""}>{y}</option>' for y in site.years)
    controls = (f'<div class="cchc-site-controls cchc-js-only" hidden><label for="cchc-year">{_esc(t("year", lang))}'
                f'</label><select id="cchc-year">{options}</select></div>'
                '<p id="cchc-status" class="cchc-note" role="status"></p>')
    body = f'{controls}<div id="cchc-view" data-year="{site.year}">{view}</div>'
    config = {"year": str(site.year), "years": [str(y) for y in site.years], "data": "data/nam-{year}.js",
              "loading": _w("loading", lang, year="{year}"), "loadError": _w("load_error", lang, year="{year}")}
    first = site.groups(site.year)[0]
    title = _w("site_title", lang, year=site.year)
    return _document(page, title=f"{title} — {site.ds.name}",
                     description=highlights(site.results, site.year, first, lang=lang,
                                            scheme=site.schemes[(site.year, first)]),
                     heading=title, body=body, current=HOME, specs=specs, config=config)


def _year_data(page: _Page, year: int) -> str:
    """``data/nam-<year>.js``: one year of the home page, handed to the page script when asked for."""
    view, specs = _year_view(page, year)
    return f"cchcSite.receive({_json(str(year))},{_json({'html': view, 'charts': specs})});\n"


# -- a unit's page -------------------------------------------------------------------------------

def _trend_table(line: pd.DataFrame, lang: str) -> str:
    """The unit's years (and its predecessors', named) with index, rank and band: the charts in words."""
    head = "".join(f'<th scope="col">{_esc(t(k, lang))}</th>' for k in ("year", "unit", "index", "rank", "band"))
    rows = "".join(
        f'<tr data-year="{int(r.year)}"><td class="num">{int(r.year)}</td>'
        f"<td>{_esc(_w('predecessor_row', lang, name=r.unit_name) if r.predecessor else r.unit_name)}</td>"
        f'<td class="num">{fmt_num(r.index, 2, lang)}</td><td class="num">{_rank(r.rank, r.rank_of)}</td>'
        f"<td>{_esc(term(r.band, lang) if isinstance(r.band, str) else t('unbanded', lang))}</td></tr>"
        for r in line.sort_values(["year", "predecessor", "unit_name"], ascending=[False, True, True]).itertuples()
    )
    return f'<table class="cchc-table cchc-trend-table"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def _area_table(p: Profile, lang: str) -> str:
    """The unit's index in each area beside the group mean and the difference."""
    head = "".join(f'<th scope="col">{_esc(t(k, lang))}</th>' for k in ("area", "index", "group_mean", "gap"))
    rows = "".join(
        f'<tr data-area="{_esc(r.area_id)}"><td>{_esc(r.area_id)}. {_esc(term(r.area_name, lang))}</td>'
        f'<td class="num">{fmt_num(r.index, 2, lang)}</td><td class="num">{fmt_num(r.group_mean, 2, lang)}</td>'
        f'<td class="num {"up" if r.gap > 0 else "down" if r.gap < 0 else ""}">'
        f"{fmt_num(r.gap, 2, lang, sign=True)}</td></tr>"
        for r in p.areas.sort_values("area_id").itertuples()
    )
    return f'<table class="cchc-table cchc-area-table"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def _sipas_section(site: _Site, p: Profile, lang: str) -> str:
    """The unit's SIPAS index (rate, 95 % interval, n, rank, against the group mean) and its components,
    as dashboard 5 shows them; "" when the unit has no survey answers that year."""
    if site.sipas is None or p.sipas is None:
        return ""
    sip = site.sipas
    year_rows = sip[(sip["year"] == p.year) & sip["level"].isin([INDEX_KEY, "component"])]
    groups = site.results.loc[site.results["year"] == p.year, ["unit_id", "group"]]
    mine = versus_group(year_rows, groups)
    mine = mine[mine["unit_id"] == p.unit_id]
    rows = pd.concat([mine[mine["level"] == INDEX_KEY], mine[mine["level"] == "component"]])
    _, rank, rank_of = p.sipas
    notes = [t("sipas_interval_note", lang), t("sipas_formula_note", lang)]
    return (f'<section aria-labelledby="sipas"><h2 id="sipas">{_esc(t("report_sipas", lang, year=p.year))}</h2>'
            f'<div class="cchc-scroll">{sipas_unit_html(p.unit_name, rows, _rank(rank, rank_of), lang)}</div>'
            f"{notes_html(notes)}</section>")


def _internal_section(site: _Site, p: Profile, lang: str) -> str:
    """Only with ``internal``: the unit's self-assessed total, the appraisal cuts and the sub-criteria
    furthest below the group and with the most points left."""
    row = site.results[(site.results["year"] == p.year) & (site.results["unit_id"] == p.unit_id)].iloc[0]
    total = _w("self_total", lang, self_score=fmt_num(row["self_score"], 2, lang),
               gap=fmt_num(row["self_gap"], 2, lang))
    lists = "".join(profile_list_html(frame, kind, lang)
                    for frame, kind in ((p.weaknesses, "weak"), (p.cuts, "cuts"), (p.headroom, "room")))
    return (f'<section class="cchc-internal-section" aria-labelledby="internal">'
            f'<h2 id="internal">{_esc(_w("internal_section", lang))}</h2>'
            f'<p data-field="self_score">{_esc(total)}</p><div class="cchc-scroll">{lists}</div></section>')


def _unit(page: _Page, p: Profile) -> str:
    """``don-vi/<unit>.html``: the unit's headline cards (those of dashboard 6) and its paragraph as
    announced, its index beside the group mean and its rank over the years (predecessors' years named),
    its areas against the group mean, its SIPAS, and, with ``internal``, its self-assessment."""
    site, lang = page.site, page.lang
    colors = band_colors(site.schemes[(p.year, p.group)])
    line = trends(site.results, units=[p.unit_id])
    span = YearRange.span(line["year"])
    specs: dict[str, dict] = {}
    _add(specs, "chi-so", charts.profile_trend(line, group_mean(site.results, p.group, span), lang))
    _add(specs, "thu-hang", charts.bump_chart(line, span, lang))
    _add(specs, "linh-vuc", charts.area_profile_chart(p.areas, p.year, lang))
    paragraph = unit_paragraph(p, lang)
    # The cards of dashboard 6, without their heading: the page's own title names the unit.
    cards = profile_headline_html(p, colors, lang).removeprefix(f"<h3>{_esc(p.unit_name)}</h3>")
    body = (
        f'<p><a href="{page.to(HOME)}#year={p.year}&amp;group={quote(p.group, safe="")}">← '
        f'{_esc(_w("back", lang, group=term(p.group, lang), year=p.year))}</a></p>'
        f'<section aria-labelledby="now"><h2 id="now">{_esc(_w("results_of", lang, year=p.year))}</h2>{cards}'
        f'<p class="cchc-paragraph">{_esc(paragraph)}</p></section>'
        f'<section aria-labelledby="years"><h2 id="years">{_esc(_w("over_years", lang))}</h2>'
        f'<div class="cchc-row">{_chart("chi-so", t("profile_trend", lang))}'
        f'{_chart("thu-hang", t("bump_title", lang))}</div>'
        f'<div class="cchc-scroll">{_trend_table(line, lang)}</div></section>'
        f'<section aria-labelledby="areas"><h2 id="areas">{_esc(_w("by_area", lang))}</h2>'
        f'<div class="cchc-row">{_chart("linh-vuc", t("profile_areas", lang, year=p.year))}'
        f'<div class="cchc-scroll">{_area_table(p, lang)}</div></div></section>'
        f"{_sipas_section(site, p, lang)}"
        f"{_internal_section(site, p, lang) if site.internal else ''}"
    )
    return _document(page, title=f"{p.unit_name} — {_w('site_title', lang, year=p.year)} — {site.ds.name}",
                     description=paragraph, heading=p.unit_name, body=body, specs=specs)


# -- the band distribution and the methods -------------------------------------------------------

def _bands(page: _Page) -> str:
    """Units per band and year in each group: the dashboards' stacked bars and the counts as a table."""
    site, lang = page.site, page.lang
    span = YearRange(min(site.years), site.year)
    groups = [g for g in site.order if (site.ranked["group"] == g).any()]
    parts, specs = [], {}
    for i, g in enumerate(groups, start=1):
        counts = band_counts(site.ranked[site.ranked["group"] == g])
        latest = max(y for y, group in site.schemes if group == g)
        colors = band_colors(site.schemes[(latest, g)])
        _add(specs, f"xep-loai-{i}", charts.band_stack(counts, colors, lang))
        labels = list(dict.fromkeys([*colors, *counts["band"].dropna()]))
        labels += [""] if counts["band"].isna().any() else []  # units without a band, last
        table = counts.assign(band=counts["band"].fillna("")).pivot_table(
            index="year", columns="band", values="count", aggfunc="sum", fill_value=0)
        table = table.reindex(columns=labels, fill_value=0).sort_index(ascending=False)
        head = "".join(f'<th scope="col">{_esc(h)}</th>' for h in
                       [t("year", lang), *(term(b, lang) if b else t("unbanded", lang) for b in labels),
                        t("report_total", lang)])
        rows = [f'<tr data-year="{int(y)}"><td class="num">{int(y)}</td>'
                + "".join(f'<td class="num">{int(n)}</td>' for n in values)
                + f'<td class="num">{int(values.sum())}</td></tr>'
                for y, values in table.iterrows()]
        parts.append(
            f'<section aria-labelledby="b-{i}"><h2 id="b-{i}">{_esc(term(g, lang))}</h2>'
            f'<div class="cchc-row">{_chart(f"xep-loai-{i}", t("stack_title", lang))}<div class="cchc-scroll">'
            f'<table class="cchc-table cchc-bands-table" style="min-width:0"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div></div></section>'
        )
    parts.append(notes_html([t("scheme_note", lang)]))
    title = _w("distribution_of", lang, years=span)
    return _document(page, title=f"{title} — {site.ds.name}", description=f"{title}: {t('stack_title', lang)}.",
                     heading=title, body="".join(parts), current=BANDS, specs=specs)


def _changes(site: _Site, lang: str) -> list[str]:
    """Each year's criteria changes (per group, with the number of areas and sub-criteria before and
    after), each merger, and the groups no longer assessed in the site's year: the report's sentences."""
    lines, merged_any = [], False
    results = site.results
    for y in sorted(site.years)[1:]:
        before, now = results[results["year"] == y - 1], results[results["year"] == y]
        for g in site.groups(y):
            then = before.loc[before["group"] == g, "methodology"]
            mine = now.loc[now["group"] == g, "methodology"]
            if len(then) and then.iloc[0] != mine.iloc[0]:
                sizes = leaf_counts(site.ds.methodology, g, [y - 1, y])
                detail = "; ".join(t("report_break_detail", lang, year=int(r.year), areas=int(r.areas),
                                     items=int(r.items)) for r in sizes.itertuples(index=False))
                lines.append(t("report_break", lang, year=y, group=term(g, lang), prev=y - 1, detail=detail))
        named = now.drop_duplicates("unit_id").set_index("unit_id")["unit_name"]
        gone = before[before["successor_id"].isin(named.index) & ~before["unit_id"].isin(named.index)]
        for successor, merged in gone.groupby("successor_id", sort=False):
            # commas, not "và": unit names hold "và" themselves
            lines.append(t("report_merged", lang, names=", ".join(merged["unit_name"]), successor=named[successor],
                           year=y))
            merged_any = True
    if merged_any:
        lines.append(t("report_merged_note", lang))
    last = results[results["year"] == site.year - 1]
    for g in dict.fromkeys(last.loc[last["index"].notna(), "group"]):
        if g not in site.groups(site.year):
            lines.append(t("report_group_gone", lang, group=term(g, lang), prev=site.year - 1, year=site.year))
    return lines


def _methods(page: _Page) -> str:
    """The index rule, each group's band scheme worded as a decision words it, the criteria changes and
    mergers, the SIPAS formula, the data source and the published national figures shown beside it."""
    site, lang = page.site, page.lang
    span = YearRange(min(site.years), site.year)

    def section(key: str, heading: str, inner: str) -> str:
        return f'<section aria-labelledby="{key}"><h2 id="{key}">{_esc(heading)}</h2>{inner}</section>'

    def paragraphs(lines: list[str]) -> str:
        return "".join(f"<p>{_esc(x)}</p>" for x in lines)

    schemes = [t("report_scheme", lang, group=term(g, lang), scheme=decision_words(s, lang)) if s
               else f"{term(g, lang)}: {t('no_scheme', lang)}."
               for g in site.groups(site.year) for s in [site.schemes[(site.year, g)]]]
    schemes.append(t("report_scheme_chosen", lang) if site.chosen else t("scheme_note", lang) + ".")
    parts = [section("rule", _w("index_rule", lang), paragraphs([t("report_index_rule", lang)])),
             section("schemes", _w("schemes_of", lang, year=site.year), paragraphs(schemes)),
             section("changes", _w("changes", lang),
                     paragraphs(_changes(site, lang) or [_w("no_changes", lang, years=span)]))]
    if site.sipas is not None and len(site.sipas):
        lines = [t("sipas_formula_note", lang), t("sipas_interval_note", lang)]
        breaks = [y for y in break_years(site.ds.sipas_questions) if y <= site.year]
        if breaks:
            lines.append(t("sipas_break_note", lang, years=", ".join(map(str, breaks))))
        parts.append(section("sipas", t("app_sipas", lang), paragraphs(lines)))
    found, _ = reference_series(site.ds.reference, span)
    references = ""
    if len(found):
        head = "".join(f'<th scope="col">{_esc(h)}</th>' for h in
                       (t("year", lang), " ", "%", t("source", lang)))
        rows = "".join(f'<tr><td class="num">{int(r.year)}</td><td>{_esc(term(r.series, lang))}</td>'
                       f'<td class="num">{fmt_num(r.value_pct, 2, lang)}</td><td>{source_link(str(r.source))}</td></tr>'
                       for r in found.sort_values(["series", "year"]).itertuples())
        references = (f'<h3>{_esc(_w("references", lang))}</h3><div class="cchc-scroll">'
                      f'<table class="cchc-table"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>')
    parts.append(section("source", _w("source", lang),
                         f"{_source_html(site.ds, lang)}{paragraphs([_w('published_only', lang)])}{references}"))
    title = _w("methods", lang)
    return _document(page, title=f"{title} — {_w('site_title', lang, year=site.year)} — {site.ds.name}",
                     description=t("report_index_rule", lang), heading=title, body="".join(parts), current=METHODS)


def _mark(site: _Site) -> str:
    """``cchc-site.txt``: what the folder is, in both languages, for whoever finds it on a server."""
    return (
        f"Trang tĩnh kết quả Chỉ số CCHC năm {site.year} ({site.ds.name}), do cchc_dash publish tạo ra.\n"
        "Đặt cả thư mục lên máy chủ web hoặc mở index.html trên máy; không cần máy chủ ứng dụng.\n"
        f"Static pages of the {site.year} PAR INDEX results ({site.ds.name}), written by cchc_dash publish.\n"
        "Put the whole folder on any web server, or open index.html from a disk; no application server.\n"
        + ("NỘI BỘ / INTERNAL: có điểm tự chấm / holds self-assessed scores.\n" if site.internal else "")
    )


def _files(site: _Site) -> Iterator[tuple[str, str]]:
    """(path from the site's root, text) of every file of the site, built one at a time."""
    yield site.assets["css"], site.css
    yield site.assets["js"], SCRIPT
    yield site.assets["vega"], chart_library()
    yield MARK, _mark(site)
    for lang in site.langs:
        root = LANG_ROOTS[lang]
        yield root + HOME, _home(_Page(site, lang, HOME))
        for y in site.years:
            if y != site.year:
                yield f"{root}data/nam-{y}.js", _year_data(_Page(site, lang, HOME), y)
        yield root + BANDS, _bands(_Page(site, lang, BANDS))
        yield root + METHODS, _methods(_Page(site, lang, METHODS))
        for unit_id, p in site.profiles.items():
            path = UNITS + unit_file(unit_id)
            yield root + path, _unit(_Page(site, lang, path), p)
    if "vi" not in site.langs:  # the site's address still opens: on the English home page
        yield HOME, ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>'
                     f'{_esc(_w("site_title", "en", year=site.year))}</title><meta http-equiv="refresh" '
                     'content="0; url=en/index.html"></head><body><a href="en/index.html">English</a></body></html>\n')


# -- writing the folder --------------------------------------------------------------------------

def _exists(out: Path) -> ValidationError:
    """The refusal of a folder that exists, ``force`` not given."""
    return _refuse(str(out), None, "thư mục đã tồn tại; chọn tên khác hoặc cho phép ghi đè (force)",
                   "the folder exists; choose another name or allow replacing it (force)")


def _target(out: Path, force: bool) -> Path:
    """``out`` (a link followed) once it may be written: its parent exists; it does not exist, or
    ``force`` is given and it is an earlier site (it holds :data:`MARK`) or an empty folder."""
    if out.is_symlink():
        out = Path(os.path.realpath(out))
    where = str(out)
    if not out.name or out.resolve() in (Path.cwd().resolve(), *Path.cwd().resolve().parents):
        raise _refuse(where, None, "cần tên của một thư mục mới cho trang tĩnh",
                      "the name of a new folder for the site is needed")
    if not out.parent.is_dir():
        raise _refuse(where, None, f"thư mục '{out.parent}' không tồn tại", f"the folder '{out.parent}' does not exist")
    if out.exists() and not out.is_dir():
        raise _refuse(where, None, "đây là một tệp, cần tên thư mục", "this is a file; a folder name is needed")
    if out.exists() and not force:
        raise _exists(out)
    if out.exists() and not (out / MARK).is_file() and any(out.iterdir()):
        raise _refuse(where, None, f"thư mục không phải một trang tĩnh đã xuất bản (không có {MARK}) nên không "
                                   "bị thay thế; chọn một thư mục mới",
                      f"the folder is not a published site (it has no {MARK}), so it is not replaced; "
                      "choose a new folder")
    return out


def _folder_error(out: Path, exc: OSError) -> ValidationError:
    """A folder the system would not let us make, fill or rename (no permission, a full disk)."""
    return _refuse(str(out), None, f"không ghi được thư mục: {exc.strerror}; thư mục cũ (nếu có) được giữ nguyên",
                   f"the folder could not be written: {exc.strerror}; the old folder (if any) is kept")


def _write(folder: Path, path: str, text: str) -> None:
    """One file of the site, written atomically under ``folder`` (its sub-folders made as needed)."""
    target = folder / path
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, lambda f: f.write(text.encode("utf-8")))


def _swap(tmp: Path, out: Path, force: bool) -> None:
    """The complete site ``tmp`` renamed to ``out``; an earlier site there (``force``) is moved aside
    first, put back if the rename fails, and deleted once the new one is in place."""
    if not out.exists():
        os.rename(tmp, out)
        return
    if not force:  # created while the site was being written: never replaced
        raise _exists(out)
    aside = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
    try:
        os.rename(out, aside / out.name)
    except OSError:
        aside.rmdir()
        raise
    try:
        os.rename(tmp, out)
    except OSError:
        os.rename(aside / out.name, out)
        aside.rmdir()
        raise
    shutil.rmtree(aside, ignore_errors=True)


def publish(ds: Dataset, results: pd.DataFrame, year: int, out: str | Path, langs: tuple[str, ...] = ("vi",),
            bands: BandScheme | str | None = None, internal: bool = False, force: bool = False) -> Path:
    """Write the static site of ``year`` (module docstring) into the folder ``out``; returns its path.

    ``results`` are :func:`cchc_dash.compute`'s on ``ds``; the site holds ``year`` and the years
    before it, never a later one. ``langs`` ("vi", "en"): Vietnamese pages at the root, English
    ones under ``en/``. ``bands`` (a scheme or its text) bands every group and year as
    ``compute(ds, bands)`` does; otherwise each (year, group) keeps its stored scheme. ``internal``
    adds self-assessed scores and appraisal cuts (and marks every page as internal).

    ``out`` must not exist, unless ``force`` is given and it is an earlier site (or an empty folder):
    it is then replaced whole. The request is checked and the figures computed before anything is
    written; the pages are written into a temporary folder beside ``out``, renamed into place at the
    end: a failure (bad input, a full disk, no permission) leaves ``out`` as it was. Every refusal is
    a :class:`ValidationError` naming the input or the folder, in Vietnamese and English.
    """
    year, langs = _checked(results, year, langs)
    out = _target(Path(out), force)
    site = _site(ds, results, year, langs, bands, internal)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o777 & ~umask)  # a web server must read it; mkdtemp makes it private
    except OSError as exc:
        raise _folder_error(out, exc) from exc
    try:
        for path, text in _files(site):
            _write(tmp, path, text)
        _swap(tmp, out, force)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise _folder_error(out, exc) from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out
