"""Every st.* call site that shows text, read from the source: its text is a literal, or made only of
escaped values (escape_markdown and the helpers built on it), numbers and dates; anything else carries a
`# text:` comment (on the call or the line above) saying why it is safe. A new call that pastes plan, upload, link or user text into
markdown fails here before it reaches a page (tests/hostile/test_markup_pages.py then proves the pages
render payloads literally)."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

# Streamlit calls whose first argument is rendered as markdown (or as a label that is).
TEXT_CALLS = {"markdown", "write", "title", "header", "subheader", "caption", "info", "warning", "error",
              "success", "toast", "expander", "metric", "popover"}
# Helpers whose result is safe to render: each escapes what it takes, or returns numbers and dates.
SAFE_CALLS = {"escape_markdown", "shown_error", "_text", "note_line", "rag_badge", "reporting_summary", "day",
              "lateness", "int", "len", "round", "abs", "float", "sum"}
SOURCES = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "components").rglob("*.py"))]


def is_safe(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.Call):
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        return name in SAFE_CALLS or (name == "join" and len(node.args) == 1 and is_safe(node.args[0]))
    if isinstance(node, ast.JoinedStr):
        return all(is_safe(v) for v in node.values)
    if isinstance(node, ast.FormattedValue):  # a format spec ({x:.0f}, {d:%b %Y}) makes a number or date
        return node.format_spec is not None or is_safe(node.value)
    if isinstance(node, ast.BinOp):
        return is_safe(node.left) and is_safe(node.right)
    if isinstance(node, ast.IfExp):
        return is_safe(node.body) and is_safe(node.orelse)
    if isinstance(node, (ast.GeneratorExp, ast.ListComp)):
        return is_safe(node.elt)
    return False


def shown_texts(call: ast.Call) -> list[ast.AST]:
    texts = [call.args[0]] if call.args else []
    return texts + [k.value for k in call.keywords if k.arg in ("help", "body", "label")]


def unsafe_call_sites(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in TEXT_CALLS):
            continue
        if any("# text:" in line for line in lines[max(node.lineno - 2, 0):node.end_lineno]):  # on it or above
            continue
        if not all(is_safe(text) for text in shown_texts(node)):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)[:100]}")
    return found


def test_every_call_site_that_shows_text_shows_it_escaped():
    found = [site for path in SOURCES for site in unsafe_call_sites(path)]
    assert found == [], "\n".join(found)


def test_the_walk_catches_plan_text_pasted_into_markdown(tmp_path):
    page = tmp_path / "page.py"
    page.write_text('st.markdown(f"**{row[\'title\']}**")\nst.error(escape_markdown(x))\n'
                    'st.metric("Red", 3, help=reason)\nst.info(f"{n:,} rows")\n', encoding="utf-8")
    assert [site.split(": ")[0].split(":")[-1] for site in unsafe_call_sites_in(page)] == ["1", "3"]


def unsafe_call_sites_in(path: Path) -> list[str]:
    global ROOT
    saved, ROOT = ROOT, path.parent
    try:
        return unsafe_call_sites(path)
    finally:
        ROOT = saved
