"""HTML tables and written notes: pure functions, frame in → HTML string out.

What a dashboard shows as text is built here, not in ``ui/``, so that a test can read
every cell: numbers rounded for display only (two decimals, "86,80" in Vietnamese),
ranks as "4/20", every label from :mod:`cchc_dash.render.labels` and every value HTML-escaped
(unit names and band labels are user data). The CSS classes are styled by the
dashboard shell.
"""

from __future__ import annotations

import html

import pandas as pd

from ..analyses.profile import Profile
from ..analyses.reference import NationalFigure
from ..analyses.standings import Kpis
from ..core.bands import BandScheme
from .highlights import unit_paragraph
from .labels import fmt_num, t, term
from .theme import UNBANDED_COLOR, band_colors, text_color


def pill_style(color: str) -> str:
    """A band pill's colours: the band's colour behind text that reads on it."""
    return f"background:{color};color:{text_color(color)}"


def _band_text(band: object, lang: str) -> str:
    """A band label, or "Chưa xếp loại" / "Not banded" for a missing one (NaN, None): the key of
    the band's colour; :func:`~cchc_dash.render.labels.term` gives the label shown."""
    return band if isinstance(band, str) else t("unbanded", lang)


def scheme_text(scheme: BandScheme, lang: str) -> str:
    """A band scheme in plain words: "Xuất sắc từ 90, Tốt từ 80, …, Yếu dưới 50" (vi), "Excellent
    from 90, Good from 80, …, Weak below 50" (en): labels as shown in ``lang``, thresholds with the
    page's decimals; the lowest band, which has no threshold, is "below" the last one."""
    def threshold(m: float) -> str:
        return fmt_num(m, 0 if float(m).is_integer() else 2, lang)

    parts, last = [], None
    for label, m in zip(scheme.labels, scheme.minima):
        if m is None:
            parts.append(
                term(label, lang)
                if last is None
                else t("band_below", lang, band=term(label, lang), value=threshold(last))
            )
        else:
            parts.append(t("band_from", lang, band=term(label, lang), value=threshold(m)))
            last = m
    return ", ".join(parts)


def rank_move(before: str, after: str, lang: str) -> str:
    """The rank change between two ranks written "4/20": "▲ 2 bậc" (moved up two places), "▼ 1 bậc",
    "giữ nguyên"; "–" when either is not a rank (unranked, or several predecessors)."""
    try:
        old, new = int(before.split("/")[0]), int(after.split("/")[0])
    except (ValueError, AttributeError):
        return "–"
    if old == new:
        return t("places_same", lang)
    return t("places_up" if new < old else "places_down", lang, n=abs(old - new))


def breaks_text(n: int, lang: str) -> str:
    """How many methodology changes a change crosses, in words: "không" / "none", "có (1 lần)" / "yes (1)"."""
    return t("breaks_none", lang) if n == 0 else t("breaks_some", lang, n=n)


def _since_last_year(prev_rank: object, rank: object, change: object, lang: str) -> str:
    """"▲ 3 bậc · +1,25": the rank and index change since last year; "–" for a unit not ranked then
    (new, or created by a merger: its predecessors' figures are not its own)."""
    if pd.isna(prev_rank) or pd.isna(rank):
        return "–"
    moved = rank_move(f"{int(prev_rank)}/0", f"{int(rank)}/0", lang)
    return f"{html.escape(moved)} · {fmt_num(change, 2, lang, sign=True)}" if pd.notna(change) else html.escape(moved)


