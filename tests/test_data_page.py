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
