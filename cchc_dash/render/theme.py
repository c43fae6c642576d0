"""The dashboards' colours, defined once: a band has the same colour in every chart, table,
workbook and document, and text on a coloured cell is dark or white, whichever reads."""

from __future__ import annotations

from ..core.bands import BandScheme

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


def text_color(background: str) -> str:
    """Dark or white text, whichever reads better on ``background`` (#rrggbb): dark on yellow and
    light green, white on dark green and red (WCAG relative luminance)."""
    r, g, b = (int(background[i:i + 2], 16) / 255 for i in (1, 3, 5))
    lum = 0.2126 * (r / 12.92 if r <= 0.03928 else ((r + 0.055) / 1.055) ** 2.4) + \
        0.7152 * (g / 12.92 if g <= 0.03928 else ((g + 0.055) / 1.055) ** 2.4) + \
        0.0722 * (b / 12.92 if b <= 0.03928 else ((b + 0.055) / 1.055) ** 2.4)
    return "#1f1f1f" if (lum + 0.05) / 0.05 > 1.05 / (lum + 0.05) else "#ffffff"


#: Heat-map colours: red (50) through pale yellow (75) to dark green (100), linear in RGB
#: between these stops and clamped outside 50–100; the cell text colour is computed from the
#: same stops (:func:`heat_color`), so a dark cell gets white numbers and a pale one dark.
HEAT_STOPS = [(50.0, "#a50026"), (62.5, "#f46d43"), (75.0, "#fee08b"), (87.5, "#66bd63"), (100.0, "#006837")]


def heat_color(value: float) -> str:
    """The #rrggbb fill of a heat-map cell of ``value`` (the chart's own scale, computed here)."""
    v = min(max(float(value), HEAT_STOPS[0][0]), HEAT_STOPS[-1][0])
    for (a, ca), (b, cb) in zip(HEAT_STOPS, HEAT_STOPS[1:]):
        if v <= b:
            f = (v - a) / (b - a)
            rgb = [round(int(ca[i:i + 2], 16) + f * (int(cb[i:i + 2], 16) - int(ca[i:i + 2], 16))) for i in (1, 3, 5)]
            return "#" + "".join(f"{c:02x}" for c in rgb)
    return HEAT_STOPS[-1][1]
