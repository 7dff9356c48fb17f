"""The Action detail page shows the source's own words and dates for the chosen action."""

from components.text import escape_markdown
from tests.pages import fresh_streamlit_caches, open_page  # noqa: F401 (fixture)

PAGE = "pages/5_Action_detail.py"


def table_with(at, column):
    return next(df.value for df in at.dataframe if column in df.value.columns)


def test_detail_of_2_1_shows_milestone_owners_and_raw_dates(built_db):
    at = open_page(PAGE)
    at.selectbox(key="detail_ref").set_value("2.1").run()
    assert not at.exception
    text = "Refresh the branding of the income management service at TBC to communicate"
    # the label from SQL, cut at 80 characters, shown as text (markdown characters escaped)
    assert at.title[0].value == escape_markdown(f"2.1 · {text[:73].rstrip()}…")
    milestones = table_with(at, "milestone_title")
    assert list(milestones["milestone_title"]) == ["Review rent letters", "Renew leaflet", "Update website"]
    assert list(milestones["owners"]) == ["David Turner", "Julie Clempson", "Leanne Lee, Steph Norton"]
    assert list(milestones["end_text"]) == ["Apr 17", "Jun 17", "Apr 17"]
    dates = table_with(at, "As written")
    assert list(dates["As written"])[:2] == ["Jul 16", "Jun 17"]
    assert at.text[0].value.startswith("Refresh the branding of the income management service at TBC")


def test_a_tracker_actions_other_columns_are_shown(built_db, tmp_path):
    from store.importer import import_plan
    from tests import tracker_fixtures as fx

    path = tmp_path / "westshire.xlsx"
    path.write_bytes(fx.sections_tracker())
    import_plan(path, built_db, actor="Test")
    at = open_page("pages/5_Action_detail.py",
                   query={"plan": "westshire-district-council-tenancy-services", "ref": "1.1"})
    assert not at.exception
    shown = next(d.value for d in at.dataframe if "column_name" in d.value.columns)
    assert shown.values.tolist() == [["1.1", "Budget", "£2,000"]]
