"""Data: import another plan, download the template, and check the current plan's data."""

import streamlit as st

from components import views

from components.auth import render_access
from components.import_preview import render_tracker_import
from components.db import connection, query, write
from components.settings import PAGE_ICON
from components.sidebar import render_context_line, render_sidebar
from components.tables import render_table
from components.text import backup_note, escape_markdown, note, shown_error
from store.db import db_path
from store.errors import PlanError, ValidationError
from store.importer import import_tables, is_tracker, read_upload
from store.workbook import template_workbook

st.set_page_config(page_title="Data · Improvement plan", page_icon=PAGE_ICON, layout="wide")

filters, options = render_sidebar()
st.title("Plan data")
render_context_line(filters, options, is_demo=False)

counts = query("plan_counts", plan_id=filters.plan_id).iloc[0]
cols = st.columns(4)
cols[0].metric("Actions", int(counts["actions"]))
cols[1].metric("Milestones", int(counts["milestones"]))
cols[2].metric("Officers and roles", int(counts["officers"]))
cols[3].metric("Reviews", int(counts["reviews"]))
note(f"{int(counts['recorded_updates'])} progress update(s) recorded by people, {int(counts['demo_updates'])} "
     f"illustrative, {int(counts['rebaselines'])} re-baseline(s).")

st.header("Data quality")
findings = query("data_quality", plan_id=filters.plan_id, as_of=filters.as_of)
if findings.empty:
    st.write("No findings: every action has owners and dates, every milestone sits inside its action.")
else:
    summary = findings.groupby("check_name", sort=False).size()
    # text: names escaped; n is a count
    st.write(" · ".join(f"**{escape_markdown(name)}**: {n}" for name, n in summary.items()))
    render_table(findings, columns=["check_name", "ref", "seq", "detail"], key="quality", filename="data-quality.csv",
                 config={"check_name": st.column_config.TextColumn("Check", width="medium"),
                         "detail": st.column_config.TextColumn("Detail", width="large")})

imported = query("import_findings", plan_id=filters.plan_id)
if not imported.empty:
    st.subheader("Found when the plan was imported from its tracker")
    note("Where in the source each finding is: sheet, row, column and the cell's text.")
    render_table(imported, columns=["check_name", "ref", "seq", "detail", "sheet", "row_number", "column_name",
                                    "cell_text"], key="import_findings", filename="import-findings.csv",
                 config={"check_name": st.column_config.TextColumn("Check", width="medium"),
                         "detail": st.column_config.TextColumn("Detail", width="large"),
                         "row_number": st.column_config.NumberColumn("Row", format="%d"),
                         "column_name": st.column_config.TextColumn("Column"),
                         "cell_text": st.column_config.TextColumn("Cell text")})

st.header("Import a plan")
st.write("Load another plan: your council's own tracker as it is (one sheet of Excel or CSV, with its own headings; "
         "you see what will be created before anything is written), or the Excel template, or a .zip of the "
         "seven CSV files of `data/source/`. Every problem is listed at once; nothing is written until all are fixed, "
         "and the database is backed up before an import.")
st.download_button("Download the Excel template", template_workbook(), file_name="improvement-plan-template.xlsx",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                   icon=":material/download:", key="template")
access = render_access(options.officers, views.officers_by_email(options), views.log_refused_sign_in)
note(access.note)
if access.is_manager:
    note(f"Database file: {db_path().name}")  # its name only: a server path is for whoever runs the server
if access.can_edit and not access.is_manager:
    st.info("Importing plans is for managers.")
if access.is_manager:
    upload = st.file_uploader("Plan file", type=["xlsx", "xls", "csv", "zip"], key="upload",
                              help="Up to 20 MB and 5,000 rows: your tracker (.xlsx, .xls, .csv), the template "
                                   "workbook, or a .zip of the template's CSV files.")
    if upload is not None:
        data = upload.getvalue()
        try:
            tracker = is_tracker(data, upload.name)
        except ValidationError as exc:
            st.error(escape_markdown(" ".join(exc.problems)))
            tracker = None
        if tracker:
            render_tracker_import(upload.name, data, access.editor)
        elif tracker is False and st.button("Import this plan", type="primary", key="do_import"):
            try:
                tables = read_upload(data, upload.name)
                connection()
                result = write(import_tables, tables, database=db_path(), actor=access.editor,
                               from_workbook=upload.name.lower().endswith((".xlsx", ".xlsm")))
                st.success(escape_markdown(f"Imported '{result.plan_id}': {result.actions} actions and "
                                           f"{result.milestones} milestones. Choose it under Plan in the sidebar. "
                                           f"{backup_note(result.backup)}"))
            except ValidationError as exc:
                st.error(escape_markdown(f"Nothing was imported: {len(exc.problems)} problem(s) to fix in "
                                         f"{upload.name}."))
                st.markdown("\n".join(f"- {escape_markdown(p)}" for p in exc.problems))
            except PlanError as exc:
                st.error(shown_error(exc))
