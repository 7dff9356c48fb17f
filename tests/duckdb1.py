"""A DuckDB 1.x Python package in a virtual environment of its own (.venv-duckdb1, pinned in
requirements-duckdb1.txt), for tests that open the plan database the way an analyst's tools do.

`make test` creates the environment; run alone, the first test that needs it creates it (a pip
install from PyPI, a few seconds). Without network it skips, or fails when CI=true.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv-duckdb1"
PIN = ROOT / "requirements-duckdb1.txt"
READER = Path(__file__).with_name("duckdb1_reader.py")
PINNED_VERSION = PIN.read_text(encoding="utf-8").split("==")[1].strip()


def _unavailable(message: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (CI=true, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(message)


def duckdb1_python() -> Path:
    """The interpreter of the DuckDB 1.x environment, created the way the Makefile creates it."""
    python = VENV / "bin" / "python"
    marker = VENV / ".installed"
    if not (marker.exists() and marker.stat().st_mtime >= PIN.stat().st_mtime):
        steps = [[sys.executable, "-m", "venv", "--clear", str(VENV)],
                 [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", str(PIN)]]
        for step in steps:
            done = subprocess.run(step, capture_output=True, text=True, timeout=600)
            if done.returncode != 0:
                _unavailable(f"Could not install DuckDB {PINNED_VERSION} into {VENV}: {done.stderr.strip()[-400:]}")
        marker.touch()
    return python


def read_with(python: Path | str, path: Path, *args: str) -> dict:
    """Run tests/duckdb1_reader.py with that interpreter on the database file; its JSON report."""
    done = subprocess.run([str(python), str(READER), str(path), *args], capture_output=True, text=True,
                          timeout=300)
    if done.returncode != 0:
        raise AssertionError(f"{python} could not read {path}:\n{done.stderr}")
    return json.loads(done.stdout)
