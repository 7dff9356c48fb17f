"""Static page styles and the presentation keyboard script. Nothing from the plan or a user reaches
this markup: it is fixed text, so it may be passed to st.html / unsafe_allow_html."""

from __future__ import annotations

import streamlit as st

# Every page: metric labels and values wrap instead of being cut with an ellipsis on a narrow window;
# buttons keep their words (wrap rather than "◀ Previo…").
NARROW_CSS = """<style>
[data-testid='stMetricLabel'] *, [data-testid='stMetricValue'], [data-testid='stMetricValue'] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  overflow-wrap: anywhere; }
[data-testid='stMetricValue'] { font-size: clamp(1.4rem, 2.4vw, 2.25rem); line-height: 1.2; }
.stButton button p, .stDownloadButton button p { white-space: normal; }
@media (max-width: 1000px) {  /* a half-screen window: a pair of charts, or an action's text and its dates
                                 table, one above the other, each full width */
  .st-key-chart_pair [data-testid='stHorizontalBlock'], .st-key-detail_pair [data-testid='stHorizontalBlock'] {
    flex-wrap: wrap; }
  .st-key-chart_pair [data-testid='stColumn'], .st-key-detail_pair [data-testid='stColumn'] {
    min-width: 100% !important; }
}
</style>"""

# Presentation mode: the sidebar, Streamlit's header and page furniture hidden; large type; the
# step fills a 1366x768 screen without scrolling.
PRESENTATION_CSS = """<style>
section[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl'], [data-testid='stHeader'],
[data-testid='stExpandSidebarButton'] { display: none !important; }
.stMainBlockContainer { padding-top: 0.6rem !important; padding-bottom: 1rem !important;
  max-width: 100% !important; padding-left: 2.5rem !important; padding-right: 2.5rem !important; }
.stMainBlockContainer p, .stMainBlockContainer li { font-size: 1.4rem; line-height: 1.45; }
.stMainBlockContainer h2 { font-size: 2rem; line-height: 1.25; padding-top: 0.2rem; }
.stMainBlockContainer h3 { font-size: 1.6rem; }
.st-key-present_bar p, .st-key-present_bar label p { font-size: 1rem !important; }
.st-key-present_bar { border-bottom: 1px solid #b1b4b6; padding-bottom: 0.3rem; }
.stMainBlockContainer .stMarkdownBadge { font-size: 1.25rem !important; padding: 0.05rem 0.5rem !important; }
.stMainBlockContainer h3 .stMarkdownBadge { font-size: 1.6rem !important; font-weight: 700; }
.stMainBlockContainer [data-testid='stMetricValue'] * { font-size: 2.4rem; line-height: 1.2; }
.stMainBlockContainer [data-testid='stMetricLabel'] * { font-size: 1.2rem; }
@media (max-width: 1000px) {  /* a half-screen window: the bar wraps onto two lines; words stay whole */
  .st-key-present_bar [data-testid='stHorizontalBlock'] { flex-wrap: wrap; row-gap: 0.3rem; }
  .st-key-present_bar [data-testid='stColumn'] { min-width: fit-content !important; flex: 1 1 auto !important; }
  .st-key-present_bar .stButton button p { white-space: nowrap; }
}
</style>"""

# Page Down / Page Up / arrow keys (and a presenter's clicker, which sends them) press the Next and
# Previous buttons, so the step's own link (?present=1&step=N) is kept. Static: no data inside.
PRESENTATION_KEYS_JS = """<script>
(function () {
  const doc = window.parent && window.parent.document ? window.parent.document : document;
  if (doc.__presentKeys) return;
  doc.__presentKeys = true;
  doc.addEventListener('keydown', function (e) {
    const t = e.target;
    if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) return;
    const next = ['PageDown', 'ArrowRight', 'ArrowDown', ' '].includes(e.key);
    const prev = ['PageUp', 'ArrowLeft', 'ArrowUp'].includes(e.key);
    if (!next && !prev) return;
    const b = doc.querySelector(next ? '.st-key-next_step button' : '.st-key-prev_step button');
    if (!b) return;
    e.preventDefault();
    if (!b.disabled) b.click();
  });
})();
</script>"""

# A half-screen window or a tablet (under 900 px): the sidebar starts closed so the page gets the width
# (Streamlit closes it by itself only under 768 px). Once per browser tab, so a person who opens it
# again keeps it open. Static: no data inside.
NARROW_SIDEBAR_JS = """<script>
(function () {
  const doc = window.parent && window.parent.document ? window.parent.document : document;
  const win = doc.defaultView || window;
  if (win.innerWidth >= 900 || win.sessionStorage.getItem('sidebarClosedForNarrow')) return;
  let tries = 0;
  const close = function () {
    const sidebar = doc.querySelector("section[data-testid='stSidebar']");
    const button = doc.querySelector("[data-testid='stSidebarCollapseButton'] button");
    if (sidebar && button && sidebar.getAttribute('data-collapsed') !== 'true') {
      win.sessionStorage.setItem('sidebarClosedForNarrow', '1');
      button.click();
    } else if (!sidebar || sidebar.getAttribute('data-collapsed') !== 'true') {
      if (tries++ < 40) win.setTimeout(close, 50);
    }
  };
  close();
})();
</script>"""


def render_page_style() -> None:
    """The narrow-window fixes every page shares."""
    st.html(NARROW_CSS)
    st.html(NARROW_SIDEBAR_JS, unsafe_allow_javascript=True)


def render_presentation_style() -> None:
    st.html(PRESENTATION_CSS + NARROW_CSS)
    st.html(PRESENTATION_KEYS_JS, unsafe_allow_javascript=True)
