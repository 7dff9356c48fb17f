"""A tracker whose reading runs past the time limit stops with a plain message naming the file, for a CSV
and for a workbook alike (the template's readers are timed in test_template_uploads.py)."""

from __future__ import annotations

import pytest

from store.errors import ValidationError
from store.table_rows import Deadline
from store.tracker import excel, grid
from tests import tracker_fixtures as fx


@pytest.fixture
def no_time_at_all(monkeypatch):
    for module in (grid, excel):
        monkeypatch.setattr(module, "Deadline", lambda name: Deadline(name, seconds=-1))


@pytest.mark.parametrize("name, data, read", [("northfield.csv", fx.excel_csv_tracker(), grid.read_csv_sheet),
                                              ("westshire.xlsx", fx.sections_tracker(), excel.xlsx_sheets)])
def test_a_tracker_read_past_the_limit_is_stopped_in_plain_words(no_time_at_all, name, data, read):
    with pytest.raises(ValidationError) as stopped:
        read(data, name)
    assert stopped.value.problems == [f"{name}: reading the file took longer than -1 seconds (the limit); check "
                                      "that this is the right file."]


def test_within_the_limit_the_same_files_are_read():
    assert len(grid.read_csv_sheet(fx.excel_csv_tracker(), "northfield.csv").cells) > 20
    assert [s.name for s in excel.xlsx_sheets(fx.sections_tracker(), "westshire.xlsx")] == ["Improvement Plan"]
