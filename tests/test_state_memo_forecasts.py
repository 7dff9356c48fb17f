"""The memo and the evidence forecasts (store/state_memo.py): how the sample's past forecasts fared
(forecast_pool) is held date by date and read by every forecast; and an empty memo is filled, never read as
no rows, whatever the shape of the query joining it."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd
import pytest

from store import state_memo
from tests.test_state_memo import EARLIER, FORECASTS, OTHER, PLAN, REVIEW, con, held, memo_cursor, read  # noqa: F401 (fixture)

POOL = "select * from forecast_pool($plan, $dates::date[]) order by as_of, is_action"


def test_forecasts_take_their_ranges_from_the_memos_past_forecasts_held_first(con):
    """Every forecast's 80% range comes from how the sample's past forecasts fared (forecast_pool): filling
    forecasts holds those first and reads them (proved by marking them), not computing them again."""
    expected = con.execute(FORECASTS, {"plan": PLAN, "as_of": REVIEW}).df()
    assert expected["evidence_high"].notna().sum() > 0
    state_memo.remember(con, PLAN, [REVIEW], 30, memo="forecast_pool")
    assert held(con, "forecast_pool") == [(REVIEW, state_memo.POOL_RED_AFTER_DAYS)]
    con.execute("update state_memo.forecast_pool_rows set pool_n = 0")  # too few to give a range
    forecasts = read(con, FORECASTS, plan=PLAN, as_of=REVIEW)
    assert forecasts["evidence_finish"].equals(expected["evidence_finish"])
    assert forecasts["evidence_low"].isna().all() and forecasts["evidence_high"].isna().all()


def test_past_forecasts_at_a_date_do_not_depend_on_the_other_dates_asked(con):
    """The memo holds forecast_pool date by date, and the slip chart asks for every review at once: a date's
    row must be the same asked alone or with the others (and as the memo reads it)."""
    dates = [d for (d,) in con.execute("select review_date from review where plan_id = $p order by 1",
                                       {"p": PLAN}).fetchall()]
    together = con.execute(POOL, {"plan": PLAN, "dates": dates}).df()
    assert len(together) == 2 * len(dates) and together["pool_n"].max() > 20
    for i, as_of in enumerate(dates):
        alone = con.execute(POOL, {"plan": PLAN, "dates": [as_of]}).df()
        pd.testing.assert_frame_equal(alone, together.iloc[2 * i:2 * i + 2].reset_index(drop=True))
    pd.testing.assert_frame_equal(read(con, POOL, plan=PLAN, dates=dates), together)


def test_past_forecasts_at_many_dates_do_not_push_out_the_states(con):
    """forecast_pool's slices are two rows each: the slip chart's 30-odd dates do not count against
    MOST_SLICES, so they do not empty the memo of the pages' states."""
    state_memo.remember(con, PLAN, [REVIEW, EARLIER], 30)
    dates = [date(2017, m, 1) for m in range(1, 13)]
    state_memo.remember(con, PLAN, dates, 30, memo="forecast_pool")
    state_memo.remember(con, PLAN, [OTHER], 30)
    assert held(con) == [(EARLIER, 30), (REVIEW, 30), (OTHER, 30)]
    assert len(held(con, "forecast_pool")) == 12


EMPTY_MEMO_SHAPES = {  # joins of the memo's rows with rows carrying a filter: DuckDB proved them empty
    "states": "select count(*) from series as s join item_states($plan, [$d], 30) as st on st.ref = s.ref",
    "states, semi": "select count(*) from item_states($plan, [$d], 30) as st semi join series as s using (ref)",
    "forecasts": "select count(*) from series as s join item_forecast($plan, $d, 30) as f on f.ref = s.ref",
    "past forecasts": "select count(*) from series as s join forecast_pool($plan, [$d]) as p on p.is_action",
    "evidence forecasts": "select count(*) from evidence_forecast($plan, [$d], null)",
}


@pytest.mark.parametrize("shape", EMPTY_MEMO_SHAPES)
def test_an_empty_memo_is_filled_not_read_as_no_rows(con, shape):
    """DuckDB's empty_result_pullup dropped the guard with the rows of an empty memo in these shapes, and
    the query answered 0 instead of asking for its rows (state_memo.attach turns that pass off)."""
    sql = ("with series as (select * from progress_series($plan, date '2017-01-01', $d, null, false)) "
           + EMPTY_MEMO_SHAPES[shape])
    expected = con.execute(sql, {"plan": PLAN, "d": REVIEW}).fetchone()[0]
    assert expected > 0
    with pytest.raises(duckdb.InvalidInputException, match=state_memo.WANTS):
        memo_cursor(con).execute(sql, {"plan": PLAN, "d": REVIEW}).fetchall()
    assert read(con, sql, plan=PLAN, d=REVIEW).iloc[0, 0] == expected
