"""Fixtures shared by the unit tests."""

from __future__ import annotations

import pytest

import cchc_dash as cd
from cchc_dash.io.csv_folder import ensure_sample

from . import handmade


@pytest.fixture(scope="session", autouse=True)
def generated_sample() -> None:
    """The demo's generated files exist before any test copies data/sample (a fresh clone has none)."""
    ensure_sample()


@pytest.fixture
def five_units() -> cd.Dataset:
    """Five departments worked by hand (see ``tests/handmade.py``)."""
    return handmade.five_units()
