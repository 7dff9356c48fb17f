"""Exports cannot carry formulas, and plan text cannot become markup."""

from datetime import date

import numpy as np
import pandas as pd
import streamlit as st

from components.charts import safe
from components.tables import REF_TITLES, csv_bytes, detail_link, neutralise_formulas, screen_titles, without_blanks
from components.text import day, each_distinct, escape_markdown, source_note
from store.cells import keep_as_text


def test_cells_that_start_like_a_formula_are_neutralised():
    frame = pd.DataFrame({"text": ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "plain", "\tx"],
                          "number": [-1, 2, 3, 4, 5, 6]})
    out = neutralise_formulas(frame)
    assert list(out["text"]) == ["'=HYPERLINK(\"http://x\")", "'+1", "'-2", "'@SUM(A1)", "plain", "'\tx"]
    assert list(out["number"]) == [-1, 2, 3, 4, 5, 6]  # numbers stay numbers


def test_csv_is_utf8_with_bom_for_excel():
    data = csv_bytes(pd.DataFrame({"name": ["Sue Philp", "=cmd"]}))
    assert data.startswith(b"\xef\xbb\xbf") and b"'=cmd" in data


def test_markdown_and_plotly_text_are_escaped():
    assert escape_markdown("**bold** <b>x</b> [a](javascript:x)") == (
        r"\*\*bold\*\* \<b\>x\<\/b\> \[a\]\(javascript\:x\)".replace(r"\/", "/"))
    assert safe("<b>x</b> & y") == "&lt;b&gt;x&lt;/b&gt; &amp; y"
    assert safe("a" * 50, 10) == "aaaaaaaaa…"


def test_day_shows_a_date_as_text_and_a_missing_one_as_a_dash():
    assert day(date(2020, 1, 1)) == "1 Jan 2020"
    assert day(pd.Timestamp("2019-03-31")) == "31 Mar 2019"
    assert [day(v) for v in (None, pd.NaT, np.nan)] == ["—", "—", "—"]


def test_a_column_of_dates_or_numbers_reads_as_each_value_does():
    dates = pd.Series(pd.to_datetime(["2020-01-01", None, "2019-03-31", "2020-01-01"]), index=[7, 3, 5, 9])
    texts = each_distinct(dates, day)
    assert texts.to_dict() == {7: "1 Jan 2020", 3: "—", 5: "31 Mar 2019", 9: "1 Jan 2020"}
    assert texts.equals(dates.map(day))  # what the screen showed before, value by value
    assert each_distinct(pd.Series([], dtype="datetime64[us]"), day).empty


def test_the_screen_shows_a_dash_for_a_missing_date_or_number():
    frame = pd.DataFrame({"due": pd.to_datetime(["2020-05-20", None]), "days": [12.0, np.nan], "n": [1, 2]})
    config = {"due": st.column_config.DateColumn("Due", format="D MMM YYYY"),
              "days": st.column_config.NumberColumn("Days", format="%d"), "n": st.column_config.NumberColumn("N"),
              "not_shown": st.column_config.TextColumn("Not in this table")}
    shown, settings = without_blanks(frame, config)
    assert list(settings) == ["due", "days", "n"]  # the frame's columns only: Streamlit copies each one given
    assert list(shown["due"]) == ["20 May 2020", "—"] and list(shown["days"]) == ["12", "—"]
    assert list(shown["n"]) == [1, 2] and settings["n"] == config["n"]  # nothing missing: left as it was
    assert settings["due"]["type_config"]["type"] == "text"


def test_detail_link_keeps_the_view():
    assert detail_link("1.2", None, plan="p", theme=["1", "2"]) == "Action_detail?plan=p&theme=1&theme=2&ref=1.2"
    assert detail_link("2.1", 3.0) == "Action_detail?ref=2.1&seq=3"
    # a tracker's own refs are quoted as urlencode would ("&", "/", "#", spaces)
    assert detail_link("A 1&2/3#", 1) == "Action_detail?ref=A+1%262%2F3%23&seq=1"
    assert detail_link("T-04_a.1~", pd.NA) == "Action_detail?ref=T-04_a.1~"  # nothing to quote
    assert detail_link("Ü.1", 2) == "Action_detail?ref=%C3%9C.1&seq=2"


def test_a_tables_csv_has_the_screens_column_titles_and_refs_as_typed():
    frame = pd.DataFrame({"RAG": ["▲ Red"], "item_ref": ["1.10"], "action_text": ["=1+1"], "slippage_days": [152],
                          "rag_reason": ["Late"]})
    titled = screen_titles(frame, {"rag_reason": st.column_config.TextColumn("Why it is late")})
    assert list(titled.columns) == ["RAG", "Ref", "Action", "Slippage (days)", "Why it is late"]
    text = csv_bytes(titled, REF_TITLES).decode("utf-8-sig")
    assert text.splitlines() == ["RAG,Ref,Action,Slippage (days),Why it is late",
                                 '▲ Red,"=""1.10""",\'=1+1,152,Late']


def test_only_refs_made_of_digits_and_dots_become_text_formulas():
    assert [keep_as_text(v) for v in ("1.10", "2.3.1", "2.", "7", "6a.8", "1.1=HYPERLINK(x)", "", None)] == [
        '="1.10"', '="2.3.1"', '="2."', '="7"', "6a.8", "1.1=HYPERLINK(x)", "", None]


def test_a_transcription_note_reads_as_plain_words_without_its_pointer():
    assert source_note("N14: 'on new tenancies' rejoined from a fragment below the row") == (
        "Read from the committee papers with care: 'on new tenancies' rejoined from a fragment below the row")
    assert source_note("The end date is a month only") == (
        "Read from the committee papers with care: The end date is a month only")
    assert [source_note(v) for v in (None, "", "  ", float("nan"))] == ["", "", "", ""]
