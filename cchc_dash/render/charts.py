"""Altair chart builders: pure functions, frame in → chart specification out.

How a chart is shown (``alt.JupyterChart`` offline in the dashboards, SVG/PNG export
elsewhere) is not decided here. Charts never receive more than a province's rows;
national-scale frames are aggregated in pandas first (Altair refuses > 5,000 rows).
Colours come from :mod:`cchc_dash.render.theme`, so every dashboard colours a band the same.
"""

from __future__ import annotations

import copy
import math

import altair as alt
import numpy as np
import pandas as pd

from ..core.bands import BandScheme
from ..core.years import YearRange
from .labels import fmt_num, t, term
from .theme import HEAT_STOPS, UNBANDED_COLOR, band_colors, heat_color, text_color

#: Colours of the units' lines (trend and rank charts share them: one unit, one colour).
SERIES_COLORS = [
    "#4c78a8",
    "#f58518",
    "#e45756",
    "#72b7b2",
    "#54a24b",
    "#b279a2",
    "#9d755d",
    "#eeca3b",
    "#ff9da6",
    "#bab0ac",
]


def series_scale(names: list[str]) -> alt.Scale:
    """A colour scale giving ``names`` the :data:`SERIES_COLORS` in order (repeating after ten)."""
    return alt.Scale(domain=names, range=[SERIES_COLORS[i % len(SERIES_COLORS)] for i in range(len(names))])


#: Font sizes read from across a meeting table (Vega-Lite's defaults are 10–11 px).
READABLE = {
    "axis": {"labelFontSize": 13, "titleFontSize": 13},
    "legend": {"labelFontSize": 13, "titleFontSize": 13},
    "title": {"fontSize": 16},
    "header": {"labelFontSize": 13, "titleFontSize": 13},
    "text": {"fontSize": 12},
}


def for_display(chart: alt.TopLevelMixin) -> dict:
    """The chart's Vega-Lite spec with :data:`READABLE` font sizes (a chart's own config wins).

    Every chart shown or exported goes through here, so the sizes are set in one place. The
    spec is built without schema validation: the builders are validated by their tests.
    """
    spec = chart.to_dict(validate=False)
    config = spec.get("config", {})
    spec["config"] = {**config, **{k: {**v, **config.get(k, {})} for k, v in READABLE.items()}}
    return spec


#: Below this page width (CSS pixels) charts are drawn for a phone (:func:`fitted`).
PHONE_WIDTH = 600
#: Compositions, whose parts keep their own sizes: :func:`fitted` leaves them to scroll in their box.
_COMPOSED = ("hconcat", "vconcat", "concat", "facet", "repeat")


def _wrapped(text: str, chars: int) -> list[str]:
    """``text`` broken at spaces into lines of at most ``chars`` characters (a longer word alone)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= chars:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _wrap_expr(chars: int) -> str:
    """A Vega expression breaking ``datum.label`` into lines of at most about ``chars`` characters at
    spaces (a longer word stays whole): a legend's labels then wrap instead of being cut."""
    lines = rf"replace(trim(datum.label + ''), regexp('(.{{1,{chars}}})(\\s+|$)', 'g'), '$1|')"
    return rf"split(replace({lines}, regexp('\\|$'), ''), '|')"


#: Encoding channels that draw a legend.
_LEGEND_CHANNELS = ("color", "fill", "stroke", "strokeDash", "shape", "size", "opacity")


