"""Recording progress on the Review page (editors only): pick an item, save an update, undo your last
save, record an approved re-baseline. The page passes the data in; saves go through components.db.write.

A save is checked against the update the editor saw when they opened the item (session key
`expected_<item>`), so two editors saving the same item cannot overwrite each other unseen."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.auth import Access
from components import saving
from components.db import write
from components.filters import Filters, Options
from components.settings import RAG_LABELS, STATUS_LABELS
from components.text import day, escape_markdown, shown_error
from store.errors import PlanError, ValidationError
from store.progress import ProgressUpdate, Rebaseline, record_rebaseline


def edit_items(actions: pd.DataFrame, milestones: pd.DataFrame) -> pd.DataFrame:
    """Every action and milestone (action_status and milestone_status rows), keyed by the item_ref SQL
    gives them ("2.1" or "2.1/3") and labelled by its item_label, in ref order."""
    items = pd.concat([actions.assign(seq=None), milestones], ignore_index=True)
    items["key"] = items["item_ref"]
    items["label"] = [label if len(label) <= 90 else label[:89].rstrip() + "…" for label in items["item_label"]]
    return items.sort_values(["ref", "seq"], na_position="first")


def last_update_id(last_ids: pd.DataFrame, ref: str, seq: int | None) -> int | None:
    """The id of the item's latest update (item_last_update rows), or None if it has none."""
    same_seq = last_ids["seq"].isna() if seq is None else last_ids["seq"] == seq  # (== None is never true)
    last_id = last_ids[(last_ids["ref"] == ref) & same_seq]
    return None if last_id.empty or pd.isna(last_id["last_update_id"].iloc[0]) else int(last_id["last_update_id"].iloc[0])


def _as_date(value):
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def _show_problems(exc: ValidationError) -> None:
    st.error("Not saved:\n\n" + "\n".join(f"- {escape_markdown(p)}" for p in exc.problems))


def render_record_progress(filters: Filters, options: Options, access: Access, *, actions: pd.DataFrame,
                           milestones: pd.DataFrame, last_ids: pd.DataFrame) -> None:
    """The item picker, the update form, undo and the re-baseline form, for an editor (`access.can_edit`)."""
    items = edit_items(actions, milestones)
    items = items[[access.may_update(ids) for ids in items["owner_ids"]]]
    if items.empty:
        st.info("None of the items in this view is yours to update. Clear the filters, or ask a manager.")
        return
    choice = st.selectbox("Item", list(items["key"]), key="edit_item",
                          format_func=dict(zip(items["key"], items["label"])).get)
    item = items[items["key"] == choice].iloc[0]
    seq = None if pd.isna(item["seq"]) else int(item["seq"])
    seen_id = last_update_id(last_ids, item["ref"], seq)
    # what this editor saw when they first opened the item
    st.session_state.setdefault(saving.expected_key(filters.plan_id, choice), seen_id)
    saving.render_flash()
    _render_update_form(filters, options, access, item=item, key=choice, seq=seq, seen_id=seen_id)
    saving.render_undo(access)
    if access.is_manager:
        _render_rebaseline(filters, access, item=item, key=choice, seq=seq)


def _render_update_form(filters: Filters, options: Options, access: Access, *, item: pd.Series, key: str,
                        seq: int | None, seen_id: int | None) -> None:
    ref, expected = item["ref"], saving.expected_key(filters.plan_id, key)
    with st.form(f"record_{key}"):
        # text: RAG_LABELS fixed; the rest escaped
        st.markdown(f"**{escape_markdown(item['label'])}** · now {RAG_LABELS[item['rag']]}: {escape_markdown(item['rag_reason'])}")
        cols = st.columns(3)
        reported_on = cols[0].date_input("Update dated", value=saving.today(), max_value=saving.today(),
                                         format="DD/MM/YYYY", key=f"f_rep_{key}",
                                         help="The day the progress was reported: today, or an earlier day.")
        status = cols[1].selectbox("Status", list(STATUS_LABELS), index=list(STATUS_LABELS).index(item["status"]),
                                   format_func=STATUS_LABELS.get, key=f"f_status_{key}")
        percent = cols[2].number_input("Percent complete", 0, 100, int(item["percent_complete"]), key=f"f_pct_{key}")
        cols = st.columns(3)
        forecast = cols[0].date_input("Forecast end", value=_as_date(item["forecast_end"]), format="DD/MM/YYYY",
                                      key=f"f_fc_{key}")
        actual = cols[1].date_input("Actual end (if complete)", value=_as_date(item["actual_end"]), format="DD/MM/YYYY",
                                    key=f"f_act_{key}", help="Left empty when complete: the update's date.")
        override = cols[2].selectbox("RAG override", [None, "red", "amber", "green", "blue", "grey"],
                                     format_func=lambda r: "None (computed)" if r is None else RAG_LABELS[r],
                                     key=f"f_ovr_{key}")
        reason = st.text_input("Reason for the override", key=f"f_reason_{key}")
        commentary = st.text_area("Commentary", key=f"f_comm_{key}", max_chars=5000)
        why_worse = st.text_input("If the rating got worse since the last review: why", key=f"f_worse_{key}")
        submitted = st.form_submit_button("Save update", type="primary")
    if not submitted:
        return
    update = ProgressUpdate(filters.plan_id, ref, seq, reported_on, status, float(percent), forecast_end=forecast,
                            actual_end=actual, rag_override=override, rag_reason=reason or None,
                            commentary=commentary or None, change_reason=why_worse or None)
    st.session_state.setdefault(expected, seen_id)
    if saving.save_updates([update], access, filters, {(filters.plan_id, ref, seq): st.session_state[expected]}) is None:
        st.session_state[expected] = seen_id  # a conflict: they have now seen the other change


def _render_rebaseline(filters: Filters, access: Access, *, item: pd.Series, key: str, seq: int | None) -> None:
    with st.expander("Record an approved re-baseline"):
        with st.form(f"rebaseline_{key}"):
            st.markdown(f"**{escape_markdown(item['label'])}** · current baseline end {day(item['baseline_end'])}")
            cols = st.columns(3)
            approved_on = cols[0].date_input("Approved on", value=filters.as_of, format="DD/MM/YYYY")
            new_start = cols[1].date_input("New start (optional)", value=None, format="DD/MM/YYYY")
            new_end = cols[2].date_input("New end", value=None, format="DD/MM/YYYY")
            why = st.text_input("Reason")
            approver = st.text_input("Approved by")
            if st.form_submit_button("Save re-baseline"):
                try:
                    write(record_rebaseline, Rebaseline(filters.plan_id, item["ref"], seq, approved_on, new_start,
                                                        new_end, why, approver), actor=access.editor)
                    st.success(f"Re-baseline of {escape_markdown(key)} recorded.")
                except ValidationError as exc:
                    _show_problems(exc)
                except PlanError as exc:
                    st.error(shown_error(exc))
