"""Scenario files (cchc_dash/io/scenario_files.py): JSON written atomically, read back word for word,
and every malformed, foreign, oversized or wrongly encoded file refused with its problem named."""

from __future__ import annotations

import json

import pytest

import cchc_dash as cd
from cchc_dash.analyses import whatif as w
from cchc_dash.io import scenario_files as sf

from .handmade import YEAR, G
from .test_whatif import full_scenario, refused


def test_scenario_round_trip(tmp_path):
    path = sf.save_scenario(full_scenario(), tmp_path / "kich_ban.json")
    back = sf.load_scenario(path)
    assert (back.name, back.author, back.changes, back.max_points) == (
        "Sở Tư pháp đạt Tốt",
        "Phòng CCHC",
        (w.ScoreChange(YEAR, "U3", "2.1.2", 39.5),),
        (w.MaxChange(YEAR, G, "1.1.1", 16.0),),
    )
    assert back.schemes[(YEAR, G)].to_text() == "Tốt>=85; Khá>=75; Yếu"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema"] == "cchc_dash/scenario" and data["version"] == 1 and data["created"]


def test_an_existing_file_is_not_clobbered(tmp_path):
    path = tmp_path / "kich_ban.json"
    path.write_bytes(b"keep me")
    with pytest.raises(cd.ValidationError) as err:
        sf.save_scenario(full_scenario(), path)
    assert "exists" in str(err.value) and path.read_bytes() == b"keep me"
    sf.save_scenario(full_scenario(), path, overwrite=True)
    assert sf.load_scenario(path).name == "Sở Tư pháp đạt Tốt"
    assert [p.name for p in tmp_path.iterdir()] == ["kich_ban.json"]  # no temporary file left


@pytest.mark.parametrize(
    "content, needle",
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not valid JSON"),
        (b'{"schema": "something/else"}', "not a cchc_dash scenario"),
        (b'{"schema": "cchc_dash/scenario", "version": 99}', "version 99"),
        (b'{"schema": "cchc_dash/scenario", "version": 1, "changes": [{"year": "2023"}]}', "malformed"),
        (
            b'{"schema": "cchc_dash/scenario", "version": 1, "schemes": '
            b'[{"year": 2023, "group": "G", "scheme": "Tot>>1"}]}',
            "cannot read",
        ),
    ],
)
def test_corrupt_or_foreign_files_are_refused(tmp_path, content, needle):
    path = tmp_path / "x.json"
    path.write_bytes(content)
    with pytest.raises(cd.ValidationError) as err:
        sf.load_scenario(path)
    assert needle in str(err.value) and "x.json" in str(err.value)


def test_scenario_json_text_word_for_word():
    """UTF-8 text as typed (not \\u escapes), indented by 2; the creation time is kept."""
    sc = w.Scenario(
        "Sở Tư pháp",
        [w.ScoreChange(YEAR, "U3", "2.1.2", 39.5)],
        {(YEAR, G): "Tốt>=85; Khá"},
        [w.MaxChange(YEAR, G, "1.1.1", 16.0)],
        author="Phòng CCHC",
        created="2024-05-01T08:00:00+00:00",
    )
    assert (
        sf.scenario_to_json(sc)
        == """{
  "schema": "cchc_dash/scenario",
  "version": 1,
  "name": "Sở Tư pháp",
  "author": "Phòng CCHC",
  "created": "2024-05-01T08:00:00+00:00",
  "changes": [
    {
      "year": 2023,
      "unit_id": "U3",
      "item_id": "2.1.2",
      "score": 39.5
    }
  ],
  "max_points": [
    {
      "year": 2023,
      "group": "Sở, ban, ngành",
      "item_id": "1.1.1",
      "max_points": 16.0
    }
  ],
  "schemes": [
    {
      "year": 2023,
      "group": "Sở, ban, ngành",
      "scheme": "Tốt>=85; Khá"
    }
  ]
}"""
    )
    back = sf.scenario_from_json(sf.scenario_to_json(sc))  # text, not bytes, is read too
    assert (back.name, back.author, back.created) == ("Sở Tư pháp", "Phòng CCHC", "2024-05-01T08:00:00+00:00")
    assert sf.scenario_to_dict(w.Scenario("x"))["created"].endswith("+00:00")  # stamped in UTC when not given


def test_a_minimal_scenario_file_gets_the_defaults():
    sc = sf.scenario_from_dict({"schema": "cchc_dash/scenario", "version": 1})
    assert (sc.name, sc.author, sc.created, sc.changes, sc.max_points, sc.schemes) == ("kịch bản", "", "", (), (), {})


SCHEMA_OK = '"schema": "cchc_dash/scenario", "version": 1'