def _wrap_legends(node: object, expr: str) -> None:
    """Every legend under ``node`` (a spec, in place), stated or by default, wraps its labels with
    ``expr`` (:func:`_wrap_expr`) unless it has a label expression of its own. Vega-Lite takes a
    label expression only on a legend, not in the configuration."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in _LEGEND_CHANNELS and isinstance(value, dict) and "field" in value:
                legend = value.get("legend", {})
                if legend is not None and "labelExpr" not in legend:
                    value["legend"] = {**legend, "labelExpr": expr}
            else:
                _wrap_legends(value, expr)
    elif isinstance(node, list):
        for value in node:
            _wrap_legends(value, expr)


#: Pixels a line of a wrapped axis label takes (13-pixel labels) and those between two rows' labels.
_LINE_PX, _ROW_GAP_PX = 14, 6
#: How every label expression of :func:`_wrap_expr` begins (a phone re-wraps those at its width).
_WRAPPED = "split(replace(replace(trim(datum.label"


def wrapped_axis(chars: int, **properties: object) -> alt.Axis:
    """An axis whose labels wrap at spaces onto lines of about ``chars`` characters instead of being
    cut with "…" (area 8's name runs to 80 characters); :func:`fitted` re-wraps them for a phone."""
    return alt.Axis(labelExpr=_wrap_expr(chars), labelLimit=0, labelLineHeight=_LINE_PX, **properties)


def row_px(lines: int) -> int:
    """Pixels of one row whose label takes ``lines`` lines: 14 a line, 6 between rows."""
    return lines * _LINE_PX + _ROW_GAP_PX


def rows_height(labels: list[str], chars: int, minimum: int) -> int:
    """A chart's height with one row per label of a :func:`wrapped_axis`, each tall enough for the
    most lines a label takes (:func:`row_px`), and at least ``minimum``."""
    lines = max((len(_wrapped(str(label), chars)) for label in labels), default=1)
    return max(minimum, len(labels) * row_px(lines))


def _wrap_axes(spec: dict, limit: int) -> None:
    """Every discrete x or y axis of ``spec`` (in place) showing its values as they are (no label
    expression) or wrapped by :func:`wrapped_axis` wraps them onto lines of about ``limit`` pixels
    (~6.5 a character) instead of cutting them with "…": on a phone a third of the width is "Sở Giao
    thông vận…". A y axis's rows must then hold its longest label: a chart of fixed height grows to
    rows × (lines × 14 + 6) px. Axes with label expressions of their own are left as they are."""
    chars = max(8, limit * 2 // 13)
    expr = _wrap_expr(chars)
    values: dict[str, set[str]] = {}  # a field's values across every dataset of the spec
    for records in spec.get("datasets", {}).values():
        for record in records:
            for field, value in record.items():
                values.setdefault(field, set()).add(str(value))
    needed = 0
    for channel, enc in _discrete_axes(spec):
        axis = enc.get("axis") or {}
        own = str(axis.get("labelExpr", expr))
        if enc.get("axis", {}) is None or not own.startswith(_WRAPPED):  # no axis, or labels of its own making
            continue
        enc["axis"] = {**axis, "labelExpr": expr, "labelLimit": 0, "labelLineHeight": _LINE_PX}  # whole lines
        shown = values.get(enc["field"], set())
        if channel == "y" and shown:
            needed = max(needed, rows_height(sorted(shown), chars, 0))
    if isinstance(spec.get("height"), int | float) and needed > spec["height"]:
        spec["height"] = needed


def _discrete_axes(node: object) -> list[tuple[str, dict]]:
    """The x and y encodings under ``node`` of a nominal or ordinal field: (channel, encoding)."""
    found: list[tuple[str, dict]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if (key in ("x", "y") and isinstance(value, dict) and isinstance(value.get("field"), str)
                    and value.get("type") in ("nominal", "ordinal")):
                found.append((key, value))
            elif key != "datasets":
                found += _discrete_axes(value)
    elif isinstance(node, list):
        for value in node:
            found += _discrete_axes(value)
    return found


def _cap_labels(node: object, limits: dict[str, int]) -> None:
    """Every axis and legend under ``node`` (a spec, in place) cuts its labels at its pixel limit
    (``limits``: "axis", "legend"); a smaller limit of its own is kept, and labels wrapped onto lines
    by a ``split`` label expression with no limit of their own are left whole."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in limits and isinstance(value, dict):
                own = value.get("labelLimit", 0)
                if own == 0 and "split(" in str(value.get("labelExpr", "")):
                    pass  # labels already wrapped onto lines (wrap_words): their lines are kept whole
                else:
                    value["labelLimit"] = own if 0 < own < limits[key] else limits[key]
                if key == "legend" and value.get("columns", 0) > 2:  # a phone holds two columns of entries
                    value["columns"] = 2
            else:
                _cap_labels(value, limits)
    elif isinstance(node, list):
        for value in node:
            _cap_labels(value, limits)


def fitted(spec: dict, width: int | None) -> dict:
    """``spec`` drawn ``width`` pixels wide in all — axes, labels, title and legend included — for a
    phone's page; ``None``: as built. The page would otherwise scale a 700-pixel chart down to its
    width, and its 13-pixel labels with it, to 6 pixels. Legends go below the plot and their long labels
    wrap, the labels of a discrete axis (unit and area names) wrap onto lines two fifths of the width long
    (:func:`_wrap_axes`, the rows made tall enough for them), a long title wraps. A chart sized
    by steps (a heat map, one cell per unit) or composed of several keeps its size and scrolls in its
    box: shrinking its cells would make them unreadable. ``spec`` itself is not changed."""
    if width is None or not isinstance(spec.get("width"), int | float) or any(k in spec for k in _COMPOSED):
        return spec
    out = copy.deepcopy(spec)
    limits = {"axis": width // 3, "legend": width - 30}
    _wrap_axes(out, width * 2 // 5)  # two lines hold "Sở Nông nghiệp và Phát triển nông thôn"
    _cap_labels(out, limits)
    # ~8 pixels a character at 13 px; a bottom legend starts under the plot, right of the axis labels
    # (up to a third of the width): its lines must fit in the two thirds left.
    _wrap_legends(out, _wrap_expr(max(12, (width * 2 // 3 - 40) // 8)))
    title = out.get("title")
    chars = max(12, width // 9)  # 16-pixel bold title: ~9 pixels a character
    if isinstance(title, str):
        out["title"] = _wrapped(title, chars)
    elif isinstance(title, dict) and isinstance(title.get("text"), str):
        title["text"] = _wrapped(title["text"], chars)
    config = out.setdefault("config", {})
    # Legends below the plot, one above the other (Vega would put two bottom legends side by side).
    config["legend"] = {**config.get("legend", {}), "orient": "bottom", "direction": "vertical",
                        "labelLimit": limits["legend"],
                        "layout": {"bottom": {"anchor": "start", "direction": "vertical"}}}
    config["axis"] = {**config.get("axis", {}), "labelLimit": limits["axis"], "titleLimit": width - 20}
    # The title from the chart's left edge, not centred over a plot pushed right by its axis labels
    # (its end would run out of the page, under the chart's "…" menu).
    config["title"] = {**config.get("title", {}), "anchor": "start", "frame": "bounds"}
    out.update(width=width, autosize={"type": "fit-x", "contains": "padding"})
    return out


def label_rows(
    positions: list[float], texts: list[str], span: float, plot_px: float = 300.0, char_px: float = 7.0
) -> list[int]:
    """A row for each threshold label (0 = just above the plot) so that labels of one row never
    overlap: each label starts at its position (left-aligned, 4 px right of its rule) and is
    ``char_px`` per character wide on a plot of ``plot_px`` pixels spanning ``span`` axis units
    (the narrowest plot shown, a phone's, so wider ones never overlap either)."""
    unit = span / plot_px  # axis units per pixel
    ends: list[float] = []  # right end of the last label of each row
    rows = [0] * len(positions)
    for i in sorted(range(len(positions)), key=lambda k: positions[k]):
        start = positions[i] + 4 * unit
        row = next((r for r, end in enumerate(ends) if end < start), len(ends))
        if row == len(ends):
            ends.append(0.0)
        ends[row] = start + (len(texts[i]) * char_px + 6) * unit
        rows[i] = row
    return rows


def _threshold_labels(rules: pd.DataFrame, span: float, color: alt.Color | str) -> list[alt.Chart]:
    """Horizontal labels of threshold rules (``rules``: min_index, text) above the plot, one row per
    :func:`label_rows` row, each just right of its rule, so that no rule crosses its label."""
    # 200 pixels: the plot a phone leaves beside the unit names (fitted), so that wider ones never overlap either.
    rows = label_rows(rules["min_index"].tolist(), rules["text"].tolist(), span, plot_px=200.0)
    data = rules.assign(row=rows)
    layers = []
    for row in sorted(set(rows)):
        mark = alt.Chart(data[data["row"] == row]).mark_text(
            angle=0, align="left", baseline="bottom", dx=4, fontSize=12
        )
        enc = {"x": "min_index:Q", "y": alt.value(-4 - 15 * row), "text": "text:N"}
        layers.append(
            mark.encode(**enc, color=color)
            if isinstance(color, alt.Color)
            else mark.encode(**enc, color=alt.value(color))
        )
    return layers


def _threshold_text(label: str, minimum: float, lang: str) -> str:
    """ "Tốt từ 80" / "Good from 80": a threshold in words (decimals only where the scheme has them)."""
    return t(
        "band_from", lang, band=term(label, lang), value=fmt_num(minimum, 0 if float(minimum).is_integer() else 2, lang)
    )


def empty_chart() -> alt.Chart:
    """An empty chart: the initial state of a chart widget until its first render."""
    return alt.Chart(pd.DataFrame({"x": []})).mark_point()


#: Index points of padding either side of the dot plot's units (:func:`index_dots`).
INDEX_PAD = 3.0


def index_domain(values: pd.Series) -> list[float]:
    """The index axis of :func:`index_dots`: the units' spread with :data:`INDEX_PAD` points either
    side, never past 100 (no index is higher), zero not included — 69–99 drawn on 0–100 makes every
    unit look alike; [0, 100] when there is no index."""
    low, high = padded_domain(values, INDEX_PAD)
    return [low, min(high, 100.0)] if len(values.dropna()) else [low, high]


def index_dots(table: pd.DataFrame, scheme: BandScheme | None, lang: str = "vi") -> alt.LayerChart:
    """A dot per unit at its index, coloured by band, units best first, on an axis that spans the
    units' spread (:func:`index_domain`), with the band thresholds inside it as dashed rules labelled
    on one line above the plot. (Bars from zero made 69 and 99 look alike; the name stays for the
    callers of the ranking chart.)

    ``table`` has unit_name, index, rank, rank_of and band (one year and group).
    """
    unbanded = t("unbanded", lang)
    data = table[["unit_name", "index", "rank", "rank_of", "band"]].copy()
    data["band"] = [term(b, lang) for b in data["band"].fillna(unbanded)]  # labels as shown in ``lang``
    data["index_text"] = [fmt_num(v, 2, lang) for v in data["index"]]
    data["rank_text"] = [f"{r}/{n}" for r, n in zip(data["rank"], data["rank_of"])]
    colors = {term(b, lang): c for b, c in band_colors(scheme).items()}
    colors.setdefault(unbanded, UNBANDED_COLOR)
    present = [b for b in colors if b in set(data["band"])]
    height = max(180, 22 * len(data))
    domain = index_domain(data["index"])
    x = alt.X("index:Q", title=t("index", lang), scale=alt.Scale(domain=domain, zero=False, nice=False))
    dots = (
        alt.Chart(data)
        .mark_circle(size=150, opacity=1, stroke="#1f1f1f", strokeWidth=0.6)
        .encode(
            x=x,
            y=alt.Y(
                "unit_name:N",
                sort=alt.EncodingSortField("index", order="descending"),
                title=None,
                axis=alt.Axis(labelLimit=320, grid=True, gridColor="#e6e6e6", bandPosition=0.5),
            ),
            color=alt.Color(
                "band:N",
                title=t("band", lang),
                scale=alt.Scale(domain=present, range=[colors[b] for b in present]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("unit_name:N", title=t("unit", lang)),
                alt.Tooltip("index_text:N", title=t("index", lang)),
                alt.Tooltip("rank_text:N", title=t("rank", lang)),
                alt.Tooltip("band:N", title=t("band", lang)),
            ],
        )
    )
    inside = [(label, m) for label, m in (scheme.thresholds if scheme is not None else []) if domain[0] < m < domain[1]]
    layers: list[alt.Chart] = []
    if inside:
        rules = pd.DataFrame([{"text": _threshold_text(label, m, lang), "band": term(label, lang), "min_index": m}
                              for label, m in inside])
        layers.append(
            alt.Chart(rules)
            .mark_rule(strokeDash=[4, 3], color="#444")
            .encode(x=alt.X("min_index:Q", scale=alt.Scale(domain=domain, zero=False, nice=False)),
                    tooltip=[alt.Tooltip("text:N", title=t("threshold", lang))])
        )
        # One line above the plot: the band's name just right of its rule (its threshold is a tick of
        # the axis below), short enough that a phone's plot holds "Khá", "Tốt", "Xuất sắc" side by side.
        layers.append(
            alt.Chart(rules)
            .mark_text(angle=0, align="left", baseline="bottom", dx=3, fontSize=12, color="#333")
            .encode(x="min_index:Q", y=alt.value(-4), text="band:N",
                    tooltip=[alt.Tooltip("text:N", title=t("threshold", lang))])
        )
        ticks = sorted({*range(math.ceil(domain[0] / 5) * 5, int(domain[1]) + 1, 5), *(m for _, m in inside)})
        dots = dots.encode(x=x.axis(values=ticks))
    return alt.layer(*layers, dots).properties(width=380, height=height, title=t("chart_title", lang))


def _year_x(field: str, years: YearRange) -> alt.X:
    """A year axis over ``years``; every layer of a chart must use it, or Vega-Lite unions in a zero."""
    return alt.X(
        f"{field}:Q",
        title=None,
        scale=alt.Scale(domain=[years.first - 0.5, years.last + 0.5], zero=False, nice=False),
        axis=alt.Axis(format="d", values=years.years, grid=False),
    )


def _break_layers(breaks: list[int], label: str, years: YearRange) -> list[alt.Chart]:
    """Dashed purple rules just before each year whose methodology differs from the year before."""
    if not breaks:
        return []
    data = pd.DataFrame({"x": [b - 0.5 for b in breaks], "label": [label] * len(breaks)})
    base = alt.Chart(data).encode(x=_year_x("x", years))
    return [
        base.mark_rule(color="#8e44ad", strokeDash=[6, 3], strokeWidth=1.5),
        base.mark_text(color="#8e44ad", align="left", dx=3, dy=6, fontSize=12).encode(y=alt.value(0), text="label:N"),
    ]


def trend_lines(
    trend: pd.DataFrame, steps: pd.DataFrame, breaks: list[int], years: YearRange, lang: str = "vi"
) -> alt.LayerChart:
    """Index per year and unit line; predecessors' years dashed and hollow; each year's band
    thresholds as short rules; methodology breaks as purple rules.

    ``trend`` is :func:`cchc_dash.analyses.trends` output (series_id, unit_name, year, index, predecessor…).
    """
    data = trend.drop(columns="group", errors="ignore")  # not shown: the chart is of one group
    names = data[~data["predecessor"]].drop_duplicates("series_id").set_index("series_id")["unit_name"]
    data["series"] = data["series_id"].map(names).fillna(data["unit_name"])
    # Each line its own colour and name: a predecessor's years are named after the predecessor.
    data["line"] = [
        t("predecessor_of", lang, name=u, successor=s) if p else s
        for u, s, p in zip(data["unit_name"], data["series"], data["predecessor"])
    ]
    data["kind"] = np.where(data["predecessor"], t("predecessor", lang), t("own_years", lang))
    data["index_text"] = [fmt_num(v, 2, lang) for v in data["index"]]
    data["band"] = [term(b, lang) if isinstance(b, str) else t("unbanded", lang) for b in data["band"]]
    steps = steps.assign(label=[term(label, lang) for label in steps["label"]])
    shown = pd.concat([data["index"], steps["min_index"]]).dropna()
    bottom = float(shown.min()) - 2 if len(shown) else 50.0  # an empty selection still needs a finite axis
    y = alt.Y("index:Q", title=t("index", lang), scale=alt.Scale(zero=False, domain=[bottom, 100]))
    # The units first, in the rank chart's order and colours; predecessors' lines after them.
    own = sorted(set(data.loc[~data["predecessor"], "line"]))
    color = alt.Color(
        "line:N",
        title=t("unit", lang),
        legend=alt.Legend(orient="bottom", columns=1, labelLimit=0),
        scale=series_scale(own + sorted(set(data["line"]) - set(own))),
    )
    dash = alt.StrokeDash(
        "kind:N",
        title=None,
        scale=alt.Scale(domain=[t("own_years", lang), t("predecessor", lang)], range=[[1, 0], [5, 4]]),
    )
    tooltip = [
        alt.Tooltip("line:N", title=t("unit", lang)),
        alt.Tooltip("year:Q", title=t("year", lang), format="d"),
        alt.Tooltip("index_text:N", title=t("index", lang)),
        alt.Tooltip("band:N", title=t("band", lang)),
        alt.Tooltip("kind:N", title=" "),
    ]
    base = alt.Chart(data).encode(x=_year_x("year", years), y=y, color=color)
    lines = base.mark_line(point=False).encode(strokeDash=dash, detail="line:N")
    points = base.mark_point(size=55, filled=True).encode(
        shape=alt.Shape(
            "kind:N",
            title=None,
            scale=alt.Scale(domain=[t("own_years", lang), t("predecessor", lang)], range=["circle", "triangle-down"]),
        ),
        tooltip=tooltip,
    )
    layers: list[alt.Chart] = []
    if len(steps):
        s = steps.assign(x0=steps["year"] - 0.45, x1=steps["year"] + 0.45)
        rules = (
            alt.Chart(s)
            .mark_rule(color="#777", strokeDash=[2, 2])
            .encode(
                x=_year_x("x0", years),
                x2="x1:Q",
                y="min_index:Q",
                tooltip=[
                    alt.Tooltip("label:N", title=t("band", lang)),
                    alt.Tooltip("min_index:Q", title=t("threshold", lang)),
                ],
            )
        )
        labels = (
            alt.Chart(s[s["year"] == s["year"].max()])
            .mark_text(align="right", dx=-2, dy=-5, fontSize=12, color="#555")
            .encode(x=_year_x("x1", years), y="min_index:Q", text="label:N")
        )
        layers += [rules, labels]
    layers += _break_layers(breaks, t("method_break", lang), years) + [lines, points]
    return alt.layer(*layers).properties(width=560, height=300, title=t("trend_title", lang))


def bump_chart(trend: pd.DataFrame, years: YearRange, lang: str = "vi") -> alt.LayerChart:
    """Rank trajectories (1 at the top) of the series' own years, labelled "rank/rank_of"."""
    data = trend[~trend["predecessor"]].dropna(subset=["rank"]).copy()
    data["rank"] = data["rank"].astype(int)
    data["rank_text"] = [f"{r}/{n}" for r, n in zip(data["rank"], data["rank_of"])]
    top = int(data["rank_of"].max()) if len(data) else 1
    base = alt.Chart(data).encode(
        x=_year_x("year", years),
        # Half a rank of room above 1 and below the last: the circles of rank 1 are not cut.
        y=alt.Y(
            "rank:Q",
            title=t("rank", lang),
            scale=alt.Scale(reverse=True, domain=[0.5, top + 0.5], nice=False, zero=False),
            axis=alt.Axis(tickMinStep=1, format="d", values=list(range(1, top + 1)) if top <= 25 else None),
        ),
        color=alt.Color(
            "unit_name:N",
            title=t("unit", lang),
            legend=alt.Legend(orient="bottom", columns=1, labelLimit=0),
            scale=series_scale(sorted(set(data["unit_name"]))),
        ),
    )
    return alt.layer(
        base.mark_line(),
        base.mark_circle(size=260, opacity=1).encode(
            tooltip=[
                alt.Tooltip("unit_name:N", title=t("unit", lang)),
                alt.Tooltip("year:Q", title=t("year", lang), format="d"),
                alt.Tooltip("rank_text:N", title=t("rank", lang)),
            ]
        ),
        base.mark_text(color="white", fontSize=11, fontWeight="bold").encode(text="rank:Q"),
    ).properties(width=560, height=220, title=t("bump_title", lang))


#: Characters per line of a unit's name on the heat maps' and the SIPAS charts' axes: a long name wraps
#: onto a second line ("Sở Lao động - Thương binh|và Xã hội") instead of being cut with "…" or widening
#: the chart by its whole length (on a phone, the cells would be pushed off the screen).
UNIT_WRAP = 24


def wrap_words(text: str, width: int) -> str:
    """``text`` in lines of at most ``width`` characters where its words allow, joined by "|"
    (an axis splits labels there: long names are wrapped, never cut with "…")."""
    lines: list[str] = []
    for word in str(text).split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "|".join(lines)


def _heatmap(
    data: pd.DataFrame,
    x: str,
    value: str,
    value_title: str,
    tooltip: list[alt.Tooltip],
    label_angle: int,
    wrap: int,
    font_size: int,
    row_step: int,
) -> alt.LayerChart:
    """Unit rows × ``x`` columns coloured red → green over 50–100 (:data:`HEAT_STOPS`), each cell
    labelled with ``value`` rounded to a whole number in white or dark, whichever reads on the
    cell (:func:`text_color`); column names wrapped at ``wrap`` characters (0: as written) and unit
    names at :data:`UNIT_WRAP`. Rows are ``row_step`` pixels high, or taller when a unit's name
    takes more lines than that holds (:func:`row_px`). Shared by the area and the SIPAS question
    heat maps."""
    data = data.assign(
        text_color=[text_color(heat_color(v)) if pd.notna(v) else "#1f1f1f" for v in data[value]],
        column=[wrap_words(c, wrap) if wrap else str(c) for c in data[x]],
        unit_row=[wrap_words(u, UNIT_WRAP) for u in data["unit_name"]],
    )
    base = alt.Chart(data).encode(
        x=alt.X(
            "column:N",
            title=None,
            sort=None,
            axis=alt.Axis(labelAngle=label_angle, labelLimit=0, labelExpr="split(datum.label, '|')"),
        ),
        y=alt.Y("unit_row:N", title=None, sort=None,
                axis=alt.Axis(labelLimit=0, labelExpr="split(datum.label, '|')", labelLineHeight=_LINE_PX)),
    )
    lines = max((str(row).count("|") + 1 for row in data["unit_row"].unique()), default=1)
    stops = [v for v, _ in HEAT_STOPS]
    cells = base.mark_rect().encode(
        color=alt.Color(
            f"{value}:Q",
            title=value_title,
            scale=alt.Scale(domain=stops, range=[c for _, c in HEAT_STOPS], interpolate="rgb", clamp=True),
        ),
        tooltip=tooltip,
    )
    text = base.mark_text(fontSize=font_size).encode(
        text=f"{value}_text:N",
        tooltip=tooltip,
        color=alt.condition("datum.text_color == '#ffffff'", alt.value("#ffffff"), alt.value("#1f1f1f")),
    )
    return alt.layer(cells, text).properties(height=alt.Step(max(row_step, row_px(lines))))


def area_heatmap(long: pd.DataFrame, year: int, lang: str = "vi") -> alt.LayerChart:
    """Unit × area heat map of area indices (long frame: unit_name, area_name, index)."""
    data = long.copy()
    data["index_text"] = [fmt_num(v, 0, lang) for v in data["index"]]
    tooltip = [
        alt.Tooltip("unit_name:N", title=t("unit", lang)),
        alt.Tooltip("area_name:N", title=t("area", lang)),
        alt.Tooltip("index_text:N", title=t("index", lang)),
    ]
    chart = _heatmap(data, "area_name", "index", t("index", lang), tooltip, 0, 14, 13, 28)
    return chart.properties(width=alt.Step(112), title=t("heatmap_title", lang, year=year))


#: Colours of the published reference series (the province's own mean is grey, see below).
REFERENCE_COLORS = ["#1f4e79", "#d35400", "#1a7f3c", "#8e44ad"]
PROVINCE_COLOR = "#6b7785"


def padded_domain(values: pd.Series, pad: float = 3.0) -> list[float]:
    """[min − pad, max + pad] of ``values`` (no point on the plot's edge); [0, 100] when empty."""
    v = pd.to_numeric(values, errors="coerce").dropna()
    return [float(v.min()) - pad, float(v.max()) + pad] if len(v) else [0.0, 100.0]


def reference_chart(
    reference: pd.DataFrame,
    province: pd.DataFrame,
    province_label: str,
    years: YearRange,
    lang: str = "vi",
    simulated: bool = False,
) -> alt.LayerChart:
    """Published national PAR INDEX mean and SIPAS beside the province's group mean.

    Years without a published value stay gaps (each published year is a point; lines
    join consecutive published years only); the SIPAS method change of 2022 is marked.
    The province's mean is another mark (grey dashed line, hollow squares) than the published
    figures (solid lines, filled circles), and with ``simulated`` (generated data) its name says
    "mô phỏng" / "simulated": a synthetic figure is never read as a published one.
    """
    pub = reference.sort_values(["series", "year"])
    pub = pub.assign(consecutive=pub.groupby("series")["year"].diff().fillna(1).eq(1))
    pub = pub.assign(segment=(~pub["consecutive"] | pub["break"]).groupby(pub["series"]).cumsum().astype(str))
    pub = pub.assign(series=[term(x, lang) for x in pub["series"]])
    own_label = t("simulated_named", lang, name=province_label) if simulated else province_label
    own = province.assign(series=own_label, source=t("ref_province", lang))
    names = list(dict.fromkeys(pub["series"]))
    color = alt.Color(
        "series:N",
        title=None,
        legend=alt.Legend(orient="bottom", columns=1, labelLimit=0),
        scale=alt.Scale(
            domain=names + [own_label],
            range=[REFERENCE_COLORS[i % len(REFERENCE_COLORS)] for i in range(len(names))] + [PROVINCE_COLOR],
        ),
    )
    y = alt.Y(
        "value_pct:Q",
        title="%",
        scale=alt.Scale(zero=False, nice=False, domain=padded_domain(pd.concat([pub["value_pct"], own["value_pct"]]))),
    )
    tooltip = [
        alt.Tooltip("series:N", title=" "),
        alt.Tooltip("year:Q", format="d", title=t("year", lang)),
        alt.Tooltip("value_text:N", title="%"),
        alt.Tooltip("source:N", title=t("source", lang)),
    ]

    def base(frame: pd.DataFrame) -> alt.Chart:
        return alt.Chart(frame.assign(value_text=[fmt_num(v, 2, lang) for v in frame["value_pct"]])).encode(
            x=_year_x("year", years), y=y, color=color, tooltip=tooltip
        )

    layers = [
        base(pub).mark_line().encode(detail="segment:N"),
        base(pub).mark_point(filled=True, size=70),
        base(own).mark_line(strokeDash=[5, 4]),
        base(own).mark_point(shape="square", filled=False, size=70, strokeWidth=2),
    ]
    breaks = sorted({int(y) for y in reference.loc[reference["break"], "year"]})
    layers += _break_layers(breaks, t("sipas_break", lang), years)
    return alt.layer(*layers).properties(width=560, height=240, title=t("reference_title", lang))


def band_stack(counts: pd.DataFrame, colors: dict[str, str], lang: str = "vi") -> alt.Chart:
    """Stacked bars of units per band and year (``band_counts`` output of one group).

    ``colors`` (label → colour, best band first) fixes the stacking order and the colours.
    """
    unbanded = t("unbanded", lang)
    data = counts[counts["count"] > 0].drop(columns="group", errors="ignore")  # not shown: one group
    data["band"] = [term(b, lang) for b in data["band"].fillna(unbanded)]  # labels as shown in ``lang``
    data["share_text"] = [fmt_num(100 * v, 1, lang) + "%" for v in data["share"]]
    colors = {term(b, lang): c for b, c in colors.items()}
    domain = [b for b in colors] + ([unbanded] if unbanded in set(data["band"]) and unbanded not in colors else [])
    palette = [colors.get(b, UNBANDED_COLOR) for b in domain]
    data["order"] = [domain.index(b) if b in domain else len(domain) for b in data["band"]]
    base = alt.Chart(data).encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("count:Q", title=t("units_count", lang), stack="zero", axis=alt.Axis(tickMinStep=1, format="d")),
        order=alt.Order("order:Q", sort="ascending"),
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            "band:N",
            title=t("band", lang),
            scale=alt.Scale(domain=domain, range=palette),
            legend=alt.Legend(orient="bottom"),
        ),
        tooltip=[
            alt.Tooltip("year:O", title=t("year", lang)),
            alt.Tooltip("band:N", title=t("band", lang)),
            alt.Tooltip("count:Q", title=t("units_count", lang)),
            alt.Tooltip("share_text:N", title="%"),
        ],
    )
    labels = base.mark_text(color="white", fontSize=11, fontWeight="bold", baseline="top", dy=3).encode(text="count:Q")
    return alt.layer(bars, labels).properties(width=420, height=260, title=t("stack_title", lang))


#: Colours of the threshold rules of scheme A and scheme B (the bars are grey).
SCHEME_COLORS = ["#1f4e79", "#d35400"]


def index_histogram_chart(
    hist: pd.DataFrame, schemes: list[tuple[str, BandScheme | None]], year: int, lang: str = "vi"
) -> alt.LayerChart:
    """Histogram of indices (``index_histogram`` bins) with each scheme's thresholds as rules.

    ``schemes`` is [(name, scheme)]: each has its own colour (:data:`SCHEME_COLORS`, named in the
    legend) and dash; the labels ("Tốt từ 80") stand above the plot in the scheme's colour.
    The count axis has whole numbers only.
    """
    top = int(hist["count"].max()) if len(hist) else 1
    bars = (
        alt.Chart(hist)
        .mark_bar(color="#aab4bf")
        .encode(
            x=alt.X("bin_start:Q", bin="binned", title=t("index", lang), scale=alt.Scale(zero=False)),
            x2="bin_end:Q",
            y=alt.Y(
                "count:Q",
                title=t("units_count", lang),
                scale=alt.Scale(domain=[0, max(top, 1)], nice=False),
                axis=alt.Axis(tickMinStep=1, format="d", values=list(range(0, max(top, 1) + 1)) if top <= 12 else None),
            ),
            tooltip=[
                alt.Tooltip("bin_start:Q", title=t("from", lang)),
                alt.Tooltip("bin_end:Q", title=t("to_below", lang)),
                alt.Tooltip("count:Q", title=t("units_count", lang)),
            ],
        )
    )
    names = [n for n, _ in schemes]
    rows = [
        {"scheme": name, "min_index": m, "text": _threshold_text(label, m, lang)}
        for name, scheme in schemes
        if scheme is not None
        for label, m in scheme.thresholds
    ]
    layers: list[alt.Chart] = [bars]
    if rows:
        rules = pd.DataFrame(rows)
        color = alt.Color(
            "scheme:N",
            title=None,
            legend=alt.Legend(orient="bottom"),
            scale=alt.Scale(domain=names, range=SCHEME_COLORS[: len(names)]),
        )
        dash = alt.StrokeDash(
            "scheme:N",
            title=None,
            legend=alt.Legend(orient="bottom"),
            scale=alt.Scale(domain=names, range=[[1, 0], [6, 4]][: len(names)]),
        )
        layers.append(
            alt.Chart(rules)
            .mark_rule(strokeWidth=2)
            .encode(
                x="min_index:Q",
                color=color,
                strokeDash=dash,
                tooltip=[alt.Tooltip("scheme:N", title=" "), alt.Tooltip("text:N", title=t("threshold", lang))],
            )
        )
        edges = pd.concat([hist["bin_start"], hist["bin_end"], rules["min_index"]]) if len(hist) else rules["min_index"]
        span = max(float(edges.max() - edges.min()), 1.0)
        layers += _threshold_labels(
            rules,
            span,
            alt.Color("scheme:N", scale=alt.Scale(domain=names, range=SCHEME_COLORS[: len(names)]), legend=None),
        )
    return alt.layer(*layers).properties(width=420, height=220, title=t("histogram_title", lang, year=year))


def migration_heatmap(matrix: pd.DataFrame, year_from: int, year_to: int, lang: str = "vi") -> alt.LayerChart:
    """The band migration matrix (from-bands as rows, to-bands as columns) as a count grid."""
    unbanded = t("unbanded", lang)
    rows = [term(r, lang) if isinstance(r, str) else unbanded for r in matrix.index]
    cols = [term(c, lang) if isinstance(c, str) else unbanded for c in matrix.columns]
    long = pd.DataFrame(
        [(rows[i], cols[j], int(matrix.iat[i, j])) for i in range(len(rows)) for j in range(len(cols))],
        columns=["from_band", "to_band", "count"],
    )
    base = alt.Chart(long).encode(
        x=alt.X(
            "to_band:N", sort=cols, title=t("to_year", lang, year=year_to), axis=alt.Axis(orient="top", labelAngle=0)
        ),
        y=alt.Y("from_band:N", sort=rows, title=t("from_year", lang, year=year_from)),
    )
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color("count:Q", title=t("units_count", lang), scale=alt.Scale(scheme="blues")),
        tooltip=[
            alt.Tooltip("from_band:N", title=t("from_year", lang, year=year_from)),
            alt.Tooltip("to_band:N", title=t("to_year", lang, year=year_to)),
            alt.Tooltip("count:Q", title=t("units_count", lang)),
        ],
    )
    # White numbers on the darker cells of the blues (above 60 % of the largest count), dark on the rest.
    dark = 0.6 * max(int(long["count"].max()) if len(long) else 0, 1)
    text = (
        base.mark_text(fontSize=13)
        .encode(text="count:Q", color=alt.condition("datum.count > 0", alt.value("black"), alt.value("#bbb")))
        .transform_filter(f"datum.count <= {dark}")
    )
    on_dark = (
        base.mark_text(fontSize=13, color="white").encode(text="count:Q").transform_filter(f"datum.count > {dark}")
    )
    return alt.layer(cells, text, on_dark).properties(
        width=alt.Step(70), height=alt.Step(34), title=t("migration_title", lang, year_from=year_from, year_to=year_to)
    )


def rank_intervals(robust: pd.DataFrame, year: int, colors: dict[str, str], lang: str = "vi") -> alt.LayerChart:
    """Each unit's rank under uncertainty: a bar from the 5th to the 95th percentile, a dot at
    the median, a tick at the current rank; coloured by the current band.

    ``robust`` is :func:`cchc_dash.analyses.whatif.robustness` output (unit_name, rank, rank_median,
    rank_p05, rank_p95, band and p_<band> columns).
    """
    data = robust.dropna(subset=["rank"]).copy()
    unbanded = t("unbanded", lang)
    data["band"] = data["band"].fillna(unbanded)
    data["rank"] = data["rank"].astype(int)
    data["interval"] = [
        f"{fmt_num(a, 0, lang)}–{fmt_num(b, 0, lang)}" for a, b in zip(data["rank_p05"], data["rank_p95"])
    ]
    share = [
        r.get("p_unbanded" if b == unbanded else f"p_{b}", np.nan) for b, (_, r) in zip(data["band"], data.iterrows())
    ]
    data["stay"] = ["–" if pd.isna(p) else fmt_num(100 * p, 0, lang) + "%" for p in share]
    data["band"] = [term(b, lang) for b in data["band"]]  # labels as shown in ``lang``
    n = int(data["rank"].max()) if len(data) else 1
    palette = {**{term(b, lang): c for b, c in colors.items()}, unbanded: UNBANDED_COLOR}
    present = [b for b in palette if b in set(data["band"])]
    x = alt.X(
        "rank_p05:Q",
        title=t("rank_axis", lang),
        scale=alt.Scale(domain=[0.5, n + 0.5], nice=False),
        axis=alt.Axis(tickMinStep=1, format="d"),
    )
    y = alt.Y(
        "unit_name:N", sort=alt.EncodingSortField("rank", order="ascending"), title=None, axis=alt.Axis(labelLimit=260)
    )
    color = alt.Color(
        "band:N",
        title=t("band", lang),
        scale=alt.Scale(domain=present, range=[palette[b] for b in present]),
        legend=alt.Legend(orient="bottom"),
    )
    tooltip = [
        alt.Tooltip("unit_name:N", title=t("unit", lang)),
        alt.Tooltip("rank:Q", title=t("rank", lang)),
        alt.Tooltip("interval:N", title="5%–95%"),
        alt.Tooltip("stay:N", title=t("p_band", lang, band="").strip()),
    ]
    base = alt.Chart(data).encode(y=y, color=color, tooltip=tooltip)
    bars = base.mark_rule(strokeWidth=5, opacity=0.55).encode(x=x, x2="rank_p95:Q")
    dots = base.mark_point(filled=True, size=60).encode(x="rank_median:Q")
    ticks = base.mark_tick(color="#222", thickness=2, size=14).encode(x="rank:Q", color=alt.value("#222"))
    return alt.layer(bars, dots, ticks).properties(
        width=420, height=max(160, 20 * len(data)), title=t("robust_chart", lang, year=year)
    )


def profile_trend(line: pd.DataFrame, group_mean: pd.DataFrame, lang: str = "vi") -> alt.LayerChart:
    """A small chart of one unit's index by year beside its group's mean, with one legend naming each
    line for what it is: the unit's own years (solid, dark blue), its predecessors' years (dashed
    blue, only when it has any) and the group mean (dashed grey).

    ``line`` has year, index, unit_name and predecessor (True for a predecessor's years, drawn
    hollow); ``group_mean`` has year and value_pct.
    """
    own, pred, avg = t("own_years", lang), t("predecessor", lang), t("group_mean", lang)
    unit = line.assign(series=np.where(line["predecessor"], pred, own), value=line["index"],
                       value_text=[fmt_num(v, 2, lang) for v in line["index"]])
    mean = group_mean.assign(series=avg, value=group_mean["value_pct"], unit_name=avg,
                             value_text=[fmt_num(v, 2, lang) for v in group_mean["value_pct"]])
    both = pd.concat([unit[["year", "value", "series", "unit_name", "value_text"]],
                      mean[["year", "value", "series", "unit_name", "value_text"]]], ignore_index=True)
    style = {own: ("#1f4e79", [1, 0]), pred: ("#1f4e79", [5, 4]), avg: ("#7b8794", [4, 3])}
    domain = [s for s in style if (both["series"] == s).any()]
    years = sorted(set(both["year"])) or [0]
    x = alt.X("year:Q", title=None, axis=alt.Axis(format="d", values=years, grid=False),
              scale=alt.Scale(domain=[years[0] - 0.3, years[-1] + 0.3], nice=False, zero=False))
    shown = both["value"].dropna()
    y = alt.Y("value:Q", title=t("index", lang),
              scale=alt.Scale(zero=False, domain=[float(shown.min()) - 2 if len(shown) else 50.0, 100]))
    legend = alt.Legend(orient="bottom", title=None, symbolStrokeWidth=2, symbolSize=300, labelLimit=0)
    colors = alt.Scale(domain=domain, range=[style[s][0] for s in domain])
    color = alt.Color("series:N", scale=colors, legend=legend)
    dash = alt.StrokeDash("series:N", scale=alt.Scale(domain=domain, range=[style[s][1] for s in domain]),
                          legend=legend)
    tooltip = [alt.Tooltip("unit_name:N", title=" "), alt.Tooltip("year:Q", format="d", title=t("year", lang)),
               alt.Tooltip("value_text:N", title=t("index", lang))]
    base = alt.Chart(both).encode(x=x, y=y)
    return alt.layer(
        base.mark_line().encode(color=color, strokeDash=dash, detail="unit_name:N", tooltip=tooltip),  # a line per unit
        base.mark_point(size=50).encode(color=alt.Color("series:N", scale=colors, legend=None),
                                        fill=alt.condition(alt.datum.series == own, alt.value("#1f4e79"),
                                                           alt.value("white")),
                                        tooltip=tooltip),
    ).properties(width=340, height=160, title=t("profile_trend", lang))


#: Index points below the group mean from which an area is painted as a warning: a gap of one to
#: three points is within what a year's appraisal moves and must not look like an alarm.
AREA_GAP_WARNING = 5.0
#: Colours of an area against the group mean: at or above it, a little below, well below.
AREA_SIDE_COLORS = {"above": "#5cb85c", "near": "#a9b4c2", "below": "#d9352b"}


def area_side(gap: float) -> str:
    """ "above" (at or above the group mean), "near" (less than :data:`AREA_GAP_WARNING` points
    below) or "below" (that many points or more below): the colour key of an area's bar."""
    return "above" if gap >= 0 else "near" if gap > -AREA_GAP_WARNING else "below"


#: Characters a line of an area's name on an axis: area 8's ("8. Tác động của CCHC đến người dân, tổ
#: chức và phát triển KT-XH") takes two lines instead of being cut.
AREA_WRAP = 44


def area_profile_chart(areas: pd.DataFrame, year: int, lang: str = "vi") -> alt.LayerChart:
    """The unit's index in each area as bars, the group mean as a black tick; a bar is green at or
    above the mean, grey a little below it and red only :data:`AREA_GAP_WARNING` points or more
    below (:func:`area_side`); a legend under the plot names the colours and the tick.
    ``areas`` is :attr:`cchc_dash.analyses.profile.Profile.areas`."""
    warn = fmt_num(AREA_GAP_WARNING, 0, lang)
    names = {side: t(f"area_side_{side}", lang, points=warn) for side in AREA_SIDE_COLORS}
    data = areas.assign(
        label=[f"{a}. {term(n, lang)}" for a, n in zip(areas["area_id"], areas["area_name"])],
        side=[names[area_side(g)] for g in areas["gap"]],
        index_text=[fmt_num(v, 2, lang) for v in areas["index"]],
        mean_text=[fmt_num(v, 2, lang) for v in areas["group_mean"]],
        mean_key=t("area_mean_tick", lang),
    )
    y = alt.Y("label:N", title=None, sort=alt.EncodingSortField("area_id"), axis=wrapped_axis(AREA_WRAP))
    tooltip = [
        alt.Tooltip("label:N", title=t("area", lang)),
        alt.Tooltip("index_text:N", title=t("index", lang)),
        alt.Tooltip("mean_text:N", title=t("group_mean_index", lang)),
    ]
    base = alt.Chart(data).encode(y=y, tooltip=tooltip)
    legend = alt.Legend(orient="bottom", direction="vertical", title=None, labelLimit=0)
    bars = base.mark_bar().encode(
        x=alt.X("index:Q", title=t("index", lang), scale=alt.Scale(domain=[0, 100])),
        color=alt.Color(
            "side:N", title=None, legend=legend,
            scale=alt.Scale(domain=list(names.values()), range=list(AREA_SIDE_COLORS.values())),
        ),
    )
    ticks = base.mark_tick(thickness=3, size=18).encode(
        x="group_mean:Q",
        color=alt.Color("mean_key:N", title=None, scale=alt.Scale(range=["#111"]),
                        legend=alt.Legend(orient="bottom", title=None, labelLimit=0, symbolFillColor="#111",
                                          symbolType="M-0.2,-1L0.2,-1L0.2,1L-0.2,1Z")),  # a tick
    )
    return alt.layer(bars, ticks).resolve_scale(color="independent").properties(
        width=360, height=rows_height(list(data["label"]), AREA_WRAP, 120), title=t("profile_areas", lang, year=year)
    )


# --- SIPAS (dashboard 5) ---------------------------------------------------------------

#: Colours of the five answers, "Rất không hài lòng" (1) to "Rất hài lòng" (5).
LIKERT_COLORS = ["#b2182b", "#ef8a62", "#bababa", "#67a9cf", "#2166ac"]
SIPAS_SIDE_COLORS = {"above": "#1a7f3c", "below": "#c0392b", "same": "#7f8c8d"}


def sipas_intervals(frame: pd.DataFrame, title: str, lang: str = "vi") -> alt.LayerChart:
    """Each unit's SIPAS rate with its 95 % interval (a bar from low to high, a dot at the rate)
    and the group mean as a dashed rule; units whose interval holds the mean are grey.

    ``frame`` (one year, group and measure): unit_name, rate, low, high, n, group_mean,
    distinguishable, selected (bool).
    """
    data = frame.dropna(subset=["rate"]).copy()
    side = np.where(~data["distinguishable"], "same", np.where(data["rate"] > data["group_mean"], "above", "below"))
    data["side"] = [t(f"sipas_{s}", lang) for s in side]
    data["rate_text"] = [fmt_num(v, 2, lang) for v in data["rate"]]
    data["interval"] = [f"{fmt_num(a, 1, lang)}–{fmt_num(b, 1, lang)}" for a, b in zip(data["low"], data["high"])]
    data["weight"] = np.where(data["selected"], "bold", "normal")
    data["unit_row"] = [wrap_words(u, UNIT_WRAP) for u in data["unit_name"]]
    domain = [t(f"sipas_{s}", lang) for s in SIPAS_SIDE_COLORS]
    color = alt.Color(
        "side:N",
        title=None,
        scale=alt.Scale(domain=domain, range=list(SIPAS_SIDE_COLORS.values())),
        legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=0),
    )
    y = alt.Y(
        "unit_row:N",
        sort=alt.EncodingSortField("rate", order="descending"),
        title=None,
        axis=alt.Axis(labelLimit=0, labelExpr="split(datum.label, '|')"),
    )
    x = alt.X(
        "low:Q",
        title=t("sipas_rate", lang),
        scale=alt.Scale(domain=[max(0.0, float(data["low"].min()) - 5) if len(data) else 0, 100]),
    )
    tooltip = [
        alt.Tooltip("unit_name:N", title=t("unit", lang)),
        alt.Tooltip("rate_text:N", title=t("sipas_rate", lang)),
        alt.Tooltip("interval:N", title=t("sipas_interval", lang)),
        alt.Tooltip("n:Q", title="n"),
        alt.Tooltip("side:N", title=" "),
    ]
    base = alt.Chart(data).encode(y=y, color=color, tooltip=tooltip)
    bars = base.mark_rule(strokeWidth=4, opacity=0.5).encode(x=x, x2="high:Q")
    dots = base.mark_point(filled=True, size=70).encode(
        x="rate:Q", stroke=alt.condition("datum.selected", alt.value("#000"), alt.value(None))
    )
    mean = alt.Chart(data.head(1)).mark_rule(color="#333", strokeDash=[5, 3]).encode(x="group_mean:Q")
    # 32 pixels a unit: a name wrapped on two lines (UNIT_WRAP) stays clear of its neighbours'.
    return alt.layer(bars, dots, mean).properties(width=380, height=max(160, 32 * len(data)), title=title)


#: Characters of a question's text kept in the heat map's tooltip (the table under it has it whole).
QUESTION_TIP = 60


def short_text(text: str, chars: int) -> str:
    """``text`` cut at a word boundary to at most ``chars`` characters, with "…" when cut."""
    text = " ".join(str(text).split())
    if len(text) <= chars:
        return text
    head = text[: chars - 1].rsplit(" ", 1)[0] if " " in text[: chars - 1] else text[: chars - 1]
    return head.rstrip(" ,;:") + "…"


def sipas_heatmap(long: pd.DataFrame, year: int, lang: str = "vi") -> alt.LayerChart:
    """Question × unit heat map of satisfaction rates (long: unit_name, question, component, rate, n,
    and text, the question's wording: its tooltip reads "Q15 — Biển hiệu, chỉ dẫn rõ ràng", cut at
    :data:`QUESTION_TIP` characters). Unit names wrap on two lines rather than being cut."""
    data = long.copy()
    data["rate_text"] = [fmt_num(v, 0, lang) for v in data["rate"]]
    data["component"] = [term(c, lang) for c in data["component"]]
    texts = data["text"] if "text" in data.columns else pd.Series("", index=data.index)
    data["question_text"] = [f"{q} — {short_text(x, QUESTION_TIP)}" if x else str(q)
                             for q, x in zip(data["question"], texts.fillna(""))]
    tooltip = [
        alt.Tooltip("unit_name:N", title=t("unit", lang)),
        alt.Tooltip("question_text:N", title=t("sipas_question", lang)),
        alt.Tooltip("component:N", title=t("sipas_component", lang)),
        alt.Tooltip("rate_text:N", title=t("sipas_rate", lang)),
        alt.Tooltip("n:Q", title="n"),
    ]
    chart = _heatmap(data, "question", "rate", t("sipas_rate", lang), tooltip, 0, 0, 12, 30)
    return chart.properties(width=alt.Step(36), title=t("sipas_heatmap_title", lang, year=year))


def likert_diverging(shares: pd.DataFrame, unit_name: str, year: int, lang: str = "vi") -> alt.Chart:
    """Diverging stacked bars of the answers 1–5 per question (shares of valid answers):
    1–2 and half of 3 to the left of zero, the other half of 3 and 4–5 to the right.

    ``shares`` is :func:`cchc_dash.analyses.sipas.likert_shares` output for one unit and year.
    """
    wide = shares.pivot_table(index="question_id", columns="answer", values="share", sort=False).reindex(
        columns=range(1, 6)
    )
    wide = wide.fillna(0.0)
    left = -(wide[1] + wide[2] + wide[3] / 2)
    rows = []
    for q, start in left.items():
        x = start
        for a in range(1, 6):
            rows.append({"question_id": q, "answer": a, "x": x, "x2": x + wide.at[q, a], "share": wide.at[q, a]})
            x += wide.at[q, a]
    data = pd.DataFrame(rows).merge(
        shares[["question_id", "component", "blanks"]].drop_duplicates("question_id"), on="question_id"
    )
    data["component"] = [term(c, lang) for c in data["component"]]
    labels = [t(f"likert_{a}", lang) for a in range(1, 6)]
    data["label"] = [labels[a - 1] for a in data["answer"]]
    data["share_text"] = [fmt_num(v, 1, lang) + "%" for v in data["share"]]
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("x:Q", title=t("likert_axis", lang), scale=alt.Scale(domain=[-100, 100])),
            x2="x2:Q",
            y=alt.Y("question_id:N", sort=None, title=None),
            color=alt.Color(
                "label:N",
                title=None,
                sort=labels,
                scale=alt.Scale(domain=labels, range=LIKERT_COLORS),
                legend=alt.Legend(orient="bottom", columns=3, labelLimit=200),
            ),
            tooltip=[
                alt.Tooltip("question_id:N", title=t("sipas_question", lang)),
                alt.Tooltip("component:N", title=t("sipas_component", lang)),
                alt.Tooltip("label:N", title=t("likert_answer", lang)),
                alt.Tooltip("share_text:N", title="%"),
                alt.Tooltip("blanks:Q", title=t("likert_blanks", lang)),
            ],
        )
        .properties(width=380, height=alt.Step(16), title=t("likert_title", lang, unit=unit_name, year=year))
    )


