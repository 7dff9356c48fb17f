"""The Data page's upload, as a manager uses it, with every broken file of the issue and more: each
shows a plain message (never "Something went wrong", never a traceback, never a server path) and no
table changes. components/guard.py is active (PLAN_SHOW_ERRORS unset), as for a viewer."""

from __future__ import annotations

import io

import openpyxl
import pytest

from store.workbook import tables_workbook
from tests.hostile.hostile import (PAYLOAD, corrupt_crc, corrupt_member_data, declares_whole_sheet, encrypted_flag,
                                   patch_sheet, plan_tables, renders_markup, row_counts, template_zip, as_shown)
from tests.hostile.shown_text import shown_texts
from tests.pages import fresh_streamlit_caches, open_page  # noqa: F401 (fixture)


def _zip(change: dict) -> bytes:
    tables = plan_tables()
    for (table, column), value in change.items():
        tables[table].loc[0, column] = value
    return template_zip(tables)


def _workbook(edit) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(tables_workbook({k: v.head(3) for k, v in plan_tables().items()})))
    edit(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _wide_row(book):
    book["actions"]["M3"] = "stray"


def _twice(book):
    book["officers"]["C1"] = "name"


def _themes_with(extra: str) -> bytes:
    tables = plan_tables()
    lines = tables["themes"].to_csv(index=False).splitlines()
    lines[1] += extra
    return template_zip(tables, themes="\n".join(lines).encode())


def _payload_tracker() -> bytes:
    """A council's tracker whose title, a header, an action, an owner and an update are the payload."""
    from tests import tracker_fixtures as fx

    payload = PAYLOAD.replace(",", " ").encode("cp1252")
    data = fx.excel_csv_tracker()
    for old in (b"Monitoring & Reporting", b"Collect 98% of rent due", b"Head of Income", b"On track",
                "Northfield Council – Housing Improvement Action Plan".encode("cp1252")):
        data = data.replace(old, payload)
    return data


CASES = {
    "bad-crc.zip": (lambda: corrupt_crc(template_zip(plan_tables()), "actions.csv"), "cannot be unpacked"),
    "corrupt-member.zip": (lambda: corrupt_member_data(template_zip(plan_tables()), "actions.csv"),
                           "cannot be unpacked"),
    "encrypted.zip": (lambda: encrypted_flag(template_zip(plan_tables()), "milestones.csv"), "cannot be unpacked"),
    "not-a-zip.zip": (lambda: b"PK\x03\x04garbage", "is not a zip archive"),
    "wide-row.zip": (lambda: _themes_with(",surplus,more"), "a value to the right of the header"),
    "superscript.zip": (lambda: _zip({("milestones", "seq"): "²"}),
                        "is not a whole number from 1 to 1,000,000"),
    "huge-position.zip": (lambda: _zip({("actions", "position"): "3000000000"}),
                          "is not a whole number from 1 to 1,000,000"),
    "markup-plan-id.zip": (lambda: _zip({("plan", "plan_id"): "<img src=x onerror=alert(1)>"}),
                           "is not valid; write 1 to 64 letters"),
    "wide-row.xlsx": (lambda: _workbook(_wide_row), "a value to the right of the header"),
    "duplicate-header.xlsx": (lambda: _workbook(_twice), "appears twice"),
    "whole-sheet.xlsx": (lambda: patch_sheet(tables_workbook({k: v.head(3) for k, v in plan_tables().items()}),
                                             "actions", declares_whole_sheet), "more than 200,000 rows"),
    "not-a-workbook.xlsx": (lambda: b"<html>hello</html>", "is not an Excel workbook"),
    "binary.csv": (lambda: bytes(range(256)), "is not a CSV text file"),
    "payload.csv": (lambda: f"{PAYLOAD}\n{PAYLOAD},{PAYLOAD}\n".encode(), "cannot be read yet"),
    "payload-tracker.csv": (lambda: _payload_tracker(), None),  # imports: the payload shown as text throughout
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_broken_upload_gets_a_plain_message_and_changes_nothing(built_db, monkeypatch, name):
    monkeypatch.delenv("PLAN_SHOW_ERRORS")
    make, expected = CASES[name]
    before = row_counts(built_db)
    at = open_page("pages/6_Data.py")
    at.text_input(key="local_editor").input("Ann Editor").run()
    at.file_uploader(key="upload").upload(name, make(), "application/octet-stream").run()
    if [b for b in at.button if b.key == "do_import"]:
        at.button(key="do_import").click().run()
    assert not at.exception
    texts = [text for _, text in shown_texts(at)]
    assert not [t for t in texts if "Something went wrong" in t]
    assert not [t for t in texts if renders_markup(t)]
    assert not [t for t in texts if str(built_db.parent) in t]  # no server path
    shown = " ".join(as_shown(t) for t in texts)
    if expected is None:
        assert at.success and not at.error and row_counts(built_db)["plan"] == before["plan"] + 1
        return
    assert at.error and expected in shown, [e.value for e in at.error]
    assert row_counts(built_db) == before
