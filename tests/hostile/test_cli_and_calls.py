"""The command line and the store's own calls with broken input: a plain message, never a traceback,
and no table changed. An unforeseen error gives a reference id, exit status 2, and the traceback in the
error log only."""

from __future__ import annotations

import errno
from datetime import date

import duckdb
import pytest

from store.__main__ import main
from store.errors import ValidationError
from store.progress import ProgressUpdate, record_updates
from store.reviews import schedule_reviews
from tests.hostile.hostile import PAYLOAD, corrupt_crc, plan_tables, row_counts, template_zip


def run_cli(capsys, *argv) -> tuple[int, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.err


@pytest.mark.parametrize("name, data, expected", [
    ("bad.zip", None, "bad.zip: actions.csv cannot be unpacked (the zip is damaged"),
    ("p.xlsx", b"PK\x03\x04 nope", "p.xlsx: the file is not an Excel workbook (.xlsx)"),
    ("p.csv", b"\x00\x01\x02", "p.csv: the file is not a CSV text file"),
    ("p.txt", b"hello", "p.txt: upload an Excel workbook"),
])
def test_cli_import_of_broken_files(built_db, tmp_path, capsys, name, data, expected):
    path = tmp_path / name
    path.write_bytes(data if data is not None else corrupt_crc(template_zip(plan_tables()), "actions.csv"))
    before = row_counts(built_db)
    code, err = run_cli(capsys, "import", str(path), "--db", str(built_db))
    assert code == 1 and err.startswith(f"Error: {expected}"), err
    assert row_counts(built_db) == before


def test_cli_plan_id_with_markup_is_refused(built_db, tmp_path, capsys):
    path = tmp_path / "tracker.csv"
    path.write_text("Action,Lead officer,Target date\nDo a thing,Jane Smith,31/03/2020\n", encoding="utf-8")
    before = row_counts(built_db)
    code, err = run_cli(capsys, "import", str(path), "--db", str(built_db), "--plan-id", "<img src=x onerror=alert(1)>")
    assert code == 1 and "Plan id: the plan id '<img src=x onerror=alert(1)>' is not valid" in err, err
    assert row_counts(built_db) == before


def test_an_unforeseen_error_gives_a_reference_and_exit_2(built_db, tmp_path, capsys, monkeypatch):
    import store.importer

    def broken(*args, **kwargs):
        raise KeyError("an internal bug")

    monkeypatch.setattr(store.importer, "import_plan", broken)
    monkeypatch.setenv("PLAN_ERROR_LOG", str(tmp_path / "errors.log"))
    code, err = run_cli(capsys, "import", str(tmp_path), "--db", str(built_db))
    assert code == 2
    assert err.startswith("Error: Something went wrong; nothing was changed. Reference: ")
    ref = err.split("Reference: ")[1][:6]
    log = (tmp_path / "errors.log").read_text()
    assert f"reference {ref}" in log and "Traceback" in log and "KeyError: 'an internal bug'" in log


def test_a_full_disk_is_said_in_plain_words(built_db, tmp_path, capsys, monkeypatch):
    import store.importer

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store.importer, "import_plan", full)
    code, err = run_cli(capsys, "import", str(tmp_path), "--db", str(built_db))
    assert code == 1 and err.strip() == ("Error: The disk is full, so nothing was saved and nothing was changed. "
                                         "Free some space and try again.")


def test_duckdb_disk_full_is_said_in_plain_words(built_db, tmp_path, capsys, monkeypatch):
    import store.importer

    def full(*args, **kwargs):
        raise duckdb.IOException("IO Error: Could not write file \"x.duckdb.wal\": No space left on device")

    monkeypatch.setattr(store.importer, "import_plan", full)
    code, err = run_cli(capsys, "import", str(tmp_path), "--db", str(built_db))
    assert code == 1 and "The disk is full" in err


