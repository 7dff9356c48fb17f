"""The Review page: exceptions and changes, recording progress safely, who may edit, presentation mode."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from components import auth, throttle
from components import rules
from components.review import build_review_summary
from components.text import escape_markdown
from queries import run
from tests.pages import fresh_streamlit_caches, open_page  # noqa: F401 (fixture)

REVIEW = "pages/4_Review.py"
PLAN = "tbc-rent-sip"


@pytest.fixture
def on_network(monkeypatch):
    """The server listens on all interfaces (shared on a network)."""
    monkeypatch.setattr(auth, "server_address", lambda: "0.0.0.0")


def db_rows(path, sql, params=None):
    con = duckdb.connect(str(path))
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def button(at, label):
    return next(b for b in at.button if b.label == label)


def latest_two_reviews(path):
    return [r[0] for r in db_rows(path, "select review_date from review order by review_date desc limit 2")]


def test_summary_and_exceptions_match_the_queries(built_db):
    at = open_page(REVIEW)
    assert not at.exception
    as_of, since = latest_two_reviews(built_db)
    con = duckdb.connect(str(built_db))
    base = dict(plan_id=PLAN, as_of=as_of, red_after_days=30, themes=None, officers=None, statuses=None, rags=None)
    reviews = [r[0] for r in db_rows(built_db, "select review_date from review")]
    due_by = rules.next_review_after(as_of, reviews)
    exceptions = run(con, "review_exceptions", **base, since=since, due_by=due_by)
    changes = run(con, "review_changes", **base, since=since)
    con.close()
    summary = build_review_summary(changes, exceptions, since)
    assert summary[0].startswith("Red: ")  # the summary leads with what is red
    assert any(m.value == "\n".join(f"- {escape_markdown(line)}" for line in summary) for m in at.markdown)
    titles = [s.value for s in at.subheader]
    for kind, title in [("new_red", "Turned red"), ("still_red", "Still red"), ("stale", "Not updated")]:
        n = int((exceptions["exception_kind"] == kind).sum())
        assert any(t.startswith(f"{title}") and t.endswith(f"({n})") for t in titles) == (n > 0)


TABLES = ["plan", "theme", "action", "milestone", "officer", "officer_alias", "assignment", "review",
          "progress_update", "progress_retraction", "rebaseline", "audit_log"]


def table_counts(path) -> dict[str, int]:
    return {t: db_rows(path, f"select count(*) from {t}")[0][0] for t in TABLES}


def test_an_editor_records_an_update_and_the_overview_shows_it(built_db):
    at = open_page(REVIEW)
    other = open_page()  # another person's session, open before the save
    other_default = other.markdown[0].value
    at.text_input(key="local_editor").input("Ann Editor").run()
    at.selectbox(key="edit_item").set_value("5.2").run()
    before = table_counts(built_db)
    at.selectbox(key="f_status_5.2").set_value("complete")
    at.number_input(key="f_pct_5.2").set_value(100)
    at.date_input(key="f_act_5.2").set_value(date(2020, 5, 1))
    at.text_area(key="f_comm_5.2").input("=Credit union launched")
    button(at, "Save update").click().run()
    assert not at.exception
    today = date.today()
    message = at.success[0].value.replace("\\", "")
    assert message == (f"Saved 5.2 for {today:%-d %b %Y}, recorded by Ann Editor. Showing the dashboard as of "
                       f"{today:%-d %b %Y} so your update counts.")
    row = db_rows(built_db, "select reported_on, status, actual_end, recorded_by, commentary, origin from "
                            "progress_update where ref = '5.2' order by update_id desc limit 1")
    assert row == [(today, "complete", date(2020, 5, 1), "Ann Editor", "=Credit union launched", "app")]
    after = table_counts(built_db)
    assert after == {**before, "progress_update": before["progress_update"] + 1,
                     "audit_log": before["audit_log"] + 1}  # no review was created
    # the editor sees the change on the page they are on, and on the Overview
    assert at.markdown[0].value.startswith(f"**As of {today:%-d %b %Y}")
    at.switch_page("app.py").run()
    done = db_rows(built_db, "select count(*) from item_state(?, ?, 30) where item_kind = 'action' and status = 'complete'",
                   [PLAN, today])[0][0]
    assert next(m.value for m in at.metric if m.label == "Actions complete") == f"{done} of 37"
    # nobody else's default moved: a new visitor and the other open session still see the latest review
    assert open_page().markdown[0].value == other_default and other.run().markdown[0].value == other_default
    assert other_default.startswith(f"**As of {latest_two_reviews(built_db)[0]:%-d %b %Y}")


def test_a_refused_save_writes_nothing_in_any_table(built_db):
    at = open_page(REVIEW)
    at.text_input(key="local_editor").input("Ann Editor").run()
    at.selectbox(key="edit_item").set_value("5.2").run()
    before = table_counts(built_db)
    at.selectbox(key="f_ovr_5.2").set_value("red")
    at.number_input(key="f_pct_5.2").set_value(100)
    at.selectbox(key="f_status_5.2").set_value("cancelled")
    at.date_input(key="f_act_5.2").set_value(date(2020, 5, 1))
    button(at, "Save update").click().run()
    message = at.error[0].value.replace("\\", "")
    assert "5.2: a RAG override needs a reason." in message
    assert "5.2: an actual end date is only for a complete item (status is 'cancelled')." in message
    assert table_counts(built_db) == before


def test_a_worse_rating_asks_for_the_reason_and_stores_it(built_db):
    at = open_page(REVIEW)
    at.text_input(key="local_editor").input("Ann Editor").run()
    at.selectbox(key="edit_item").set_value("4.5").run()  # complete at Review 33
    before = table_counts(built_db)
    at.selectbox(key="f_status_4.5").set_value("in_progress")  # reopened: as of today years late
    at.date_input(key="f_act_4.5").set_value(None)
    button(at, "Save update").click().run()
    assert "4.5: this update makes it Red (it was Blue at Review 33)" in at.warning[0].value.replace("\\", "")
    assert table_counts(built_db) == before
    at.text_input(key="f_worse_4.5").input("Write-off policy still with legal")
    button(at, "Save update").click().run()
    assert at.success and db_rows(built_db, "select change_reason from progress_update order by update_id desc "
                                            "limit 1") == [("Write-off policy still with legal",)]


def test_two_editors_saving_the_same_item_the_second_sees_a_conflict(built_db):
    first, second = open_page(REVIEW), open_page(REVIEW)
    for at, name in ((first, "Ann Editor"), (second, "Bob Editor")):
        at.text_input(key="local_editor").input(name).run()
        at.selectbox(key="edit_item").set_value("4.5").run()  # both open the item before either saves
        at.text_input(key="f_worse_4.5").input("Recruitment paused")
    first.number_input(key="f_pct_4.5").set_value(90)
    first.text_area(key="f_comm_4.5").input("Officer appointed")
    button(first, "Save update").click().run()
    assert first.success
    second.number_input(key="f_pct_4.5").set_value(10)
    button(second, "Save update").click().run()
    error = second.error[0].value.replace("\\", "")  # escaped: the other editor's words shown as text
    assert "nothing was saved" in error and "4.5: Ann Editor saved" in error and "Officer appointed" in error
    latest = db_rows(built_db, "select recorded_by, percent_complete from progress_update where ref = '4.5' "
                               "and seq is null order by update_id desc limit 1")
    assert latest == [("Ann Editor", 90.0)]
    # having seen the conflict, the second editor may save deliberately
    button(second, "Save update").click().run()
    assert second.success and db_rows(built_db, "select recorded_by from progress_update order by update_id desc limit 1") == [
        ("Bob Editor",)]


def test_undo_my_last_save(built_db):
    at = open_page(REVIEW)
    at.text_input(key="local_editor").input("Ann Editor").run()
    assert not [b for b in at.button if b.label.startswith("Undo")]  # nothing saved in this session yet
    at.selectbox(key="edit_item").set_value("5.2").run()
    at.text_area(key="f_comm_5.2").input("Typo entry")
    button(at, "Save update").click().run()
    button(at, "Undo my last save (5.2)").click().run()
    assert at.success[-1].value.replace("\\", "").startswith("Undone: 5.2")
    assert db_rows(built_db, "select count(*) from progress_retraction") == [(1,)]


def test_undo_from_another_session_with_the_same_name_is_not_offered(built_db):
    mine, theirs = open_page(REVIEW), open_page(REVIEW)
    for at in (mine, theirs):
        at.text_input(key="local_editor").input("Ann Editor").run()
    mine.selectbox(key="edit_item").set_value("5.2").run()
    button(mine, "Save update").click().run()
    theirs.run()
    assert not [b for b in theirs.button if b.label.startswith("Undo")]  # typing a name grants no undo
    assert db_rows(built_db, "select count(*) from progress_retraction") == [(0,)]


def test_rebaseline_is_recorded_and_listed_on_action_detail(built_db):
    at = open_page(REVIEW)
    at.text_input(key="local_editor").input("Ann Editor").run()
    at.selectbox(key="edit_item").set_value("5.2").run()
    form_inputs = [d for d in at.date_input if d.label in ("New end",)]
    form_inputs[0].set_value(date(2020, 12, 31))
    next(t for t in at.text_input if t.label == "Reason").input("Partner funding delayed")
    next(t for t in at.text_input if t.label == "Approved by").input("Cabinet")
    button(at, "Save re-baseline").click().run()
    assert any(s.value == r"Re-baseline of 5\.2 recorded." for s in at.success)  # the key shown as text
    detail = open_page("pages/5_Action_detail.py", query={"ref": "5.2"})
    table = next(df.value for df in detail.dataframe if "reason" in df.value.columns)
    assert table.iloc[-1]["reason"] == "Partner funding delayed" and table.iloc[-1]["approved_by"] == "Cabinet"


def test_viewer_on_a_network_without_sign_in_cannot_edit(built_db, on_network):
    at = open_page(REVIEW)
    assert not at.exception
    assert any("Editing is switched off" in m.value for m in at.markdown)
    assert not [b for b in at.button if b.label in ("Save update", "Undo my last save")]
    assert not at.get("form")


@pytest.fixture
def no_throttle_memory():
    throttle.forget_all()
    yield
    throttle.forget_all()


def test_passphrase_sign_in(built_db, on_network, monkeypatch, no_throttle_memory):
    monkeypatch.setenv("PLAN_EDITOR_PASSPHRASE", "tamworth-2020")
    at = open_page(REVIEW)
    assert not [b for b in at.button if b.label == "Save update"]
    at.text_input(key="sign_in_name").input("Ann Editor")
    at.text_input(key="sign_in_pass").input("wrong")
    button(at, "Sign in").click().run()
    assert at.error[0].value == "That passphrase is not right."
    assert db_rows(built_db, "select actor, event from audit_log order by event_id desc limit 1") == [
        ("Ann Editor", "sign_in_refused")]
    at.text_input(key="sign_in_pass").input("tamworth-2020")
    button(at, "Sign in").click().run()
    assert any(m.value == escape_markdown("Signed in as Ann Editor, a manager.") for m in at.markdown)
    assert [b for b in at.button if b.label == "Save update"]


def test_guessing_passphrases_is_slowed_down(built_db, on_network, monkeypatch, no_throttle_memory):
    monkeypatch.setenv("PLAN_EDITOR_PASSPHRASE", "tamworth-2020")
    at = open_page(REVIEW)
    at.text_input(key="sign_in_name").input("Mallory")
    for _ in range(5):  # five wrong guesses are answered plainly
        at.text_input(key="sign_in_pass").input("guess")
        button(at, "Sign in").click().run()
        assert at.error[0].value == "That passphrase is not right."
    at.text_input(key="sign_in_pass").input("tamworth-2020")  # the sixth, even the right one, must wait
    button(at, "Sign in").click().run()
    assert at.error[0].value.startswith("Too many wrong passphrases: try again in ")
    assert not [b for b in at.button if b.label == "Save update"]
    assert db_rows(built_db, "select count(*) from audit_log where event = 'sign_in_refused'") == [(5,)]


def test_oidc_configured_offers_sign_in_and_no_editing_until_then(built_db, on_network):
    at = open_page(REVIEW, secrets={"auth": {"redirect_uri": "http://localhost:8501/oauth2callback",
                                             "client_id": "x", "client_secret": "y",
                                             "server_metadata_url": "https://login.example/.well-known"}})
    assert not at.exception
    assert [b for b in at.button if b.label == "Sign in"]
    assert not [b for b in at.button if b.label == "Save update"]


def test_presentation_mode_steps_have_their_own_links(built_db):
    at = open_page(REVIEW, query={"present": "1", "step": "2"})
    assert not at.exception
    step_line = next(m.value for m in at.markdown if m.value.startswith("**Step "))
    assert step_line.startswith("**Step 2 of ")
    first_header = at.header[0].value
    button(at, "Next ▶").click().run()
    assert at.query_params["step"] in ("3", ["3"])
    assert next(m.value for m in at.markdown if m.value.startswith("**Step ")).startswith("**Step 3 of ")
    assert at.header[0].value != first_header
    button(at, "◀ Previous").click().run()
    assert at.header[0].value == first_header


def test_review_offers_the_pack_downloads(built_db):
    at = open_page(REVIEW)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels[:3] == ["Review pack (Excel)", "Review pack (web page, prints to PDF)", "Actions (CSV)"]


def test_a_review_scheduled_for_later_does_not_move_the_default_date(built_db):
    latest = latest_two_reviews(built_db)[0]
    db_rows(built_db, "insert into review (plan_id, review_date, title) values (?, ?, 'Review 34')",
            [PLAN, date(date.today().year + 1, 1, 15)])
    at = open_page()
    assert at.markdown[0].value.startswith(f"**As of {latest:%-d %b %Y} \\(Review 33\\)")
    options = at.selectbox(key="w_as_of_review").options
    assert not any(o.startswith("Today") for o in options)  # no update since the latest review held


def test_today_is_offered_once_updates_arrive_after_the_latest_review(built_db):
    db_rows(built_db, "insert into progress_update (plan_id, ref, seq, reported_on, status, percent_complete, "
                      "recorded_by, change_reason) values (?, '5.2', null, current_date, 'in_progress', 50, 'Ann', 'x')",
            [PLAN])
    at = open_page()
    assert at.markdown[0].value.startswith(f"**As of {latest_two_reviews(built_db)[0]:%-d %b %Y}")  # default kept
    today = next(o for o in at.selectbox(key="w_as_of_review").options if o.startswith("Today"))
    at.selectbox(key="w_as_of_review").set_value("today").run()
    assert at.markdown[0].value.startswith(f"**As of {date.today():%-d %b %Y}") and today
