"""The Data page: counts, data-quality findings, and importing a plan through the browser's upload."""

from tests.pages import fresh_streamlit_caches, open_page  # noqa: F401 (fixture)

DATA = "pages/6_Data.py"


def test_counts_and_findings_of_the_tbc_plan(built_db):
    at = open_page(DATA)
    assert not at.exception
    assert [(m.label, m.value) for m in at.metric] == [("Actions", "37"), ("Milestones", "77"),
                                                        ("Officers and roles", "20"), ("Reviews", "33")]
    findings = at.dataframe[0].value
    # 1.3, 3.2 and 6a.6 have no start date in the source (NOTES.md N4, N10, N13)
    assert list(findings.loc[findings["check_name"] == "No start date", "ref"]) == ["1.3", "3.2", "6a.6"]
    assert "Judgement call in the transcription" in set(findings["check_name"])
    assert "Download the Excel template" in [b.proto.label for b in at.get("download_button")]


def test_importing_a_councils_own_tracker_through_the_preview(built_db):
    """An editor uploads a tracker with a column the import cannot recognise, maps it in the preview, sees
    what will be created, imports; the next tracker with the same headers needs no mapping."""
    import duckdb

    from tests import tracker_fixtures as fx

    data = fx.excel_csv_tracker().replace(b"Monitoring & Reporting", b"How we report")
    at = open_page(DATA)
    at.text_input(key="local_editor").input("Ann Editor").run()
    at.file_uploader(key="upload").upload("northfield.csv", data, "text/csv").run()
    assert not at.exception
    assert at.expander[0].label == "Columns: how each is read (1 not recognised: kept as extra columns)"
    mapping = next(box for box in at.selectbox if box.label == "I · How we report")
    assert mapping.value == "extra"
    mapping.set_value("outcome").run()
    assert [(m.label, m.value) for m in at.metric][4:] == [
        ("Themes", "1"), ("Actions", "4"), ("Milestones", "0"), ("New officers and roles", "5"),
        ("Progress updates", "3")]
    tables = [d.value for d in at.dataframe]
    actions = next(t for t in tables if "action" in t.columns)
    assert list(actions["ref"]) == ["1", "2", "3", "4"]
    assert list(actions["owners"]) == ["Head of Income", "Income Team, Rents Manager", "ICT, Customer Services",
                                       "Head of Income"]
    assert list(next(t for t in tables if "RAG as stated" in t.columns)["RAG as stated"].fillna("")) == [
        "Amber", "Green", ""]
    con = duckdb.connect(str(built_db))  # the app holds it read-write in this process: same configuration
    assert con.execute("select count(*) from plan").fetchone() == (1,)  # nothing written by the preview
    con.close()
    at.button(key="do_import").click().run()
    assert at.success[0].value.replace("\\", "").startswith("Imported 'northfield-council-housing-improvement-action': 1 themes, "
                                          "4 actions, 0 milestones and 3 progress updates from the tracker.")
    con = duckdb.connect(str(built_db))  # the app holds it read-write in this process: same configuration
    assert con.execute("select ref, outcome_text from action where plan_id = 'northfield-council-housing-"
                       "improvement-action' order by position limit 2").fetchall() == [
        ("1", "Quarterly to Cabinet"), ("2", "Monthly to DMT")]
    assert con.execute("select count(*) from import_layout").fetchone() == (1,)
    con.close()
    again = open_page(DATA)
    again.text_input(key="local_editor").input("Ann Editor").run()
    again.file_uploader(key="upload").upload("northfield-q4.csv", data, "text/csv").run()
    assert again.expander[0].label == "Columns: how each is read"  # all recognised, the mapping remembered
    assert next(box for box in again.selectbox if box.label == "I · How we report").value == "outcome"