@pytest.mark.parametrize(
    "content, column, vi, en",
    [
        (
            '{"schema": "something/else"}',
            "schema",
            "đây không phải tệp kịch bản của cchc_dash",
            "this is not a cchc_dash scenario file",
        ),
        ("[1, 2]", "schema", "đây không phải tệp kịch bản của cchc_dash", "this is not a cchc_dash scenario file"),
        (
            '{"schema": "cchc_dash/scenario", "version": 99}',
            "version",
            "phiên bản 99 không được hỗ trợ (cần 1)",
            "version 99 is not supported (expected 1)",
        ),
        (
            '{"schema": "cchc_dash/scenario", "version": "1"}',
            "version",
            "phiên bản '1' không được hỗ trợ (cần 1)",
            "version '1' is not supported (expected 1)",
        ),
        (
            '{"schema": "cchc_dash/scenario"}',
            "version",
            "phiên bản None không được hỗ trợ (cần 1)",
            "version None is not supported (expected 1)",
        ),
        (
            f'{{{SCHEMA_OK}, "changes": [{{"year": "2023", "unit_id": "U3", "item_id": "2.1.2", "score": 1}}]}}',
            None,
            "nội dung không hợp lệ (expected a whole number, got '2023')",
            "malformed content (expected a whole number, got '2023')",
        ),
        (
            f'{{{SCHEMA_OK}, "changes": [{{"year": true, "unit_id": "U3", "item_id": "2.1.2", "score": 1}}]}}',
            None,
            "nội dung không hợp lệ (expected a whole number, got True)",
            "malformed content (expected a whole number, got True)",
        ),
        (
            f'{{{SCHEMA_OK}, "changes": {{"year": 2023}}}}',
            None,
            "nội dung không hợp lệ (expected a list, got dict)",
            "malformed content (expected a list, got dict)",
        ),
        (
            f'{{{SCHEMA_OK}, "max_points": [{{"year": 2023, "group": 5, "item_id": "1.1.1", "max_points": 16}}]}}',
            None,
            "nội dung không hợp lệ (expected text, got int)",
            "malformed content (expected text, got int)",
        ),
        (
            f'{{{SCHEMA_OK}, "changes": [{{"year": 2023, "unit_id": "U3", "item_id": "2.1.2"}}]}}',
            None,
            "nội dung không hợp lệ ('score')",
            "malformed content ('score')",
        ),
        (
            f'{{{SCHEMA_OK}, "schemes": [{{"year": 2023, "group": "G", "scheme": "Tot>>1"}}]}}',
            "schemes",
            "không hiểu 'Tot>>1': viết 'Tên>=số' (ví dụ 'Tốt>=80')",
            "cannot read 'Tot>>1': write 'Label>=number' (e.g. 'Tốt>=80')",
        ),
    ],
)
def test_foreign_or_malformed_scenarios_are_refused_word_for_word(tmp_path, content, column, vi, en):
    path = tmp_path / "x.json"
    path.write_text(content, encoding="utf-8")
    assert refused(lambda: sf.load_scenario(path)) == [("x.json", None, column, vi, en)]
    assert refused(lambda: sf.scenario_from_json(content)) == [("scenario", None, column, vi, en)]
    assert refused(lambda: sf.scenario_from_dict(json.loads(content))) == [("scenario", None, column, vi, en)]


def test_unreadable_files_are_refused_word_for_word(tmp_path):
    """A JSON error names its line; a file that is not UTF-8 (here UTF-16) is refused as such;
    a missing file is named by its path."""
    bad = '{\n  "schema": "cchc_dash/scenario",\n  "version": 1,\n}'
    assert refused(lambda: sf.scenario_from_json(bad, "a.json")) == [
        (
            "a.json",
            4,
            None,
            "tệp không phải JSON hợp lệ (UTF-8)",
            "the file is not valid JSON (UTF-8): Expecting property name enclosed in double quotes: "
            "line 4 column 1 (char 52)",
        )
    ]
    utf16 = f"{{{SCHEMA_OK}}}".encode("utf-16")
    assert refused(lambda: sf.scenario_from_json(utf16, "b.json")) == [
        (
            "b.json",
            None,
            None,
            "tệp không phải JSON hợp lệ (UTF-8)",
            "the file is not valid JSON (UTF-8): 'utf-8' codec can't decode byte 0xff in position 0: "
            "invalid start byte",
        )
    ]
    missing = tmp_path / "không_có.json"
    assert refused(lambda: sf.load_scenario(missing)) == [
        (str(missing), None, None, "không tìm thấy tệp", "file not found")
    ]


def test_a_file_over_the_size_limit_is_refused_and_one_at_it_is_read():
    """2,000,000 bytes is the most a scenario file may have."""
    head, tail = f'{{{SCHEMA_OK}, "name": "', '"}'
    at_limit = head + "x" * (sf.MAX_FILE_BYTES - len(head) - len(tail)) + tail
    assert len(at_limit) == sf.MAX_FILE_BYTES and len(sf.scenario_from_json(at_limit).name) > 1_000_000
    assert refused(lambda: sf.scenario_from_json(at_limit + " ", "big.json")) == [
        ("big.json", None, None, "tệp quá lớn để là một kịch bản", "the file is too large to be a scenario")
    ]


def test_a_scenario_nested_too_deep_is_said_to_be_no_scenario():
    """100,000 nested brackets: not a RecursionError, the scenario file's own refusal."""
    with pytest.raises(cd.ValidationError) as err:
        sf.scenario_from_json("[" * 100_000 + "]" * 100_000, "sau.json")
    assert [(p.source, p.message_vi, p.message_en) for p in err.value.problems] == [
        ("sau.json", "tệp kịch bản không hợp lệ: cấu trúc lồng nhau quá sâu",
         "not a valid scenario file: nested too deep")]
