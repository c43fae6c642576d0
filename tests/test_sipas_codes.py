"""sipas.py's integer coding of survey answers (dense_codes, codes_of): numbered by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cchc_dash.analyses.sipas import codes_of, dense_codes


def test_dense_keys_are_numbered_in_key_order():
    codes, keys = dense_codes(np.array([7, 2, 7, 5, 2]))
    assert keys.tolist() == [2, 5, 7]
    assert codes.tolist() == [2, 0, 2, 1, 0]


def test_sparse_keys_give_the_same_numbering_by_hashing():
    big = 10**12  # a lookup table this long would not fit in memory
    codes, keys = dense_codes(np.array([big, 3, big, 3, 0]))
    assert keys.tolist() == [0, 3, big]
    assert codes.tolist() == [2, 1, 2, 1, 0]


def test_a_categorical_gives_its_own_codes_and_text_is_factorized():
    cat = pd.Series(pd.Categorical(["S02", "S01", "S02"], categories=["S01", "S02", "S09"]))
    codes, values = codes_of(cat)
    assert codes.tolist() == [1, 0, 1] and values.tolist() == ["S01", "S02", "S09"]
    codes, values = codes_of(pd.Series(["S02", "S01", "S02"], dtype=object))
    assert codes.tolist() == [0, 1, 0] and values.tolist() == ["S02", "S01"]


def test_no_keys_give_no_codes():
    codes, keys = dense_codes(np.array([], dtype=np.int64))
    assert codes.tolist() == [] and keys.tolist() == []
