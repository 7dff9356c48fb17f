"""Every text an AppTest page would render as markdown or HTML: bodies, labels, help tooltips, titles,
and the strings of every Plotly chart (Plotly renders <b>, <i>, <a href> in labels and hovers)."""

from __future__ import annotations

import json

from google.protobuf.message import Message

MARKDOWN_FIELDS = {"body", "label", "help", "title", "caption", "placeholder"}
PLAIN_ELEMENTS = {"Text", "Code", "Json"}  # st.text, st.code, st.json show their text as it is


def _each(value) -> list:
    """A repeated field's items, or a single value as a list of one."""
    return [value] if isinstance(value, (str, Message)) else list(value)


def _strings(message: Message, path: str = ""):
    for field, value in message.ListFields():
        if field.type == field.TYPE_MESSAGE:
            for item in _each(value):
                if isinstance(item, Message):
                    yield from _strings(item, f"{path}.{field.name}")
        elif field.type == field.TYPE_STRING and field.name in MARKDOWN_FIELDS:
            for text in _each(value):
                yield f"{path}.{field.name}", text


def _chart_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _chart_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _chart_strings(item)


def shown_texts(at) -> list[tuple[str, str]]:
    """(where, text) for every rendered text on the page, main area and sidebar."""
    out: list[tuple[str, str]] = []

    def walk(node):
        proto = getattr(node, "proto", None)
        kind = type(node).__name__
        if proto is not None and kind not in PLAIN_ELEMENTS:
            if kind == "PlotlyChart" or getattr(node, "type", None) == "plotly_chart":
                out.extend(("plotly", s) for s in _chart_strings(json.loads(proto.spec)))
            else:
                out.extend((f"{kind}{where}", text) for where, text in _strings(proto))
        for child in (getattr(node, "children", None) or {}).values():
            walk(child)

    walk(at._tree)
    return out
