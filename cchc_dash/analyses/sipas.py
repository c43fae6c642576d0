"""SIPAS (chỉ số hài lòng): survey answers → question, component and index rates with intervals.

The official aggregation formula of 2640/QĐ-BNV and 1001/QĐ-BNV is **not verified** (tag [U],
see README.md); what is computed here is the working assumption used in provincial reports,
and every step of it is a parameter:

- a question's rate = answers 4–5 ("Hài lòng", "Rất hài lòng") ÷ valid answers × 100;
  a blank ("không trả lời") is not a valid answer and leaves the denominator;
- ``method="components"`` (default): a component's rate = the mean of its questions'
  rates (questions with no valid answer are left out of the mean), the index = the mean of
  the components, or their weighted mean with ``weights={component: weight}``;
- ``method="respondents"``: each respondent's share of satisfied answers is taken first
  (per component, and over all questions for the index), then averaged over respondents.

Intervals: every figure carries ``n`` and a 95 % Wilson interval (``low``, ``high``). For a
question, n is its valid answers. For a component or the index, n is the number of
respondents with at least one valid answer in it, and the interval is Wilson's at the
component's rate with that n: a respondent's answers to the questions of one component are
correlated, so counting the pooled answers (4–5 per respondent) would pretend to a precision
the survey does not have. This is a documented choice, not the official rule.

The 2022 questionnaire redesign is a break (``break`` column): a year is a break when its
questionnaire differs from the year before it in the data, or when it is
:data:`~cchc_dash.analyses.reference.SIPAS_BREAK_YEAR` and an earlier year is present.

Everything is computed on integer codes with ``np.bincount`` (a million answers in well
under half a second), never with ``groupby`` on strings.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import numpy as np
import pandas as pd

from ..core.dataset import Dataset
from ..core.errors import Located, Problem, ValidationError
from ..core.ranks import group_ranks
from ..core.validation import normalise_sipas_answers, normalise_sipas_questions
from .reference import SIPAS_BREAK_YEAR

#: The lowest answer counted as satisfied: 4 = "Hài lòng", 5 = "Rất hài lòng".
SATISFIED_FROM = 4
#: 95 % two-sided normal quantile, for the Wilson interval.
Z95 = 1.959963984540054
METHODS = ("components", "respondents")
INDEX_KEY = "index"
SIPAS_COLUMNS = ["year", "unit_id", "level", "key", "rate", "n", "low", "high", "break"]


def wilson(successes: np.ndarray, n: np.ndarray, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
    """The Wilson score interval of a proportion, in percent; NaN where n = 0.

    ``successes`` may be fractional (a rate × n, for components). With p = successes ÷ n::

        centre = (p + z²/2n) / (1 + z²/n);  half = z / (1 + z²/n) × √(p(1−p)/n + z²/4n²)
    """
    s = np.asarray(successes, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = s / n
        z2 = z * z
        denom = 1 + z2 / n
        centre = (p + z2 / (2 * n)) / denom
        half = z / denom * np.sqrt(np.clip(p * (1 - p), 0, None) / n + z2 / (4 * n * n))
        low = np.where(n > 0, np.clip(centre - half, 0, 1) * 100, np.nan)
        high = np.where(n > 0, np.clip(centre + half, 0, 1) * 100, np.nan)
    return low, high


def _frames(answers: pd.DataFrame | Dataset, questions: pd.DataFrame | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Validated (answers, questions): a Dataset's as they are; bare frames checked here.

    Bare frames go through the same checks as a CSV folder (frames.py), with the unit list
    taken from the answers themselves (no unit list is given to check them against).
    """
    if isinstance(answers, Dataset):
        return answers.sipas_answers, answers.sipas_questions
    if questions is None:
        raise ValidationError([Problem("sipas_questions", None, None, "thiếu bộ câu hỏi SIPAS",
                                       "the SIPAS questionnaire is missing")])
    problems: list[Problem] = []
    questions = normalise_sipas_questions(questions, Located("sipas_questions"), problems)
    units = (
        pd.DataFrame({"unit_id": answers["unit_id"].dropna().unique()})
        if "unit_id" in answers.columns
        else pd.DataFrame()
    )
    answers = normalise_sipas_answers(answers, questions, units, Located("sipas_answers"), problems)
    if problems:
        raise ValidationError(problems)
    return answers, questions


