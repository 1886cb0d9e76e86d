"""``--docx``: APA tables as a Word document; right to left in Persian; opens in LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
import zipfile

import pytest

from cemsurvey.report.docx import docx_bytes
from cemsurvey.report.i18n import Translator
from cemsurvey.report.tables import Table, Verdict

TABLE = Table("rel", "Reliability per construct", ["construct", "n", "alpha", "p", "verdict"],
              [["PE", 300, 0.8512, 0.0004, Verdict("pass", "alpha >= .70", "Nunnally (1978)")],
               ["EE", 300, 0.6123, 0.2, Verdict("fail", "alpha >= .70", "Nunnally (1978)")]],
              {"n": "d", "alpha": ".3f"}, ["alpha: Cronbach (1951)."])


def _xml(data: bytes) -> str:
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as z:
        return z.read("word/document.xml").decode("utf-8")


def test_english_document_has_numbered_titled_tables_notes_and_italic_symbols():
    xml = _xml(docx_bytes([TABLE, TABLE], title="Study"))
    assert "Table 1" in xml and "Table 2" in xml and "Reliability per construct" in xml
    assert "Note." in xml and "alpha: Cronbach (1951)." in xml and "0.851" in xml
    assert "&lt; .001" in xml and "alpha &gt;= .70 (Nunnally (1978))" in xml
    assert "<w:bidi/>" not in xml and "bidiVisual" not in xml
    # the header "n" and "p" are italic runs
    assert xml.count("<w:i/>") >= 2 * 2 + 2


def test_persian_document_is_right_to_left_with_persian_font_and_digits():
    tr = Translator("fa", "fa")
    xml = _xml(docx_bytes([tr.table(TABLE)], title="مطالعه", rtl=True, tr=tr))
    assert "<w:bidi/>" in xml and "<w:bidiVisual/>" in xml and "<w:rtl/>" in xml
    assert 'w:cs="Vazirmatn"' in xml
    assert "جدول ۱" in xml and "پایایی هر سازه" in xml and "یادداشت." in xml
    assert "۰٫۸۵۱" in xml and "Nunnally (1978)" in xml  # citations stay as published


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed: the .docx is not converted")
def test_libreoffice_converts_the_persian_document(tmp_path):
    tr = Translator("fa", "fa")
    doc = tmp_path / "tables.docx"
    doc.write_bytes(docx_bytes([tr.table(TABLE)] * 3, title="مطالعه", rtl=True, tr=tr))
    proc = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(doc)],
                          capture_output=True, text=True, timeout=300, check=False)
    pdf = tmp_path / "tables.pdf"
    assert pdf.exists(), proc.stderr[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 5000


def test_analyze_writes_docx_and_never_over_an_input(cli, tmp_path):
    from tests.conftest import REFERENCE

    sim, model = REFERENCE / "data" / "sim28.csv", REFERENCE / "data" / "sim28.yaml"
    out = tmp_path / "tables.docx"
    code, _, err = cli(["analyze", sim, "-m", model, "--steps", "reliability", "--docx", out])
    assert code == 0, err
    assert "Reliability per construct" in _xml(out.read_bytes()) and f"wrote {out}" in err
    code, _, err = cli(["analyze", sim, "-m", model, "--steps", "reliability", "--docx", sim,
                        "--force"])
    assert code != 0 and sim.read_bytes()[:4] != b"PK\x03\x04"