def update(**change) -> ProgressUpdate:
    values = dict(plan_id="tbc-rent-sip", ref="5.2", seq=None, reported_on=date(2018, 3, 1), status="in_progress")
    return ProgressUpdate(**{**values, **change})


@pytest.mark.parametrize("change, message", [
    ({"percent_complete": "abc"}, "5.2: percent complete 'abc' is not a number from 0 to 100."),
    ({"percent_complete": float("nan")}, "5.2: percent complete nan is not a number from 0 to 100."),
    ({"percent_complete": True}, "5.2: percent complete True is not a number from 0 to 100."),
    ({"reported_on": "2018-03-01"}, "5.2: the update's date '2018-03-01' is not a date."),
    ({"forecast_end": 20190331}, "5.2: the forecast end 20190331 is not a date."),
    ({"seq": "1"}, "5.2: the milestone number '1' is not a whole number."),
    ({"status": None}, "5.2: status None is not text."),
    ({"commentary": 42}, "5.2: commentary 42 is not text."),
])
def test_progress_with_values_of_the_wrong_kind(built_db, change, message):
    before = row_counts(built_db)
    con = duckdb.connect(str(built_db))
    try:
        with pytest.raises(ValidationError) as err:
            record_updates(con, [update(**change)], actor="Test")
    finally:
        con.close()
    assert err.value.problems == [message]
    assert row_counts(built_db) == before


def test_a_review_date_of_none_or_text(built_db):
    before = row_counts(built_db)
    con = duckdb.connect(str(built_db))
    try:
        with pytest.raises(ValidationError) as err:
            schedule_reviews(con, "tbc-rent-sip", add=[None, "2030-01-01"], actor="Test")
    finally:
        con.close()
    assert err.value.problems == ["The review date None is not a date.", "The review date '2030-01-01' is not a date."]
    assert row_counts(built_db) == before


def test_payload_commentary_is_stored_as_written(built_db):
    con = duckdb.connect(str(built_db))
    try:
        record_updates(con, [update(commentary=PAYLOAD)], actor="Test", today=date(2018, 3, 2))
        assert con.execute("select commentary from progress_update order by update_id desc limit 1").fetchone() == (
            PAYLOAD,)
    finally:
        con.close()


def test_every_broken_upload_of_the_data_page_through_the_cli(built_db, tmp_path, capsys):
    """The same files as tests/hostile/test_data_page_uploads.py, imported on the command line."""
    from tests.hostile.test_data_page_uploads import CASES

    before = row_counts(built_db)
    for name, (make, expected) in CASES.items():
        if expected is None:
            continue  # the one clean file: it imports
        path = tmp_path / name
        path.write_bytes(make())
        code, err = run_cli(capsys, "import", str(path), "--db", str(built_db))
        # the CLI reads a tracker whole, so the payload-only file fails one step earlier than on the page
        expected = {"payload.csv": "no header row found in the first 30 rows"}.get(name, expected)
        assert code == 1 and err.startswith("Error: ") and expected in err, (name, err)
    assert row_counts(built_db) == before


@pytest.mark.parametrize("argv, expected", [
    (["--header-row", "-3"], "Error: --header-row -3: a row number is 1 or more."),
    (["--header-row", "0"], "Error: --header-row 0: a row number is 1 or more."),
    (["--header-row", "999999"], "Error: "),
    (["--title", PAYLOAD, "--plan-id", "<b>x</b>"], "the plan id '<b>x</b>' is not valid"),
    (["--map", "=nothing"], "Error: --map '=nothing': write it as"), (["--plan-id", "a" * 65], "is not valid"),
])
def test_odd_cli_options_for_a_tracker(built_db, tmp_path, capsys, argv, expected):
    from tests import tracker_fixtures as fx

    path = tmp_path / "tracker.csv"
    path.write_bytes(fx.excel_csv_tracker())
    before = row_counts(built_db)
    code, err = run_cli(capsys, "import", str(path), "--db", str(built_db), *argv)
    assert code == 1 and expected in err, err
    assert row_counts(built_db) == before
