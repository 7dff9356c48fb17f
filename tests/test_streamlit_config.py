"""The app's .streamlit/config.toml: "magic" is off, and safely so: no page or app.py shows a value by leaving
it on a line of its own (magic would have shown it; with it off, it would silently vanish)."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]


def magic_lines(path: Path) -> list[int]:
    """Lines magic would have written to the page: a bare value (not a call), other than a docstring."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    scopes = [tree, *(n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)))]
    docstrings = {id(scope.body[0]) for scope in scopes if scope.body and isinstance(scope.body[0], ast.Expr)
                  and isinstance(scope.body[0].value, ast.Constant) and isinstance(scope.body[0].value.value, str)}
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and id(node) not in docstrings
            and not isinstance(node.value, (ast.Call, ast.Await, ast.Yield, ast.YieldFrom))]


def test_magic_is_off():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["magicEnabled"] is False


def test_no_page_relies_on_magic(tmp_path):
    assert len(SCRIPTS) == 8
    assert {path.name: magic_lines(path) for path in SCRIPTS if magic_lines(path)} == {}
    stray = tmp_path / "page.py"
    stray.write_text('"""A page."""\nimport streamlit as st\nx = 1\nx\n"shown"\nst.write(x)\n'
                     'def f():\n    """Not shown."""\n    x\n', encoding="utf-8")
    assert magic_lines(stray) == [4, 5, 9]  # the check finds what magic would have shown
