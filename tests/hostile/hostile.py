"""Shared pieces of the hostile-input suite: the markup payload, row counts of every table, hostile files."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import duckdb
import pandas as pd

from store.source import SPECS

# Markdown link and image, bold, HTML: none may render from data, an upload or a URL.
PAYLOAD = "[x](https://evil.example) ![y](http://h/p.png) **b** <b>c</b>"
# In a markdown source each would render: a link, an image, bold, HTML, a bare address (GFM autolinks it)
RENDERED = ("](https://evil.example)", "![y](", "**b**", "<b>c</b>", "://evil", "://h/", "://127.0.0.1")


def renders_markup(source: str) -> bool:
    """Whether a markdown source would render any part of the payload as a link, image, bold or HTML."""
    return any(piece in source for piece in RENDERED)


def as_shown(source: str) -> str:
    """A markdown source of escaped text as the reader sees it (escapes and word joiners dropped)."""
    return source.replace("\\", "").replace("\u2060", "")


def row_counts(path: Path) -> dict[str, int]:
    """Rows of every table in the database file: a refused input changes none. (Opened read-write: a page
    under AppTest holds the file read-write in this process, and DuckDB wants one configuration.)"""
    con = duckdb.connect(str(path))
    try:
        names = [r[0] for r in con.execute("select table_name from information_schema.tables "
                                           "where table_catalog = current_database() and table_schema = 'main' "
                                           "and table_type = 'BASE TABLE'").fetchall()]  # not the app's memo
        return {n: con.execute(f'select count(*) from "{n}"').fetchone()[0] for n in sorted(names)}
    finally:
        con.close()


def plan_tables(plan_id: str = "hostile") -> dict[str, pd.DataFrame]:
    """The built-in plan's seven tables under another plan id (the officers already exist)."""
    from tests.test_import import tbc_tables

    return tbc_tables(plan_id)


def csv_text(frame: pd.DataFrame) -> str:
    return frame.to_csv(index=False)


def zip_bytes(files: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def template_zip(tables: dict[str, pd.DataFrame], **replace: bytes) -> bytes:
    """A .zip of the seven CSV files; `replace` swaps a file's bytes, e.g. actions=b"..."."""
    files = {spec.file: csv_text(tables[key]).encode() for key, spec in SPECS.items()}
    files.update({f"{key}.csv": data for key, data in replace.items()})
    return zip_bytes(files)


def corrupt_crc(data: bytes, member: str) -> bytes:
    """A zip whose member's CRC-32 (local header and central directory) is wrong."""
    raw = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 14), (b"PK\x01\x02", 16)):
        for m in re.finditer(re.escape(signature), bytes(raw)):
            name_at = m.start() + (30 if signature == b"PK\x03\x04" else 46)
            if bytes(raw[name_at:name_at + len(member)]) == member.encode():
                raw[m.start() + offset] ^= 0xFF
    return bytes(raw)


def corrupt_member_data(data: bytes, member: str) -> bytes:
    """A zip whose member's deflated bytes are scrambled (the headers are intact)."""
    raw = bytearray(data)
    m = re.search(re.escape(b"PK\x03\x04") + b".{26}" + re.escape(member.encode()), bytes(raw), re.S)
    start = m.start() + 30 + len(member) + int.from_bytes(raw[m.start() + 28:m.start() + 30], "little")
    for i in range(start + 2, start + 40):
        raw[i] ^= 0x5A
    return bytes(raw)


def encrypted_flag(data: bytes, member: str) -> bytes:
    """A zip whose member is marked encrypted (general-purpose flag bit 0), as a password-protected zip is."""
    raw = bytearray(data)
    for signature, offset, name_at in ((b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)):
        for m in re.finditer(re.escape(signature), bytes(raw)):
            at = m.start() + name_at
            if bytes(raw[at:at + len(member)]) == member.encode():
                raw[m.start() + offset] |= 0x01
    return bytes(raw)


def patch_sheet(xlsx: bytes, sheet_title: str, change) -> bytes:
    """An .xlsx with one worksheet's XML passed through change(xml) -> xml (everything else as it was)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    book = source.read("xl/workbook.xml").decode()
    rels = source.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet [^>]*name="{re.escape(sheet_title)}"[^>]*r:id="(rId\d+)"', book).group(1)
    target = re.search(rf'<Relationship [^>]*Id="{rid}"[^>]*Target="([^"]+)"', rels) or \
        re.search(rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid}"', rels)
    path = "xl/" + target.group(1).removeprefix("/xl/")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info)
            archive.writestr(info.filename, change(data.decode()).encode() if info.filename == path else data)
    return out.getvalue()


def declares_whole_sheet(xml: str) -> str:
    """A sheet that declares A1:XFD1048576 and holds one value in its last row (an 8 KB file)."""
    xml = re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:XFD1048576"/>', xml)
    last = '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>far away</t></is></c></row>'
    return xml.replace("</sheetData>", last + "</sheetData>")