def par_sipas_scatter(both: pd.DataFrame, selected: str, year: int, lang: str = "vi") -> alt.LayerChart:
    """PAR INDEX (x) against the SIPAS index (y) for one year and group, each point's tooltip giving
    both ranks ("PAR 4/20, SIPAS 18/20"). The selected unit is named on the chart with its ranks, and
    so are the extremes — the best and the lowest on either index — so that a reader sees who stands
    where without hovering; a label on the right half of the plot is written leftwards of its point,
    so that none runs out of the chart. Both axes span the points with a few points of padding.

    ``both`` is :func:`cchc_dash.analyses.sipas.par_vs_sipas` output.
    """
    data = both.copy()
    data["ranks"] = [
        t("par_sipas_ranks", lang, par=f"{p}/{n}", sipas=f"{s}/{n}")
        for p, s, n in zip(data["par_rank"], data["sipas_rank"], data["rank_of"])
    ]
    data["par_text"] = [fmt_num(v, 2, lang) for v in data["index"]]
    data["sipas_text"] = [fmt_num(v, 2, lang) for v in data["sipas"]]
    data["selected"] = data["unit_id"] == selected
    extreme = (
        (data["par_rank"] == 1) | (data["sipas_rank"] == 1)
        | (data["par_rank"] == data["par_rank"].max()) | (data["sipas_rank"] == data["sipas_rank"].max())
    )
    # A name wraps ("|" breaks the line) and the selected unit's ranks go on a line of their own.
    data["label"] = [f"{wrap_words(n, UNIT_WRAP)}|{r}" if s else wrap_words(n, UNIT_WRAP) if e else ""
                     for n, r, s, e in zip(data["unit_name"], data["ranks"], data["selected"], extreme)]
    x_domain, y_domain = padded_domain(data["index"], 2.0), padded_domain(data["sipas"], 2.0)
    data["leftwards"] = data["index"] > (x_domain[0] + x_domain[1]) / 2
    base = alt.Chart(data).encode(
        x=alt.X("index:Q", title=t("index", lang), scale=alt.Scale(domain=x_domain, zero=False, nice=False)),
        y=alt.Y("sipas:Q", title=t("sipas_index_axis", lang), scale=alt.Scale(domain=y_domain, zero=False,
                                                                              nice=False)),
    )
    points = base.mark_circle(size=80, opacity=0.9).encode(
        color=alt.condition("datum.selected", alt.value("#c0392b"), alt.value("#4c78a8")),
        tooltip=[
            alt.Tooltip("unit_name:N", title=t("unit", lang)),
            alt.Tooltip("ranks:N", title=t("rank", lang)),
            alt.Tooltip("par_text:N", title=t("index", lang)),
            alt.Tooltip("sipas_text:N", title="SIPAS"),
        ],
    )
    named = data[data["label"] != ""]
    labels = [
        alt.Chart(part)
        .mark_text(align="right" if left else "left", dx=-7 if left else 7, fontSize=11, lineBreak="|",
                   fontWeight="bold" if chosen else "normal", color="#c0392b" if chosen else "#1f1f1f")
        .encode(x="index:Q", y="sipas:Q", text="label:N")
        for left in (False, True)
        for chosen in (False, True)
        if not (part := named[(named["leftwards"] == left) & (named["selected"] == chosen)]).empty
    ]
    return alt.layer(points, *labels).properties(width=380, height=280, title=t("par_sipas_title", lang, year=year))


