"""Regenerate data/sample/*.csv from the seeded generator: python data/make_sample.py"""

from pathlib import Path

from cchc_dash.io.synth import generate

OUT = Path(__file__).resolve().parent / "sample"

if __name__ == "__main__":
    OUT.mkdir(exist_ok=True)
    for name, frame in generate().items():
        frame.to_csv(OUT / f"{name}.csv", index=False, encoding="utf-8", lineterminator="\n")
        print(f"{name}.csv: {len(frame)} rows")
