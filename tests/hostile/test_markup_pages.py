"""No markup from data or URLs: a plan whose every text is the payload
`[x](https://evil.example) ![y](http://h/p.png) **b** <b>c</b>`, and links whose every parameter is
the payload, open on every page; no markdown body, label, help tooltip, title or chart label would
render it as a link, image, bold or HTML (tests/hostile/shown_text.py walks them all), and no page
shows a traceback."""

from __future__ import annotations

import shutil
from datetime import date

import duckdb
import pandas as pd
import pytest

from store.importer import import_plan
from store.progress import ProgressUpdate, Rebaseline, record_rebaseline, record_updates
from tests.hostile.hostile import PAYLOAD, RENDERED, plan_tables, template_zip
from tests.hostile.shown_text import shown_texts
from tests.pages import fresh_streamlit_caches, open_page  # noqa: F401 (fixture)

PAGES = [None, "pages/1_Timeline.py", "pages/2_Themes.py", "pages/3_Officers.py", "pages/4_Review.py",
         "pages/5_Action_detail.py", "pages/6_Data.py", "pages/7_My_updates.py"]


def hostile_tables() -> dict[str, pd.DataFrame]:
    tables = plan_tables("hostile")
    tables["plan"]["title"] = PAYLOAD
    tables["plan"]["organisation"] = PAYLOAD
    tables["themes"]["title"] = [f"{PAYLOAD} {i}" for i in range(len(tables["themes"]))]
    tables["actions"]["action_text"] = PAYLOAD
    tables["actions"]["outcome_text"] = PAYLOAD + "\n" + PAYLOAD
    tables["milestones"]["title"] = PAYLOAD
    evil = pd.DataFrame([{"officer_id": "evil", "name": PAYLOAD, "kind": "person"}])
    tables["officers"] = pd.concat([tables["officers"], evil], ignore_index=True)
    tables["officer_aliases"] = pd.concat([tables["officer_aliases"],
                                           pd.DataFrame([{"alias": PAYLOAD, "officer_id": "evil"}])], ignore_index=True)
    first = tables["actions"]["ref"].iloc[0]
    owner = pd.DataFrame([{"plan_id": "hostile", "ref": first, "seq": "", "officer_id": "evil", "as_written": PAYLOAD}])
    tables["assignments"] = pd.concat([tables["assignments"], owner], ignore_index=True)
    return tables


@pytest.fixture(scope="module")
def hostile_db_template(built_db_template, tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "plan.duckdb"
    shutil.copy(built_db_template, path)
    upload = folder / "hostile.zip"
    upload.write_bytes(template_zip(hostile_tables()))
    import_plan(upload, path, actor=PAYLOAD)
    con = duckdb.connect(str(path))
    try:
        refs = [r[0] for r in con.execute("select ref from action where plan_id = 'hostile' order by ref").fetchall()]
        record_updates(con, [ProgressUpdate("hostile", ref, None, date(2018, 3, 1), "in_progress", 40.0,
                                            rag_override="red", rag_reason=PAYLOAD, commentary=PAYLOAD,
                                            change_reason=PAYLOAD) for ref in refs[:3]], actor=PAYLOAD)
        record_rebaseline(con, Rebaseline("hostile", refs[0], None, date(2018, 3, 2), None, date(2019, 3, 31),
                                          PAYLOAD, PAYLOAD), actor=PAYLOAD)
    finally:
        con.close()
    return path


@pytest.fixture
def hostile_db(hostile_db_template, tmp_path, monkeypatch):
    path = tmp_path / "plan.duckdb"
    shutil.copy(hostile_db_template, path)
    monkeypatch.setenv("PLAN_DB", str(path))
    monkeypatch.delenv("PLAN_SHOW_ERRORS")  # what a viewer sees: components/guard.py handles errors
    return path


def markup_found(at) -> list[tuple[str, str]]:
    found = []
    for where, text in shown_texts(at):
        pieces = ("<b>c</b>",) if where == "plotly" else RENDERED
        if any(piece in text for piece in pieces):
            found.append((where, text[:160]))
    return found


def no_error_shown(at) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not [e.value for e in at.error if "Something went wrong" in e.value]


@pytest.mark.parametrize("page, extra", [(page, {}) for page in PAGES] + [
    ("pages/4_Review.py", {"present": "1"}), ("pages/4_Review.py", {"present": "1", "step": "2"}),
    ("pages/7_My_updates.py", {"who": PAYLOAD}), ("pages/3_Officers.py", {"officer": PAYLOAD})])
def test_data_with_the_payload_renders_as_text(hostile_db, page, extra):
    at = open_page(page, query={"plan": "hostile", **extra}, timeout=60)
    no_error_shown(at)
    assert at.session_state["f_plan"] == "hostile"
    assert markup_found(at) == []


URL = {"theme": PAYLOAD, "officer": "![x](http://127.0.0.1:9/pixel.png)", "status": PAYLOAD, "rag": PAYLOAD,
       "as_of": PAYLOAD, "ref": "[Click here](https://evil.example)", "who": PAYLOAD, "step": PAYLOAD,
       "plan": PAYLOAD}


@pytest.mark.parametrize("page", PAGES)
def test_link_parameters_with_the_payload_render_as_text(hostile_db, page):
    at = open_page(page, query=URL, timeout=60)
    no_error_shown(at)
    assert markup_found(at) == []
    assert at.warning  # each dropped value is named in a notice, as text


def test_the_walk_finds_markup_wherever_a_page_could_render_it():
    """The checker itself: raw payloads in a body, a tooltip, an expander label and a chart are found;
    st.text and an escaped body are not."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string(f"""
import plotly.graph_objects as go
import streamlit as st
from components.text import escape_markdown
P = {PAYLOAD!r}
st.markdown(escape_markdown(P))
st.text(P)
st.metric("Fine", 1, help=P)
with st.expander(P):
    st.write("inside")
st.plotly_chart(go.Figure(go.Bar(x=[P], y=[1])))
""")
    at.run()
    kinds = sorted({where.split(".")[0] for where, _ in markup_found(at)})
    assert kinds == ["Expander", "Metric", "plotly"]
