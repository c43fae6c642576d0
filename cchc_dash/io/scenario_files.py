"""Scenario files: a what-if :class:`~cchc_dash.analyses.whatif.Scenario` as JSON, saved atomically
and read back with every problem named (uploads are untrusted: size, encoding and shape checked).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from ..analyses.whatif import MaxChange, Scenario, ScoreChange
from ..core.bands import BandScheme
from ..core.errors import Problem, ValidationError
from .atomic import write_atomic

#: Scenario files say what they are and which version of the format they follow.
SCHEMA = "cchc_dash/scenario"
VERSION = 1
#: A scenario file is a few kilobytes; anything this large (2 MB) is not one (uploads are untrusted). The
#: what-if page's script refuses a larger file in the browser, before it is sent (cchc_dash.ui.shell.limited).
MAX_FILE_BYTES = 2_000_000


def scenario_to_dict(scenario: Scenario) -> dict:
    """The JSON-ready form of a scenario (schema name and version first)."""
    return {
        "schema": SCHEMA,
        "version": VERSION,
        "name": scenario.name,
        "author": scenario.author,
        "created": scenario.created or dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "changes": [
            {"year": c.year, "unit_id": c.unit_id, "item_id": c.item_id, "score": c.score} for c in scenario.changes
        ],
        "max_points": [
            {"year": m.year, "group": m.group, "item_id": m.item_id, "max_points": m.max_points}
            for m in scenario.max_points
        ],
        "schemes": [{"year": y, "group": g, "scheme": s.to_text()} for (y, g), s in scenario.schemes.items()],
    }


def scenario_from_dict(data: object, source: str = "scenario") -> Scenario:
    """A scenario from its JSON form; a foreign or malformed document raises :class:`ValidationError`."""

    def fail(vi: str, en: str, column: str | None = None) -> ValidationError:
        return ValidationError([Problem(source, None, column, vi, en)])

    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise fail("đây không phải tệp kịch bản của cchc_dash", "this is not a cchc_dash scenario file", "schema")
    if data.get("version") != VERSION:
        raise fail(
            f"phiên bản {data.get('version')!r} không được hỗ trợ (cần {VERSION})",
            f"version {data.get('version')!r} is not supported (expected {VERSION})",
            "version",
        )
    try:
        changes = [
            ScoreChange(_whole(c["year"]), _text(c["unit_id"]), _text(c["item_id"]), float(c["score"]))
            for c in _list(data.get("changes", []))
        ]
        maxima = [
            MaxChange(_whole(m["year"]), _text(m["group"]), _text(m["item_id"]), float(m["max_points"]))
            for m in _list(data.get("max_points", []))
        ]
        schemes = {
            (_whole(s["year"]), _text(s["group"])): _scheme(s["scheme"], source) for s in _list(data.get("schemes", []))
        }
        return Scenario(
            _text(data.get("name", "")) or "kịch bản",
            tuple(changes),
            schemes,
            tuple(maxima),
            _text(data.get("author", "")),
            _text(data.get("created", "")),
        )
    except ValidationError:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise fail(f"nội dung không hợp lệ ({exc})", f"malformed content ({exc})") from exc


def _scheme(text: object, source: str) -> BandScheme:
    """A band scheme read from a file; its problems name the file."""
    try:
        return BandScheme.parse(_text(text))
    except ValidationError as exc:
        raise ValidationError(
            [Problem(source, None, "schemes", p.message_vi, p.message_en) for p in exc.problems]
        ) from exc


def _list(value: object) -> list:
    if not isinstance(value, list):
        raise TypeError(f"expected a list, got {type(value).__name__}")
    return value


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    return value


def _whole(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected a whole number, got {value!r}")
    return value


def scenario_to_json(scenario: Scenario) -> str:
    return json.dumps(scenario_to_dict(scenario), ensure_ascii=False, indent=2)


def scenario_from_json(text: str | bytes, source: str = "scenario") -> Scenario:
    """Read a scenario file's content (uploads are untrusted: size, encoding and shape checked)."""
    if len(text) > MAX_FILE_BYTES:
        raise ValidationError(
            [Problem(source, None, None, "tệp quá lớn để là một kịch bản", "the file is too large to be a scenario")]
        )
    try:
        data = json.loads(text.decode("utf-8-sig") if isinstance(text, bytes) else text)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise ValidationError(
            [
                Problem(
                    source,
                    line,
                    None,
                    "tệp không phải JSON hợp lệ (UTF-8)",
                    f"the file is not valid JSON (UTF-8): {exc}",
                )
            ]
        ) from exc
    except RecursionError as exc:  # "[[[[…" 100,000 deep: valid JSON no scenario ever is
        raise ValidationError([Problem(source, None, None, "tệp kịch bản không hợp lệ: cấu trúc lồng nhau quá sâu",
                                       "not a valid scenario file: nested too deep")]) from exc
    return scenario_from_dict(data, source)


def save_scenario(scenario: Scenario, path: str | Path, overwrite: bool = False) -> Path:
    """Write the scenario as JSON atomically; an existing file is kept unless ``overwrite``."""
    data = scenario_to_json(scenario).encode("utf-8")
    return write_atomic(path, lambda f: f.write(data), overwrite=overwrite)


def load_scenario(path: str | Path) -> Scenario:
    """Read a scenario file (see :func:`scenario_from_json`)."""
    path = Path(path)
    if not path.is_file():
        raise ValidationError([Problem(str(path), None, None, "không tìm thấy tệp", "file not found")])
    return scenario_from_json(path.read_bytes(), path.name)
