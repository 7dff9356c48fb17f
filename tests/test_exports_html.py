"""The review exports as a self-contained HTML pack, built from the hand-made frames in
tests/export_frames.py."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from html.parser import HTMLParser

import pandas as pd
import pytest

from components.export import build_review_pack_html
from components.settings import RAG_COLOURS, RAG_TEXT_COLOURS
from tests.export_frames import make_changes, pack  # noqa: F401 (fixture)


@pytest.fixture(scope="module")
def pack_html(pack) -> str:
    return build_review_pack_html(pack)


class _Tags(HTMLParser):
    """Start tags and their attributes; script bodies are not parsed as markup (as in a browser)."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _outside_scripts(page: str) -> str:
    return re.sub(r"<script\b[^>]*>.*?</script>", "", page, flags=re.S | re.I)


def test_html_embeds_plotly_once_and_draws_every_figure(pack, pack_html):
    assert pack_html.count("* plotly.js v") == 1  # the library's banner: the bundle is inlined once
    assert pack_html.count("Plotly.newPlot(") == len(pack.figures) == 2
    assert 'id="figure-1"' in pack_html and 'id="figure-2"' in pack_html
    assert "<figcaption>RAG by theme</figcaption>" in pack_html


def test_html_is_self_contained(pack_html):
    parser = _Tags()
    parser.feed(pack_html)
    for tag, attrs in parser.tags:
        assert not (tag == "script" and "src" in attrs), attrs
        assert tag != "link", attrs
        for name in ("src", "href", "srcset", "action", "data"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("http:", "https:", "//")), (tag, attrs)
    assert not re.search(r"<script[^>]*\bsrc\s*=", pack_html, re.I)
    assert "<link" not in pack_html.lower()
    outside = _outside_scripts(pack_html)
    assert "@import" not in outside
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", outside, re.I)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", outside, re.I)  # no web fonts or remote images


def test_html_escapes_plan_text(pack_html):
    assert "&lt;script&gt;alert(1)&lt;/script&gt; and &lt;b&gt;bold&lt;/b&gt;" in pack_html
    assert "<script>alert(1)</script>" not in pack_html
    assert "<b>bold</b>" not in pack_html
    # a formula-like comment is text in HTML: shown as written, without the spreadsheet apostrophe
    assert "=HYPERLINK(&quot;http://evil&quot;)" in pack_html


def test_html_head_print_rules_and_content(pack_html):
    head = pack_html.split("</head>")[0]
    assert '<meta charset="utf-8">' in head
    assert "<title>Rent Service Improvement Plan: review pack, 20 May 2020</title>" in head
    assert "@media print" in head and "@page" in head and "A4 landscape" in head
    assert "display: table-header-group" in head and "page-break-inside: avoid" in head
    assert "Arial, Helvetica, sans-serif" in head
    body = pack_html.split("<body>")[1]
    assert "As of 20 May 2020 (Review 33) · all themes · illustrative progress" in body
    assert "<li>1 of 4 actions is complete.</li>" in body
    # the headline figures as on the screen, the meeting's exceptions in order, changes, themes, actions
    assert '<span class="number">1 of 4</span><span class="label">Actions complete</span>' in body
    assert ('<li class="rag-red"><span class="number">2</span><span class="label">Red actions + milestones'
            '</span></li>') in body
    assert '<p class="illustrative">Illustrative progress:' in body
    exceptions = body.split('id="h-exceptions"')[1].split("</section>")[0]
    assert exceptions.index(">Still red<") < exceptions.index(">Not updated since the previous review<")
    assert exceptions.index(">1.1<") < exceptions.index(">2.1<") < exceptions.index(">2.1/2<")
    assert ">1.2<" not in exceptions
    assert "RAG changed" in body and "<th scope=\"col\">Theme</th>" in body
    assert '<tr class="total">' in body  # the all-themes row


def test_html_rag_is_word_on_colour(pack_html):
    assert '<td class="rag rag-red">Red</td>' in pack_html
    assert '<td class="rag rag-grey">Not due</td>' in pack_html  # in the actions table
    assert f".rag-red {{ background: {RAG_COLOURS['red']}; color: {RAG_TEXT_COLOURS['red']}; }}" in pack_html
    assert "print-color-adjust: exact" in pack_html  # colours survive printing


def _figure_layouts(page: str) -> list[dict]:
    """The layout argument of every Plotly.newPlot("id", data, layout, config) call."""
    decoder = json.JSONDecoder()
    layouts = []
    for match in re.finditer(r'Plotly\.newPlot\(\s*"[^"]+",\s*', page):
        _, end = decoder.raw_decode(page, match.end())
        start = re.compile(r"\s*,\s*").match(page, end).end()
        layouts.append(decoder.raw_decode(page, start)[0])
    return layouts


def test_html_figures_use_a_standalone_template(pack_html):
    """Importing Streamlit (components.tables does) makes its Plotly template the default; its colours are
    placeholders that only Streamlit's front end replaces, and its axes have no automargin, which cut the
    theme labels off in the pack. The pack draws every figure with Plotly's own white template."""
    layouts = _figure_layouts(pack_html)
    assert len(layouts) == 2
    for layout in layouts:
        template = layout["template"]["layout"]
        assert template["yaxis"]["automargin"] is True
        assert "#000001" not in json.dumps(template)  # no Streamlit placeholder colours
    assert layouts[0]["title"]["text"] == "RAG by theme (actions)"


def test_html_marks_overrides_and_copes_without_a_previous_review(pack):
    # the review_dates query hands dates over as Timestamps, and "no previous review" as NaT
    page = build_review_pack_html(replace(pack, as_of=pd.Timestamp("2020-05-20"), since=pd.NaT,
                                          changes=make_changes().iloc[0:0]))
    assert "<title>Rent Service Improvement Plan: review pack, 20 May 2020</title>" in page
    assert '<td class="rag rag-amber">Amber (override)</td>' in page
    assert "previous review none recorded" in page
    assert "No changes recorded since the previous review." in page


def test_html_without_figures_has_no_plotly(pack):
    page = build_review_pack_html(replace(pack, figures={}))
    assert "plotly.js v" not in page and "No charts in this pack." in page


def test_every_printed_page_has_its_number_and_the_as_of_date():
    from tests.export_frames import make_actions, make_pack

    html = build_review_pack_html(make_pack(make_actions(), {}))
    assert 'content: "Page " counter(page) " of " counter(pages)' in html
    assert 'content: "Review pack as of 20 May 2020"' in html
