"""CSV downloads cannot run formulas, even through a line break: a CR or LF inside a field is quoted (a
lone CR becomes LF), and a leading = + - @ TAB CR gets an apostrophe. Opened in LibreOffice headless
with formula evaluation on, every record stays one row and no cell is a formula."""

from __future__ import annotations

import shutil
import subprocess

import openpyxl
import pandas as pd
import pytest

from store.cells import csv_bytes
from tests.hostile.hostile import PAYLOAD

TEXTS = ["Agree policy\r=1+1", "Line one\n=2+2", "Windows\r\n=3+3", "\r@SUM(1,1)", "-3+3", "\t=4+4", "+5", PAYLOAD,
         '=HYPERLINK("http://evil.example","click")', "plain text"]
FRAME = pd.DataFrame({"ref": [f"1.{i}" for i in range(1, len(TEXTS) + 1)], "action_text": TEXTS,
                      "days": range(len(TEXTS))})


def test_the_bytes_quote_every_line_break_and_neutralise_leading_formula_characters():
    text = csv_bytes(FRAME).decode("utf-8-sig")
    assert text.split("\r\n")[:5] == ["ref,action_text,days", '1.1,"Agree policy\n=1+1",0', '1.2,"Line one\n=2+2",1',
                                      '1.3,"Windows\n=3+3",2', "1.4,\"'\n@SUM(1,1)\",3"]
    assert "1.5,'-3+3,4" in text and "1.6,'\t=4+4,5" in text and "1.7,'+5,6" in text
    assert "\r" not in text.replace("\r\n", "")  # no bare CR anywhere


SOFFICE = shutil.which("soffice")


@pytest.mark.skipif(not SOFFICE, reason="LibreOffice (soffice) is needed")
def test_libreoffice_reads_one_row_per_record_and_no_formula(tmp_path):
    source = tmp_path / "actions.csv"
    source.write_bytes(csv_bytes(FRAME))
    # infilter token 13 = evaluate formulas: the harshest reading a spreadsheet can give the file
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--infilter=CSV:44,34,76,1,,0,false,true,false,false,false,,true",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "out"), str(source)],
                   check=True, capture_output=True, timeout=180)
    sheet = openpyxl.load_workbook(tmp_path / "out" / "actions.xlsx").active
    rows = [[cell for cell in row] for row in sheet.iter_rows()]
    assert len(rows) == len(TEXTS) + 1
    assert not [c.coordinate for row in rows for c in row if c.data_type == "f"]
    shown = [row[1].value for row in rows[1:]]
    assert shown[0] == "Agree policy\n=1+1" and shown[2] == "Windows\n=3+3" and shown[7] == PAYLOAD
    assert [row[2].value for row in rows[1:]] == list(range(len(TEXTS)))  # every record's last cell where it was
