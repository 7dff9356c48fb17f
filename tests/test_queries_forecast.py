"""The forecast queries ("item_forecast", "theme_forecast", "forecast_history", "forecast_reliability" and the
forecast check of "data_quality") on histories worked out by hand: tests/forecast_plan.py states them, and the
comment beside each expected value shows the sum. README "Forecasts" describes the method in words."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from queries import run
from store.db import refresh_item_span
from tests.forecast_plan import AS_OF, PLAN, forecast_db, params
from tests.frames import rows
from tests.tiny_plan import R2, R3, tiny_db
from tests.tiny_plan import params as tiny_params

D = date.fromisoformat


@pytest.fixture
def con():
    con = forecast_db()
    yield con
    con.close()


def forecast(con, ref: str, as_of: date = AS_OF) -> dict:
    got = run(con, "item_forecast", **params(as_of))
    return got.set_index("item_ref").loc[ref].to_dict()


def test_a_linear_history_gives_its_extrapolated_date(con):
    # 10% on 1 Feb, 25% on 2 Mar, 40% on 1 Apr: 15 points every 30 days = 0.5 a day; 60 points left take
    # 120 days from 1 Apr: 30 Jul.
    t1 = forecast(con, "T.1")
    assert (t1["pace_per_day"], t1["evidence_finish"].date(), t1["is_stalled"]) == (0.5, D("2020-07-30"), False)
    # Two weeks on, with nothing new, the line still reaches 100% on 30 Jul (47% on 15 Apr, 53 points left).
    assert forecast(con, "T.1", date(2020, 4, 15))["evidence_finish"].date() == D("2020-07-30")
    assert t1["evidence_basis"] == "from its last 3 updates with progress"


def test_one_odd_update_does_not_move_the_fit(con):
    # 10, 25, 90 (a slip of the keyboard), 55, 70% every 30 days from 1 Jan. Of the ten paces between two
    # updates, six are 0.5 a day (the odd one gives 1.33, 2.17, -1.17 and -0.33): the median is 0.5. The
    # intercept: the median of pct - 0.5 * day is 10 (the odd update gives 60). 70% on 30 Apr, 30 points left
    # at 0.5 a day: 60 days, so 29 Jun.
    con.execute("insert into action (plan_id, ref, theme_code, position, action_text, baseline_start, baseline_end, "
                "is_ongoing) values (?, 'T.9', 'T', 9, 'Odd', '2020-01-01', '2020-12-31', false)", [PLAN])
    for days, pct in [(0, 10), (30, 25), (60, 90), (90, 55), (120, 70)]:
        con.execute("insert into progress_update (plan_id, ref, reported_on, status, percent_complete, recorded_by) "
                    "values (?, 'T.9', ?, 'in_progress', ?, 'Tester')", [PLAN, date(2020, 1, 1) + timedelta(days), pct])
    from store.build import refresh_items
    refresh_items(con, PLAN)
    t9 = forecast(con, "T.9", date(2020, 4, 30))
    assert (t9["pace_per_day"], t9["evidence_finish"].date()) == (0.5, D("2020-06-29"))


def test_a_stalled_history_moves_out_with_the_as_of_date(con):
    # 40% three times: no pace, so the floor of 0.1 points a day: 60 points take 600 days from the as-of date.
    t2 = forecast(con, "T.2")
    assert (t2["pace_per_day"], t2["is_stalled"]) == (0.0, True)
    assert t2["evidence_finish"].date() == AS_OF + timedelta(days=600) == D("2021-11-22")
    # a month later, nothing new: a month later
    assert forecast(con, "T.2", date(2020, 5, 1))["evidence_finish"].date() == D("2021-12-22")
    assert t2["evidence_basis"] == ("from its last 3 updates with progress, which show less than 3 points a month: "
                                    "assumed to move that fast from now")


def test_too_little_history_gives_no_forecast_and_says_so(con):
    got = run(con, "item_forecast", **params())
    assert rows(got[got["item_ref"].isin(["T.3", "T.4"])],
                ["item_ref", "evidence_basis", "evidence_finish", "evidence_low", "evidence_high", "range_basis",
                 "evidence_disagrees", "is_likely_late"]) == [
        ("T.3", "not enough history: no update with progress", None, None, None, None, False, False),
        ("T.4", "not enough history: 1 update with progress", None, None, None, None, False, False),
    ]


def test_the_80_percent_range_from_past_errors(con):
    # The twenty finished actions of theme U were forecast 50 days ahead and missed by -0.5, -0.4, ... +1.4 of
    # those 50 days. Their 10th percentile: -0.4 + 0.9 * 0.1 = -0.31; their 90th: 1.2 + 0.1 * 0.1 = 1.21.
    # T.1 finishes 120 days ahead: 30 Jul - 37 days (-0.31 * 120 = -37.2) to 30 Jul + 145 days (145.2).
    t1 = forecast(con, "T.1")
    assert (t1["evidence_low"].date(), t1["evidence_high"].date()) == (D("2020-06-23"), D("2020-12-22"))
    assert t1["range_basis"] == "80% range from 20 past evidence forecasts checked against what happened"
    # T.2 finishes 600 days ahead: -186 days (-0.31 * 600) and +726 days (1.21 * 600).
    t2 = forecast(con, "T.2")
    assert (t2["evidence_low"].date(), t2["evidence_high"].date()) == (D("2021-05-20"), D("2023-11-18"))


def test_the_range_always_contains_the_point_and_never_starts_before_the_as_of_date(con):
    for as_of in (date(2020, 3, 2), AS_OF, date(2020, 6, 1), date(2021, 1, 1)):
        got = run(con, "item_forecast", **params(as_of))
        ranged = got[got["evidence_low"].notna()]
        assert len(ranged) == 2
        assert (ranged["evidence_low"] <= ranged["evidence_finish"]).all()
        assert (ranged["evidence_finish"] <= ranged["evidence_high"]).all()
        assert (ranged["evidence_low"].dt.date >= as_of).all()


def test_nothing_recorded_after_the_as_of_date_counts(con):
    before = {q: run(con, q, **params()) for q in ("item_forecast", "theme_forecast")}
    quality = run(con, "data_quality", plan_id=PLAN, as_of=AS_OF)
    # later: T.1 leaps to 90%, T.3 starts, T.4 finishes, and a finished item of theme U is corrected
    con.execute("insert into progress_update (plan_id, ref, reported_on, status, percent_complete, forecast_end, "
                "actual_end, recorded_by) values "
                f"('{PLAN}', 'T.1', '2020-04-02', 'in_progress', 90, '2020-05-01', null, 'Later'),"
                f"('{PLAN}', 'T.3', '2020-04-20', 'in_progress', 50, '2020-05-01', null, 'Later'),"
                f"('{PLAN}', 'T.4', '2020-04-10', 'complete', 100, null, '2020-04-10', 'Later'),"
                f"('{PLAN}', 'U.3', '2020-05-01', 'complete', 100, null, '2020-01-01', 'Later')")
    refresh_item_span(con, PLAN)  # as every write does (store.progress)
    for q, frame in before.items():
        assert run(con, q, **params()).equals(frame), q
    assert run(con, "data_quality", plan_id=PLAN, as_of=AS_OF).equals(quality)
    # and as of a day later, T.1's leap counts: 40% to 90% in one day
    assert forecast(con, "T.1", date(2020, 4, 2))["evidence_finish"].date() != D("2020-07-30")


def test_chance_of_finishing_by_the_baseline_end(con):
    got = run(con, "item_forecast", **params()).set_index("item_ref")
    # W.1 is expected 100 days ahead (10 Jul) with 30 days to spare before its baseline end (9 Aug): it can
    # slip 0.3 of its 100 days. Past forecasts of items of its length in its theme slipped 0, 0.05, ... 0.95:
    # seven of the twenty by 0.3 or less.
    assert got.at["W.1", "chance_on_time"] == pytest.approx(0.35)
    assert got.at["W.1", "chance_basis"] == "from 20 past forecasts of items 3 to 6 months long in this theme"
    # Theme T has no past forecasts of its own: the plan's twenty. T.1 has no time to spare (forecast =
    # baseline end): only the one that did not slip.
    assert got.at["T.1", "chance_on_time"] == pytest.approx(0.05)
    assert got.at["T.1", "chance_basis"] == "from 20 past forecasts across the plan"
    themes = run(con, "theme_forecast", **params()).set_index("theme_code")
    assert themes.at["W", "chance_on_time"] == pytest.approx(0.35)  # its one open item
    assert themes.at["T", "chance_on_time"] == round(0.05 ** 4, 6)  # four open items, each 5%
    assert themes.at["W", "chance_basis"] == "its 1 open item judged from 20 past forecasts in this theme"
    # after its baseline end an open item cannot finish by it
    assert forecast(con, "W.1", date(2020, 8, 10))["chance_on_time"] == 0.0


def test_disagreement_is_flagged_as_data_quality(con):
    got = run(con, "item_forecast", **params()).set_index("item_ref")
    # T.1: 30 Jul is 154 days before its forecast (31 Dec), which lies outside its range: likely early.
    # T.2: 22 Nov 2021 is 326 days after it: likely late.
    assert rows(got.reset_index(), ["item_ref", "evidence_gap_days", "evidence_gap_words", "evidence_disagrees",
                                    "is_likely_late"])[:2] == [
        ("T.1", -154, "about 5 months before its forecast", True, False),
        ("T.2", 326, "about 11 months after its forecast", True, True),
    ]
    quality = run(con, "data_quality", plan_id=PLAN, as_of=AS_OF)
    found = quality[quality["check_name"] == "Forecast disagrees with the evidence"]
    assert rows(found, ["ref", "detail"]) == [
        ("T.1", "Expected finish 31 Dec 2020 (its typed forecast), but its percent complete over time says "
                "30 Jul 2020, about 5 months before its forecast (80% range 23 Jun 2020 to 22 Dec 2020)."),
        ("T.2", "Expected finish 31 Dec 2020 (its typed forecast), but its percent complete over time says "
                "22 Nov 2021, about 11 months after its forecast (80% range 20 May 2021 to 18 Nov 2023)."),
    ]


def test_forecast_history_replays_each_review(con):
    got = run(con, "forecast_history", plan_id=PLAN, ref="T.1", seq=None, as_of=date(2020, 4, 15))
    # at R1 (2 Mar) from two updates, at R2 (1 Apr) and the as-of date from three: always 30 Jul
    assert rows(got, ["on_date", "progress_updates", "evidence_finish"]) == [
        (D("2020-03-02"), 2, D("2020-07-30")), (D("2020-04-01"), 3, D("2020-07-30")),
        (D("2020-04-15"), 3, D("2020-07-30")),
    ]
    assert rows(got, ["evidence_low", "evidence_high"])[1] == (D("2020-06-23"), D("2020-12-22"))
    assert run(con, "forecast_history", plan_id=PLAN, ref="T.3", seq=None, as_of=AS_OF).empty


# --- the tiny plan of tests/tiny_plan.py ------------------------------------------------------------


def test_item_forecast_on_the_tiny_plan():
    con = tiny_db()
    got = run(con, "item_forecast", **tiny_params(R3))
    # open and dated at R3: A.1 and its milestone 2, A.3, B.2, B.3 (B.1 is ongoing; A.2 and A.1/1 complete).
    # A.3: 30% on 26 Feb, 60% on 8 Apr: 30 points in 42 days; 40 points left take 56 days: 3 Jun, 17 days
    # before its forecast of 20 Jun. The only past evidence forecast with an outcome is A.2's (on 26 Feb, from
    # 50% and 80%: 25 Mar, its actual end): too few for a range. Typed forecasts with an outcome: A.1's (31 Mar,
    # passed, still open) and A.2's two: too few for a chance.
    assert rows(got, ["item_ref", "progress_updates", "evidence_finish", "evidence_gap_days", "evidence_basis",
                      "range_basis", "chance_on_time", "chance_basis"]) == [
        ("A.1", 1, None, None, "not enough history: 1 update with progress", None, None,
         "too few past forecasts to judge (3, 20 needed)"),
        ("A.1/2", None, None, None, "not enough history: no update with progress", None, None,
         "too few past forecasts to judge (3, 20 needed)"),
        ("A.3", 2, D("2020-06-03"), -17, "from its last 2 updates with progress",
         "no 80% range yet: 1 past evidence forecast checked against what happened, 20 needed", None,
         "too few past forecasts to judge (3, 20 needed)"),
        ("B.2", None, None, None, "not enough history: no update with progress", None, None,
         "too few past forecasts to judge (3, 20 needed)"),
        ("B.3", None, None, None, "not enough history: no update with progress", None, None,
         "too few past forecasts to judge (3, 20 needed)"),
    ]
    assert run(con, "theme_forecast", **tiny_params(R3))["chance_on_time"].isna().all()


def test_forecast_reliability_on_the_tiny_plan():
    con = tiny_db()
    got = run(con, "forecast_reliability", plan_id="tiny", ref="A.2", seq=None, as_of=R3)
    # A.2: forecast 29 Feb, then 20 Mar (+20 days), then complete on 25 Mar (+5). A.3: 15 Jun, then 20 Jun (+5).
    # Ann owns A.1 (no second update), A.2 and B.3; Bob owns A.2 and A.3 (and A.1 through its milestone).
    assert rows(got, ["scope", "scope_label", "forecasts_compared", "median_slip_days", "mean_slip_days",
                      "percent_moved_later"]) == [
        ("item", "A.2", 2, 12.5, 12.5, 100.0),
        ("officer", "Ann Able", 2, 12.5, 12.5, 100.0),
        ("officer", "Bob Brown", 3, 5.0, 10.0, 100.0),
        ("theme", "Theme A", 3, 5.0, 10.0, 100.0),
    ]
    # as of R2 only A.2's first move had happened
    early = run(con, "forecast_reliability", plan_id="tiny", ref="A.2", seq=None, as_of=R2)
    assert rows(early, ["scope", "forecasts_compared", "median_slip_days"])[0] == ("item", 1, 20.0)


def test_forecast_moves_count_each_days_latest_update_and_skip_retracted_and_closed_ones():
    con = tiny_db()
    con.execute("""
        insert into progress_update (plan_id, ref, seq, reported_on, status, percent_complete, forecast_end,
                                     actual_end, recorded_by) values
            ('tiny', 'A.3', null, '2020-03-01', 'in_progress', 40, '2020-07-31', null, 'Bob Brown'),
            ('tiny', 'A.3', null, '2020-03-01', 'in_progress', 45, '2020-06-18', null, 'Bob Brown'),
            ('tiny', 'A.3', null, '2020-03-20', 'in_progress', 50, '2020-09-30', null, 'Bob Brown'),
            ('tiny', 'B.3', null, '2020-03-01', 'cancelled', null, '2020-09-30', null, 'Ann Able'),
            ('tiny', 'B.3', null, '2020-04-08', 'in_progress', 5, '2020-10-31', null, 'Ann Able'),
            ('tiny', 'B.3', null, '2020-04-09', 'in_progress', 6, '2020-11-30', null, 'Ann Able')""")
    retracted = con.execute("select update_id from progress_update where ref = 'A.3' and reported_on = '2020-03-20'")
    con.execute("insert into progress_retraction (update_id, retracted_by) values (?, 'Bob Brown')",
                [retracted.fetchone()[0]])
    refresh_item_span(con, "tiny")
    got = run(con, "forecast_reliability", plan_id="tiny", ref="A.3", seq=None, as_of=R3)
    # A.3: 15 Jun on 26 Feb; on 1 Mar two updates, the later one counts (18 Jun: +3; the earlier 31 Jul does
    # not); the 30 Sep of 20 Mar was retracted; 20 Jun on 8 Apr (+2 from 18 Jun). B.3: cancelled on 1 Mar,
    # so its 8 Apr update moved nothing; its 9 Apr update is after the as-of date. A.2 (Theme A, Bob's): +20, +5.
    assert rows(got, ["scope", "scope_label", "forecasts_compared", "median_slip_days", "mean_slip_days",
                      "percent_moved_later"]) == [
        ("item", "A.3", 2, 2.5, 2.5, 100.0),
        ("officer", "Bob Brown", 4, 4.0, 7.5, 100.0),
        ("theme", "Theme A", 4, 4.0, 7.5, 100.0),
    ]
    moves = con.execute("select ref, reported_on::varchar, slip_days from forecast_moves('tiny', ?::date, null, null) "
                        "order by ref, reported_on", [R3]).fetchall()
    assert moves == [("A.2", "2020-02-26", 20), ("A.2", "2020-04-08", 5),
                     ("A.3", "2020-03-01", 3), ("A.3", "2020-04-08", 2)]
