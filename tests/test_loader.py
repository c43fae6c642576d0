"""io/loader.py: one loader for a path, the CCHC_DATA setting, or the bundled demo."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import cchc_dash as cd
from cchc_dash.io.loader import ENV_VAR, is_bundled, load

SAMPLE_DIR = Path(__file__).resolve().parents[1] / "data" / "sample"


def copy_sample(tmp_path: Path, name: str = "tinh_b") -> Path:
    """A writable copy of the bundled CSV folder."""
    folder = tmp_path / name
    shutil.copytree(SAMPLE_DIR, folder)
    return folder


def replace_line(path: Path, line: int, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` on line ``line`` (1 = the header) of a text file."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_text("".join(lines), encoding="utf-8")


def test_no_path_and_no_setting_is_the_demo(monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    ds = load()
    assert ds.synthetic and ds.name == "Tỉnh Minh An (dữ liệu mô phỏng)"
    assert is_bundled(ds.source)
    assert cd.load is load


def test_the_setting_names_the_folder(monkeypatch, tmp_path):
    folder = copy_sample(tmp_path)
    replace_line(folder / "units.csv", 4, "Sở Tư pháp", "Sở Tư pháp tỉnh B")  # S03
    monkeypatch.setenv(ENV_VAR, str(folder))
    ds = load()
    assert "Sở Tư pháp tỉnh B" in set(ds.units["unit_name"])
    assert (ds.name, ds.source, ds.synthetic) == ("tinh_b", str(folder.resolve()), False)


def test_an_explicit_path_wins_over_the_setting(monkeypatch, tmp_path):
    folder = copy_sample(tmp_path)
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "nowhere"))
    assert load(folder).source == str(folder.resolve())


def test_the_bundled_folder_however_written_is_the_demo(monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(SAMPLE_DIR / ".." / "sample"))
    assert load().synthetic
    assert is_bundled(SAMPLE_DIR / ".." / "sample") and not is_bundled("") and not is_bundled(SAMPLE_DIR.parent)


def test_a_missing_path_is_refused_by_name(tmp_path):
    missing = tmp_path / "khong_co"
    with pytest.raises(cd.ValidationError) as exc:
        load(missing)
    (problem,) = exc.value.problems
    assert problem.source == str(missing)
    assert problem.message_vi == "không tìm thấy đường dẫn này" and problem.message_en == "this path does not exist"


@pytest.mark.parametrize("name, source, message", [
    ("notes.txt", None, "not a data folder nor an Excel workbook"),       # named by its full path
    ("tinh.xlsx", "tinh.xlsx", "not an Excel .xlsx file"),               # read as a workbook, refused by it
    ("tinh.xls", "tinh.xls", "not an Excel .xlsx file"),
])
def test_a_file_that_is_not_data_is_refused(tmp_path, name, source, message):
    other = tmp_path / name
    other.write_text("year,unit_id\n", encoding="utf-8")
    with pytest.raises(cd.ValidationError) as exc:
        load(other)
    (problem,) = exc.value.problems
    assert problem.source == (source or str(other)) and message in problem.message_en and problem.message_vi


def test_a_bad_cell_is_named_by_file_line_and_column(tmp_path):
    folder = copy_sample(tmp_path)
    replace_line(folder / "scores.csv", 5, ",True", ",maybe")  # line 5: the 4th score row
    with pytest.raises(cd.ValidationError) as exc:
        load(folder)
    where = [(p.source, p.row, p.column) for p in exc.value.problems]
    assert ("scores.csv", 5, "applicable") in where
    assert "scores.csv, dòng/row 5, cột/column 'applicable'" in str(exc.value)


def test_missing_and_unreadable_files_are_problems_not_crashes(tmp_path):
    folder = copy_sample(tmp_path)
    (folder / "units.csv").unlink()
    (folder / "methodology.csv").write_bytes(b"year,group\n\xff\xfe2019,S\n")
    (folder / "bands.csv").unlink()  # optional: not a problem
    with pytest.raises(cd.ValidationError) as exc:
        load(folder)
    by_file = {p.source: p for p in exc.value.problems}
    assert set(by_file) == {"units.csv", "methodology.csv"}
    assert "missing" in by_file["units.csv"].message_en and "UTF-8" in by_file["methodology.csv"].message_en


def test_a_workbook_is_read_by_path_and_by_setting(monkeypatch, tmp_path):
    """The demo's scores as a workbook (its 493,000 survey answers left out: writing them took 35 s
    and the answers' sheet is tested in test_excel.py) give the same indices and bands by either way."""
    from cchc_dash.io.excel import write_workbook
    sample = cd.load_sample()
    sample = sample.replace(sipas_answers=sample.sipas_answers.iloc[:0])
    path = write_workbook(sample, tmp_path / "tinh_c.xlsx")
    monkeypatch.setenv(ENV_VAR, str(path))
    ds = load()
    assert (ds.name, ds.source, ds.synthetic) == ("tinh_c", str(path.resolve()), False)
    assert len(ds.scores) == len(sample.scores) and ds.years == list(range(2019, 2026))
    csv, xlsx = cd.compute(sample), cd.compute(load(path))
    assert xlsx["index"].tolist() == csv["index"].tolist() and xlsx["band"].tolist() == csv["band"].tolist()