def ranking_html(table: pd.DataFrame, colors: dict[str, str], lang: str) -> str:
    """The ranking table (STT, Đơn vị, Điểm, Chỉ số, Xếp hạng "4/20", Xếp loại), band-coloured, and,
    when ``table`` has ``prev_rank`` and ``change`` (:func:`cchc_dash.analyses.standings.with_change`),
    each unit's move since last year ("▲ 3 bậc · +1,25"), so that who fell is visible for every unit.

    Every cell names its column (``data-col``), so that a narrow screen can leave out STT, Điểm and
    the change (the dashboards' CSS) and keep the rank and band in view.
    ``table`` has unit_name, score, index, rank, rank_of and band, in the order shown;
    ``colors`` maps band labels to colours (:func:`cchc_dash.render.theme.band_colors`).
    """
    moves = {"prev_rank", "change"} <= set(table.columns)
    keys = ("stt", "unit", "score", "index", "rank", "band") + (("since_last_year",) if moves else ())
    head = "".join(f'<th data-col="{k}">{html.escape(t(k, lang))}</th>' for k in keys)
    rows = []
    for i, r in enumerate(table.itertuples(index=False), start=1):
        rank = f"{r.rank}/{r.rank_of}" if pd.notna(r.rank) else "–"
        color = colors.get(_band_text(r.band, lang), UNBANDED_COLOR)
        since = (f'<td class="num" data-col="since_last_year">{_since_last_year(r.prev_rank, r.rank, r.change, lang)}'
                 "</td>" if moves else "")
        rows.append(
            f'<tr style="background:{color}1a"><td class="num" data-col="stt">{i}</td>'
            f'<td data-col="unit">{html.escape(str(r.unit_name))}</td>'
            f'<td class="num" data-col="score">{fmt_num(r.score, 2, lang)}</td>'
            f'<td class="num" data-col="index">{fmt_num(r.index, 2, lang)}</td>'
            f'<td class="num" data-col="rank">{rank}</td><td data-col="band">{_pill(r.band, colors, lang)}</td>'
            f"{since}</tr>"
        )
    return (
        f'<table class="cchc-table cchc-ranking-table"><thead><tr>{head}</tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table>'
    )


def source_link(source: str, text: str | None = None) -> str:
    """A published source as a link, only for http(s) addresses (a ``javascript:`` or ``data:``
    address in a data file must never become clickable); anything else is shown as text. The link
    reads ``text`` (a publisher's name) when given, else the address cut to 60 characters."""
    shown = html.escape(text if text is not None else source[:60] + ("…" if len(source) > 60 else ""))
    if source.lower().startswith(("http://", "https://")):
        return f'<a href="{html.escape(source)}" target="_blank" rel="noopener noreferrer">{shown}</a>'
    return shown


def kpi_html(k: Kpis, reference: NationalFigure | None, year: int, lang: str) -> str:
    """Headline cards (mean, best, worst, movers), then the national reference: its value, its
    source as a short link (the publisher's site and the year of the figures) and a warning that
    the provinces' PAR INDEX is not comparable with the units' indices."""

    def card(label: str, value: str, sub: str = "") -> str:
        return (
            f'<div class="cchc-kpi"><div class="l">{html.escape(label)}</div><div class="v">{value}</div>'
            f'<div class="s">{sub}</div></div>'
        )

    def moves(frame: pd.DataFrame, cls: str) -> str:
        return "<br>".join(
            f'<span class="{cls}">{fmt_num(c, 2, lang, sign=True)}</span> {html.escape(n)}'
            for n, c in zip(frame["unit_name"], frame["change"])
        )

    cards = [
        card(t("mean", lang), fmt_num(k.mean, 2, lang), f"{k.n} {t('units_ranked', lang)}"),
        card(t("best", lang), fmt_num(k.best_index, 2, lang), html.escape(k.best_name)),
        card(t("worst", lang), fmt_num(k.worst_index, 2, lang), html.escape(k.worst_name)),
    ]
    if k.has_previous and (len(k.up) or len(k.down)):
        cards.append(
            card(
                t("movers", lang),
                "",
                moves(k.up, "up") + ("<br>" if len(k.up) and len(k.down) else "") + moves(k.down, "down"),
            )
        )
    else:  # a previous year where no index moved is not "no previous year"
        why = "no_movers" if k.has_previous else "no_previous"
        cards.append(card(t("movers", lang), "–", html.escape(t(why, lang))))
    ref = ""
    if reference is not None:
        said = html.escape(t("national_ref", lang, year=reference.year, value=fmt_num(reference.value, 2, lang)))
        cited = t("national_source", lang, link="{link}", year=reference.year)
        link = source_link(reference.source, reference.publisher)
        ref = (
            f'<div class="cchc-note cchc-national">{said} ({html.escape(cited).replace("{link}", link)}). '
            f'<span class="cchc-not-comparable">{html.escape(t("national_not_comparable", lang))}</span></div>'
        )
    return f'<div class="cchc-kpis">{"".join(cards)}</div>{ref}'


