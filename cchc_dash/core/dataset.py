"""The :class:`Dataset`: one province's frames, validated when it is built and never changed after.

A dataset is frozen: its frames cannot be put back (``ds.scores = …`` raises), because scoring
reuses the integer codes found while validating them. A changed copy comes from
:meth:`Dataset.replace`, which validates the frames it is given.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass, field

import pandas as pd

from .errors import Located, Problem, ValidationError
from .methodology import leaves_with_area
from .validation import (
    ScoreKeys,
    check_every_unit_scored,
    normalise_bands,
    normalise_methodology,
    normalise_not_assessed,
    normalise_scores,
    normalise_sipas_answers,
    normalise_sipas_questions,
    normalise_units,
)

#: The frames a dataset holds; changing any of them means validating again.
FRAMES = ("methodology", "units", "scores", "bands", "sipas_questions", "sipas_answers", "reference", "not_assessed")


@dataclass(frozen=True, eq=False)
class Dataset:
    """All the frames of one province's data, validated on construction and frozen after.

    Build it with frames; construction normalises (NFC names, numeric types) and raises
    :class:`ValidationError` listing every problem. ``sources`` maps a frame name to a
    :class:`Located` so that problems name the file, sheet and row it came from.

    The frames belong to the dataset: read them, copy them, but do not change them in place.
    For other scores (or units, bands…) make a changed copy with :meth:`replace`, e.g.
    ``ds.replace(scores=new_scores)``: it is validated like a new dataset, so the scoring
    engine's codes always describe the frames they were found in. Equality is identity.
    """

    methodology: pd.DataFrame
    units: pd.DataFrame
    scores: pd.DataFrame
    # Frames left out are empty; their normalisers give them their columns.
    bands: pd.DataFrame = field(default_factory=pd.DataFrame)
    sipas_questions: pd.DataFrame = field(default_factory=pd.DataFrame)
    sipas_answers: pd.DataFrame = field(default_factory=pd.DataFrame)
    reference: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: Units not assessed in a year, with the reason (year, unit_id, reason): without a row here, a
    #: unit that exists in a year its group was scored must have scores that year.
    not_assessed: pd.DataFrame = field(default_factory=pd.DataFrame)
    name: str = "dataset"
    synthetic: bool = False
    #: Where the data came from (a folder or file path, or "" for frames built in memory),
    #: shown on every dashboard so that a reader knows what the figures are.
    source: str = ""
    sources: dict[str, Located] = field(default_factory=dict, repr=False)
    #: The score rows' integer codes, from validation; scoring reuses them (see ``ScoreKeys``).
    score_keys: ScoreKeys = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # A frozen dataclass sets its own fields through object.__setattr__ while it is built.
        def put(name: str, value: object) -> None:
            object.__setattr__(self, name, value)

        problems: list[Problem] = []
        loc = {k: self.sources.get(k, Located(k))
               for k in ("methodology", "units", "scores", "bands", "sipas_questions", "sipas_answers", "not_assessed")}
        put("methodology", normalise_methodology(self.methodology, loc["methodology"], problems))
        put("units", normalise_units(self.units, loc["units"], problems))
        # Scores are checked even when the tree or the unit list has problems: the user
        # should see every problem at once, not one layer per attempt.
        scores, keys = normalise_scores(self.scores, self.methodology, self.units, loc["scores"], problems)
        put("scores", scores)
        put("score_keys", keys)
        put("bands", normalise_bands(self.bands, loc["bands"], problems))
        put("sipas_questions", normalise_sipas_questions(self.sipas_questions, loc["sipas_questions"], problems))
        put("sipas_answers", normalise_sipas_answers(self.sipas_answers, self.sipas_questions, self.units,
                                                     loc["sipas_answers"], problems))
        put("not_assessed", normalise_not_assessed(self.not_assessed, self.units, loc["not_assessed"], problems))
        check_every_unit_scored(self.units, self.scores, self.not_assessed, loc["units"], loc["not_assessed"], problems)
        if problems:
            raise ValidationError(problems)

    def replace(self, **changes: object) -> Dataset:
        """A copy with ``changes`` (any field: ``scores=…``, ``name=…``); this dataset is untouched.

        A copy with another frame is validated again, as a new dataset would be (every problem
        raised as :class:`ValidationError`); a copy with only another name, source or
        ``synthetic`` flag shares the validated frames.
        """
        if any(name in FRAMES for name in changes):
            return dataclasses.replace(self, **changes)  # type: ignore[arg-type]
        unknown = sorted(set(changes) - {f.name for f in dataclasses.fields(self) if f.init})
        if unknown:
            raise TypeError(f"Dataset has no field {', '.join(unknown)}")
        twin = copy.copy(self)
        for name, value in changes.items():
            object.__setattr__(twin, name, value)
        return twin

    @property
    def years(self) -> list[int]:
        return sorted(int(y) for y in self.scores["year"].dropna().unique())

    @property
    def groups(self) -> list[str]:
        return list(dict.fromkeys(self.units["group"]))

    def leaves(self) -> pd.DataFrame:
        """Leaf items with their area id, one row per (year, group, item_id)."""
        return leaves_with_area(self.methodology)
