"""Recording progress on the Review page (editors only): pick an item, save an update, undo your last
save, record an approved re-baseline. The page passes the data in; saves go through components.db.write.

A save is checked against the update the editor saw when they opened the item (session key
`expected_<item>`), so two editors saving the same item cannot overwrite each other unseen."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.auth import Access
from components.db import write
from components.filters import Filters, Options
from components.settings import RAG_LABELS, STATUS_LABELS
from components.text import day, escape_markdown
from store.errors import ConflictError, PlanError, ValidationError
from store.progress import ProgressUpdate, Rebaseline, record_rebaseline, record_review, record_updates, undo_last_save


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
    choice = st.selectbox("Item", list(items["key"]), key="edit_item",
                          format_func=dict(zip(items["key"], items["label"])).get)
    item = items[items["key"] == choice].iloc[0]
    seq = None if pd.isna(item["seq"]) else int(item["seq"])
    seen_id = last_update_id(last_ids, item["ref"], seq)
    st.session_state.setdefault(f"expected_{choice}", seen_id)  # what this editor saw when they opened the item
    _render_update_form(filters, options, access, item=item, key=choice, seq=seq, seen_id=seen_id)
    _render_undo(access)
    _render_rebaseline(filters, access, item=item, key=choice, seq=seq)


def _render_update_form(filters: Filters, options: Options, access: Access, *, item: pd.Series, key: str,
                        seq: int | None, seen_id: int | None) -> None:
    ref, expected_key = item["ref"], f"expected_{key}"
    with st.form(f"record_{key}"):
        st.markdown(f"**{escape_markdown(item['label'])}** · now {RAG_LABELS[item['rag']]}: {escape_markdown(item['rag_reason'])}")
        cols = st.columns(3)
        reported_on = cols[0].date_input("Review date", value=filters.as_of, format="DD/MM/YYYY", key=f"f_rep_{key}")
        status = cols[1].selectbox("Status", list(STATUS_LABELS), index=list(STATUS_LABELS).index(item["status"]),
                                   format_func=STATUS_LABELS.get, key=f"f_status_{key}")
        percent = cols[2].number_input("Percent complete", 0, 100, int(item["percent_complete"]), key=f"f_pct_{key}")
        cols = st.columns(3)
        forecast = cols[0].date_input("Forecast end", value=_as_date(item["forecast_end"]), format="DD/MM/YYYY",
                                      key=f"f_fc_{key}")
        actual = cols[1].date_input("Actual end (if complete)", value=_as_date(item["actual_end"]), format="DD/MM/YYYY",
                                    key=f"f_act_{key}")
        override = cols[2].selectbox("RAG override", [None, "red", "amber", "green", "blue", "grey"],
                                     format_func=lambda r: "None (computed)" if r is None else RAG_LABELS[r],
                                     key=f"f_ovr_{key}")
        reason = st.text_input("Reason for the override", key=f"f_reason_{key}")
        commentary = st.text_area("Commentary", key=f"f_comm_{key}", max_chars=5000)
        submitted = st.form_submit_button("Save update", type="primary")
    if not submitted:
        return
    update = ProgressUpdate(filters.plan_id, ref, seq, reported_on, status, float(percent), forecast_end=forecast,
                            actual_end=actual, rag_override=override, rag_reason=reason or None,
                            commentary=commentary or None)
    try:
        if reported_on not in options.reviews:
            write(record_review, filters.plan_id, reported_on, f"Review {len(options.reviews) + 1}",
                  actor=access.editor)
        new_ids = write(record_updates, [update], actor=access.editor,
                        expected_last_ids={(ref, seq): st.session_state[expected_key]})
        st.session_state[expected_key] = new_ids[0]
        st.success(escape_markdown(f"Saved {key} for {reported_on:%-d %b %Y}, recorded by {access.editor}."))
    except ConflictError as exc:
        st.session_state[expected_key] = seen_id  # they have now seen the other change
        st.error(escape_markdown(str(exc)))
    except ValidationError as exc:
        _show_problems(exc)
    except PlanError as exc:
        st.error(escape_markdown(str(exc)))


def _render_undo(access: Access) -> None:
    if st.button("Undo my last save", key="undo", icon=":material/undo:"):
        try:
            undone = write(undo_last_save, actor=access.editor)
            st.success(f"Undone: {', '.join(undone)}. The update is kept in the record, marked as undone.")
            for key in [k for k in st.session_state if str(k).startswith("expected_")]:
                del st.session_state[key]
        except PlanError as exc:
            st.error(escape_markdown(str(exc)))


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
                    st.success(f"Re-baseline of {key} recorded.")
                except ValidationError as exc:
                    _show_problems(exc)
                except PlanError as exc:
                    st.error(escape_markdown(str(exc)))
