"""The review cycle's write rules (store level): reviews are scheduled on purpose, an update never creates
one, officers update only their own items, a worse rating needs its reason, undo is the author's alone,
and a refused save writes nothing at all (every table's rows counted before and after)."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from components import rules
from queries import run
from tests.frames import rows
from store.errors import ConflictError, ReasonNeeded, ValidationError
from store.progress import ProgressUpdate, record_updates, undo_save
from store.reviews import propose_cadence, schedule_reviews
from tests.tiny_plan import R3, params, tiny_db

TODAY = date(2020, 5, 1)  # "today" for these tests: after R3 (8 Apr 2020)
TABLES = ["plan", "theme", "action", "milestone", "officer", "officer_alias", "assignment", "review",
          "progress_update", "progress_retraction", "rebaseline", "audit_log", "item"]


@pytest.fixture
def con():
    con = tiny_db()
    yield con
    con.close()


def counts(con) -> dict[str, int]:
    return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES}


def save(con, *updates, actor="Bob Brown", **kwargs):
    return record_updates(con, list(updates), actor=actor, today=TODAY, **kwargs)


def update(ref, seq=None, status="in_progress", percent=50.0, **fields) -> ProgressUpdate:
    return ProgressUpdate("tiny", ref, seq, TODAY, status, percent, **fields)


def test_saving_an_update_never_creates_a_review(con):
    before = counts(con)
    save(con, update("B.2"))
    after = counts(con)
    assert after["review"] == before["review"] == 3
    assert (after["progress_update"], after["audit_log"]) == (before["progress_update"] + 1, before["audit_log"] + 1)


def test_a_refused_save_writes_nothing_at_all(con):
    before = counts(con)
    with pytest.raises(ValidationError):
        save(con, update("B.2"), update("B.3", forecast_end=date(2019, 1, 1)))  # the second is invalid
    assert counts(con) == before


def test_done_with_no_date_finishes_on_the_day_of_the_update(con):
    saved = save(con, update("B.2", status="complete", percent=100))
    row = con.execute("select status, actual_end from progress_update where update_id = ?", saved.update_ids).fetchone()
    assert row == ("complete", TODAY)


@pytest.mark.parametrize(("day", "message"), [
    (date(2020, 5, 2), "dated 02 May 2020, in the future; date it today (01 May 2020) or earlier"),
    (date(2019, 12, 31), "dated 31 Dec 2019, before the plan starts (01 Jan 2020)"),
])
def test_update_dates_are_never_in_the_future_nor_before_the_plan(con, day, message):
    before = counts(con)
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        save(con, ProgressUpdate("tiny", "B.2", None, day, "in_progress", 10))
    assert counts(con) == before


def test_an_update_on_today_is_accepted(con):
    assert len(save(con, update("B.2")).update_ids) == 1  # the boundary: today itself


def test_an_officer_updates_only_items_they_own(con):
    before = counts(con)
    with pytest.raises(ValidationError) as err:  # B.3 is Ann's, B.2 Bob's
        save(con, update("B.2"), update("B.3"), officer_id="bob")
    assert err.value.problems == ["B.3: you can update only the items you own; ask its owner or a manager."]
    assert counts(con) == before
    assert len(save(con, update("B.2"), update("A.3"), officer_id="bob").update_ids) == 2


def test_a_rating_worse_than_at_the_last_review_needs_a_reason(con):
    # A.3 was green at R3 (forecast Jun 20 within its re-baselined end Jun 30); a forecast of Aug 31 makes
    # it 62 days late on 1 May: red, worse than at R3, and its owner must say why.
    before = counts(con)
    with pytest.raises(ReasonNeeded) as err:
        save(con, update("A.3", forecast_end=date(2020, 8, 31)))
    assert err.value.problems == ["A.3: this update makes it Red (it was Green at R3). Say why it got worse."]
    assert counts(con) == before  # the update was inserted to rate it, then rolled back
    saved = save(con, update("A.3", forecast_end=date(2020, 8, 31), change_reason="Consultant withdrew"))
    assert con.execute("select change_reason from progress_update where update_id = ?",
                       saved.update_ids).fetchone() == ("Consultant withdrew",)


def test_a_rating_that_stays_or_improves_needs_no_reason(con):
    assert save(con, update("A.3", forecast_end=date(2020, 6, 25))).update_ids  # still green


def test_kept_green_with_a_forecast_past_the_end_needs_a_reason(con):
    late_green = update("B.2", forecast_end=date(2020, 7, 31), rag_override="green", rag_reason="Board agreed")
    with pytest.raises(ReasonNeeded, match="stays Green although its forecast end is after its baseline end"):
        save(con, late_green)


def test_the_conflict_check_includes_the_plan(con):
    seen = con.execute("select max(update_id) from progress_update where ref = 'A.3'").fetchone()[0]
    # the editor saw A.3 of plan "tiny"; a key for another plan's A.3 is not this item's
    saved = save(con, update("A.3"), expected_last_ids={("other", "A.3", None): 999})
    assert saved.update_ids
    with pytest.raises(ConflictError):
        save(con, update("A.3", percent=60.0), expected_last_ids={("tiny", "A.3", None): seen})


def test_undo_reverses_the_whole_save_and_only_for_its_author(con):
    saved = save(con, update("B.2"), update("A.3"), actor="Bob Brown")
    before = counts(con)
    with pytest.raises(ValidationError, match="Only Bob Brown, who made that save, can undo it"):
        undo_save(con, event_id=saved.event_id, actor="Ann Able")
    assert counts(con) == before
    assert undo_save(con, event_id=saved.event_id, actor="Bob Brown") == ["B.2", "A.3"]
    retracted = {r[0] for r in con.execute("select update_id from progress_retraction").fetchall()}
    assert retracted == set(saved.update_ids)
    with pytest.raises(ValidationError, match="already been undone"):
        undo_save(con, event_id=saved.event_id, actor="Bob Brown")
    b2 = run(con, "action_status", **params("2020-05-01")).set_index("ref").loc["B.2"]
    assert b2["status"] == "not_started"  # as if never saved
    event = con.execute("select actor, event, detail from audit_log order by event_id desc limit 1").fetchone()
    assert event[:2] == ("Bob Brown", "progress_undone") and json.loads(event[2])["undoes"] == saved.event_id


def test_undo_refused_when_someone_saved_the_item_after(con):
    saved = save(con, update("B.2"), actor="Ann Able")
    save(con, update("B.2", percent=60.0), actor="Bob Brown")
    with pytest.raises(ConflictError, match="Bob Brown saved the same item"):
        undo_save(con, event_id=saved.event_id, actor="Ann Able")


def test_scheduling_reviews_adds_removes_and_renumbers(con):
    proposed = propose_cadence(date(2020, 4, 8), 3)
    assert proposed == [date(2020, 5, 20), date(2020, 7, 1), date(2020, 8, 12)]
    dates = schedule_reviews(con, "tiny", add=proposed, actor="Manager", today=TODAY)
    assert dates[-3:] == proposed
    schedule_reviews(con, "tiny", add=[date(2020, 7, 8)], remove=[date(2020, 7, 1)], actor="Manager", today=TODAY)
    titles = con.execute("select review_date, title from review where plan_id = 'tiny' order by 1").fetchall()
    assert [t for _, t in titles] == [f"Review {n}" for n in range(1, 7)]
    assert [d for d, _ in titles][-2:] == [date(2020, 7, 8), date(2020, 8, 12)]


def test_a_held_review_cannot_be_removed(con):
    before = counts(con)
    with pytest.raises(ValidationError, match="The review of 08 Apr 2020 has been held"):
        schedule_reviews(con, "tiny", add=[], remove=[date(2020, 4, 8)], actor="Manager", today=TODAY)
    assert counts(con) == before


def test_as_of_the_last_review_an_update_today_does_not_count_yet(con):
    save(con, update("B.2", status="on_hold"))
    at_review = run(con, "action_status", **params(R3)).set_index("ref").loc["B.2"]
    today = run(con, "action_status", **params("2020-05-01")).set_index("ref").loc["B.2"]
    assert (at_review["status"], today["status"]) == ("not_started", "on_hold")


def test_plan_latest_update_is_the_latest_counted_day(con):
    assert run(con, "plan_latest_update", plan_id="tiny")["latest_update_on"].iloc[0].date() == date(2020, 4, 8)
    saved = save(con, update("B.2"))
    assert run(con, "plan_latest_update", plan_id="tiny")["latest_update_on"].iloc[0].date() == TODAY
    undo_save(con, event_id=saved.event_id, actor="Bob Brown")  # an undone update does not count
    assert run(con, "plan_latest_update", plan_id="tiny")["latest_update_on"].iloc[0].date() == date(2020, 4, 8)


def test_the_review_shows_why_a_rating_got_worse(con):
    save(con, update("A.3", forecast_end=date(2020, 8, 31), change_reason="Consultant withdrew"))
    got = run(con, "review_changes", **params("2020-05-01", since=R3))
    worse = got[(got["change_kind"] == "rag_changed") & (got["item_ref"] == "A.3")].iloc[0]
    assert (worse["from_value"], worse["to_value"], worse["got_worse"]) == ("green", "red", True)
    assert worse["detail"] == "Worse since the last review, because: Consultant withdrew"


def test_chase_list_counts_items_not_updated_since_the_last_review(con):
    # As of 1 May, cycle from R3 (8 Apr). Open and due to have started: A.1 (Ann, Bob: last update R1),
    # A.1/2 (Ann, never updated), A.3 (Bob, last R3: the review day itself belongs to the closed cycle),
    # B.1 (Team, last R3). B.2 has no start and ends 31 May: not yet due, so nobody is chased for it.
    got = run(con, "chase_list", plan_id="tiny", as_of=TODAY, red_after_days=30, cycle_start=R3)
    assert rows(got, ["officer_id", "open_items", "items_not_updated", "items_never_updated", "oldest_update_on"]) == [
        ("ann", 2, 2, 1, date(2020, 1, 15)), ("bob", 2, 2, 0, date(2020, 1, 15)), ("team", 1, 1, 0, date(2020, 4, 8))]
    assert [list(r) for r in got["refs_not_updated"]] == [["A.1", "A.1/2"], ["A.1", "A.3"], ["B.1"]]
    save(con, update("A.3"), update("A.1", change_reason="Waiting for IT"))  # Bob reports on both of his
    got = run(con, "chase_list", plan_id="tiny", as_of=TODAY, red_after_days=30, cycle_start=R3)
    assert rows(got, ["officer_id", "items_not_updated"]) == [("ann", 1), ("team", 1), ("bob", 0)]
    assert rules.reporting_summary(got) == "1 of 3 officers have reported for this cycle"
    many = pd.DataFrame({"items_not_updated": [0] * 1200 + [2] * 2555})
    assert rules.reporting_summary(many) == "1,200 of 3,755 officers have reported for this cycle"


def test_officer_items_not_updated_first(con):
    save(con, update("B.3", status="in_progress"), officer_id="ann", actor="Ann Able")
    got = run(con, "officer_items", plan_id="tiny", as_of=TODAY, red_after_days=30, officer_id="ann", cycle_start=R3)
    assert rows(got, ["item_ref", "status", "is_updated_this_cycle", "last_update_id"]) == [
        ("A.1", "in_progress", False, 1), ("A.1/2", "not_started", False, None), ("B.3", "in_progress", True, 10)]