def changes_html(table: pd.DataFrame, lang: str) -> str:
    """The table of changes (:func:`cchc_dash.analyses.trends.change_table`): from → to index, rank and
    band, the change, methodology breaks crossed; a merged unit names its predecessors."""
    cols = [
        t("unit", lang),
        t("from", lang),
        t("index", lang),
        t("rank", lang),
        t("band", lang),
        t("to", lang),
        t("index", lang),
        t("rank", lang),
        t("band", lang),
        t("index_change", lang),
        t("rank_change", lang),
        t("break_col", lang),
    ]
    head = "".join(f"<th>{html.escape(c)}</th>" for c in cols)
    rows = []
    for r in table.itertuples(index=False):
        origin = f"<br><small>← {html.escape(r.from_name)}</small>" if r.from_predecessor else ""
        cls = "up" if r.change > 0 else "down" if r.change < 0 else ""
        rows.append(
            f"<tr><td>{html.escape(r.unit_name)}{origin}</td><td class='num'>{r.from_year}</td>"
            f"<td class='num'>{fmt_num(r.from_index, 2, lang)}</td><td class='num'>{r.from_rank}</td>"
            f"<td>{html.escape(term(_band_text(r.from_band, lang), lang))}</td>"
            f"<td class='num'>{r.to_year}</td><td class='num'>{fmt_num(r.to_index, 2, lang)}</td>"
            f"<td class='num'>{r.to_rank}</td>"
            f"<td>{html.escape(term(_band_text(r.to_band, lang), lang))}</td>"
            f"<td class='num {cls}'>{fmt_num(r.change, 2, lang, sign=True)}</td>"
            f"<td style='white-space:nowrap'>{html.escape(rank_move(r.from_rank, r.to_rank, lang))}</td>"
            f"<td>{html.escape(breaks_text(int(r.breaks), lang))}</td></tr>"
        )
    return (
        f"<h3>{html.escape(t('changes', lang))}</h3><table class='cchc-table cchc-changes-table'>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def counts_html(
    cmp: pd.DataFrame, a: BandScheme | None, b: BandScheme | None, shift: pd.DataFrame, year: int, lang: str
) -> str:
    """Band counts under scheme A and B for one year, how many units change band, the cross-table.

    ``cmp`` is :func:`cchc_dash.compare_schemes` output (band_a, band_b, changed), ``shift``
    :func:`cchc_dash.scheme_shift`'s A × B matrix (NaN labels: not banded).
    """

    def table(label: str, scheme: BandScheme | None, col: str) -> str:
        colors = band_colors(scheme)
        counts = cmp[col].astype(object).fillna(t("unbanded", lang)).value_counts()  # an all-NaN column is float
        labels = list(scheme.labels if scheme else []) + [
            x for x in counts.index if scheme is None or x not in scheme.labels
        ]
        rows = "".join(
            f'<tr><td><span class="cchc-pill" style="{pill_style(colors.get(x, UNBANDED_COLOR))}">'
            f'{html.escape(term(str(x), lang))}</span></td>'
            f'<td class="num" data-band="{html.escape(str(x))}">{int(counts.get(x, 0))}</td></tr>'
            for x in labels
        )
        text = html.escape(scheme_text(scheme, lang)) if scheme else "–"
        return (
            f'<div class="cchc-counts" data-scheme="{col}"><b>{html.escape(label)}</b><br><small>{text}</small>'
            f'<table class="cchc-table" style="min-width:220px"><tbody>{rows}</tbody></table></div>'
        )

    same_labels = a is not None and b is not None and bool(set(a.labels) & set(b.labels))
    changed = int(cmp["changed"].sum())
    summary = t("n_changed", lang, n=changed, total=len(cmp)) if same_labels else t("different_labels", lang)
    head = "".join(f"<th>{html.escape(term(_band_text(c, lang), lang))}</th>" for c in shift.columns)
    body = "".join(
        f"<tr><th>{html.escape(term(_band_text(i, lang), lang))}</th>"
        + "".join(f'<td class="num">{int(v)}</td>' for v in row)
        + "</tr>"
        for i, row in zip(shift.index, shift.to_numpy())
    )
    cross = (
        f'<h4>{html.escape(t("cross_title", lang))}</h4><table class="cchc-table cchc-shift"><thead><tr>'
        f"<th>{html.escape(t('cross_corner', lang))}</th>{head}</tr></thead><tbody>{body}</tbody></table>"
    )
    return (
        f"<h3>{html.escape(t('side_by_side', lang, year=year))}</h3>"
        f'<div style="display:flex;gap:24px;flex-wrap:wrap">{table(t("scheme_a", lang), a, "band_a")}'
        f"{table(t('scheme_b', lang), b, 'band_b')}</div>"
        f'<p class="cchc-summary"><b>{html.escape(summary)}</b></p>{cross}'
    )