def _check_options(method: str, weights: Mapping[str, float] | None, components: list[str]) -> None:
    problems = []
    if method not in METHODS:
        problems.append(
            Problem(
                "method",
                None,
                None,
                f"phương pháp '{method}' không có; chọn một trong {METHODS}",
                f"unknown method '{method}'; use one of {METHODS}",
            )
        )
    for c, w in (weights or {}).items():
        if c not in components:
            problems.append(
                Problem(
                    "weights",
                    None,
                    None,
                    f"yếu tố '{c}' không có trong bộ câu hỏi",
                    f"component '{c}' is not in the questionnaire",
                )
            )
        elif not (isinstance(w, (int, float)) and np.isfinite(w) and w >= 0):
            problems.append(
                Problem(
                    "weights",
                    None,
                    None,
                    f"trọng số của '{c}' phải là số không âm",
                    f"the weight of '{c}' must be a non-negative number",
                )
            )
    if problems:
        raise ValidationError(problems)


def break_years(questions: pd.DataFrame) -> list[int]:
    """Years whose questionnaire (question ids and components) differs from the previous year's
    in the data, plus the national method change of 2022 when an earlier year is present."""
    years = sorted(int(y) for y in questions["year"].dropna().unique())
    shape = {
        y: frozenset(zip(*(questions.loc[questions["year"] == y, c] for c in ("question_id", "component"))))
        for y in years
    }
    return [y for prev, y in zip(years, years[1:]) if shape[y] != shape[prev] or y == SIPAS_BREAK_YEAR]


