"""cli.py: ``cchc-dash serve --data`` checks the data before serving anything."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from cchc_dash.app import cli
from cchc_dash.io.loader import ENV_VAR

SAMPLE_DIR = Path(__file__).resolve().parents[1] / "data" / "sample"


@pytest.fixture
def no_exec(monkeypatch):
    """Record what ``serve`` would exec instead of replacing the test process with Voilà;
    the environment and working directory that ``serve`` changes are restored afterwards."""
    calls: list[list[str]] = []
    monkeypatch.setattr(os, "execv", lambda path, args: calls.append(list(args)))
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setenv("JUPYTER_PATH", "")
    monkeypatch.chdir(os.getcwd())
    return calls


def test_serve_refuses_a_bad_folder_with_every_problem(tmp_path, no_exec, capsys):
    folder = tmp_path / "hong"
    shutil.copytree(SAMPLE_DIR, folder)
    scores = folder / "scores.csv"
    lines = scores.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace("2019,S01,1.1.2,", "2019,S01,1.1.2,abc")  # line 3: self_score "abc…"
    lines[3] = lines[3].replace("2019,S01,", "2019,S99,")                 # line 4: an unknown unit
    scores.write_text("".join(lines), encoding="utf-8")
    assert cli.main(["serve", "--data", str(folder)]) == 2
    assert no_exec == []  # Voilà never started
    err = capsys.readouterr().err
    assert "scores.csv, dòng/row 3, cột/column 'self_score'" in err
    assert "scores.csv, dòng/row 4, cột/column 'unit_id'" in err
    assert ENV_VAR not in os.environ


def test_serve_refuses_a_missing_path(tmp_path, no_exec, capsys):
    assert cli.main(["serve", "--data", str(tmp_path / "khong_co")]) == 2
    assert no_exec == [] and "this path does not exist" in capsys.readouterr().err


def test_serve_passes_a_good_folder_to_the_kernels(tmp_path, no_exec, monkeypatch):
    folder = tmp_path / "tot"
    shutil.copytree(SAMPLE_DIR, folder)
    monkeypatch.chdir(tmp_path)
    cli.main(["serve", "--data", "tot", "--port", "8899"])  # a relative path, made absolute
    (args,) = no_exec
    assert os.environ[ENV_VAR] == str(folder.resolve())
    assert args[1:4] == ["-m", "cchc_dash.app.serving", str(cli.ROOT / "notebooks")] and "--port=8899" in args


def test_serve_without_data_serves_the_demo(no_exec, monkeypatch):
    monkeypatch.setenv(ENV_VAR, "/somewhere/else")
    cli.main(["serve"])
    assert len(no_exec) == 1 and ENV_VAR not in os.environ


def _bad_workbook(tmp_path: Path) -> Path:
    """The template with one appraised score typed as text (sheet Điểm, row 4, column E)."""
    from openpyxl import load_workbook
    path = tmp_path / "tinh.xlsx"
    assert cli.main(["template", str(path)]) == 0
    wb = load_workbook(path)
    wb["Điểm"]["E4"] = "một"
    wb.save(path)
    return path


def test_template_compute_to_report_and_csv(tmp_path, capsys):
    from openpyxl import load_workbook
    book = tmp_path / "mau.xlsx"
    assert cli.main(["template", str(book)]) == 0
    assert cli.main(["validate", str(book)]) == 0
    assert "OK: 2 đơn vị/units, 6 dòng điểm/score rows" in capsys.readouterr().out
    assert cli.main(["compute", str(book), "--bands", "Tốt>=85; Khá>=70; Yếu", "--out", str(tmp_path / "bc.xlsx")]) == 0
    ws = load_workbook(tmp_path / "bc.xlsx")["Sở, ban, ngành"]
    assert [[c.value for c in r] for r in ws.iter_rows(min_row=3, max_row=4)] == [
        [1, "Sở Tư pháp", 4.8, 4.3, 5, 86.0, 1, "Tốt"], [2, "Sở Nội vụ", 2.6, 2.1, 3, 70.0, 2, "Khá"]]
    assert ws.oddFooter.right.text == "Thang xếp loại: Tốt>=85; Khá>=70; Yếu"
    assert ws.oddFooter.left.text == "Nguồn dữ liệu: mau.xlsx"  # the file's name, not where it lies
    assert cli.main(["compute", str(book), "--out", str(tmp_path / "kq.csv")]) == 0
    assert (tmp_path / "kq.csv").read_text(encoding="utf-8-sig").startswith("year,group,unit_id,unit_name")


def test_user_errors_exit_2_with_located_words_and_no_traceback(tmp_path, capsys):
    bad = _bad_workbook(tmp_path)
    for args in (["validate", str(bad)], ["compute", str(bad), "--out", str(tmp_path / "r.xlsx")]):
        assert cli.main(args) == 2
        err = capsys.readouterr().err
        assert "tinh.xlsx, sheet 'Điểm', dòng/row 4, cột/column 'Điểm thẩm định (E)'" in err and "Traceback" not in err
        assert "'một' không phải là số / 'một' is not a number" in err
    assert not (tmp_path / "r.xlsx").exists()
    assert cli.main(["validate", str(bad), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "tinh.xlsx, sheet 'Điểm', row 4, column 'Điểm thẩm định (E)': 'một' is not a number" in err
    assert "không phải" not in err
    assert cli.main(["validate", str(bad), "--lang", "vi"]) == 2
    assert "'một' không phải là số" in (err := capsys.readouterr().err) and "is not a number" not in err
    assert "tinh.xlsx, trang tính 'Điểm', dòng 4, cột 'Điểm thẩm định (E)': 'một' không phải là số" in err
    assert not any(word in err for word in ("row", "column", "sheet", "problem"))


@pytest.mark.parametrize("out, message", [
    ("khong_co/r.csv", "does not exist"), (".", "this is a folder"), ("r.txt", "only .xlsx (the report) or .csv")])
def test_compute_refuses_a_bad_out(tmp_path, capsys, monkeypatch, out, message):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["compute", "sample", "--out", out, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_existing_template_and_files_that_are_not_workbooks(tmp_path, capsys):
    book = tmp_path / "mau.xlsx"
    book.write_bytes(b"")
    assert cli.main(["validate", str(book), "--lang", "en"]) == 2
    assert "mau.xlsx: the file is empty (0 bytes)" in capsys.readouterr().err
    assert cli.main(["template", str(book)]) == 2
    assert "the file exists" in capsys.readouterr().err and book.read_bytes() == b""


def test_a_subprocess_run_shows_no_traceback(tmp_path):
    import subprocess
    import sys
    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(b"PK\x03\x04garbage")
    run = subprocess.run([sys.executable, "-m", "cchc_dash.app.cli", "validate", str(bad)], capture_output=True,
                         text=True)
    assert run.returncode == 2 and "Traceback" not in run.stderr and "the .xlsx file is damaged" in run.stderr


def test_serve_checks_and_passes_a_workbook(tmp_path, no_exec, capsys):
    bad = _bad_workbook(tmp_path)
    assert cli.main(["serve", "--data", str(bad)]) == 2 and no_exec == []
    assert "sheet 'Điểm', dòng/row 4" in capsys.readouterr().err
    good = tmp_path / "tot.xlsx"
    assert cli.main(["template", str(good)]) == 0
    cli.main(["serve", "--data", str(good)])
    assert len(no_exec) == 1 and os.environ[ENV_VAR] == str(good.resolve())


def test_a_workbook_without_score_rows_has_no_report(tmp_path, capsys):
    from openpyxl import load_workbook

    book = tmp_path / "trong.xlsx"
    assert cli.main(["template", str(book)]) == 0
    wb = load_workbook(book)
    wb["Điểm"].delete_rows(3, 10)
    wb["SIPAS"].delete_rows(3, 10)
    wb.save(book)
    assert cli.main(["compute", str(book), "--out", str(tmp_path / "r.xlsx"), "--lang", "en"]) == 2
    assert "trong.xlsx, sheet 'Điểm': there are no score rows (only the header)" in capsys.readouterr().err
    assert not (tmp_path / "r.xlsx").exists()


# -- messages in one language or both, outputs written, bad data (issue 15) ---------------------


@pytest.mark.parametrize(
    "lang, said", [(None, "Đã ghi mẫu / template written"), ("vi", "Đã ghi mẫu"), ("en", "Template written")]
)
def test_template_says_what_it_wrote_in_the_language_asked(tmp_path, capsys, lang, said):
    book = tmp_path / "mau.xlsx"
    assert cli.main(["template", str(book)] + (["--lang", lang] if lang else [])) == 0
    assert capsys.readouterr().out == f"{said}: {book}\n"
    assert book.read_bytes()[:2] == b"PK"  # an .xlsx is a zip archive


def test_validate_a_good_csv_folder_counts_what_it_read(tmp_path, capsys):
    from tests.test_validation_checks import write_folder

    folder = write_folder(tmp_path / "tinh")
    assert cli.main(["validate", str(folder)]) == 0
    assert capsys.readouterr().out == "OK: 2 đơn vị/units, 8 dòng điểm/score rows, năm/years [2023]\n"


@pytest.mark.parametrize(
    "lang, expected",
    [
        ("en",
         "1 data problem(s):\n- units.csv, row 3, column 'unit_name': the Tên đơn vị (unit name) cell is blank\n"),
        ("vi", "1 lỗi dữ liệu:\n- units.csv, dòng 3, cột 'unit_name': ô Tên đơn vị trống\n"),
        (
            None,
            "1 lỗi dữ liệu / data problem(s):\n- units.csv, dòng/row 3, cột/column 'unit_name': ô Tên đơn vị trống / "
            "the Tên đơn vị (unit name) cell is blank\n",
        ),
    ],
)
def test_validate_a_bad_csv_folder_prints_exactly_its_problem(tmp_path, capsys, lang, expected):
    from tests.test_validation_checks import write_folder

    folder = write_folder(tmp_path / "tinh", [("units", "U2,Sở Tư pháp,", "U2,,")])
    for command in ("validate", "compute"):
        assert cli.main([command, str(folder)] + (["--lang", lang] if lang else [])) == 2
        out = capsys.readouterr()
        assert out.err == expected and out.out == ""


def test_compute_prints_the_ranking_and_writes_the_csv(tmp_path, capsys):
    """The hand-made folder: U1 scores 10 + 20 + 12 + 30 = 72 of 100; U2 has 15 + 25 + 44 = 84 of the 84
    points that apply to it (2.1.1 does not), so 100.0. Bands Tốt ≥ 80, Khá ≥ 65."""
    import csv

    from tests.test_validation_checks import write_folder

    folder = write_folder(tmp_path / "tinh")
    assert cli.main(["compute", str(folder)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and "index" in lines[0] and "band" in lines[0]
    assert "U2" in lines[1] and "100.0" in lines[1] and "Tốt" in lines[1]
    assert "U1" in lines[2] and "72.0" in lines[2] and "Khá" in lines[2]
    out = tmp_path / "kq.csv"
    assert cli.main(["compute", str(folder), "--bands", "A>=90; B>=70; C", "--out", str(out)]) == 0
    with out.open(encoding="utf-8-sig") as f:
        rows = {r["unit_id"]: r for r in csv.DictReader(f)}
    assert {u: (float(r["index"]), r["rank"], r["band"]) for u, r in rows.items()} == {
        "U2": (100.0, "1", "A"),
        "U1": (72.0, "2", "B"),
    }


@pytest.mark.parametrize(
    "scheme, en",
    [
        ("Tốt>=80; Khá>=90; Yếu", "thresholds must decrease from the best band (80 comes before 90)"),
        ("Tốt=>80", "cannot read 'Tốt=>80': write 'Label>=number' (e.g. 'Tốt>=80')"),
    ],
)
def test_compute_refuses_a_bad_band_scheme_and_writes_nothing(tmp_path, capsys, scheme, en):
    from tests.test_validation_checks import write_folder

    out = tmp_path / "r.xlsx"
    folder = write_folder(tmp_path / "tinh")
    assert cli.main(["compute", str(folder), "--bands", scheme, "--out", str(out), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err.splitlines()[1].endswith(en) and not out.exists()


def test_serve_says_why_in_the_language_asked(tmp_path, no_exec, capsys):
    missing = tmp_path / "khong_co"
    assert cli.main(["serve", "--data", str(missing), "--lang", "en"]) == 2
    assert capsys.readouterr().err == (
        f"cchc-dash serve --data {missing}: the data cannot be served\n"
        f"1 data problem(s):\n- {missing}: this path does not exist\n"
    )
    assert cli.main(["serve", "--data", str(missing), "--lang", "vi"]) == 2
    assert capsys.readouterr().err.splitlines()[0] == f"cchc-dash serve --data {missing}: dữ liệu không dùng được"
    assert no_exec == []


@pytest.mark.parametrize("argv", [[], ["compute"], ["validate", "x", "--lang", "fr"], ["nhap"]])
def test_a_malformed_command_line_exits_2(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(argv)
    assert exit_.value.code == 2 and "usage: cchc-dash" in capsys.readouterr().err


def test_the_server_finds_the_repository_it_serves():
    """serve and bench start Voilà on the repository's notebooks/ with its voila.json and share/ template."""
    from cchc_dash.app import bench

    for root in (cli.ROOT, bench.ROOT):
        assert (root / "notebooks" / "01_tong_quan.ipynb").is_file() and (root / "voila.json").is_file()
        assert (root / "share" / "jupyter" / "voila" / "templates" / "cchc" / "static" / "cchc.css").is_file()