def no_schemes_html(year: int, lang: str) -> str:
    """The side-by-side block when scheme A or B is missing for the year: says so, no table."""
    return f"<h3>{html.escape(t('side_by_side', lang, year=year))}</h3><p>{html.escape(t('no_scheme', lang))}</p>"


def not_assessed_html(units: pd.DataFrame, year: int, lang: str) -> str:
    """Under a ranking: the units not assessed that year, each with its reason ("" if none)."""
    if units.empty:
        return ""
    items = "; ".join(f"{html.escape(str(name))} ({html.escape(str(reason))})"
                      for name, reason in zip(units["unit_name"], units["reason"]))
    title = html.escape(t("not_assessed", lang, year=year, n=len(units)))
    return f'<div class="cchc-note cchc-not-assessed">{title}: {items}</div>'


def notes_html(lines: list[str]) -> str:
    """Short notes under a chart, one line each (plain text, escaped)."""
    return "".join(f'<div class="cchc-note">{html.escape(line)}</div>' for line in lines)


def suggestion_html(plan: pd.DataFrame, lang: str) -> str:
    """A suggestion (:func:`cchc_dash.analyses.whatif.suggest`'s plan) as staff act on it: what was
    filled in, a table of each item changed (its area, its name, from → to, points gained), the
    step note, and how many points are still short when the items chosen cannot reach the band."""
    rows = "".join(
        f"<tr><td>{html.escape(str(r.item_id))}</td><td>{html.escape(str(r.name_vi))}</td>"
        f'<td class="num">{fmt_num(r.score, 2, lang)} → {fmt_num(r.new_score, 2, lang)}</td>'
        f'<td class="num">+{fmt_num(r.gain, 2, lang)}</td></tr>'
        for r in plan.itertuples(index=False)
    )
    head = "".join(f"<th>{html.escape(t(k, lang))}</th>" for k in
                   ("whatif_plan_code", "whatif_plan_item", "whatif_plan_from_to", "whatif_plan_gain"))
    lines = [t("whatif_suggested", lang, n=len(plan))]
    short = float(plan.attrs.get("short", 0.0))
    table = (f'<table class="cchc-table cchc-plan"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
             if len(plan) else "")
    after = [t("whatif_plan_note", lang)]
    if short > 0:
        after.append(t("whatif_short", lang, points=fmt_num(short, 2, lang)))
    return notes_html(lines) + table + notes_html(after)


