"""Regenerate data/sample/*.csv from the seeded generator: python data/make_sample.py

The survey answers (cchc_dash.io.csv_folder.GENERATED) are not committed: load_sample() writes them
from the same generator when they are missing.
"""

from pathlib import Path

from cchc_dash.io.csv_folder import write_sample_csv
from cchc_dash.io.synthetic import generate

OUT = Path(__file__).resolve().parent / "sample"

if __name__ == "__main__":
    OUT.mkdir(exist_ok=True)
    for name, frame in generate().items():
        write_sample_csv(frame, OUT / f"{name}.csv")
        print(f"{name}.csv: {len(frame)} rows")
