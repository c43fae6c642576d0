"""years.py: the one shape of a year range, inclusive, validated."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import cchc_dash as cd
from cchc_dash.core.years import YearRange


def test_inclusive_years_and_mask():
    span = YearRange(2020, 2022)
    assert span.years == [2020, 2021, 2022]
    assert YearRange(2024, 2024).years == [2024]
    mask = span.contains(pd.Series([2019, 2020, 2021, 2022, 2023]))
    assert mask.tolist() == [False, True, True, True, False]
    assert str(span) == "2020–2022"


def test_whole_numbers_of_any_numeric_type_become_ints():
    span = YearRange(np.int64(2019), 2025.0)
    assert (span.first, span.last) == (2019, 2025)
    assert type(span.first) is int and type(span.last) is int


@pytest.mark.parametrize("first, last", [(2025, 2019), (2019.5, 2020), ("2019", 2020), (True, 2020),
                                         (float("nan"), 2020), (2019, float("inf")), (None, 2020)])
def test_rejected_ranges_raise_validation_errors(first, last):
    with pytest.raises(cd.ValidationError) as exc:
        YearRange(first, last)
    problem = exc.value.problems[0]
    assert problem.message_vi and problem.message_en


def test_span_of_a_column():
    assert YearRange.span(pd.Series([2021, 2019, 2024, 2019])) == YearRange(2019, 2024)
    with pytest.raises(cd.ValidationError):
        YearRange.span([])


def test_clip_to_bounds():
    data = YearRange(2019, 2025)
    assert YearRange(-1_000_000, 1_000_000).clip(data) == data
    assert YearRange(2021, 2030).clip(data) == YearRange(2021, 2025)
    with pytest.raises(cd.ValidationError):
        YearRange(2030, 2031).clip(data)


def test_frozen():
    with pytest.raises(AttributeError):
        YearRange(2019, 2020).first = 2000