def sipas_trend_chart(
    series: pd.DataFrame, reference: pd.DataFrame, breaks: list[int], years: YearRange, lang: str = "vi"
) -> alt.LayerChart:
    """The SIPAS index by year: the unit and its group mean (``series``: year, series, rate),
    the published national SIPAS as a grey dashed reference (``reference``: year, value_pct,
    source; never mixed into the province's figures), and the method change(s) marked."""
    ref_label = t("sipas_national", lang)
    pub = reference.sort_values("year").assign(series=ref_label, rate=reference["value_pct"])
    data = pd.concat([series[["year", "series", "rate"]], pub[["year", "series", "rate", "source"]]], ignore_index=True)
    # Lines never cross a break: each side of it is its own segment.
    data["segment"] = np.searchsorted(sorted(breaks), data["year"].to_numpy(), side="right").astype(str)
    data["value_text"] = [fmt_num(v, 2, lang) for v in data["rate"]]
    y = alt.Y("rate:Q", title=t("sipas_rate", lang), scale=alt.Scale(zero=False))
    color = alt.Color("series:N", title=None, legend=alt.Legend(orient="bottom", labelLimit=400))
    dash = alt.StrokeDash("is_ref:N", legend=None, scale=alt.Scale(domain=[False, True], range=[[1, 0], [4, 3]]))
    data["is_ref"] = data["series"] == ref_label
    base = alt.Chart(data).encode(x=_year_x("year", years), y=y, color=color)
    layers = [
        base.mark_line().encode(strokeDash=dash, detail="segment:N"),
        base.mark_point(filled=True, size=50).encode(
            tooltip=["series:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("value_text:N", title="%"), "source:N"]
        ),
    ]
    return alt.layer(*_break_layers(breaks, t("sipas_break", lang), years), *layers).properties(
        width=520, height=240, title=t("sipas_trend_title", lang)
    )
