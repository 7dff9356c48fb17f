"""The Data page's preview of a council's own tracker: the first rows as read, a column-mapping
control, the options, and what the import will create, before anything is written."""

from __future__ import annotations

import hashlib

import streamlit as st

from components.db import connection, write
from components.text import backup_note, escape_markdown, note, shown_error
from store.db import db_path
from store.errors import PlanError, ValidationError
from store.tracker import TrackerOptions, build_plan, read_tracker
from store.tracker.report import column_table, counts, first_rows, preview_tables
from store.tracker.synonyms import FIELDS
from store.tracker.write import known, write_tracker

DATES = {"start": st.column_config.DateColumn("start", format="D MMM YYYY"),
         "end": st.column_config.DateColumn("end", format="D MMM YYYY"),
         "reported on": st.column_config.DateColumn("reported on", format="D MMM YYYY"),
         "forecast end": st.column_config.DateColumn("forecast end", format="D MMM YYYY"),
         "actual end": st.column_config.DateColumn("actual end", format="D MMM YYYY")}


@st.cache_data(show_spinner="Reading the file…", max_entries=4)
def _read(data: bytes, name: str, sheet: str | None, remembered_keys: tuple):
    del remembered_keys  # part of the cache key: a newly remembered layout can change which sheet is chosen
    return read_tracker(data, name, sheet=sheet, remembered=st.session_state.get("_tracker_remembered", {}))


def _mapping_from_widgets(prefix: str) -> dict[str, str]:
    """What the person chose in the mapping control on an earlier run (only changes from what was read)."""
    s = st.session_state
    shown = s.get(f"{prefix}_shown", {})
    return {label: s[key] for label, (key, default) in shown.items() if key in s and s[key] != default}


def render_tracker_import(name: str, data: bytes, editor: str) -> None:
    s = st.session_state
    prefix = "trk_" + hashlib.sha256(data).hexdigest()[:12]
    officers, aliases, remembered = known(connection().cursor())
    s["_tracker_remembered"] = remembered
    try:
        sheet, sheets = _read(data, name, s.get(f"{prefix}_sheet"), tuple(sorted(remembered)))
    except ValidationError as exc:
        st.error(escape_markdown(f"Nothing can be imported from {name}:"))
        st.markdown("\n".join(f"- {escape_markdown(p)}" for p in exc.problems))
        return
    if len(sheets) > 1:
        st.selectbox("Sheet", sheets, index=sheets.index(sheet.name), key=f"{prefix}_sheet")
    cols = st.columns(3)
    plan_id = cols[0].text_input("Plan id", key=f"{prefix}_plan_id", placeholder="from the title",
                                 help="A short id with no spaces. Left blank, it comes from the title or file name.")
    title = cols[1].text_input("Title", key=f"{prefix}_title", placeholder="from the title row")
    as_at = cols[2].date_input("Progress as at", value=None, key=f"{prefix}_as_at", format="DD/MM/YYYY",
                               help="The date the tracker's progress was reported at. Left blank: the date its "
                                    "title states, else its latest update date.")
    cols = st.columns(3)
    header_row = cols[0].number_input("Header row", min_value=1, max_value=200, value=None, step=1,
                                      key=f"{prefix}_header", placeholder="found", help="Left blank: found.")
    computed = cols[1].checkbox("Show our computed RAG, not the tracker's", key=f"{prefix}_computed",
                                help="By default the dashboard shows the RAG the tracker states, as an override "
                                     "with the reason 'As stated in the source'.")
    rebaseline = cols[2].checkbox("Revised dates re-baseline", key=f"{prefix}_rebaseline",
                                  help="By default a revised date is a forecast; ticked, it is an approved "
                                       "re-baseline.")
    options = TrackerOptions(plan_id=plan_id.strip() or None, title=title.strip() or None, as_at=as_at,
                             mapping=_mapping_from_widgets(prefix), header_row=int(header_row) if header_row else None,
                             computed_rag=computed, revised_as_rebaseline=rebaseline)
    try:
        plan = build_plan(sheet, options, officers=officers, aliases=aliases, remembered=remembered)
    except ValidationError as exc:
        st.error("The tracker cannot be read yet:")
        st.markdown("\n".join(f"- {escape_markdown(p)}" for p in exc.problems))
        return
    _render_mapping(plan, prefix)
    _render_what_will_be_created(plan)
    if plan.problems:
        st.error(escape_markdown(f"Nothing can be imported until {len(plan.problems)} problem(s) are fixed in {name}:"))
        st.markdown("\n".join(f"- {escape_markdown(p)}" for p in plan.problems))
        return
    if st.button("Import this plan", type="primary", key="do_import"):
        try:
            result = write(write_tracker, plan, database=db_path(), actor=editor)
        except ValidationError as exc:
            st.error("Nothing was imported:")
            st.markdown("\n".join(f"- {escape_markdown(p)}" for p in exc.problems))
            return
        except PlanError as exc:
            st.error(shown_error(exc))
            return
        st.success(escape_markdown(f"Imported '{result.plan_id}': {result.themes} themes, {result.actions} actions, "
                   f"{result.milestones} milestones and {result.updates} progress updates from the tracker. "
                   f"Choose it under Plan in the sidebar. {backup_note(result.backup)}"))


