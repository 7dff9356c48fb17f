"""Scheduling review meetings (managers): the upcoming reviews, a proposed 6-weekly cadence to accept or
edit, saved in one transaction. Reviews already held stay; recording progress never adds one."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from components.auth import Access
from components.db import write
from components.settings import REVIEW_INTERVAL_DAYS
from components.text import escape_markdown
from store.errors import PlanError, ValidationError
from store.reviews import propose_cadence, schedule_reviews

PROPOSED = 6  # meetings proposed ahead when none are scheduled


def planned_dates(reviews: list[date], today: date) -> list[date]:
    """The upcoming reviews, or, when none is scheduled, the next six on the cadence from the last one."""
    upcoming = sorted(d for d in reviews if d > today)
    if upcoming:
        return upcoming
    last = max((d for d in reviews if d <= today), default=today)
    dates = propose_cadence(last, PROPOSED + 60, REVIEW_INTERVAL_DAYS)
    return [d for d in dates if d > today][:PROPOSED]


def render_schedule(plan_id: str, reviews: list[date], access: Access, today: date) -> None:
    upcoming = sorted(d for d in reviews if d > today)
    with st.expander(f"Schedule reviews ({len(upcoming)} upcoming)", icon=":material/event:"):
        proposal = planned_dates(reviews, today)
        # text: fixed words and a number of days
        st.write("Upcoming review meetings. " + ("" if upcoming else f"None is scheduled: here is a "
                 f"{REVIEW_INTERVAL_DAYS // 7}-weekly cadence to accept or change.") + " Add, change or delete rows, "
                 "then save.")
        with st.form("schedule_form"):
            edited = st.data_editor(pd.DataFrame({"review_date": proposal}), num_rows="dynamic", key="schedule_grid",
                                    column_config={"review_date": st.column_config.DateColumn(
                                        "Review date", format="D MMM YYYY", min_value=today, required=True)})
            if st.form_submit_button("Save the schedule", type="primary"):
                wanted = {pd.Timestamp(d).date() for d in edited["review_date"].dropna()}
                try:
                    dates = write(schedule_reviews, plan_id, add=sorted(wanted - set(upcoming)),
                                  remove=sorted(set(upcoming) - wanted), actor=access.editor, today=today)
                    st.success(f"Saved: {sum(d > today for d in dates)} upcoming review(s).")
                except ValidationError as exc:
                    st.error("Not saved:\n\n" + "\n".join(f"- {escape_markdown(p)}" for p in exc.problems))
                except PlanError as exc:
                    st.error(escape_markdown(str(exc)))
