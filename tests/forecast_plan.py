"""A small plan whose progress histories are chosen so every forecast can be worked out by hand
(tests/test_queries_forecast.py). Dates are 2020 unless said; as of 1 Apr 2020 unless said.

Theme T, actions with typed forecast 31 Dec 2020 and baseline 1 Jan - 31 Dec 2020:
  T.1 linear:   10% on 1 Feb, 25% on 2 Mar, 40% on 1 Apr: 0.5 points a day, so 100% on 30 Jul.
  T.2 stalled:  40% on 1 Feb, 2 Mar and 1 Apr: no pace, so the floor of 0.1 points a day applies.
  T.3 no updates at all;  T.4 one update with progress (20% on 1 Mar).
Theme U, twenty finished actions P.0 ... P.19 (baseline 1 Jan - 30 Jun 2019): each was 0% on 1 Jan 2019 and
  50% on 20 Feb 2019, so its evidence forecast then was 11 Apr 2019 (1 point a day, 50 days ahead); it really
  finished 5k - 25 days after that (k = 0 ... 19): errors of -25 ... +70 days, -0.5 ... +1.4 of the 50 days.
Theme W, twenty finished actions Q.0 ... Q.19 (baseline 1 Jun - 30 Sep 2019, 121 days long): on 1 Jun 2019
  each typed a forecast of 9 Sep 2019 (100 days ahead) and really finished 5k days after it: slips of
  0 ... 0.95 of the 100 days. And W.1, open (1 Apr - 9 Aug 2020, 130 days long), typed forecast 10 Jul 2020.
Reviews: 2 Mar and 1 Apr 2020.
"""

from __future__ import annotations

from datetime import date, timedelta

import duckdb

from store.build import create_schema, refresh_items

PLAN = "fc"
AS_OF = date(2020, 4, 1)


def _action(ref: str, theme: str, position: int, start: date, end: date) -> tuple:
    return (PLAN, ref, theme, position, f"Action {ref}", start.strftime("%b %y"), end.strftime("%b %y"), start, end,
            False)


def forecast_db() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    create_schema(con)
    con.execute("insert into plan (plan_id, title, organisation, source) values (?, 'Forecast plan', 'Test', 'tests')",
                [PLAN])
    con.executemany("insert into theme values (?, ?, ?, ?)",
                    [(PLAN, "T", "Theme T", 1), (PLAN, "U", "Theme U", 2), (PLAN, "W", "Theme W", 3)])
    actions, updates = [], []

    def update(ref, on, status, pct, forecast=None, actual=None):
        updates.append((PLAN, ref, on, status, pct, forecast, actual, "Tester"))

    year = (date(2020, 1, 1), date(2020, 12, 31))
    for i, ref in enumerate(["T.1", "T.2", "T.3", "T.4"], start=1):
        actions.append(_action(ref, "T", i, *year))
    for on, pct in [(date(2020, 2, 1), 10), (date(2020, 3, 2), 25), (date(2020, 4, 1), 40)]:
        update("T.1", on, "in_progress", pct, date(2020, 12, 31))
        update("T.2", on, "in_progress", 40, date(2020, 12, 31))
    update("T.4", date(2020, 3, 1), "in_progress", 20, date(2020, 12, 31))

    for k in range(20):
        ref = f"U.{k}"
        actions.append(_action(ref, "U", 10 + k, date(2019, 1, 1), date(2019, 6, 30)))
        update(ref, date(2019, 1, 1), "in_progress", 0)
        update(ref, date(2019, 2, 20), "in_progress", 50)
        update(ref, date(2019, 12, 1), "complete", 100, None, date(2019, 4, 11) + timedelta(days=5 * k - 25))

    for k in range(20):
        ref = f"W.{k + 2}"
        actions.append(_action(ref, "W", 40 + k, date(2019, 6, 1), date(2019, 9, 30)))
        update(ref, date(2019, 6, 1), "in_progress", None, date(2019, 9, 9))
        update(ref, date(2019, 12, 1), "complete", 100, None, date(2019, 9, 9) + timedelta(days=5 * k))
    actions.append(_action("W.1", "W", 39, date(2020, 4, 1), date(2020, 8, 9)))
    update("W.1", date(2020, 4, 1), "in_progress", None, date(2020, 7, 10))

    con.executemany("insert into action (plan_id, ref, theme_code, position, action_text, start_text, end_text, "
                    "baseline_start, baseline_end, is_ongoing) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", actions)
    con.executemany("insert into progress_update (plan_id, ref, seq, reported_on, status, percent_complete, "
                    "forecast_end, actual_end, recorded_by) values (?, ?, null, ?, ?, ?, ?, ?, ?)", updates)
    con.executemany("insert into review (plan_id, review_date, title) values (?, ?, ?)",
                    [(PLAN, date(2020, 3, 2), "R1"), (PLAN, date(2020, 4, 1), "R2")])
    refresh_items(con, PLAN)
    return con


def params(as_of: date = AS_OF, **extra) -> dict:
    return {"plan_id": PLAN, "as_of": as_of, "red_after_days": 30, "themes": None, "officers": None,
            "statuses": None, "rags": None, **extra}
