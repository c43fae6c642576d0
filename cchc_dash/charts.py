"""Altair chart builders: pure functions, frame in → chart specification out.

How a chart is shown (``alt.JupyterChart`` offline in the dashboards, SVG/PNG export
elsewhere) is not decided here. Charts never receive more than a province's rows;
national-scale frames are aggregated in pandas first (Altair refuses > 5,000 rows).
Band colours are defined once here so that every dashboard colours a band the same.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from .bands import BandScheme
from .i18n import fmt_num, t

#: Colours of the usual band names; other labels take the colour of their position.
NAMED_BAND_COLORS = {
    "Xuất sắc": "#1a7f3c", "Tốt": "#5cb85c", "Khá": "#f0c419", "Trung bình": "#f08a24", "Yếu": "#d9352b",
}
POSITION_COLORS = ["#1a7f3c", "#5cb85c", "#f0c419", "#f08a24", "#d9352b", "#8e44ad", "#7f8c8d"]
UNBANDED_COLOR = "#b0b7bf"


def band_colors(scheme: BandScheme | None) -> dict[str, str]:
    """Label → colour for every band of ``scheme`` (same label, same colour everywhere)."""
    if scheme is None:
        return {}
    return {label: NAMED_BAND_COLORS.get(label, POSITION_COLORS[i % len(POSITION_COLORS)])
            for i, label in enumerate(scheme.labels)}


def index_bars(table: pd.DataFrame, scheme: BandScheme | None, lang: str = "vi") -> alt.LayerChart:
    """Horizontal bars of each unit's index, coloured by band, with the band thresholds as rules.

    ``table`` has unit_name, index, rank, rank_of and band (one year and group).
    """
    unbanded = t("unbanded", lang)
    data = table[["unit_name", "index", "rank", "rank_of", "band"]].copy()
    data["band"] = data["band"].fillna(unbanded)
    data["index_text"] = [fmt_num(v, 2, lang) for v in data["index"]]
    data["rank_text"] = [f"{r}/{n}" for r, n in zip(data["rank"], data["rank_of"])]
    colors = band_colors(scheme)
    colors.setdefault(unbanded, UNBANDED_COLOR)
    present = [b for b in colors if b in set(data["band"])]
    height = max(180, 22 * len(data))
    x = alt.X("index:Q", title=t("index", lang), scale=alt.Scale(domain=[0, 100]))
    bars = alt.Chart(data).mark_bar().encode(
        x=x,
        y=alt.Y("unit_name:N", sort=alt.EncodingSortField("index", order="descending"), title=None,
                axis=alt.Axis(labelLimit=320)),
        color=alt.Color("band:N", title=t("band", lang),
                        scale=alt.Scale(domain=present, range=[colors[b] for b in present]),
                        legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("unit_name:N", title=t("unit", lang)), alt.Tooltip("index_text:N", title=t("index", lang)),
                 alt.Tooltip("rank_text:N", title=t("rank", lang)), alt.Tooltip("band:N", title=t("band", lang))],
    )
    layers: list[alt.Chart] = [bars]
    if scheme is not None and scheme.thresholds:
        rules = pd.DataFrame([{"label": f"{l} ≥ {fmt_num(m, 0 if float(m).is_integer() else 2, lang)}", "min_index": m}
                              for l, m in scheme.thresholds])
        base = alt.Chart(rules)
        layers.append(base.mark_rule(strokeDash=[4, 3], color="#444").encode(x="min_index:Q"))
        layers.append(base.mark_text(angle=270, align="left", dx=-4, dy=-4, fontSize=10, color="#444")
                      .encode(x="min_index:Q", y=alt.value(0), text="label:N"))
    return alt.layer(*layers).properties(width=440, height=height, title=t("chart_title", lang))
