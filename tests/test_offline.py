"""ui/offline.py: the chart JavaScript is read from the cache file when there is one (no V8 in
the kernel) and built, exactly as Altair builds it, and cached when there is not."""

from __future__ import annotations

import altair as alt
import pytest

from cchc_dash.ui import offline


@pytest.fixture
def fresh_chart_class(monkeypatch, tmp_path):
    """JupyterChart back to online for the test, a private cache folder, and the class restored after."""
    monkeypatch.setattr(alt.JupyterChart, "_esm", alt.JupyterChart._esm)
    monkeypatch.setattr(alt.JupyterChart, "_is_offline", False)
    monkeypatch.setenv("CCHC_CACHE", str(tmp_path))
    return tmp_path


def test_the_cache_file_is_named_after_both_versions(fresh_chart_class):
    path = offline.cache_file()
    assert path.parent == fresh_chart_class
    assert f"altair{alt.__version__}" in path.name and "vlconvert" in path.name and path.suffix == ".js"


def test_a_cached_bundle_is_used_without_vl_convert(fresh_chart_class, monkeypatch):
    offline.cache_file().write_text("/* cached bundle */", encoding="utf-8")

    def no_v8(*args, **kwargs):
        raise AssertionError("vl-convert's V8 must not start when the bundle is cached")
    monkeypatch.setattr(alt.JupyterChart, "enable_offline", classmethod(no_v8))
    offline.enable()
    assert alt.JupyterChart._is_offline and alt.JupyterChart._esm == "/* cached bundle */"


def test_without_a_cache_the_bundle_is_altairs_own_and_is_kept(fresh_chart_class):
    offline.enable()
    built = alt.JupyterChart._esm
    assert alt.JupyterChart._is_offline and len(built) > 100_000 and "vega" in built
    assert offline.cache_file().read_text(encoding="utf-8") == built
    assert [p.name for p in fresh_chart_class.iterdir()] == [offline.cache_file().name]  # no temporary left


def test_a_read_only_cache_still_gives_offline_charts(fresh_chart_class, monkeypatch):
    monkeypatch.setenv("CCHC_CACHE", "/proc/cchc_dash_cannot_be_here")
    offline.enable()
    assert alt.JupyterChart._is_offline and "vega" in alt.JupyterChart._esm
