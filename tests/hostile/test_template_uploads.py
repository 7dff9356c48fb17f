"""Broken and hostile template uploads (a .zip of the seven CSVs, or the workbook): each is refused
with a plain message naming the file, sheet, row or column, and no table of the database changes."""

from __future__ import annotations

import io

import openpyxl
import pytest

from store.errors import ValidationError
from store.importer import import_plan, read_upload
from store.workbook import tables_workbook
from tests.hostile.hostile import (PAYLOAD, corrupt_crc, corrupt_member_data, encrypted_flag, plan_tables,
                                   row_counts, template_zip)


def refused(built_db, tmp_path, name: str, data: bytes) -> list[str]:
    """Import the file through the same path as the CLI; return the problems; no table may change."""
    path = tmp_path / name
    path.write_bytes(data)
    before = row_counts(built_db)
    with pytest.raises(ValidationError) as err:
        import_plan(path, built_db, actor="Test")
    assert row_counts(built_db) == before
    return err.value.problems


DAMAGED = "p.zip: actions.csv cannot be unpacked (the zip is damaged or the file is encrypted); make the zip again " \
          "without a password."


@pytest.mark.parametrize("damage", [corrupt_crc, corrupt_member_data, encrypted_flag])
def test_a_damaged_or_encrypted_zip_member_is_named(built_db, tmp_path, damage):
    assert refused(built_db, tmp_path, "p.zip", damage(template_zip(plan_tables()), "actions.csv")) == [DAMAGED]


def test_a_zip_that_is_not_one(built_db, tmp_path):
    assert refused(built_db, tmp_path, "p.zip", b"PK\x03\x04 truncated") == [
        "p.zip: the file is not a zip archive (or it is damaged)."]


def test_a_csv_row_with_more_cells_than_the_header(built_db, tmp_path):
    tables = plan_tables()
    text = tables["themes"].to_csv(index=False).splitlines()
    text[2] += ",surplus"
    problems = refused(built_db, tmp_path, "p.zip", template_zip(tables, themes="\n".join(text).encode()))
    assert problems == ["p.zip/themes.csv row 3, column E: a value to the right of the header's last column (D); "
                        "move it or delete it."]


def test_a_duplicate_and_a_blank_csv_header(built_db, tmp_path):
    tables = plan_tables()
    officers = "officer_id,name,name,,kind\nx,Xavier,Xavier,,person\n".encode()
    problems = refused(built_db, tmp_path, "p.zip", template_zip(tables, officers=officers))
    assert problems == [
        "p.zip/officers.csv row 1, column C: the header 'name' appears twice; keep one column of that name.",
        "p.zip/officers.csv row 1, column D: the header is blank; name the column or delete it."]


@pytest.mark.parametrize("value, shown", [("²", "²"), ("3000000000", "3000000000"), ("0", "0"), ("1.5", "1.5"),
                                          ("-1", "-1"), ("١", "١")])
def test_positions_and_seqs_that_are_not_whole_numbers_in_range(built_db, tmp_path, value, shown):
    tables = plan_tables()
    tables["themes"].loc[0, "position"] = value
    tables["milestones"].loc[0, "seq"] = value
    problems = refused(built_db, tmp_path, "p.zip", template_zip(tables))
    assert f"themes.csv row 2, column 'position': '{shown}' is not a whole number from 1 to 1,000,000." in problems
    assert f"milestones.csv row 2, column 'seq': '{shown}' is not a whole number from 1 to 1,000,000." in problems


def test_the_largest_position_is_accepted(built_db, tmp_path):
    tables = plan_tables()
    tables["themes"].loc[0, "position"] = "1000000"
    path = tmp_path / "ok.zip"
    path.write_bytes(template_zip(tables))
    assert import_plan(path, built_db, actor="Test").plan_id == "hostile"


@pytest.mark.parametrize("plan_id", ["<img src=x onerror=alert(1)>", PAYLOAD, "has space", "-leading", "a" * 65,
                                     "../../etc", ""])
def test_a_plan_id_outside_the_documented_pattern(built_db, tmp_path, plan_id):
    tables = plan_tables(plan_id)
    problems = refused(built_db, tmp_path, "p.zip", template_zip(tables))
    if plan_id:
        assert any(p.startswith("plan.csv row 2: the plan id '") and "is not valid; write 1 to 64 letters" in p
                   for p in problems), problems
    else:
        assert "plan.csv row 2, column 'plan_id': the value is blank." in problems


def test_a_workbook_sheet_with_a_value_right_of_the_header_and_a_duplicate_header(built_db, tmp_path):
    tables = {k: v.head(3) for k, v in plan_tables().items()}
    book = openpyxl.load_workbook(io.BytesIO(tables_workbook(tables)))
    book["actions"]["K3"] = "stray"  # two columns past the header's last (I)
    book["officers"]["C1"] = "name"
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    problems = refused(built_db, tmp_path, "p.xlsx", data)
    assert "p.xlsx, sheet 'actions' row 3, column K: a value to the right of the header's last column (I); move it " \
           "or delete it." in problems
    assert "p.xlsx, sheet 'officers' row 1, column C: the header 'name' appears twice; keep one column of that " \
           "name." in problems


def test_files_that_are_not_workbooks(built_db, tmp_path):
    for data in (b"", b"PK\x03\x04", b"<html>not a workbook</html>", bytes(range(256)) * 10):
        problems = refused(built_db, tmp_path, "p.xlsx", data)
        assert problems and problems[0].startswith("p.xlsx: the file is not an Excel workbook (.xlsx)"), problems


def test_read_upload_of_every_template_payload_in_text_cells_is_kept_as_text():
    tables = plan_tables()
    tables["actions"].loc[0, "action_text"] = PAYLOAD
    read = read_upload(template_zip(tables), "p.zip")
    assert read["actions"].loc[0, "action_text"] == PAYLOAD