def sipas_index(
    answers: pd.DataFrame | Dataset,
    questions: pd.DataFrame | None = None,
    method: Literal["components", "respondents"] = "components",
    weights: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Satisfaction rates per (year, unit) for every question, component and the index.

    ``answers`` and ``questions`` have the columns ``SIPAS_ANSWER_COLUMNS`` and ``SIPAS_QUESTION_COLUMNS``
    of :mod:`cchc_dash.core.validation` (or pass a :class:`Dataset` alone). ``method`` and ``weights``
    choose the aggregation (module docstring): the official formula is unverified, so both are
    assumptions to state wherever the figures are shown.
    Returns a long frame: year, unit_id, level ("question" / "component" / "index"), key
    (question id, component name or "index"), rate, n, low, high (0–100) and break (bool).
    A (year, unit) with answers but n = 0 somewhere has NaN rate and interval there.
    """
    answers, questions = _frames(answers, questions)
    return aggregate(answers, questions, method, weights)


def validated(answers: pd.DataFrame, questions: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Bare answer and questionnaire frames checked as a CSV folder's are (ValidationError otherwise)."""
    return _frames(answers, questions)


def codes_of(ids: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes and the values they stand for: a categorical's own (a Dataset's survey ids
    are categoricals; no hashing), else ``pd.factorize``. Blank ids are refused by validation."""
    if isinstance(ids.dtype, pd.CategoricalDtype):
        return ids.cat.codes.to_numpy(dtype=np.int64), np.asarray(ids.cat.categories, dtype=object)
    codes, values = pd.factorize(ids)
    return codes, np.asarray(values, dtype=object)


def dense_codes(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize`` of non-negative integer keys, numbered in key order.

    Keys built from codes (year × units + unit) are dense: a lookup table numbers a million of
    them without hashing (~10 ms instead of ~40 ms each). Sparse keys (respondent ids spread
    over a huge range) fall back to hashing, so memory stays bounded by the number of rows.
    """
    top = int(keys.max()) + 1 if len(keys) else 0
    if top > 4 * len(keys) + 1024:
        codes, uniques = pd.factorize(keys, sort=True)
        return codes, uniques
    present = np.zeros(top, dtype=bool)
    present[keys] = True
    return (np.cumsum(present) - 1)[keys], np.flatnonzero(present)


def aggregate(
    answers: pd.DataFrame,
    questions: pd.DataFrame,
    method: str = "components",
    weights: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """:func:`sipas_index` on frames already validated (a Dataset's, or :func:`validated`'s):
    the aggregation alone, as timed by the benchmark."""
    components = list(dict.fromkeys(questions["component"].dropna()))
    _check_options(method, weights, components)
    if answers.empty:
        return pd.DataFrame(
            {c: pd.Series(dtype=float if c in ("rate", "low", "high") else object) for c in SIPAS_COLUMNS}
        )

    # Integer codes: slot = (year, unit), q = (year, question), c = component, r = (slot, respondent).
    first_year = int(answers["year"].min())
    year = answers["year"].to_numpy(dtype=np.int64) - first_year  # 0, 1, …: keeps the keys below dense
    unit_codes, unit_values = codes_of(answers["unit_id"])
    slot, slot_keys = dense_codes(year * len(unit_values) + unit_codes)
    q_codes, q_values = codes_of(answers["question_id"])
    q, q_keys = dense_codes(year * len(q_values) + q_codes)
    q_year, q_id = q_keys // len(q_values) + first_year, q_values[q_keys % len(q_values)]
    comp_of = dict(zip(zip(questions["year"].astype(int), questions["question_id"]), questions["component"]))
    position = {k: i for i, k in enumerate(comp_of)}  # questionnaire order, for the rows out
    q_pos = np.array([position[(int(y), i)] for y, i in zip(q_year, q_id)], dtype=np.int64)
    c_names = np.array(components, dtype=object)
    c_index = {c: i for i, c in enumerate(components)}
    q_comp = np.array([c_index[comp_of[(int(y), i)]] for y, i in zip(q_year, q_id)], dtype=np.int64)
    r_codes, r_values = codes_of(answers["respondent_id"])
    r, r_keys = dense_codes(slot.astype(np.int64) * len(r_values) + r_codes)
    r_slot = r_keys // len(r_values)

    a = answers["answer"].to_numpy(dtype=float, na_value=np.nan)
    valid = ~np.isnan(a)
    sat = (a >= SATISFIED_FROM).astype(float)
    ns, nq, nc, nr = len(slot_keys), len(q_keys), len(components), len(r_keys)
    c = q_comp[q]

    # Questions: per (slot, q).
    sq = slot.astype(np.int64) * nq + q
    q_valid = np.bincount(sq, valid, ns * nq)
    q_sat = np.bincount(sq, sat, ns * nq)
    asked = np.bincount(sq, minlength=ns * nq) > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        q_rate = np.where(q_valid > 0, q_sat / q_valid * 100, np.nan)

    # Respondents with a valid answer, per (slot, component) and per slot.
    rc = r.astype(np.int64) * nc + c
    rc_valid = np.bincount(rc, valid, nr * nc).reshape(nr, nc)
    rc_sat = np.bincount(rc, sat, nr * nc).reshape(nr, nc)
    c_n = np.stack([np.bincount(r_slot, rc_valid[:, k] > 0, ns) for k in range(nc)], axis=1)
    r_any = rc_valid.sum(axis=1) > 0
    i_n = np.bincount(r_slot, r_any, ns)
    c_present = (np.bincount(slot.astype(np.int64) * nc + c, minlength=ns * nc) > 0).reshape(ns, nc)

    with np.errstate(invalid="ignore", divide="ignore"):
        if method == "components":
            qr = q_rate.reshape(ns, nq)
            has = ~np.isnan(qr)
            onehot = q_comp[None, :] == np.arange(nc)[:, None]  # nc × nq
            c_rate = (np.where(has, qr, 0) @ onehot.T) / (has.astype(float) @ onehot.T)
            w = np.array([1.0 if weights is None else float(weights.get(k, 0.0)) for k in components])
            ok = ~np.isnan(c_rate)
            wsum = np.where(ok, w, 0).sum(axis=1)
            i_rate = np.where(wsum > 0, np.where(ok, c_rate * w, 0).sum(axis=1) / wsum, np.nan)
        else:
            share = np.where(rc_valid > 0, rc_sat / rc_valid, np.nan)
            c_rate = (
                np.stack([np.bincount(r_slot, np.nan_to_num(share[:, k]), ns) for k in range(nc)], axis=1) / c_n * 100
            )
            r_share = np.where(r_any, rc_sat.sum(axis=1) / rc_valid.sum(axis=1), 0)
            i_rate = np.bincount(r_slot, r_share, ns) / i_n * 100
    c_rate = np.where(c_n > 0, c_rate, np.nan)
    i_rate = np.where(i_n > 0, i_rate, np.nan)

    slot_year = slot_keys // len(unit_values) + first_year
    slot_unit = unit_values[slot_keys % len(unit_values)]
    # Question rows: only the questions asked of the unit that year.
    qs, qq = np.divmod(np.flatnonzero(asked), nq)
    cs, cc = np.nonzero(c_present)
    parts = [
        pd.DataFrame(
            {
                "slot": qs,
                "level": "question",
                "key": q_id[qq],
                "rate": q_rate[qs * nq + qq],
                "n": q_valid[qs * nq + qq],
                "tier": 2,
                "order": q_pos[qq],
            }
        ),
        pd.DataFrame(
            {
                "slot": cs,
                "level": "component",
                "key": c_names[cc],
                "rate": c_rate[cs, cc],
                "n": c_n[cs, cc],
                "tier": 1,
                "order": cc,
            }
        ),
        pd.DataFrame(
            {
                "slot": np.arange(ns),
                "level": INDEX_KEY,
                "key": INDEX_KEY,
                "rate": i_rate,
                "n": i_n,
                "tier": 0,
                "order": 0,
            }
        ),
    ]
    out = pd.concat(parts, ignore_index=True)
    out["n"] = out["n"].astype(np.int64)
    out["low"], out["high"] = wilson(out["rate"].to_numpy() / 100 * out["n"].to_numpy(), out["n"].to_numpy())
    s = out["slot"].to_numpy()
    out.insert(0, "year", slot_year[s].astype(int))
    out.insert(1, "unit_id", slot_unit[s])
    out["break"] = out["year"].isin(break_years(questions))
    out = out.sort_values(["year", "unit_id", "tier", "order"], kind="stable", ignore_index=True)
    return out[SIPAS_COLUMNS]


def versus_group(sip: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """``sip`` with each unit's group, the group's mean rate (unweighted mean of its units'
    rates for the same year, level and key) and ``distinguishable``.

    A unit is **not distinguishable** from its group (``distinguishable`` False) when its
    95 % interval contains the group mean: with that many respondents the survey cannot
    tell it apart from the average unit, so it should not be praised or blamed for the gap.
    Rows without an interval (n = 0) are not distinguishable either.
    """
    out = sip.drop(columns="group", errors="ignore").merge(units[["unit_id", "group"]], on="unit_id", how="left")
    out["group_mean"] = out.groupby(["year", "group", "level", "key"], dropna=False)["rate"].transform("mean")
    out["distinguishable"] = (out["low"] > out["group_mean"]) | (out["high"] < out["group_mean"])
    return out


def index_ranks(sip: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """Each unit's SIPAS index per year with its rank in its group (best first, ties shared):
    year, unit_id, group, sipas, sipas_rank, sipas_rank_of."""
    idx = (
        sip[sip["level"] == INDEX_KEY]
        .drop(columns="group", errors="ignore")
        .merge(units[["unit_id", "group"]], on="unit_id", how="left")
    )
    codes = idx.groupby(["year", "group"], sort=False, dropna=False).ngroup().to_numpy()
    rank, rank_of = group_ranks(idx["rate"].to_numpy(dtype=float), codes)
    return pd.DataFrame(
        {
            "year": idx["year"],
            "unit_id": idx["unit_id"],
            "group": idx["group"],
            "sipas": idx["rate"],
            "sipas_rank": pd.array(rank, dtype="Int64"),
            "sipas_rank_of": rank_of,
        }
    )


def par_vs_sipas(results: pd.DataFrame, sip: pd.DataFrame, units: pd.DataFrame, year: int, group: str) -> pd.DataFrame:
    """PAR INDEX against the SIPAS index for the units of (year, group) having both, with both
    ranks ("PAR 4/20, SIPAS 18/20") among the units shown: unit_id, unit_name, index, sipas,
    par_rank, sipas_rank, rank_of."""
    par = results[(results["year"] == year) & (results["group"] == group)][["unit_id", "unit_name", "index"]]
    sat = index_ranks(sip[sip["year"] == year], units)[["unit_id", "sipas"]]
    both = par.merge(sat, on="unit_id").dropna(subset=["index", "sipas"]).reset_index(drop=True)
    zero = np.zeros(len(both), dtype=np.int64)
    both["par_rank"] = group_ranks(both["index"].to_numpy(dtype=float), zero)[0].astype(int)
    both["sipas_rank"] = group_ranks(both["sipas"].to_numpy(dtype=float), zero)[0].astype(int)
    both["rank_of"] = len(both)
    return both


def likert_shares(answers: pd.DataFrame, questions: pd.DataFrame, year: int, unit_id: str) -> pd.DataFrame:
    """The answers 1–5 of one unit and year per question, as shares of its valid answers
    (blanks left out and counted apart): question_id, component, answer, count, share, blanks."""
    part = answers[(answers["year"] == year) & (answers["unit_id"] == unit_id)]
    asked = questions[questions["year"] == year][["question_id", "component"]]
    valid = part.dropna(subset=["answer"])
    counts = pd.crosstab(valid["question_id"], valid["answer"].astype(int)).reindex(
        index=asked["question_id"], columns=range(1, 6), fill_value=0
    )
    blanks = (
        part["answer"]
        .isna()
        .groupby(part["question_id"], observed=True)
        .sum()
        .reindex(asked["question_id"], fill_value=0)
    )
    long = counts.stack().rename("count").reset_index()
    long.columns = ["question_id", "answer", "count"]
    total = long.groupby("question_id")["count"].transform("sum")
    long["share"] = np.where(total > 0, long["count"] / total.where(total > 0, 1) * 100, np.nan)
    long = long.merge(asked, on="question_id", how="left")
    long["blanks"] = long["question_id"].map(blanks).astype(int)
    return long[["question_id", "component", "answer", "count", "share", "blanks"]]


def year_questions(questions: pd.DataFrame, year: int) -> pd.DataFrame:
    """The questions asked in ``year`` in the questionnaire's order: question_id, component, text
    ("" where the data give none). Codes such as "Q15" mean nothing to a reader: the dashboard shows
    each code beside its question."""
    asked = questions[questions["year"] == year]
    text = asked["text"] if "text" in asked.columns else pd.Series("", index=asked.index)
    return pd.DataFrame({"question_id": asked["question_id"].astype(str), "component": asked["component"],
                         "text": text.fillna("").astype(str).str.strip()}).reset_index(drop=True)