# --- report and check (issues 22 and 24) ----------------------------------------------------------

def test_report_writes_the_years_word_document_and_keeps_an_existing_one(tmp_path, capsys):
    import docx

    out = tmp_path / "bao_cao.docx"
    assert cli.main(["report", "sample", "--year", "2024", "--out", str(out), "--lang", "vi"]) == 0
    assert capsys.readouterr().out == f"Đã ghi báo cáo năm 2024: {out}\n"
    headings = [p.text for p in docx.Document(str(out)).paragraphs if p.style.name.startswith("Heading 1")]
    assert headings[:2] == ["Sở, ban, ngành", "UBND cấp huyện"]  # 2024 ranks both groups of the demo
    before = out.read_bytes()
    assert cli.main(["report", "sample", "--year", "2024", "--out", str(out), "--lang", "en"]) == 2
    assert "the file exists" in capsys.readouterr().err and out.read_bytes() == before
    assert cli.main(["report", "sample", "--year", "2024", "--out", str(out), "--lang", "en", "--force"]) == 0
    assert out.read_bytes() != before


def test_report_of_a_year_without_results_exits_2(tmp_path, capsys):
    assert cli.main(["report", "sample", "--year", "2031", "--out", str(tmp_path / "r.docx"), "--lang", "en"]) == 2
    assert "there are no results for 2031" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


