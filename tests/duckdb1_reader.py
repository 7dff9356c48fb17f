"""Open a plan database read-only, as an analyst's tool would, and print what it holds as JSON.

Run by the DuckDB 1.x interpreter (tests/duckdb1.py) and by the project's own DuckDB 2.0, so the
tests can compare the two. Uses nothing but the duckdb package, which both have.

    python duckdb1_reader.py FILE            the catalog: tables, views, macros and their comments
    python duckdb1_reader.py FILE --rows     ... and every row of every table and view
    python duckdb1_reader.py FILE --sql Q    the rows of one query
An error opening the file is reported as {"error": "..."} (e.g. a lock held by the dashboard).
"""

import json
import sys

import duckdb


def rows(con, sql, params=None):
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def catalog(con):
    out = {"duckdb": duckdb.__version__, "tables": {}, "views": {}}
    for kind, sql in (("tables", "select table_name as name, comment from duckdb_tables() where schema_name = 'main'"),
                      ("views", "select view_name as name, comment from duckdb_views() where not internal")):
        for item in rows(con, sql):
            columns = rows(con, "select column_name, data_type, comment from duckdb_columns() "
                                "where table_name = ? order by column_index", [item["name"]])
            out[kind][item["name"]] = {"comment": item["comment"], "columns": {
                c["column_name"]: {"type": c["data_type"], "comment": c["comment"]} for c in columns}}
    out["macros"] = sorted({r["function_name"] for r in rows(
        con, "select function_name from duckdb_functions() where not internal and function_type like '%macro'")})
    return out


def main(argv):
    path = argv[1]
    try:
        con = duckdb.connect(path, read_only=path != ":memory:")
    except duckdb.Error as exc:
        print(json.dumps({"error": str(exc)}))
        return 0
    if "--sql" in argv:
        print(json.dumps({"duckdb": duckdb.__version__, "rows": rows(con, argv[argv.index("--sql") + 1])},
                         default=str))
        return 0
    out = catalog(con)
    if "--rows" in argv:
        out["rows"] = {}
        for name in [*out["tables"], *out["views"]]:
            # every row as text, in a stable order: 2.0 and 1.x must give the same lists
            found = [json.dumps(list(r), default=str) for r in con.table(name).fetchall()]
            out["rows"][name] = sorted(found)
    print(json.dumps(out, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
