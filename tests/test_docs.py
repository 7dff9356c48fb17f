"""The documentation of the database cannot drift from the database (as Datasette's test_docs.py does for
its docs): README.md's schema and views sections, store/sql/schema.sql and the comments stored in the
file (COMMENT ON) must name the same tables, columns, grains and allowed values."""

from __future__ import annotations

import re

import duckdb
import pytest

from store.build import create_schema
from store.db import SQL_DIR
from store.storage import STORAGE_VERSION
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
SQL_TYPES = re.compile(r"\b(VARCHAR\[\]|VARCHAR|DATE|INTEGER|BIGINT|DOUBLE|BOOLEAN|TIMESTAMP)")


def section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end if end != -1 else None]


def grain(text: str) -> str:
    """"One row per plan: ..." -> "one row per plan" (a trailing parenthesis is not part of it)."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", text.split(":")[0]).strip().lower()


def readme_tables() -> dict[str, dict]:
    """Each `### `name` — grain` of the schema section, with its table's rows: column -> (type, meaning)."""
    out = {}
    for block in re.split(r"\n(?=### )", section("The database (public schema)"))[1:]:
        name, phrase = re.match(r"### `(\w+)` — (.+)", block).groups()
        columns = {}
        for line in block.splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            names = re.findall(r"`(\w+)`", cells[0]) if line.startswith("| `") else []
            for position, column in enumerate(names):
                columns[column] = {"type": cells[1], "meaning": cells[2], "names": names, "position": position}
        out[name] = {"grain": grain(phrase), "columns": columns}
    return out


def readme_views() -> dict[str, str]:
    rows = re.findall(r"^\| `(\w+)` \| (.+) \|$", section("Views for analysts"), re.M)
    return {name: grain(text) for name, text in rows}


@pytest.fixture(scope="module")
def con():
    con = duckdb.connect(":memory:")
    create_schema(con)  # schema.sql, the macros, views and comments, exactly as a build runs them
    yield con
    con.close()


def catalog(con, kind: str) -> dict[str, str | None]:
    sql = {"tables": "select table_name, comment from duckdb_tables()",
           "views": "select view_name, comment from duckdb_views() where not internal",
           "macros": "select function_name, comment from duckdb_functions() where not internal "
                     "and function_type like '%macro'"}[kind]
    return dict(con.execute(sql).fetchall())


def columns(con, table: str) -> dict[str, tuple[str, str | None]]:
    rows = con.execute("select column_name, data_type, comment from duckdb_columns() where table_name = ? "
                       "order by column_index", [table]).fetchall()
    return {name: (data_type, comment) for name, data_type, comment in rows}


def test_schema_sql_readme_and_the_database_name_the_same_tables(con):
    in_schema_sql = set(re.findall(r"create table if not exists (\w+)", (SQL_DIR / "schema.sql").read_text()))
    assert set(readme_tables()) == in_schema_sql == set(catalog(con, "tables"))


def test_every_table_column_view_and_macro_is_described(con):
    for kind in ("tables", "views", "macros"):
        assert [name for name, comment in catalog(con, kind).items() if not comment] == [], kind
    for table in [*catalog(con, "tables"), *catalog(con, "views")]:
        assert [c for c, (_, comment) in columns(con, table).items() if not comment] == [], table


def test_readme_documents_each_tables_columns_and_grain(con):
    for table, documented in readme_tables().items():
        actual = columns(con, table)
        assert set(documented["columns"]) == set(actual), f"README's columns of {table} differ from schema.sql"
        assert documented["grain"] == grain(catalog(con, "tables")[table]), f"grain of {table}"


def test_readme_types_match_the_schema(con):
    for table, documented in readme_tables().items():
        actual = columns(con, table)
        for column, doc in documented["columns"].items():
            types = SQL_TYPES.findall(doc["type"])
            if len(types) == len(doc["names"]):
                assert types[doc["position"]] == actual[column][0], f"{table}.{column}"
            elif len(types) == 1:
                assert types[0] == actual[column][0], f"{table}.{column}"


def test_allowed_values_are_in_the_comment_and_the_readme(con):
    checks = con.execute("select table_name, constraint_column_names, expression from duckdb_constraints() "
                         "where constraint_type = 'CHECK' and expression like '% IN (%'").fetchall()
    assert len(checks) >= 5  # status, rag_override, origin, officer kind, item kind
    documented = readme_tables()
    for table, (column,), expression in checks:
        values = re.findall(r"'(\w+)'", expression)
        comment = columns(con, table)[column][1]
        meaning = documented[table]["columns"][column]["meaning"]
        missing = [v for v in values if v not in comment or v not in meaning]
        assert missing == [], f"{table}.{column}: {missing} not in its comment or README"


def test_readme_lists_the_views_with_their_grain(con):
    views = catalog(con, "views")
    assert readme_views() == {name: grain(comment) for name, comment in views.items()}


def test_readme_states_the_storage_version_and_the_snapshot():
    assert f"`{STORAGE_VERSION}`" in section("The database (public schema)")
    analysts = section("For analysts: the plan in DBeaver, Power BI and Excel")
    for words in ("data/plan.snapshot.duckdb", "duckdb.read_only", "access_mode", "--parquet"):
        assert words in analysts


def test_the_readme_example_queries_run_on_the_built_in_plan(built_db_template):
    blocks = re.findall(r"```sql\n(.*?)```", section("For analysts: the plan in DBeaver, Power BI and Excel"), re.S)
    assert len(blocks) == 3
    con = duckdb.connect(str(built_db_template), read_only=True)
    try:
        found = [len(con.execute(block).fetchall()) for block in blocks]
    finally:
        con.close()
    assert all(n > 0 for n in found) and found[1] == 33 * 8  # theme rows and all-themes at 33 reviews