def _pill(band: object, colors: dict[str, str], lang: str) -> str:
    """A band as a coloured pill, labelled in ``lang``."""
    key = _band_text(band, lang)
    return (
        f'<span class="cchc-pill" style="{pill_style(colors.get(key, UNBANDED_COLOR))}">'
        f'{html.escape(term(key, lang))}</span>'
    )


def _rank(rank: object, rank_of: object) -> str:
    return "–" if pd.isna(rank) else f"{int(rank)}/{int(rank_of)}"


def whatif_headline_html(before: pd.Series, after: pd.Series, need: str, colors: dict[str, str], lang: str) -> str:
    """One unit before → after a scenario: index, rank "8/19" and band, and what it still needs.

    ``before`` and ``after`` are the unit's rows of :func:`cchc_dash.compute`-shaped results;
    ``need`` is the sentence about the next band (already worded).
    """

    def cell(label: str, row: pd.Series, cls: str) -> str:
        return (
            f'<div class="cchc-kpi {cls}"><div class="l">{html.escape(label)}</div>'
            f'<div class="v" data-field="index">{fmt_num(row["index"], 2, lang)}</div>'
            f'<div class="s"><span data-field="rank">{_rank(row["rank"], row["rank_of"])}</span> '
            f'<span data-field="band">{_pill(row["band"], colors, lang)}</span></div></div>'
        )

    delta = after["index"] - before["index"]
    arrow = (
        f'<div class="cchc-kpi"><div class="l">Δ</div>'
        f'<div class="v {"up" if delta > 0 else "down" if delta < 0 else ""}">'
        f"{fmt_num(delta, 2, lang, sign=True)}</div></div>"
    )
    return (
        f'<h3>{html.escape(str(after["unit_name"]))}</h3><div class="cchc-kpis">'
        f"{cell(t('whatif_now', lang), before, 'cchc-before')}"
        f"{cell(t('whatif_new', lang), after, 'cchc-after')}{arrow}</div>"
        f'<div class="cchc-note cchc-need">{html.escape(need)}</div>'
    )


def whatif_ranking_html(results: pd.DataFrame, diff: pd.DataFrame, colors: dict[str, str], lang: str) -> str:
    """The group's ranking after a scenario, the units that moved highlighted with their old values.

    ``results`` are one (year, group) of the simulated results, best first; ``diff`` the
    simulation's rows for the same group (unit_id, index_old, rank_old, band_old).
    """
    old = diff.set_index("unit_id")
    head = "".join(
        f"<th>{html.escape(h)}</th>"
        for h in (
            t("stt", lang),
            t("unit", lang),
            f"{t('index', lang)} — {t('whatif_old', lang)}",
            t("index", lang),
            "Δ",
            f"{t('rank', lang)} — {t('whatif_old', lang)}",
            t("rank", lang),
            t("band", lang),
        )
    )
    rows = []
    for i, r in enumerate(results.itertuples(index=False), start=1):
        moved = r.unit_id in old.index
        prev = old.loc[r.unit_id] if moved else None
        index_old = prev["index_old"] if moved else r.index
        rank_old = _rank(prev["rank_old"], r.rank_of) if moved else _rank(r.rank, r.rank_of)
        band = _pill(r.band, colors, lang) + (
            f" ← {_pill(prev['band_old'], colors, lang)}" if moved and prev["band_old"] != r.band else ""
        )
        delta = r.index - index_old
        cls = "up" if delta > 0 else "down" if delta < 0 else ""
        rows.append(
            f'<tr class="{"cchc-moved" if moved else ""}" data-unit="{html.escape(str(r.unit_id))}">'
            f'<td class="num">{i}</td><td>{html.escape(str(r.unit_name))}</td>'
            f'<td class="num">{fmt_num(index_old, 2, lang)}</td><td class="num">{fmt_num(r.index, 2, lang)}</td>'
            f'<td class="num {cls}">{fmt_num(delta, 2, lang, sign=True) if moved else ""}</td>'
            f'<td class="num">{rank_old}</td><td class="num">{_rank(r.rank, r.rank_of)}</td><td>{band}</td></tr>'
        )
    return (
        f'<table class="cchc-table cchc-whatif-table"><thead><tr>{head}</tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table>'
    )


