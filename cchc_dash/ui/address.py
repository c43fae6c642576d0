"""The page's address as its state: a link opens the view it names, and the address follows the view.

``…/06_ho_so_don_vi.ipynb?year=2025&group=…&unit=S03&lang=en`` opens the profile of S03 in 2025,
in English. :class:`Address` is a small widget drawn in the page (a "Sao chép liên kết" button):
its script sends the page's query string to the kernel when the page opens, and rewrites the
address (``history.replaceState``: no new history entry per click) whenever the kernel says the
view changed. :class:`Links` holds which controls a dashboard names in its address and moves
values between them and the text of a query string.

Everything in a query string is untrusted: a value is taken only if it is one of its control's
options (or within its slider's bounds); anything else (an unknown unit, ``<script>``, a year of
10⁹) leaves that control at its default and the page says so in one short line. Names the
dashboards do not use (a proxy's ``token``) are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode

import anywidget
import ipywidgets as widgets
import traitlets

#: Longest query string read (characters): a link is a few dozen; a longer one is refused whole.
MAX_QUERY = 2000

_ESM = r"""
function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  const area = document.createElement("textarea");  // plain http on a LAN: no clipboard API
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.cssText = "position:fixed;opacity:0";
  document.body.append(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
}
export default {
  render({ model, el }) {
    model.set("base", location.origin + location.pathname);
    model.set("query", location.search.slice(0, 4001) || "?");
    model.set("width", window.innerWidth);
    model.save_changes();
    let resized = null;  // the page's width, once it has settled (a phone turned, a window dragged)
    window.addEventListener("resize", () => {
      clearTimeout(resized);
      resized = setTimeout(() => { model.set("width", window.innerWidth); model.save_changes(); }, 300);
    });
    const button = document.createElement("button");
    button.type = "button";
    button.className = "cchc-copy-link";
    const shown = document.createElement("input");  // the link, to copy by hand where copying is refused
    shown.readOnly = true;
    shown.className = "cchc-link-text";
    shown.hidden = true;
    const label = () => { button.textContent = model.get("label"); };
    const follow = () => {
      const state = model.get("state");
      if (!model.get("applied")) return;  // the link given is read before the address is rewritten
      history.replaceState(history.state, "", location.pathname + (state ? "?" + state : ""));
      shown.value = location.href;
    };
    label();
    model.on("change:label", label);
    model.on("change:state", follow);
    model.on("change:applied", follow);
    follow();
    button.addEventListener("click", () => {
      copyText(location.href).then(() => {
        button.textContent = "✓ " + model.get("copied");
        setTimeout(label, 2000);
      }, () => { shown.hidden = false; shown.value = location.href; shown.select(); });
    });
    el.append(button, shown);
  },
};
"""


class Address(anywidget.AnyWidget):
    """The page's address, both ways: ``query`` and ``base`` come from the browser as the page
    opens (untrusted), ``state`` is the query string of the view shown, written to the address
    bar once ``applied``; ``label`` and ``copied`` are the button's words in the page's language.
    ``width`` is the page's width in CSS pixels as the browser says (0 until it has; a phone's
    charts are drawn for it, :meth:`cchc_dash.ui.shell.Shell.link`)."""

    _esm = _ESM
    query = traitlets.Unicode("").tag(sync=True)
    base = traitlets.Unicode("").tag(sync=True)
    state = traitlets.Unicode("").tag(sync=True)
    applied = traitlets.Bool(False).tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)
    copied = traitlets.Unicode("").tag(sync=True)
    width = traitlets.Int(0).tag(sync=True)

    @property
    def link(self) -> str:
        """The address of the view shown ("" until the page has said where it is)."""
        if not self.base:
            return ""
        return self.base + (f"?{self.state}" if self.state else "")


def _option_values(widget: widgets.Widget) -> list[Any]:
    """The values a choice widget offers (options given as values or as (label, value) pairs)."""
    return [o[1] if isinstance(o, tuple) and len(o) == 2 else o for o in widget.options]


@dataclass(frozen=True)
class Codec:
    """How one control's value is written in a query string and read back (None: refused)."""

    write: Callable[[Any], str]
    read: Callable[[str], Any]


_RANGE = re.compile(r"(\d{1,6})-(\d{1,6})")


def codec_of(widget: widgets.Widget) -> Codec:
    """The codec of a control: a range slider as "2021-2025" within its bounds; a multiple choice
    (a tuple value) as comma-separated values, each one of its options; a choice as one of its
    options, compared as text (a year's 2025 is "2025")."""
    if isinstance(widget, widgets.IntRangeSlider):

        def read_range(text: str) -> tuple[int, int] | None:
            m = _RANGE.fullmatch(text)
            if not m:
                return None
            a, b = int(m.group(1)), int(m.group(2))
            return (a, b) if widget.min <= a <= b <= widget.max else None

        return Codec(lambda v: f"{v[0]}-{v[1]}", read_range)

    def find(text: str) -> tuple[bool, Any]:
        for value in _option_values(widget):
            if str(value) == text:
                return True, value
        return False, None

    if isinstance(widget.value, tuple):

        def read_many(text: str) -> tuple[Any, ...] | None:
            found = [find(part) for part in dict.fromkeys(text.split(","))] if text else []
            return tuple(v for _, v in found) if all(ok for ok, _ in found) else None

        return Codec(lambda v: ",".join(map(str, v)), read_many)

    return Codec(str, lambda text: find(text)[1] if find(text)[0] else None)


class Links:
    """The controls a dashboard names in its address, in the order they are applied (a year
    before the group and unit whose options it sets)."""

    def __init__(self) -> None:
        self.controls: dict[str, tuple[widgets.Widget, Codec]] = {}

    def add(self, name: str, widget: widgets.Widget) -> None:
        if name in self.controls:
            raise ValueError(f"{name!r} is already in the address")
        self.controls[name] = (widget, codec_of(widget))

    def state(self, order: list[str]) -> str:
        """The query string of the controls' values, in ``order``."""
        pairs = [(name, self.controls[name][1].write(self.controls[name][0].value)) for name in order]
        return urlencode(pairs, safe=",")

    def apply(self, query: str, order: list[str]) -> list[str]:
        """Set each control named in ``query`` to the value it names, in ``order``; returns the
        names whose value was refused (not an option, out of bounds, or the whole query when too
        long or malformed). Names no control has are ignored."""
        if len(query) > MAX_QUERY:
            return ["?"]
        try:
            given = dict(parse_qsl(query.removeprefix("?"), keep_blank_values=True, max_num_fields=50))
        except ValueError:  # more fields than any link has
            return ["?"]
        refused = []
        for name in order:
            if name not in given:
                continue
            widget, codec = self.controls[name]
            value = codec.read(given[name])
            if value is None:
                refused.append(name)
            elif value != widget.value:
                widget.value = value
        return refused