ANNEX = ('BẢNG XẾP HẠNG CHỈ SỐ CCHC NĂM 2024\nTT,Tên đơn vị,Tổng điểm,Xếp hạng,Xếp loại\n'
         '"I. KHỐI SỞ, BAN, NGÀNH",,,,\n1,Sở A,"90,5",1,Xuất sắc\n2,Sở B,"85,25",{b},Tốt\n3,Sở C,80,{c},Tốt\n')
DECISION = ("Xuất sắc: từ 90 điểm trở lên; Tốt: từ 80 điểm đến dưới 90 điểm; Khá: từ 65 đến dưới 80 điểm; "
            "Trung bình: từ 50 đến dưới 65 điểm; Yếu: dưới 50 điểm")


def test_check_a_consistent_annex_exits_0(tmp_path, capsys):
    annex = tmp_path / "phu_luc.csv"
    annex.write_text(ANNEX.format(b=2, c=3), encoding="utf-8")
    assert cli.main(["check", str(annex), "--bands", DECISION, "--lang", "en"]) == 0
    assert capsys.readouterr().out == "phu_luc.csv: 3 units; checked rank, band: consistent\n"


def test_check_names_each_disagreement_and_exits_1(tmp_path, capsys):
    annex = tmp_path / "phu_luc.csv"
    annex.write_text(ANNEX.format(b=3, c=2), encoding="utf-8")  # B and C's ranks swapped
    assert cli.main(["check", str(annex), "--lang", "vi"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "phu_luc.csv: 3 đơn vị; đã kiểm tra xếp hạng: 2 chỗ không khớp",
        "2024 · KHỐI SỞ, BAN, NGÀNH · Sở B: xếp hạng công bố 3, xếp hạng theo điểm công bố: 2",
        "2024 · KHỐI SỞ, BAN, NGÀNH · Sở C: xếp hạng công bố 2, xếp hạng theo điểm công bố: 3",
    ]


def test_check_an_unreadable_file_exits_2(tmp_path, capsys):
    assert cli.main(["check", str(tmp_path / "khong_co.csv"), "--lang", "vi"]) == 2
    assert capsys.readouterr().err == "1 lỗi dữ liệu:\n- khong_co.csv: không tìm thấy tệp\n"


def test_publish_writes_the_static_site_and_keeps_an_earlier_one(tmp_path, capsys):
    site = tmp_path / "cong_bo"
    argv = ["publish", "sample", "--year", "2025", "--out", str(site), "--langs", "vi,en", "--lang", "en"]
    assert cli.main(argv) == 0
    assert capsys.readouterr().out == f"Static site for 2025 written: {site}\n"
    assert (site / "index.html").is_file() and (site / "en" / "index.html").is_file()
    assert "<title>" in (site / "index.html").read_text(encoding="utf-8")
    assert cli.main(["publish", "sample", "--out", str(site), "--lang", "en"]) == 2
    assert "exists" in capsys.readouterr().err
    assert cli.main(["publish", "sample", "--out", str(site), "--langs", "fr", "--force", "--lang", "en"]) == 2
    assert (site / "en" / "index.html").is_file()  # a refused request changes nothing


# -- compute --out says what it wrote; --year picks the year (issue 23, part 4) -------------------------


@pytest.mark.parametrize("lang, said", [
    ("vi", "Đã ghi bao_cao.xlsx: năm 2025, 1 khối, 17 đơn vị"),
    ("en", "Wrote bao_cao.xlsx: 2025, 1 group, 17 units"),
    (None, "Đã ghi bao_cao.xlsx: năm 2025, 1 khối, 17 đơn vị / Wrote bao_cao.xlsx: 2025, 1 group, 17 units"),
])
def test_compute_out_prints_one_line_saying_what_it_wrote(tmp_path, capsys, monkeypatch, lang, said):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["compute", "sample", "--out", "bao_cao.xlsx"] + (["--lang", lang] if lang else [])) == 0
    assert capsys.readouterr().out == said + "\n"


