"""Importing plans: folders, zips and workbooks; every problem at once; nothing written on error."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import zipfile

import duckdb
import pandas as pd
import pytest
from openpyxl import load_workbook

from store.build import SOURCE_DIR
from store.errors import ValidationError
from store.importer import import_plan, read_upload
from store.source import SPECS, read_source_folder
from store.workbook import tables_workbook, template_workbook
from tests.conftest import ROOT
from tests.test_build import snapshot


def tbc_tables(plan_id="tbc-copy") -> dict[str, pd.DataFrame]:
    tables = read_source_folder(SOURCE_DIR)
    for frame in tables.values():
        if "plan_id" in frame:
            frame["plan_id"] = plan_id
    tables["plan"]["title"] = "Copy of the TBC plan"
    return tables


def write_folder(tables, folder):
    folder.mkdir()
    for key, spec in SPECS.items():
        tables[key].to_csv(folder / spec.file, index=False)
    return folder


def zip_of(folder, path):
    with zipfile.ZipFile(path, "w") as archive:
        for file in folder.iterdir():
            archive.write(file, f"plan/{file.name}")
    return path


def plans(path):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("select p.plan_id, count(a.ref) from plan p left join action a using (plan_id) "
                           "group by all order by 1").fetchall()
    finally:
        con.close()


def test_a_second_plan_from_a_folder_lives_beside_the_first(built_db, tmp_path):
    result = import_plan(write_folder(tbc_tables(), tmp_path / "copy"), built_db, actor="Test")
    assert (result.plan_id, result.actions, result.milestones) == ("tbc-copy", 37, 77)
    assert plans(built_db) == [("tbc-copy", 37), ("tbc-rent-sip", 37)]
    assert result.backup is not None and plans(result.backup) == [("tbc-rent-sip", 37)]
    con = duckdb.connect(str(built_db), read_only=True)
    assert con.execute("select count(*) from item where plan_id = 'tbc-copy'").fetchone() == (114,)
    assert con.execute("select actor, event from audit_log order by event_id desc limit 1").fetchone() == (
        "Test", "plan_imported")
    con.close()


def test_zip_import(built_db, tmp_path):
    archive = zip_of(write_folder(tbc_tables("zipped"), tmp_path / "z"), tmp_path / "plan.zip")
    assert import_plan(archive, built_db, actor="Test").plan_id == "zipped"


def test_the_template_imports_as_it_is(built_db, tmp_path):
    path = tmp_path / "template.xlsx"
    path.write_bytes(template_workbook())
    book = load_workbook(path)
    assert book.sheetnames == ["Instructions", "plan", "themes", "actions", "milestones", "officers",
                               "officer_aliases", "assignments"]
    result = import_plan(path, built_db, actor="Test")
    assert (result.plan_id, result.actions, result.milestones) == ("example-plan", 1, 1)


def test_workbook_round_trip_of_the_tbc_plan(built_db, tmp_path):
    tables = tbc_tables("tbc-excel")
    tables["actions"].loc[0, "transcription_note"] = "=not a formula"
    path = tmp_path / "tbc.xlsx"
    path.write_bytes(tables_workbook(tables))
    cell = load_workbook(path)["actions"]["I2"]
    assert (cell.value, cell.data_type) == ("'=not a formula", "s")  # text in Excel, not a formula
    import_plan(path, built_db, actor="Test")
    con = duckdb.connect(str(built_db), read_only=True)
    got = con.execute("select ref, action_text, start_text, end_text, baseline_end, transcription_note from action "
                      "where plan_id = 'tbc-excel' order by position").fetchall()
    want = con.execute("select ref, action_text, start_text, end_text, baseline_end, transcription_note from action "
                       "where plan_id = 'tbc-rent-sip' order by position").fetchall()
    con.close()
    assert got[0][5] == "=not a formula"
    assert [r[:5] for r in got] == [r[:5] for r in want]


def broken_tables():
    tables = tbc_tables("broken")
    actions, milestones = tables["actions"], tables["milestones"]
    actions = pd.concat([actions, actions.iloc[[0]]], ignore_index=True)  # 1.1 again (row 39)
    tables["actions"] = actions
    actions.loc[2, "theme_code"] = "9"  # unknown theme (row 4)
    actions.loc[3, "end_text"] = "Smarch 18"  # unparseable date (row 5)
    actions.loc[4, "start_text"], actions.loc[4, "end_text"] = "May 17", "Dec 15"  # end before start (row 6)
    tables["milestones"] = milestones.drop(columns=["title"])  # missing column
    officers = tables["officers"]
    tables["officers"] = pd.concat([officers, pd.DataFrame([{"officer_id": "sue-philp-2", "name": "sue  PHILP",
                                                             "kind": "person"}])], ignore_index=True)
    return tables


EXPECTED_PROBLEMS = [
    "milestones.csv: column 'title' is missing.",
]
EXPECTED_AFTER_COLUMNS = [
    "actions.csv row 39: duplicate action ref 'broken / 1.1'.",
    "actions.csv row 4, column 'theme_code': theme '9' is not in themes.csv.",
    "officers.csv row 22: officer 'sue  PHILP' is spelled differently in officers.csv row 2 ('Sue Philp'); "
    "list one officer and put the other spelling in officer_aliases.csv.",
    "actions.csv row 5, column 'end_text': Date 'Smarch 18': 'smarch' is not a month name.",
    "actions.csv row 6: the end 'Dec 15' (31 Dec 2015) is before the start 'May 17' (01 May 2017).",
]


def test_every_problem_is_reported_at_once_and_nothing_is_written(built_db, tmp_path):
    before = snapshot(built_db)
    with pytest.raises(ValidationError) as err:
        import_plan(write_folder(broken_tables(), tmp_path / "broken"), built_db, actor="Test")
    assert err.value.problems == EXPECTED_PROBLEMS  # a missing column stops the checks that need it
    assert snapshot(built_db) == before
    tables = broken_tables()
    tables["milestones"] = tbc_tables("broken")["milestones"]
    with pytest.raises(ValidationError) as err:
        import_plan(write_folder(tables, tmp_path / "broken2"), built_db, actor="Test")
    assert err.value.problems == EXPECTED_AFTER_COLUMNS
    assert snapshot(built_db) == before


def test_workbook_problems_name_the_sheet(built_db, tmp_path):
    tables = tbc_tables("broken-book")
    tables["actions"].loc[3, "end_text"] = "Smarch 18"
    path = tmp_path / "broken.xlsx"
    path.write_bytes(tables_workbook(tables))
    with pytest.raises(ValidationError) as err:
        import_plan(path, built_db, actor="Test")
    assert err.value.problems == ["sheet 'actions' row 5, column 'end_text': Date 'Smarch 18': 'smarch' is not a month name."]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("plan.xlsx", b"this is not a workbook", "plan.xlsx: the file is not an Excel workbook (.xlsx)."),
        ("plan.zip", b"PK-nope", "plan.zip: the file is not a zip archive"),
        ("plan.pdf", b"%PDF", "plan.pdf: upload an Excel workbook (.xlsx or .xls), a CSV file, or a .zip of the "
                              "template's CSV files."),
    ],
)
def test_files_of_the_wrong_kind(name, data, message):
    with pytest.raises(ValidationError) as err:
        read_upload(data, name)
    assert err.value.problems[0].startswith(message)


def test_not_utf8_and_too_big_in_a_zip(tmp_path):
    folder = write_folder(tbc_tables("enc"), tmp_path / "enc")
    (folder / "actions.csv").write_bytes((folder / "actions.csv").read_text(encoding="utf-8").encode("cp1252", "replace")
                                         .replace(b"-", b"\x96"))
    big = "officer_id,name,kind\n" + "x,y,person\n" * 2_000_000
    (folder / "officers.csv").write_text(big, encoding="utf-8")
    data = zip_of(folder, tmp_path / "bad.zip").read_bytes()
    with pytest.raises(ValidationError) as err:
        read_upload(data, "bad.zip")
    problems = err.value.problems
    assert any(p.startswith("bad.zip/actions.csv: the file is not UTF-8 text") for p in problems), problems
    assert any(p.startswith("bad.zip/officers.csv: the file is 22 MB; the limit is 20 MB.") for p in problems), problems


def test_same_plan_id_needs_replace_and_an_officer_cannot_change_name(built_db, tmp_path):
    tables = tbc_tables("tbc-rent-sip")
    tables["officers"].loc[0, "name"] = "Susan Philp"
    before = snapshot(built_db)
    with pytest.raises(ValidationError) as err:
        import_plan(write_folder(tables, tmp_path / "same"), built_db, actor="Test")
    assert err.value.problems == [
        "plan.csv: a plan 'tbc-rent-sip' is already in the database. Give the new plan another plan_id, or replace "
        "the existing one (--replace on the command line).",
        "officers.csv: officer 'sue-philp' is 'Sue Philp' in the database, not 'Susan Philp'.",
    ]
    assert snapshot(built_db) == before


def test_replace(built_db, tmp_path):
    tables = tbc_tables("tbc-rent-sip")
    tables["plan"]["title"] = "Rent Service Improvement Plan (revised)"
    result = import_plan(write_folder(tables, tmp_path / "rev"), built_db, actor="Test", replace=True)
    assert result.backup.exists()
    con = duckdb.connect(str(built_db), read_only=True)
    assert con.execute("select title from plan").fetchall() == [("Rent Service Improvement Plan (revised)",)]
    assert con.execute("select count(*) from progress_update").fetchone() == (1,)  # history went with it
    con.close()


def test_cli_import(built_db, tmp_path):
    folder = write_folder(tbc_tables("cli-plan"), tmp_path / "cli")
    ok = subprocess.run([sys.executable, "-m", "store", "import", str(folder), "--db", str(built_db)],
                        cwd=ROOT, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("Imported plan 'cli-plan' (37 actions, 77 milestones)")
    again = subprocess.run([sys.executable, "-m", "store", "import", str(folder), "--db", str(built_db)],
                           cwd=ROOT, capture_output=True, text=True)
    assert again.returncode == 1 and "a plan 'cli-plan' is already in the database" in again.stderr
    assert "Traceback" not in again.stderr
    missing = subprocess.run([sys.executable, "-m", "store", "import", str(tmp_path / "nope.xlsx"), "--db",
                              str(built_db)], cwd=ROOT, capture_output=True, text=True)
    assert missing.returncode == 1 and "does not exist" in missing.stderr