def profile_paragraph(p: Profile, lang: str) -> str:
    """The profile's summary: :func:`~cchc_dash.render.highlights.unit_paragraph` opened with the
    group's mean index (%), the figure of the headline card and of the Word file."""
    return unit_paragraph(p, lang, mean_index=True)


def profile_headline_html(p: Profile, colors: dict[str, str], lang: str) -> str:
    """Headline cards of a unit profile: score and index, rank "4/20" (tie noted), band,
    the group's mean index, and the change since last year (or its predecessors after a merger)."""

    def card(label: str, value: str, sub: str = "", field: str = "") -> str:
        return (
            f'<div class="cchc-kpi"><div class="l">{html.escape(label)}</div>'
            f'<div class="v" data-field="{field}">{value}</div><div class="s">{sub}</div></div>'
        )

    rank = _rank(p.rank, p.rank_of)
    cards = [
        card(
            t("index", lang),
            fmt_num(p.index, 2, lang),
            f"{fmt_num(p.score, 2, lang)} / {fmt_num(p.max_points, 2, lang)}",
            "index",
        ),
        card(t("rank", lang), rank, "=" if p.tied else "", "rank"),
        card(t("band", lang), _pill(p.band, colors, lang), "", "band"),
        card(t("group_mean_index", lang), fmt_num(p.group_mean, 2, lang), html.escape(term(p.group, lang)), "mean"),
    ]
    if p.sipas is not None:
        rate, srank, sof = p.sipas
        cards.append(card(t("profile_sipas", lang), fmt_num(rate, 2, lang), _rank(srank, sof), "sipas"))
    prev = p.previous
    if prev is None:
        cards.append(card(t("profile_change", lang), "–", html.escape(t("no_previous", lang)), "change"))
    elif prev.merged or pd.isna(prev.change):
        cards.append(
            card(
                t("profile_change", lang),
                "–",
                html.escape(t("profile_merged", lang, names="; ".join(prev.names))),
                "change",
            )
        )
    else:
        cls = "up" if prev.change > 0 else "down" if prev.change < 0 else ""
        cards.append(
            card(
                t("profile_change", lang),
                f'<span class="{cls}">{fmt_num(prev.change, 2, lang, sign=True)}</span>',
                f"{prev.year}: {_rank(prev.rank, prev.rank_of)} {_pill(prev.band, colors, lang)}",
                "change",
            )
        )
    return f'<h3>{html.escape(p.unit_name)}</h3><div class="cchc-kpis">{"".join(cards)}</div>'


#: The columns of each profile list: (frame column, label key, decimals or None for text).
PROFILE_LISTS: dict[str, list[tuple[str, str, int | None]]] = {
    "weak": [
        ("label", "item", None),
        ("rate", "rate", 2),
        ("group_rate", "group_rate", 2),
        ("gap", "gap", 2),
    ],
    "cuts": [
        ("label", "item", None),
        ("self_score", "self_score", 2),
        ("score", "appraised", 2),
        ("cut", "cut", 2),
    ],
    "room": [
        ("label", "item", None),
        ("score", "appraised", 2),
        ("max_points", "max_points", 2),
        ("headroom", "headroom", 2),
    ],
}


