"""Tiny datasets built by hand, shared by the scoring and what-if tests.

Every number in them is typed here, so that the expectations in the tests can be worked
out by hand from these lines and never come from the package.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import cchc_dash as cd

YEAR = 2023
G = "Sở, ban, ngành"
SCORE_COLUMNS = ["year", "unit_id", "item_id", "self_score", "score", "applicable"]


def methodology(areas: dict[str, list[float]], year: int = YEAR, group: str = G) -> pd.DataFrame:
    """Areas → one criterion each ("<a>.1") → leaves "<a>.1.<i>" with the given maxima."""
    rows = []
    for a, leaves in areas.items():
        total = sum(leaves)
        rows.append((year, group, a, None, "area", f"Lĩnh vực {a}", total, "assessed"))
        rows.append((year, group, f"{a}.1", a, "criterion", f"Tiêu chí {a}.1", total, "assessed"))
        for i, mx in enumerate(leaves, start=1):
            rows.append((year, group, f"{a}.1.{i}", f"{a}.1", "item", f"Tiêu chí thành phần {a}.1.{i}", mx, "assessed"))
    return pd.DataFrame(
        rows, columns=["year", "group", "item_id", "parent_id", "level", "name_vi", "max_points", "kind"]
    )


def units(ids: list[str], group: str = G) -> pd.DataFrame:
    return pd.DataFrame({"unit_id": ids, "unit_name": [f"Đơn vị {u}" for u in ids], "group": group})


def scores(table: dict[str, dict[str, float | None | tuple]], year: int = YEAR) -> pd.DataFrame:
    """{unit: {leaf: score | (score, self_score) | None (không áp dụng)}} → score rows."""
    rows = []
    for unit, leaves in table.items():
        for leaf, v in leaves.items():
            if v is None:
                rows.append((year, unit, leaf, np.nan, np.nan, False))
            elif isinstance(v, tuple):
                rows.append((year, unit, leaf, v[1], v[0], True))
            else:
                rows.append((year, unit, leaf, np.nan, v, True))
    return pd.DataFrame(rows, columns=SCORE_COLUMNS)


def by_unit(res: pd.DataFrame) -> pd.DataFrame:
    return res.set_index("unit_id")


# Two areas: area 1 = leaves 15 + 25 = 40 points, area 2 = leaves 16 + 44 = 60 points; 100 in all.
AREAS = {"1": [15, 25], "2": [16, 44]}


def five_units() -> cd.Dataset:
    """Five departments; U5 is like Thanh Hóa's Ban Dân tộc 2023 (leaf 2.1.1 not applicable)."""
    table = {
        # score (self score where the unit gave one)
        "U1": {"1.1.1": (14.0, 15.0), "1.1.2": 22.0, "2.1.1": (15.0, 16.0), "2.1.2": (40.0, 41.5)},  # 91
        "U2": {"1.1.1": 12.0, "1.1.2": 20.0, "2.1.1": 14.0, "2.1.2": 34.0},  # 80
        "U3": {"1.1.1": 10.0, "1.1.2": 18.5, "2.1.1": 12.0, "2.1.2": 30.0},  # 70.5
        "U4": {"1.1.1": 15.0, "1.1.2": 25.0, "2.1.1": 16.0, "2.1.2": 44.0},  # 100
        "U5": {"1.1.1": 12.5, "1.1.2": 20.82, "2.1.1": None, "2.1.2": 35.0},  # 68.32 / 84
    }
    return cd.Dataset(
        methodology=methodology(AREAS),
        units=units(list(table)),
        scores=scores(table),
        bands=cd.BandScheme.parse("Xuất sắc>=90; Tốt>=80; Khá>=65; Trung bình>=50; Yếu").to_frame(YEAR, G),
    )


def two_years() -> cd.Dataset:
    """2022: A 88, B 80, C 80, D 70 (B and C tied 2nd); 2023: A 100, B 80, E 70.5, where E
    is C and D merged. B self-scored 15 on 1.1.1 in 2023 and was appraised 12 (a cut of 3)."""
    meth = pd.concat([methodology(AREAS, year=2022), methodology(AREAS, year=2023)], ignore_index=True)
    uu = units(["A", "B", "C", "D", "E"])
    uu["successor_id"] = [None, None, "E", "E", None]
    uu["valid_to"] = [None, None, 2022, 2022, None]  # C and D end when they merge into E
    uu["valid_from"] = [None, None, None, None, 2023]
    table_2022 = {
        "A": {"1.1.1": 15.0, "1.1.2": 25.0, "2.1.1": 14.0, "2.1.2": 34.0},
        "B": {"1.1.1": 10.0, "1.1.2": 20.0, "2.1.1": 10.0, "2.1.2": 40.0},
        "C": {"1.1.1": 15.0, "1.1.2": 25.0, "2.1.1": 16.0, "2.1.2": 24.0},
        "D": {"1.1.1": 10.0, "1.1.2": 20.0, "2.1.1": 10.0, "2.1.2": 30.0},
    }
    table_2023 = {
        "A": {"1.1.1": 15.0, "1.1.2": 25.0, "2.1.1": 16.0, "2.1.2": 44.0},
        "B": {"1.1.1": (12.0, 15.0), "1.1.2": 20.0, "2.1.1": 14.0, "2.1.2": 34.0},
        "E": {"1.1.1": 10.0, "1.1.2": 18.5, "2.1.1": 12.0, "2.1.2": 30.0},
    }
    scheme = cd.BandScheme.parse("Xuất sắc>=90; Tốt>=80; Khá>=65; Trung bình>=50; Yếu")
    return cd.Dataset(
        methodology=meth,
        units=uu,
        scores=pd.concat([scores(table_2022, 2022), scores(table_2023, 2023)], ignore_index=True),
        bands=pd.concat([scheme.to_frame(2022, G), scheme.to_frame(2023, G)], ignore_index=True),
    )
