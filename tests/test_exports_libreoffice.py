"""The workbook opened in a real spreadsheet: LibreOffice headless converts it to PDF and CSV (and
back to xlsx, to read the row heights it laid out). Wrapped text gets tall rows, formula-like text
shows as typed with no visible apostrophe, and the headline numbers are those of the screen.
Skipped where LibreOffice is not installed (Debian: libreoffice-calc-nogui) except in CI (CI=true),
where a missing LibreOffice fails the run: `make test` installs it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from components.export import build_workbook
from components.tables import REF_TITLES, csv_bytes, screen_titles
from tests.export_frames import EVIL_FORMULA, make_actions, make_pack, pack  # noqa: F401 (fixture)

SOFFICE = shutil.which("soffice")
if os.environ.get("CI") == "true" and not (SOFFICE and shutil.which("pdftotext")):
    raise RuntimeError("CI needs LibreOffice (soffice) and poppler (pdftotext): `make test` installs them.")
pytestmark = pytest.mark.skipif(not SOFFICE or not shutil.which("pdftotext"),
                                reason="LibreOffice (soffice) and pdftotext are needed")


def _convert(xlsx: Path, to: str, out: Path) -> Path:
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{out}/profile", "--headless", "--convert-to", to,
                    "--outdir", str(out), str(xlsx)], check=True, capture_output=True, timeout=180)
    return out / f"{xlsx.stem}.{to.split(':')[0]}"


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lo")
    actions = make_actions()
    actions.loc[0, "last_commentary"] = "First line of a long commentary.\nSecond line.\nThird line: " + "x " * 80
    xlsx = folder / "pack.xlsx"
    xlsx.write_bytes(build_workbook(make_pack(actions, {})))
    return {"xlsx": xlsx, "pdf": _convert(xlsx, "pdf", folder),
            "roundtrip": _convert(xlsx, "xlsx:Calc MS Excel 2007 XML", folder / "rt"),
            "csv": _convert(xlsx, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,3",
                            folder / "csv")}


def test_rows_with_wrapped_text_are_tall_enough_in_libreoffice(converted):
    ws = openpyxl.load_workbook(converted["roundtrip"])["Actions"]
    heights = {row[0].value: ws.row_dimensions[row[0].row].height for row in ws.iter_rows(min_row=2)}
    first = next(iter(heights))
    assert heights[first] and heights[first] >= 15 * 5  # three lines, the last wrapping: at least five lines


def test_no_visible_apostrophe_and_the_headline_numbers_in_the_pdf(converted):
    text = subprocess.run(["pdftotext", "-layout", str(converted["pdf"]), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "'=" not in text and "'-2 days" not in text and "'@" not in text
    assert EVIL_FORMULA.split("(")[0] in text  # shown as typed, as text
    assert "1 of 4" in text and "152 days" in text  # the headline as on the screen


def test_the_csv_of_the_actions_sheet_has_no_apostrophes_and_refs_as_text(converted):
    csv = next(converted["csv"].parent.glob("*Actions*.csv"), None) or converted["csv"]
    frame = pd.read_csv(csv, dtype=str, keep_default_na=False)
    assert not frame.apply(lambda col: col.str.startswith("'")).any().any()
    assert "1.1" in set(frame.iloc[:, 1]) | set(frame.iloc[:, 0])


def test_a_tables_csv_opens_in_libreoffice_with_refs_as_typed(tmp_path):
    frame = pd.DataFrame({"item_ref": ["1.10", "2.3.1", "6a.8"], "action_text": ["=1+1", "Agree", "Plan"]})
    (tmp_path / "late.csv").write_bytes(csv_bytes(screen_titles(frame), REF_TITLES))
    out = tmp_path / "out"
    # opened as LibreOffice's import dialog offers it for this file: comma-separated, UTF-8 (76)
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{out}/profile", "--headless", "--infilter=CSV:44,34,76,1",
                    "--convert-to", "xlsx", "--outdir", str(out), str(tmp_path / "late.csv")],
                   check=True, capture_output=True, timeout=180)
    ws = openpyxl.load_workbook(out / "late.xlsx", data_only=True).active  # the values Calc shows
    assert [[c.value for c in row] for row in ws.iter_rows()] == [
        ["Ref", "Action"], ["1.10", "'=1+1"], ["2.3.1", "Agree"], ["6a.8", "Plan"]]  # 1.10 as text, not 1.1