def profile_list_html(frame: pd.DataFrame, kind: str, lang: str) -> str:
    """One of a profile's lists (``kind``: weak, cuts, room) as a table; "Không có" when empty."""
    cols = PROFILE_LISTS[kind]
    title = t({"weak": "profile_weak", "cuts": "profile_cuts", "room": "profile_room"}[kind], lang)
    if frame.empty:
        return f"<h4>{html.escape(title)}</h4>{notes_html([t('profile_none', lang)])}"
    head = "".join(f"<th>{html.escape(t(key, lang))}</th>" for _, key, _ in cols)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{fmt_num(r[col], d, lang)}</td>'
            if d is not None
            else f"<td>{html.escape(str(r[col]))}</td>"
            for col, _, d in cols
        )
        + "</tr>"
        for _, r in frame.iterrows()
    )
    return (
        f'<h4>{html.escape(title)}</h4><table class="cchc-table cchc-profile-{kind}">'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def sipas_unit_html(unit_name: str, rows: pd.DataFrame, rank: str, lang: str) -> str:
    """One unit's SIPAS in one year: the index card (rate, 95 % interval, n, rank "4/20", whether it
    differs from the group mean) and its components in a table.

    ``rows`` are :func:`cchc_dash.analyses.sipas.versus_group` rows of the unit and year at the levels
    "index" (first) and "component": key, rate, low, high, n, group_mean, distinguishable.
    """

    def side(r: pd.Series) -> str:
        """above / below the group mean, or "same" when the interval holds it."""
        return "same" if not r["distinguishable"] else "above" if r["rate"] > r["group_mean"] else "below"

    def interval(r: pd.Series) -> str:
        return f"{fmt_num(r['low'], 2, lang)}–{fmt_num(r['high'], 2, lang)}"

    index = rows.iloc[0]
    card = (
        f'<div class="cchc-kpi cchc-sipas-card"><div class="l">{html.escape(t("sipas_index", lang))} — '
        f'{html.escape(unit_name)}</div><div class="v" data-field="rate">{fmt_num(index["rate"], 2, lang)}</div>'
        f'<div class="s">{html.escape(t("sipas_interval", lang))}: '
        f'<span data-field="interval">{interval(index)}</span>; '
        f'n = <span data-field="n">{int(index["n"])}</span> {html.escape(t("sipas_respondents", lang))}; '
        f'{html.escape(t("rank", lang))} <span data-field="rank">{rank}</span><br>'
        f'{html.escape(t("sipas_" + side(index), lang))}</div></div>'
    )
    head = "".join(
        f'<th style="white-space:normal">{html.escape(h)}</th>'  # headers wrap: the table fits its box
        for h in (
            t("sipas_component", lang),
            t("sipas_rate", lang),
            t("sipas_interval", lang),
            "n",
            t("sipas_group_mean", lang),
            t("sipas_vs_mean", lang),
        )
    )
    body = "".join(
        f'<tr data-component="{html.escape(str(r["key"]))}">'
        f'<td style="min-width:140px">{html.escape(term(str(r["key"]), lang))}</td>'
        f'<td class="num">{fmt_num(r["rate"], 2, lang)}</td>'
        f'<td class="num" style="white-space:nowrap">{interval(r)}</td><td class="num">{int(r["n"])}</td>'
        f'<td class="num">{fmt_num(r["group_mean"], 2, lang)}</td>'
        f'<td style="white-space:nowrap">{html.escape(t("sipas_short_" + side(r), lang))}</td></tr>'
        for _, r in rows.iloc[1:].iterrows()
    )
    return (
        f'<div class="cchc-kpis">{card}</div>'
        f'<table class="cchc-table cchc-sipas-components"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    )


def sipas_questions_html(questions: pd.DataFrame, year: int, lang: str) -> str:
    """The key to the question heat map: each code ("Q15") with its question and component, in the
    questionnaire's order (``questions``: :func:`cchc_dash.analyses.sipas.year_questions`). The
    questions are worded as the data give them (Vietnamese); components are named in ``lang``."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in (t("sipas_question", lang), t("sipas_question_text", lang),
                                                           t("sipas_component", lang)))
    body = "".join(
        f'<tr data-question="{html.escape(q)}"><td>{html.escape(q)}</td><td>{html.escape(x or "–")}</td>'
        f"<td>{html.escape(term(str(c), lang))}</td></tr>"
        for q, x, c in zip(questions["question_id"], questions["text"], questions["component"])
    )
    return (
        f"<h4>{html.escape(t('sipas_questions_title', lang, year=year))}</h4>"
        f'<table class="cchc-table cchc-sipas-questions"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    )
