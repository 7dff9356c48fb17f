"""Hypothesis fuzzes the importers' input structure: the template's CSV files and workbook (cells,
headers, extra cells, row order), and a council's one-sheet tracker (any grid of text). Reading and
checking may refuse, but only with a ValidationError (plain messages naming a place); an import that
is refused changes no table."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.errors import ValidationError
from store.importer import import_plan, read_upload
from store.source import SPECS, prepare
from store.tracker import TrackerOptions, build_plan, read_tracker
from tests.hostile.hostile import PAYLOAD, plan_tables, row_counts, template_zip

BASE = {k: v.head(4).reset_index(drop=True) for k, v in plan_tables("fuzz").items()}
ODD = st.sampled_from(["", " ", "²", "3000000000", "-1", "0", "1.0", "=1+1", "\r=1+1", "a\nb", PAYLOAD, "\x00",
                       "🙂", "NaN", "None", "2019-02-30", "Sept 16", "ongoing", "x" * 300, "1.1", "fuzz", "'=2"])
CELL = st.one_of(ODD, st.text(max_size=12))


@st.composite
def mutated_tables(draw) -> dict[str, pd.DataFrame]:
    tables = {k: v.copy() for k, v in BASE.items()}
    for _ in range(draw(st.integers(1, 6))):
        key = draw(st.sampled_from(list(SPECS)))
        frame = tables[key]
        action = draw(st.sampled_from(["cell", "cell", "cell", "drop_column", "duplicate_row", "extra_column",
                                       "drop_rows", "rename_column"]))
        if action == "cell" and len(frame):
            frame.iat[draw(st.integers(0, len(frame) - 1)), draw(st.integers(0, frame.shape[1] - 1))] = draw(CELL)
        elif action == "drop_column" and frame.shape[1] > 1:
            tables[key] = frame.drop(columns=frame.columns[draw(st.integers(0, frame.shape[1] - 1))])
        elif action == "duplicate_row" and len(frame):
            tables[key] = pd.concat([frame, frame.iloc[[0]]], ignore_index=True)
        elif action == "extra_column":
            frame[draw(st.sampled_from(["extra", PAYLOAD, " "]))] = draw(CELL)
        elif action == "drop_rows":
            tables[key] = frame.iloc[0:0]
        elif action == "rename_column" and frame.shape[1]:
            tables[key] = frame.rename(columns={frame.columns[0]: draw(st.sampled_from(["", "name", "ref", PAYLOAD]))})
    return tables


def check_only_plain_refusals(data: bytes, name: str) -> None:
    try:
        prepare(read_upload(data, name))
    except ValidationError as exc:
        assert exc.problems and all(isinstance(p, str) and p.strip() for p in exc.problems)


@settings(max_examples=60, deadline=None)
@given(tables=mutated_tables())
def test_fuzzed_template_zip(tables):
    check_only_plain_refusals(template_zip(tables), "fuzz.zip")


@settings(max_examples=40, deadline=None)
@given(tables=mutated_tables(), stray=st.tuples(st.integers(1, 8), st.integers(1, 30), CELL))
def test_fuzzed_template_workbook(tables, stray):
    """Sheets written cell by cell (duplicate and blank headers included), plus one stray value."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = openpyxl.Workbook()
    book.remove(book.active)
    for key, frame in tables.items():
        sheet = book.create_sheet(SPECS[key].file.removesuffix(".csv"))
        for record in [list(frame.columns), *frame.astype(str).values.tolist()]:
            sheet.append([ILLEGAL_CHARACTERS_RE.sub("", str(v)) for v in record])
    row, col, value = stray
    book["actions"].cell(row=row, column=col, value=ILLEGAL_CHARACTERS_RE.sub("", value) or None)
    out = io.BytesIO()
    book.save(out)
    check_only_plain_refusals(out.getvalue(), "fuzz.xlsx")


GRID = st.lists(st.lists(CELL, min_size=0, max_size=8), min_size=0, max_size=12)


@settings(max_examples=60, deadline=None)
@given(grid=GRID, header=st.lists(st.sampled_from(["Ref", "Action", "Lead officer", "Target date", "RAG", "Update",
                                                   "Start", PAYLOAD, "", "Action"]), min_size=1, max_size=8))
def test_fuzzed_tracker_csv(grid, header):
    text = "\n".join(",".join('"' + c.replace('"', '""') + '"' for c in row) for row in [header, *grid])
    try:
        sheet, _ = read_tracker(text.encode("utf-8", "replace"), "fuzz.csv")
        build_plan(sheet, TrackerOptions(), officers=[], aliases=[])
    except ValidationError as exc:
        assert exc.problems and all(isinstance(p, str) and p.strip() for p in exc.problems)


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(tables=mutated_tables())
def test_fuzzed_imports_change_nothing_when_refused(built_db, tmp_path_factory, tables):
    path = tmp_path_factory.mktemp("fuzz") / "fuzz.zip"
    path.write_bytes(template_zip(tables))
    before = row_counts(built_db)
    try:
        import_plan(path, built_db, actor="Fuzz", replace=True, force=True)
    except ValidationError:
        assert row_counts(built_db) == before
    else:  # rare (most mutations break a rule): the plan is in, whole
        assert row_counts(built_db)["plan"] in (before["plan"], before["plan"] + 1)
