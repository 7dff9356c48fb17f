"""A page run reads the data version once (components/db.data_version), and again after a write in the run;
the next run reads it afresh, so a save made anywhere in between is seen."""

from __future__ import annotations

import duckdb
from streamlit.testing.v1 import AppTest

import queries
from store.audit import log_event
from store.db import refresh_item_span
from tests.pages import fresh_streamlit_caches, open_page  # noqa: F401 - the fixture empties the caches


def _count_version_reads(monkeypatch) -> list[str]:
    reads: list[str] = []
    real = queries.scalar

    def counting(con, name, **params):
        if name == "data_version":
            reads.append(name)
        return real(con, name, **params)

    monkeypatch.setattr(queries, "scalar", counting)
    return reads


def test_a_page_run_reads_the_version_once_and_every_rerun_reads_it_again(built_db, monkeypatch):
    at = open_page("pages/5_Action_detail.py")  # 20 queries, each once keyed by the version
    reads = _count_version_reads(monkeypatch)
    at.run()
    assert not at.exception
    assert len(reads) == 1
    at.run()
    assert len(reads) == 2


def test_a_save_between_runs_is_seen_by_the_next_run(built_db):
    at = open_page()
    assert at.metric[1].label == "Red actions"
    red_before = int(at.metric[1].value)
    # another program, between two runs: an open green action is rated red by an update on the as-of date
    # (the latest review, which the Overview opens at), with its span and an audit row as every write has
    with duckdb.connect(str(built_db)) as con:
        ref = con.execute("select ref from item_state('tbc-rent-sip', date '2020-05-20', 30) "
                          "where item_kind = 'action' and rag = 'green' order by position limit 1").fetchone()[0]
        con.execute("insert into progress_update (plan_id, ref, reported_on, status, percent_complete, rag_override, "
                    "rag_reason, recorded_by) values ('tbc-rent-sip', ?, date '2020-05-20', 'in_progress', 50, "
                    "'red', 'test', 'test')", [ref])
        refresh_item_span(con, "tbc-rent-sip", [ref])
        log_event(con, "test", "test_event", {})
    at.run()
    assert not at.exception
    assert int(at.metric[1].value) == red_before + 1


SCRIPT = """
import streamlit as st
from components.db import data_version, write
from store.audit import log_event

before = data_version()
again = data_version()
write(log_event, "test", "test_event", {})
after = data_version()
st.write(f"{before} {again} {after}")
"""


def test_a_write_in_the_run_makes_its_next_query_read_the_new_version(built_db, monkeypatch):
    reads = _count_version_reads(monkeypatch)
    at = AppTest.from_string(SCRIPT, default_timeout=30).run()
    assert not at.exception
    before, again, after = (int(v) for v in at.markdown[0].value.split())
    assert again == before and after == before + 1
    assert len(reads) == 2  # once before the write, once after it
