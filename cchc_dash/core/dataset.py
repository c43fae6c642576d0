"""The :class:`Dataset`: one province's frames (DESIGN §2), validated when it is built."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .errors import Located, Problem, ValidationError
from .methodology import leaves_with_area
from .validation import (
    ScoreKeys,
    normalise_bands,
    normalise_methodology,
    normalise_scores,
    normalise_sipas_answers,
    normalise_sipas_questions,
    normalise_units,
)


@dataclass
class Dataset:
    """All the frames of one province's data (DESIGN §2), validated on construction.

    Build it with frames; construction normalises (NFC names, numeric types) and raises
    :class:`ValidationError` listing every problem. ``sources`` maps a frame name to a
    :class:`Located` so that problems name the file, sheet and row it came from.
    """

    methodology: pd.DataFrame
    units: pd.DataFrame
    scores: pd.DataFrame
    # Frames left out are empty; their normalisers give them their columns.
    bands: pd.DataFrame = field(default_factory=pd.DataFrame)
    sipas_questions: pd.DataFrame = field(default_factory=pd.DataFrame)
    sipas_answers: pd.DataFrame = field(default_factory=pd.DataFrame)
    reference: pd.DataFrame = field(default_factory=pd.DataFrame)
    name: str = "dataset"
    synthetic: bool = False
    #: Where the data came from (a folder or file path, or "" for frames built in memory),
    #: shown on every dashboard so that a reader knows what the figures are.
    source: str = ""
    sources: dict[str, Located] = field(default_factory=dict, repr=False)
    #: The score rows' integer codes, from validation; scoring reuses them (see ``ScoreKeys``).
    score_keys: ScoreKeys | None = field(init=False, default=None, repr=False)

    def __post_init__(self) -> None:
        problems: list[Problem] = []
        loc = {k: self.sources.get(k, Located(k))
               for k in ("methodology", "units", "scores", "bands", "sipas_questions", "sipas_answers")}
        self.methodology = normalise_methodology(self.methodology, loc["methodology"], problems)
        self.units = normalise_units(self.units, loc["units"], problems)
        # Scores are checked even when the tree or the unit list has problems: the user
        # should see every problem at once, not one layer per attempt.
        self.scores, self.score_keys = normalise_scores(
            self.scores, self.methodology, self.units, loc["scores"], problems
        )
        self.bands = normalise_bands(self.bands, loc["bands"], problems)
        self.sipas_questions = normalise_sipas_questions(self.sipas_questions, loc["sipas_questions"], problems)
        self.sipas_answers = normalise_sipas_answers(
            self.sipas_answers, self.sipas_questions, self.units, loc["sipas_answers"], problems
        )
        if problems:
            raise ValidationError(problems)

    @property
    def years(self) -> list[int]:
        return sorted(int(y) for y in self.scores["year"].dropna().unique())

    @property
    def groups(self) -> list[str]:
        return list(dict.fromkeys(self.units["group"]))

    def leaves(self) -> pd.DataFrame:
        """Leaf items with their area id, one row per (year, group, item_id)."""
        return leaves_with_area(self.methodology)
