"""A tiny plan in an in-memory database with the real schema, for query tests.

Two themes, six actions, two milestones, three reviews 42 days apart, and a handful of updates chosen
so that each case the definitions care about appears once:

  A.1  Jan 1 – Mar 31 2020, owner Ann (its milestone 1 owned by Bob: shared ownership).
       One update at R1 (in progress 20%, forecast Mar 31), then nothing: open past its end, stale.
       m1 "Draft" own end Feb 15, completed Feb 20 (5 days late). m2 "Publish": no own dates.
  A.2  Jan 1 – Feb 29 2020, owners Ann and Bob. Forecast slips to Mar 20 at R2, completed Mar 25 (late).
  A.3  Feb 1 – Apr 30 2020, owner Bob. Forecast Jun 15 at R2; re-baselined on Mar 15 to end Jun 30;
       forecast Jun 20 at R3.
  B.1  from Jan 1 2020, ongoing, owner Team (a role). Overridden to amber at R3 with a reason.
  B.2  no start date, ends May 31 2020, owner Bob. No updates.
  B.3  Jul 1 – Sep 30 2020, owner Ann. Not due to start.

Reviews: R1 2020-01-15, R2 2020-02-26, R3 2020-04-08.
"""

from __future__ import annotations

import duckdb

from store.build import create_schema, refresh_items

R1, R2, R3 = "2020-01-15", "2020-02-26", "2020-04-08"

ROWS = """
insert into plan (plan_id, title, organisation, source) values ('tiny', 'Tiny plan', 'Test council', 'tests');
insert into theme values ('tiny', 'A', 'Theme A', 1), ('tiny', 'B', 'Theme B', 2);
insert into action (plan_id, ref, theme_code, position, action_text, start_text, end_text,
                    baseline_start, baseline_end, is_ongoing) values
    ('tiny', 'A.1', 'A', 1, 'Open past its end', 'Jan 20', 'Mar 20', '2020-01-01', '2020-03-31', false),
    ('tiny', 'A.2', 'A', 2, 'Completed late', 'Jan 20', 'Feb 20', '2020-01-01', '2020-02-29', false),
    ('tiny', 'A.3', 'A', 3, 'Re-baselined', 'Feb 20', 'Apr 20', '2020-02-01', '2020-04-30', false),
    ('tiny', 'B.1', 'B', 4, 'Ongoing', 'Jan 20', 'ongoing', '2020-01-01', null, true),
    ('tiny', 'B.2', 'B', 5, 'No start date', '', 'May 20', null, '2020-05-31', false),
    ('tiny', 'B.3', 'B', 6, 'Not due yet', 'Jul 20', 'Sep 20', '2020-07-01', '2020-09-30', false);
insert into milestone (plan_id, ref, seq, title, start_text, end_text, baseline_start, baseline_end) values
    ('tiny', 'A.1', 1, 'Draft', '', 'Feb 20', null, '2020-02-15'),
    ('tiny', 'A.1', 2, 'Publish', '', '', null, null);
insert into officer (officer_id, name, kind) values ('ann', 'Ann Able', 'person'), ('bob', 'Bob Brown', 'person'), ('team', 'Team', 'role');
insert into assignment (plan_id, ref, seq, officer_id) values
    ('tiny', 'A.1', null, 'ann'), ('tiny', 'A.1', 1, 'bob'),
    ('tiny', 'A.2', null, 'ann'), ('tiny', 'A.2', null, 'bob'),
    ('tiny', 'A.3', null, 'bob'), ('tiny', 'B.1', null, 'team'),
    ('tiny', 'B.2', null, 'bob'), ('tiny', 'B.3', null, 'ann');
insert into review (plan_id, review_date, title) values
    ('tiny', '2020-01-15', 'R1'), ('tiny', '2020-02-26', 'R2'), ('tiny', '2020-04-08', 'R3');
insert into progress_update (plan_id, ref, seq, reported_on, status, percent_complete, forecast_end,
                             actual_end, rag_override, rag_reason, commentary, recorded_by) values
    ('tiny', 'A.1', null, '2020-01-15', 'in_progress', 20, '2020-03-31', null, null, null, 'Started', 'Ann Able'),
    ('tiny', 'A.1', 1, '2020-02-26', 'complete', 100, null, '2020-02-20', null, null, null, 'Bob Brown'),
    ('tiny', 'A.2', null, '2020-01-15', 'in_progress', 50, '2020-02-29', null, null, null, null, 'Ann Able'),
    ('tiny', 'A.2', null, '2020-02-26', 'in_progress', 80, '2020-03-20', null, null, null, 'Waiting on sign-off', 'Ann Able'),
    ('tiny', 'A.2', null, '2020-04-08', 'complete', 100, null, '2020-03-25', null, null, 'Signed off', 'Bob Brown'),
    ('tiny', 'A.3', null, '2020-02-26', 'in_progress', 30, '2020-06-15', null, null, null, null, 'Bob Brown'),
    ('tiny', 'A.3', null, '2020-04-08', 'in_progress', 60, '2020-06-20', null, null, null, 'On track after rebaseline', 'Bob Brown'),
    ('tiny', 'B.1', null, '2020-01-15', 'in_progress', 10, null, null, null, null, null, 'Team'),
    ('tiny', 'B.1', null, '2020-04-08', 'in_progress', 15, null, null, 'amber', 'Team short-staffed', 'Short of staff', 'Team');
insert into rebaseline (plan_id, ref, seq, approved_on, new_baseline_start, new_baseline_end, reason, approved_by)
    values ('tiny', 'A.3', null, '2020-03-15', null, '2020-06-30', 'Delayed by consultation', 'Cabinet');
"""


def tiny_db() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    create_schema(con)
    con.execute(ROWS)
    refresh_items(con, "tiny")
    return con


NO_FILTERS = {"themes": None, "officers": None, "statuses": None, "rags": None}


def params(as_of: str, **extra) -> dict:
    """The parameters every status query takes, with no filters and the default red threshold."""
    return {"plan_id": "tiny", "as_of": as_of, "red_after_days": 30, **NO_FILTERS, **extra}
