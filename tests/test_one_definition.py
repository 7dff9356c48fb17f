"""One definition of every figure: the Overview, the Review page, the Excel workbook and the HTML pack
show the same headline figures, worded the same, for the same view, at three as-of dates and two filter
sets (none; officer and RAG), on the built-in plan and on a plan whose dates sit on milestones. The
figures are also counted independently from item_state, so "the same" cannot mean "the same mistake"."""

from __future__ import annotations

import html
import io
import re
from datetime import date

import openpyxl
import pytest

from components import rules, views
from components.db import connection
from components.export import build_review_pack_html, build_workbook
from components.filters import Filters
from tests.pages import fresh_streamlit_caches, open_page  # noqa: F401 (fixture)
from tests.test_rollup import milestone_plan

LABELS = ["Actions complete", "Red actions", "Amber actions", "Red actions + milestones",
          "Stale actions + milestones", "Due before the next review", "Median slippage of actions",
          "Worst slippage, any item"]
TBC = "tbc-rent-sip"
VIEWS = [  # (plan, as-of date, URL filters, Filters fields)
    *[(TBC, day, {}, {}) for day in ("2020-05-20", "2018-03-07", "2017-03-01")],
    *[(TBC, day, {"officer": "Sue Philp", "rag": "red"}, {"officers": ["sue-philp"], "rags": ["red"]})
      for day in ("2020-05-20", "2018-03-07", "2017-03-01")],
    *[("m", day, {}, {}) for day in ("2020-05-01", "2020-04-01", "2020-06-15")],
    *[("m", day, {"officer": "Ann Able", "rag": "red"}, {"officers": ["ann"], "rags": ["red"]})
      for day in ("2020-05-01", "2020-04-01", "2020-06-15")],
]


@pytest.fixture(scope="module")
def milestone_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("milestones") / "plan.duckdb"
    milestone_plan(str(path)).close()
    return path


@pytest.fixture
def plan_db(request, built_db, milestone_db, monkeypatch):
    """PLAN_DB for the view's plan: a private copy of the built-in database, or the milestone plan."""
    if request.param == "m":
        monkeypatch.setenv("PLAN_DB", str(milestone_db))
        return milestone_db
    return built_db


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def overview_figures(at) -> dict[str, str]:
    """Metric cards, and the "Label: text" pairs of the notes under them."""
    shown = {unescape(m.label): m.value for m in at.metric}
    notes = " · ".join(unescape(m.value) for m in at.markdown)
    for label in LABELS:
        if label not in shown and (found := re.search(re.escape(label) + r": ([^·(]+?)(?: \(| ·|$)", notes, re.M)):
            shown[label] = found.group(1).strip()
    return shown


def workbook_figures(data: bytes) -> dict[str, str]:
    ws = openpyxl.load_workbook(io.BytesIO(data))["Summary"]
    return {r[0]: r[1] for r in ws.iter_rows(max_col=2, values_only=True) if r[0] in LABELS}


def html_figures(page: str) -> dict[str, str]:
    cards = re.findall(r'<span class="number">(.*?)</span><span class="label">(.*?)</span>', page)
    return {html.unescape(label): html.unescape(number) for number, label in cards}


def independent(path, plan: str, as_of: str, fields: dict) -> dict[str, str]:
    """A few figures counted straight from item_state with plain SQL filters, not through any query file."""
    con = connection().cursor()  # the process's own connection: DuckDB allows one configuration per file
    try:
        reviews = [r[0] for r in con.execute("select review_date from review where plan_id = ?", [plan]).fetchall()]
        due_by = rules.next_review_after(date.fromisoformat(as_of), reviews)
        where = "true"
        if fields:
            where = f"list_contains(owner_ids, '{fields['officers'][0]}') and rag = 'red'"  # fixed test values
        row = con.execute(f"""
            select count(*) filter (where item_kind = 'action' and status = 'complete'),
                   count(*) filter (where item_kind = 'action'),
                   count(*) filter (where item_kind = 'action' and rag = 'red'),
                   count(*) filter (where rag = 'red'),
                   count(*) filter (where is_stale),
                   count(*) filter (where status not in ('complete', 'cancelled')
                                    and coalesce(forecast_end, baseline_end) between ?::date and ?::date)
            from item_state(?, ?::date, 30) where {where}""", [as_of, due_by, plan, as_of]).fetchone()
    finally:
        con.close()
    complete, total, red_actions, red_items, stale, due = row
    return {"Actions complete": f"{complete} of {total}", "Red actions": str(red_actions),
            "Red actions + milestones": str(red_items),
            "Stale actions + milestones": str(stale), "Due before the next review": str(due)}


@pytest.mark.parametrize(("plan_db", "as_of", "url", "fields"), VIEWS, indirect=["plan_db"],
                         ids=[f"{p}-{d}-{'filtered' if u else 'all'}" for p, d, u, _ in VIEWS])
def test_every_surface_shows_the_same_headline(plan_db, as_of, url, fields):
    plan = TBC if plan_db.name == "plan.duckdb" and "milestones" not in str(plan_db) else "m"
    query = {"plan": plan, "as_of": as_of, **url}
    overview = overview_figures(open_page(query=query))
    review_page = open_page("pages/4_Review.py", query=query)
    assert not review_page.exception
    review = {unescape(m.label): m.value for m in review_page.metric}

    options = views.options_for(plan)
    filters = Filters(plan, date.fromisoformat(as_of), **fields)
    meeting = views.review_meeting(filters, options, rules.previous_review(filters.as_of, list(options.reviews)))
    pack = views.review_pack(filters, options, meeting)
    workbook = workbook_figures(build_workbook(pack))
    page = build_review_pack_html(pack)

    expected = {label: review[label] for label in LABELS}
    assert {label: overview.get(label) for label in LABELS} == expected
    assert {label: workbook.get(label) for label in LABELS} == expected
    assert {label: html_figures(page).get(label) for label in LABELS} == expected
    counted = independent(plan_db, plan, as_of, fields)
    assert {label: expected[label] for label in counted} == counted
    # the summary under the headline: "Nothing is red." exactly when no item is red
    assert (meeting.summary[0] == "Nothing is red.") == (counted["Red actions + milestones"] == "0")
