"""The minutes in the review pack (issue 13 item 2): the HTML pack's "Minutes: decisions and actions
arising" section and the workbook's Minutes sheet hold exactly the notes stored for the review (a
corrected note's replacement, not the note it replaced), with their text as text: escaped in HTML, a
string cell (never a formula) in the workbook, shown as typed in LibreOffice."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser

import openpyxl
import pytest

from components.export import build_review_pack_html, build_workbook
from queries import run
from store.notes import ReviewNote, record_note
from tests.export_frames import make_pack
from tests.tiny_plan import tiny_db

R3 = date(2020, 4, 8)
NASTY = "<b>x</b> [a](http://e) =1+1"
MINUTES_HEADER = ["Kind", "Decision or action", "Owner", "Due", "Arose at", "Noted by"]
EXPECTED = [
    ["Action", NASTY, "Bob Brown", date(2020, 5, 20), "Item A.1", "Carol Manager"],
    ["Decision", "=HYPERLINK(\"http://evil\")", None, None, "Summary", "Carol Manager"],
    ["Action", "Agree the timetable with Team", "Team", date(2020, 4, 8), "Theme B", "Carol Manager"],
]


@pytest.fixture(scope="module")
def pack():
    con = tiny_db()
    actor = "Carol Manager"
    record_note(con, ReviewNote("tiny", R3, "A.1", "action", NASTY, "bob", date(2020, 5, 20)), actor=actor)
    record_note(con, ReviewNote("tiny", R3, "summary", "decision", '=HYPERLINK("http://evil")'), actor=actor)
    first = record_note(con, ReviewNote("tiny", R3, "theme B", "action", "Agree the timetable", "team"), actor=actor)
    record_note(con, ReviewNote("tiny", R3, "theme B", "action", "Agree the timetable with Team", "team", R3,
                                supersedes=first), actor=actor)
    record_note(con, ReviewNote("tiny", date(2020, 2, 26), "summary", "decision", "Another review's"), actor=actor)
    notes = run(con, "review_notes", plan_id="tiny", review_date=R3)
    con.close()
    return replace(make_pack(figures={}), notes=notes)


class _Minutes(HTMLParser):
    """The rows of the table in the section headed "Minutes: ...", as the browser reads their text."""

    def __init__(self):
        super().__init__()
        self.inside, self.rows, self.cell = False, [], None

    def handle_starttag(self, tag, attrs):
        if tag == "section":
            self.inside = dict(attrs).get("aria-labelledby") == "h-minutes"
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if self.inside and tag in ("td", "th"):
            self.rows[-1].append(self.cell)
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def test_the_html_minutes_are_exactly_the_notes_stored_and_escaped(pack):
    page = build_review_pack_html(pack)
    assert '<h2 id="h-minutes">Minutes: decisions and actions arising</h2>' in page
    parser = _Minutes()
    parser.feed(page)
    due = {date(2020, 5, 20): "20 May 2020", date(2020, 4, 8): "8 Apr 2020", None: "—"}
    assert parser.rows == [MINUTES_HEADER] + [[k, t, o or "—", due[d], s, n] for k, t, o, d, s, n in EXPECTED]
    assert "&lt;b&gt;x&lt;/b&gt; [a](http://e) =1+1" in page and "<b>x</b>" not in page
    assert "Agree the timetable</td>" not in page  # the corrected note is not in the minutes


def test_a_pack_with_no_notes_says_so_and_one_without_minutes_has_no_section(pack):
    empty = build_review_pack_html(replace(pack, notes=pack.notes.iloc[0:0]))
    assert "No decisions or actions were noted at this review." in empty
    assert "h-minutes" not in build_review_pack_html(replace(pack, notes=None))


def test_the_workbook_minutes_sheet_holds_the_notes_as_strings(pack):
    wb = openpyxl.load_workbook(io.BytesIO(build_workbook(pack)))
    assert wb.sheetnames == ["Summary", "Exceptions", "Actions", "Milestones", "Changes", "Minutes", "Owner load",
                             "Themes"]
    ws = wb["Minutes"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0] == MINUTES_HEADER
    assert [[v.date() if hasattr(v, "date") else v for v in row] for row in rows[1:]] == EXPECTED
    for row in ws.iter_rows(min_row=2, max_col=2):
        assert row[1].data_type == "s"  # the text, typed "=..." or not, is a string, never a formula


@pytest.mark.skipif(not shutil.which("soffice") or not shutil.which("pdftotext"), reason="LibreOffice needed")
def test_libreoffice_shows_the_minutes_as_typed(pack, tmp_path):
    xlsx = tmp_path / "minutes.xlsx"
    xlsx.write_bytes(build_workbook(pack))  # the very bytes the Review page offers
    subprocess.run([shutil.which("soffice"), f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(xlsx)], check=True, capture_output=True,
                   timeout=180)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "minutes.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert NASTY in text and '=HYPERLINK("http://evil")' in text and "'=" not in text
    assert re.search(r"Action\s+Agree the timetable with Team\s+Team", text)
