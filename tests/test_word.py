"""io/word.py: the profile document opens again with python-docx and holds the paragraph, figures and lists."""

from __future__ import annotations

import io

import docx
import pytest

import cchc_dash as cd
from cchc_dash.io.word import profile_docx, write_profile_docx
from cchc_dash.render import charts
from cchc_dash.render.highlights import unit_paragraph

from .handmade import two_years


@pytest.fixture(scope="module")
def b_2023():
    ds = two_years()
    return cd.profile(cd.compute(ds), "B", 2023, ds)


def test_document_holds_paragraph_figures_charts_and_lists(b_2023):
    text = unit_paragraph(b_2023, "vi")
    data = profile_docx(b_2023, text, [charts.area_profile_chart(b_2023.areas, 2023, "vi")], "Tỉnh thử — /tmp/x")
    document = docx.Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "Hồ sơ đơn vị: Đơn vị B — 2023" and text in paragraphs
    figures = document.tables[0]
    assert [c.text for c in figures.rows[1].cells] == ["80,00", "2/3", "Tốt", "83,50"]
    cuts = document.tables[2]  # weaknesses, cuts, headroom follow the figures
    assert [c.text for c in cuts.rows[0].cells] == ["Tiêu chí thành phần", "Tự chấm", "Thẩm định", "Bị trừ"]
    assert [c.text for c in cuts.rows[1].cells] == ["1.1 Tiêu chí 1.1 › 1.1.1 Tiêu chí thành phần 1.1.1", "15,00",
                                                    "12,00", "3,00"]
    assert len(document.inline_shapes) == 1 and document.inline_shapes[0].width > 0
    assert paragraphs[-1] == "Dữ liệu: Tỉnh thử — /tmp/x"


def test_written_atomically_and_never_over_another_file(tmp_path, b_2023):
    path = tmp_path / "ho_so.docx"
    path.write_bytes(b"keep")
    with pytest.raises(cd.ValidationError):
        write_profile_docx(path, b_2023, "x", [], "src")
    assert path.read_bytes() == b"keep"
    write_profile_docx(path, b_2023, "đoạn văn", [], "src", overwrite=True)
    assert "đoạn văn" in [p.text for p in docx.Document(str(path)).paragraphs]
