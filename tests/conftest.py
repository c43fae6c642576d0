"""Fixtures shared by the unit tests."""

from __future__ import annotations

import pytest

import cchc_dash as cd

from . import handmade


@pytest.fixture
def five_units() -> cd.Dataset:
    """Five departments worked by hand (see ``tests/handmade.py``)."""
    return handmade.five_units()
