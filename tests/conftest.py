"""Shared fixtures. No test touches data/plan.duckdb: PLAN_DB always points into a temp folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from store.build import build_database

ROOT = Path(__file__).resolve().parent.parent
# The committee paper text the CSVs were transcribed from (see data/source/NOTES.md).
SEED = ROOT / "data" / "source" / "original.txt"


@pytest.fixture(scope="session")
def built_db_template(tmp_path_factory) -> Path:
    """The built-in database, built once per test session; copy it before changing it."""
    path = tmp_path_factory.mktemp("template") / "plan.duckdb"
    build_database(path)
    return path


@pytest.fixture
def built_db(built_db_template, tmp_path, monkeypatch) -> Path:
    """A private copy of the built-in database, named by PLAN_DB."""
    path = tmp_path / "plan.duckdb"
    shutil.copy(built_db_template, path)
    monkeypatch.setenv("PLAN_DB", str(path))
    return path


@pytest.fixture(autouse=True)
def _plan_db_in_tmp(monkeypatch, tmp_path):
    # A page's crash stays an AppTest exception in tests (components/guard.py); tests/hostile unsets it.
    monkeypatch.setenv("PLAN_SHOW_ERRORS", "1")
    monkeypatch.setenv("PLAN_DB", str(tmp_path / "default-plan.duckdb"))
