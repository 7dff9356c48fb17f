"""Synthetic plans N times the size of the TBC plan (store/synth.py): shape, owners, reviews,
determinism, the CLI, and the dashboard opening on one."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import timedelta

import duckdb
import pandas as pd
import pytest

from store.dates import parse_plan_date
from store.synth import synthesize
from tests.conftest import ROOT
from tests.pages import fresh_streamlit_caches, open_page  # noqa: F401 (fixture)

TBC_PER_THEME = {"1": 7, "2": 3, "3": 2, "4": 8, "5": 3, "6a": 9, "6b": 5}
TABLES = ["plan", "theme", "action", "milestone", "officer", "officer_alias", "assignment", "review",
          "progress_update", "rebaseline"]
VOLATILE = {"loaded_at", "recorded_at"}


def frames(path) -> dict[str, pd.DataFrame]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: con.table(t).df().drop(columns=list(VOLATILE), errors="ignore") for t in TABLES}
    finally:
        con.close()


@pytest.fixture(scope="module", params=[1, 3], ids=lambda n: f"x{n}")
def synthetic(request, tmp_path_factory):
    path = tmp_path_factory.mktemp("synth") / f"x{request.param}.duckdb"
    result = synthesize(path, scale=request.param, seed=5)
    return request.param, result, frames(path)


def test_actions_per_theme_are_n_times_tbcs(synthetic):
    n, result, t = synthetic
    assert result.actions == len(t["action"]) == n * 37
    assert t["action"]["theme_code"].value_counts().to_dict() == {c: n * k for c, k in TBC_PER_THEME.items()}
    assert t["theme"]["code"].tolist() == list(TBC_PER_THEME)
    assert t["plan"]["plan_id"].tolist() == [result.plan_id] == [f"synthetic-x{n}"]
    assert t["plan"]["title"].tolist() == [f"Synthetic plan ×{n}"]


def test_refs_are_unique_and_numbered_within_their_theme(synthetic):
    n, _, t = synthetic
    actions = t["action"]
    assert actions["ref"].is_unique
    for code, count in TBC_PER_THEME.items():
        numbers = sorted(int(r.split(".")[1]) for r in actions.loc[actions["theme_code"] == code, "ref"])
        assert numbers == list(range(1, n * count + 1))
    assert actions.sort_values("position")["position"].tolist() == list(range(1, n * 37 + 1))


def test_milestones_follow_tbcs_pattern(synthetic):
    n, result, t = synthetic
    assert result.milestones == len(t["milestone"]) == n * 77
    assert not t["milestone"].duplicated(["ref", "seq"]).any()
    assert set(t["milestone"]["ref"]) <= set(t["action"]["ref"])
    per_action = t["milestone"].groupby("ref").size()
    assert per_action.max() == 8 and per_action.min() == 1  # 1.4 has eight, several have one


def test_every_assignment_is_to_a_known_officer_and_owners_are_shaped_like_tbcs(synthetic):
    n, result, t = synthetic
    assert set(t["assignment"]["officer_id"]) <= set(t["officer"]["officer_id"])
    assert result.officers == len(t["officer"]) >= 20
    assert t["officer"]["name"].is_unique and set(t["officer"]["kind"]) == {"person", "role"}
    assert all(re.fullmatch(r"[A-Z][a-z]+ [A-Z][a-z]+", name)
               for name in t["officer"].loc[t["officer"]["kind"] == "person", "name"])
    owners = t["assignment"].groupby("ref")["officer_id"].nunique()
    assert owners.between(1, 4).all() and len(owners) == n * 37
    assert t["assignment"]["seq"].notna().sum() == n * 13  # milestone owners on 2.1, 4.2 and 6b.4, as in TBC


def test_dates_are_written_as_plans_write_them_and_parse_to_the_stored_dates(synthetic):
    _, _, t = synthetic
    for table in ("action", "milestone"):
        frame = t[table]
        for text_column, role, column in (("start_text", "start", "baseline_start"), ("end_text", "end", "baseline_end")):
            parsed = [parse_plan_date(x, role=role).value for x in frame[text_column]]
            stored = [None if pd.isna(x) else x.date() for x in frame[column]]
            assert parsed == stored
    dated = pd.concat([t["action"]["baseline_start"], t["action"]["baseline_end"]]).dropna()
    assert dated.min() >= pd.Timestamp("2014-04-01") and dated.max() <= pd.Timestamp("2020-04-30")
    assert t["action"]["is_ongoing"].sum() > 0 and t["action"]["is_done_in_source"].sum() > 0


def test_about_thirty_reviews_six_weeks_apart_with_history(synthetic):
    n, result, t = synthetic
    days = t["review"]["review_date"].sort_values().dt.date.tolist()
    assert result.reviews == len(days) and 28 <= len(days) <= 34
    assert {b - a for a, b in zip(days, days[1:])} == {timedelta(days=42)}
    assert result.updates == len(t["progress_update"]) > n * 800
    assert len(t["rebaseline"]) > 0


def test_same_seed_gives_identical_rows_and_another_seed_other_dates(tmp_path):
    synthesize(tmp_path / "a.duckdb", scale=3, seed=9)
    synthesize(tmp_path / "b.duckdb", scale=3, seed=9)
    result = synthesize(tmp_path / "c.duckdb", scale=3, seed=10)
    a, b, c = (frames(tmp_path / f"{x}.duckdb") for x in "abc")
    for table in TABLES:
        pd.testing.assert_frame_equal(a[table], b[table], obj=table)
    assert not a["action"]["baseline_end"].equals(c["action"]["baseline_end"])
    assert result.seed == 10
    assert not list(tmp_path.glob("*.building-*"))


def test_a_file_is_replaced(tmp_path):
    path = tmp_path / "plan.duckdb"
    synthesize(path, scale=2)
    synthesize(path, scale=1)
    assert len(frames(path)["action"]) == 37


def test_cli_writes_a_plan_the_dashboard_opens(tmp_path, monkeypatch):
    path = tmp_path / "synthetic.duckdb"
    done = subprocess.run([sys.executable, "-m", "store", "synth", "--scale", "2", "--db", str(path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "74 actions" in done.stdout and "synthetic-x2" in done.stdout

    monkeypatch.setenv("PLAN_DB", str(path))
    at = open_page(timeout=60)
    assert not at.exception
    assert at.title[0].value == "Synthetic plan ×2"
    assert at.metric[0].label == "Actions complete" and at.metric[0].value.endswith(" of 74")