def test_compute_year_writes_that_years_annex_table_and_print(tmp_path, capsys, monkeypatch):
    """The demo in 2023 still has its districts (2 groups, 30 units); the table of every year counts the
    units of all of them (31: one unit founded by the 2025 merger)."""
    from openpyxl import load_workbook

    monkeypatch.chdir(tmp_path)
    assert cli.main(["compute", "sample", "--year", "2023", "--out", "bc.xlsx", "--lang", "en"]) == 0
    assert capsys.readouterr().out == "Wrote bc.xlsx: 2023, 2 groups, 30 units\n"
    wb = load_workbook(tmp_path / "bc.xlsx")
    assert wb.worksheets[0]["A1"].value == "Kết quả xác định Chỉ số CCHC năm 2023 — Sở, ban, ngành"
    assert cli.main(["compute", "sample", "--year", "2023", "--out", "kq.csv", "--lang", "vi"]) == 0
    assert capsys.readouterr().out == "Đã ghi kq.csv: năm 2023, 2 khối, 30 đơn vị\n"
    assert {line.split(",")[0] for line in (tmp_path / "kq.csv").read_text(encoding="utf-8-sig").splitlines()[1:]} \
        == {"2023"}
    assert cli.main(["compute", "sample", "--out", "kq.csv", "--lang", "vi"]) == 0
    assert capsys.readouterr().out == "Đã ghi kq.csv: năm 2019–2025, 2 khối, 31 đơn vị\n"
    assert cli.main(["compute", "sample", "--year", "2024"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == 31 and all(" 2024 " in line for line in printed[1:])


@pytest.mark.parametrize("lang, expected", [
    ("vi", "1 lỗi dữ liệu:\n- sample: không có kết quả năm 2031 (dữ liệu có: 2019–2025)\n"),
    ("en", "1 data problem(s):\n- sample: there are no results for 2031 (the data have: 2019–2025)\n"),
])
def test_compute_of_a_year_without_results_writes_nothing(tmp_path, capsys, lang, expected):
    out = tmp_path / "bc.xlsx"
    assert cli.main(["compute", "sample", "--year", "2031", "--out", str(out), "--lang", lang]) == 2
    captured = capsys.readouterr()
    assert (captured.err, captured.out) == (expected, "") and not out.exists()


@pytest.mark.parametrize("years, text", [([2025], "2025"), ([2019, 2020, 2021], "2019–2021"),
                                         ([2019, 2021], "2019, 2021")])
def test_years_are_said_as_a_range_when_they_follow_each_other(years, text):
    assert cli._years_text(years) == text


@pytest.mark.parametrize("lang, expected", [
    ("vi", "1 lỗi dữ liệu:\n- scores.csv, dòng 2, cột 'score': điểm 15,5 nằm ngoài [0; 15]\n"),
    ("en", "1 data problem(s):\n- scores.csv, row 2, column 'score': score 15.5 is outside [0, 15]\n"),
    (None, "1 lỗi dữ liệu / data problem(s):\n- scores.csv, dòng/row 2, cột/column 'score': điểm 15,5 nằm ngoài "
           "[0; 15] / score 15.5 is outside [0, 15]\n"),
])
def test_numbers_in_messages_are_written_as_each_language_writes_them(tmp_path, capsys, lang, expected):
    from tests.test_validation_checks import write_folder

    folder = write_folder(tmp_path / "tinh", [("scores", "2023,U1,1.1.1,12,10,1", "2023,U1,1.1.1,12,15.5,1")])
    assert cli.main(["validate", str(folder)] + (["--lang", lang] if lang else [])) == 2
    assert capsys.readouterr().err == expected


@pytest.mark.parametrize("lang, said", [
    ("vi", "OK: 2 đơn vị, 8 dòng điểm, năm 2023\n"),
    ("en", "OK: 2 units, 8 score rows, years 2023\n"),
])
def test_validate_says_ok_in_the_language_asked(tmp_path, capsys, lang, said):
    from tests.test_validation_checks import write_folder

    assert cli.main(["validate", str(write_folder(tmp_path / "tinh")), "--lang", lang]) == 0
    assert capsys.readouterr().out == said


def test_serve_says_a_problem_in_the_language_asked(tmp_path, no_exec, capsys):
    from tests.test_validation_checks import write_folder

    folder = write_folder(tmp_path / "tinh", [("scores", "2023,U1,1.1.1,12,10,1", ",U1,1.1.1,12,10,1")])
    assert cli.main(["serve", "--data", str(folder), "--lang", "vi"]) == 2 and no_exec == []
    assert capsys.readouterr().err == (f"cchc-dash serve --data {folder}: dữ liệu không dùng được\n1 lỗi dữ liệu:\n"
                                       "- scores.csv, dòng 2, cột 'year': ô Năm trống\n")
    assert cli.main(["serve", "--data", str(folder), "--lang", "en"]) == 2
    assert capsys.readouterr().err == (f"cchc-dash serve --data {folder}: the data cannot be served\n"
                                       "1 data problem(s):\n- scores.csv, row 2, column 'year': "
                                       "the Năm (year) cell is blank\n")


def test_template_from_data_writes_next_years_forms_and_one_departments_workbook(tmp_path, capsys):
    """The demo (Minh An) has 2019–2025: --year 2026 gives empty forms under 2025's methodology, one
    per unit alive in 2026; --unit S01 gives S01's forms only, and no SIPAS answers to fill."""
    from openpyxl import load_workbook

    nxt = tmp_path / "2026.xlsx"
    assert cli.main(["template", str(nxt), "--data", "sample", "--year", "2026", "--lang", "en"]) == 0
    assert capsys.readouterr().out.strip() == f"Template written: {nxt}"
    book = load_workbook(nxt, read_only=True)
    forms = [s for s in book.sheetnames if s.endswith(" 2026")]
    assert forms and not [s for s in book.sheetnames if s.endswith(" 2025")]
    assert "SIPAS" not in book.sheetnames
    one = tmp_path / "so_01.xlsx"
    assert cli.main(["template", str(one), "--data", "sample", "--unit", "S01"]) == 0
    book = load_workbook(one, read_only=True)
    own = [s for s in book.sheetnames if s[-4:].isdigit()]
    assert len(own) == 7 and "SIPAS" not in book.sheetnames  # S01's forms of 2019–2025
    assert load_workbook(one, read_only=True)[own[0]]["B2"].value == "S01"


def test_template_refuses_an_unknown_unit_with_the_near_code_and_year_without_data(tmp_path, capsys):
    out = tmp_path / "x.xlsx"
    assert cli.main(["template", str(out), "--data", "sample", "--unit", "s01"]) == 2
    assert ("template, cột/column '--unit': không có đơn vị 's01' trong dữ liệu; có phải là S01? / "
            "there is no unit 's01' in the data; did you mean S01?") in capsys.readouterr().err
    assert cli.main(["template", str(out), "--year", "2026"]) == 2
    assert ("--year và --unit cần --data (dữ liệu nguồn) / --year and --unit need --data (the source data)"
            in capsys.readouterr().err)
    assert not out.exists()