def test_a_formula_or_an_excel_error_in_a_csv_is_said_as_such(tmp_path):
    """A CSV saved from Excel keeps "=B2*0.5" or "#DIV/0!" where a formula was not pasted as a value:
    the problem says so (and where), instead of a bare "not a number"."""
    folder = copy_sample(tmp_path)
    replace_line(folder / "scores.csv", 3, "2019,S01,1.1.2,1.25,0.75,", "2019,S01,1.1.2,1.25,=B2*0.5,")
    replace_line(folder / "scores.csv", 4, "2019,S01,1.2.1,0.75,", "2019,S01,1.2.1,#DIV/0!,")
    with pytest.raises(cd.ValidationError) as exc:
        load(folder)
    by_cell = {(p.source, p.row, p.column): p for p in exc.value.problems}
    formula, error = by_cell[("scores.csv", 3, "score")], by_cell[("scores.csv", 4, "self_score")]
    assert "'=B2*0.5' là công thức, không phải giá trị" in formula.message_vi
    assert "is a formula, not a value" in formula.message_en and "paste as values" in formula.message_en
    assert "'#DIV/0!' là lỗi của một công thức Excel" in error.message_vi
    assert "the error of an Excel formula" in error.message_en


def test_a_folder_lists_its_units_not_assessed_in_not_assessed_csv(tmp_path):
    """S03's 2025 score rows removed: refused at its units.csv line; with not_assessed.csv naming it,
    the folder loads, and a problem in that file names its line."""
    import pandas as pd

    folder = copy_sample(tmp_path)
    scores = pd.read_csv(folder / "scores.csv", dtype=str, keep_default_na=False)
    scores[~((scores["unit_id"] == "S03") & (scores["year"] == "2025"))].to_csv(folder / "scores.csv", index=False)
    with pytest.raises(cd.ValidationError) as exc:
        load(folder)
    assert [(p.source, p.row, p.column) for p in exc.value.problems] == [("units.csv", 4, "unit_id")]
    (folder / "not_assessed.csv").write_text("year,unit_id,reason\n2025,S03,Đang kiện toàn tổ chức\n", encoding="utf-8")
    assert load(folder).not_assessed.values.tolist() == [[2025, "S03", "Đang kiện toàn tổ chức"]]
    (folder / "not_assessed.csv").write_text("year,unit_id,reason\n2025,S03,\n", encoding="utf-8")
    with pytest.raises(cd.ValidationError) as exc:
        load(folder)
    assert [(p.source, p.row, p.column) for p in exc.value.problems] == [("not_assessed.csv", 2, "reason")]



def test_a_folder_of_workbooks_is_read_as_workbooks_and_a_csv_folder_stays_csv(tmp_path):
    """The rule of io/loader.py: a folder with methodology.csv is a CSV folder (an .xlsx beside the CSV files,
    e.g. a report, is not read); a folder of .xlsx files without it is read as workbooks together."""
    from cchc_dash.io.excel import example_dataset

    folder = copy_sample(tmp_path)
    cd.write_workbook(example_dataset(), folder / "mau.xlsx")
    assert load(folder).name == "tinh_b" and len(load(folder).units) == len(cd.load_sample().units)
    books = tmp_path / "phieu"
    books.mkdir()
    cd.write_workbook(example_dataset(), books / "tinh.xlsx")
    ds = load(books)
    # The template's example by hand: S01 (1 + 1.5 + 1.8) / 5 = 86 %, S02 (0.5 + 1.6) / 3 = 70 %.
    assert (ds.name, ds.source) == ("phieu", str(books.resolve()))
    assert dict(zip(cd.compute(ds)["unit_id"], cd.compute(ds)["index"].round(6))) == {"S01": 86.0, "S02": 70.0}
