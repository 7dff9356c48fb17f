"""My updates: each officer's own open items for this review cycle, updated several at once; and, for the
manager, who has not reported yet (the chase list) with a reminder ready to send."""

from datetime import date
from urllib.parse import urlencode

import streamlit as st

from components import rules, views
from components.auth import render_access
from components.db import query
from components.my_updates import render_chase_list, render_my_items
from components.schedule import render_schedule
from components.settings import PAGE_ICON, RED_AFTER_DAYS
from components.sidebar import render_context_line, render_sidebar
from components.text import escape_markdown, note

st.set_page_config(page_title="My updates · Improvement plan", page_icon=PAGE_ICON, layout="wide")

filters, options = render_sidebar(who=st.query_params.get("who"))
today = date.today()
reviews = list(options.reviews)
started = rules.cycle_start(today, reviews)
next_review = rules.next_review_after(today, reviews)
st.title("My updates")
render_context_line(filters, options, is_demo=False)
note(f"This cycle runs from the review of {started:%-d %b %Y} to the next review on {next_review:%-d %b %Y}; "
     "updates are dated the day you save them." if started else
     f"No review has been held yet; the first is on {next_review:%-d %b %Y}.")

access = render_access(options.officers, views.officers_by_email(options), views.log_refused_sign_in)
note(access.note)
by_name = {name: officer_id for officer_id, name in options.officers.items()}
if access.is_manager:
    asked = st.query_params.get("who")
    names = list(by_name)
    who = st.selectbox("Whose items", names, index=names.index(asked) if asked in names else 0, key="my_who")
    officer_id = by_name[who]
elif access.can_edit:
    officer_id, who = access.officer_id, options.officers.get(access.officer_id, access.editor)
else:
    officer_id = who = None

if officer_id:
    items = query("officer_items", plan_id=filters.plan_id, as_of=today, red_after_days=RED_AFTER_DAYS,
                  officer_id=officer_id, cycle_start=started)
    render_my_items(filters, access, who, items)

st.header("Who has reported")
chase = query("chase_list", plan_id=filters.plan_id, as_of=today, red_after_days=RED_AFTER_DAYS, cycle_start=started)
base = (st.context.url or "").split("?")[0].rsplit("/", 1)[0]


def link_for(name: str) -> str:
    return f"{base}/My_updates?{urlencode({'plan': filters.plan_id, 'who': name})}"


render_chase_list(chase, next_review, link_for)
if access.is_manager:
    render_schedule(filters.plan_id, reviews, access, today)
elif not access.can_edit:
    st.write(escape_markdown("Sign in to update your own items."))