def _render_mapping(plan, prefix: str) -> None:
    layout = plan.layout
    unrecognised = [c for c in layout.columns if c.how == "not recognised"]
    st.markdown(f"**Read {escape_markdown(plan.sheet.source)}**"  # text: names escaped; header rows are numbers
                + ("" if plan.sheet.source.lower().endswith(".csv") else f", sheet '{escape_markdown(plan.sheet.name)}'")
                + f"; header row {', '.join(map(str, layout.header_rows))}. The first rows as read:")
    st.dataframe(first_rows(plan.sheet, layout), hide_index=True, width="stretch", key="trk_first_rows")
    label = "Columns: how each is read" + (f" ({len(unrecognised)} not recognised: kept as extra columns)"
                                          if unrecognised else "")
    with st.expander(label, expanded=bool(unrecognised)):  # text: fixed words and a count
        note("Choose what a column holds. Your choice is remembered for the next tracker with the same headers.")
        shown = {}
        table = column_table(layout)
        grid = st.columns(3)
        for i, (column, how) in enumerate(zip(layout.columns, table["How"])):
            key = f"{prefix}_map_{column.col}"
            fields = list(FIELDS)
            if key not in st.session_state:
                st.session_state[key] = column.field
            grid[i % 3].selectbox(escape_markdown(f"{column.letter} · {column.label}"), fields, format_func=FIELDS.get,
                                  key=key, help=escape_markdown(f"Read as {FIELDS[column.field]} ({how})."))
            previous = st.session_state.get(f"{prefix}_shown", {}).get(column.label)
            shown[column.label] = (key, previous[1] if previous else column.field)
        st.session_state[f"{prefix}_shown"] = shown
    for line in layout.notes:
        note(line)


def _render_what_will_be_created(plan) -> None:
    st.subheader("What the import will create")
    st.write(f"Plan **{escape_markdown(plan.plan_id)}**: {escape_markdown(plan.plan['title'])}"
             + (f" ({escape_markdown(plan.plan['organisation'])})" if plan.plan["organisation"] else ""))
    note(f"Progress dated {plan.as_at:%-d %b %Y} ({plan.as_at_from}), flagged as imported from the tracker.")
    cols = st.columns(5)
    for col, (label, value) in zip(cols, counts(plan).items()):
        col.metric(label.capitalize(), value)  # text: labels are report.counts' fixed keys
    tables = preview_tables(plan)
    tabs = st.tabs(["Actions", "Milestones", "Themes", "Officers", "Progress",
                    f"To check ({len(plan.warnings) + len(plan.findings)})"])
    with tabs[0]:
        st.dataframe(tables["actions"], hide_index=True, width="stretch", column_config=DATES, key="trk_actions")
    with tabs[1]:
        st.dataframe(tables["milestones"], hide_index=True, width="stretch", column_config=DATES,
                     key="trk_milestones")
    with tabs[2]:
        st.dataframe(tables["themes"], hide_index=True, width="stretch", key="trk_themes")
    with tabs[3]:
        note("Each name as written, and the officer it is matched to (case and spacing ignored). New names are "
             "added; job titles and groups are roles.")
        st.dataframe(tables["officers"], hide_index=True, width="stretch", key="trk_officers")
    with tabs[4]:
        st.dataframe(tables["updates"], hide_index=True, width="stretch", column_config=DATES, key="trk_updates")
    with tabs[5]:
        if plan.warnings:
            st.markdown("\n".join(f"- {escape_markdown(w)}" for w in plan.warnings))
        if plan.findings:
            note("Listed under Data quality after the import; the source's RAG is checked against the dates then.")
            st.dataframe(tables["findings"], hide_index=True, width="stretch", key="trk_findings")
        if not plan.warnings and not plan.findings:
            st.write("Nothing to check.")
