"""The benchmark's child phases, each run in its own process (python -m bench.run --phase ...) so
each peak memory is its own: build the synthetic plan; time every query and page; compare DuckDB
with the pandas reference."""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

from bench.common import COMPARED, OVERLOAD_THRESHOLD, PAGES, ROOT, _context, median_time, params_for, peak_mib

COLD_RUNS = 5  # each page's first run after a save, timed this many times (caches emptied before each)


def phase_build(scale: int, db: Path, workdir: Path) -> dict:
    from store.synth import synthesize

    out: dict = {"load_before": os.getloadavg()[0]}
    began = time.perf_counter()
    result = synthesize(db, scale=scale)
    out["synthesize_s"] = time.perf_counter() - began
    out["plan"] = {"plan_id": result.plan_id, "title": result.title, "actions": result.actions,
                   "milestones": result.milestones, "officers": result.officers, "reviews": result.reviews,
                   "updates": result.updates, "rebaselines": result.rebaselines}
    out["db_mib"] = db.stat().st_size / 2**20
    if scale == 1:
        from store.build import build_database

        began = time.perf_counter()
        build_database(workdir / "tbc.duckdb")
        out["build_database_s"] = time.perf_counter() - began
    out["peak_mib"] = peak_mib()
    out["load_after"] = os.getloadavg()[0]
    return out


def phase_app(scale: int, db: Path, runs: int, page_runs: int) -> dict:
    import queries
    from store import state_memo
    from store.build import upgrade_schema
    from store.db import connect

    from components.settings import DB_MEMORY_MIB

    out: dict = {"load_before": os.getloadavg()[0], "queries": {}, "pages": {}}
    con = connect(db, memory_mib=DB_MEMORY_MIB)  # as the dashboard opens it (components/db.py):
    upgrade_schema(con)  # the definitions as written (the file's storage version keeps no CTE hint)
    state_memo.attach(con)
    plan_id = queries.run(con, "plans")["plan_id"].iloc[0]
    context = _context(con, plan_id)
    out["as_of"] = context["as_of"].isoformat()
    out["memo_fills"] = _memo_fills(con, context, runs)
    for name in queries.query_names():
        params = params_for(name, context)
        # as the app runs it: read through the memo, which its first (untimed) run fills
        seconds, best, frame = median_time(
            lambda: state_memo.read_through(con, lambda cursor: queries.run_on_cursor(cursor, name, params)), runs)
        computed, _, _ = median_time(lambda: queries.run(con, name, **params), runs)  # the file's macros
        out["queries"][name] = {"median_s": seconds, "best_s": best, "rows": len(frame), "computed_s": computed}
    con.close()

    import logging

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from components.db import clear_query_cache

    def clear_caches(*, resources: bool = False) -> None:
        # Outside a script run Streamlit warns "No runtime found" and "missing ScriptRunContext" (it is
        # bare mode, as in the tests); quiet those two loggers, which AppTest's runs set back to INFO.
        st.config.get_option("logger.level")  # parse the config first: parsing it sets every level again
        for name in ("streamlit.runtime.caching.cache_data_api", "streamlit.runtime.scriptrunner_utils.script_run_context"):
            logging.getLogger(name).setLevel(logging.ERROR)
        st.cache_data.clear()
        clear_query_cache()  # query results: a cache_resource of their own (components/db.py)
        if resources:
            st.cache_resource.clear()
    os.environ["PLAN_DB"] = str(db)
    timeout = 600

    def new_app() -> AppTest:
        return AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)

    # The first visitor after a server start: the connection is opened, nothing is cached.
    clear_caches(resources=True)
    at = new_app()
    began = time.perf_counter()
    at.run()
    out["server_start_overview_s"] = time.perf_counter() - began
    out["server_start_exception"] = [str(e.value) for e in at.exception]

    for page in PAGES:
        at = new_app()
        at.run()  # reach the page as a browser does, through app.py (the connection stays open)
        if page != "app.py":
            at.switch_page(page)
            at.run()  # once untimed, so the page's own imports are not counted as its cold run
        colds, errors = [], []
        for _ in range(COLD_RUNS):  # a median, as for the warm runs: one first run is at the machine's mercy
            clear_caches()  # cold: no query result is cached (built figures, like the connection, stay)
            began = time.perf_counter()
            at.run()
            colds.append(time.perf_counter() - began)
            errors += [str(e.value) for e in at.exception]
        cold = statistics.median(colds)
        times = []
        for _ in range(page_runs):
            began = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - began)
            errors += [str(e.value) for e in at.exception]
        title = at.title[0].value if len(at.title) else None
        out["pages"][page] = {"cold_s": cold, "cold_runs_s": colds, "warm_s": statistics.median(times),
                              "warm_best_s": min(times), "title": title,
                              "exceptions": sorted(set(errors))}
    clear_caches(resources=True)
    out["peak_mib"] = peak_mib()
    out["load_after"] = os.getloadavg()[0]
    return out


def _memo_fills(con, context: dict, runs: int) -> dict:
    """Seconds to fill the memo (store/state_memo.py) from empty, as a page's first run after a save does:
    the states at the as-of date, at it and the review compared with (the Review page), the forecasts."""
    from store import state_memo

    fills = {"item_states at the as-of date": ("item_states", [context["as_of"]]),
             "item_states at two dates, one pass": ("item_states", [context["as_of"], context["since"]]),
             "item_forecast at the as-of date": ("item_forecast", [context["as_of"]])}
    out = {}
    for label, (memo, dates) in fills.items():
        def fill():
            state_memo.forget(con)
            began = time.perf_counter()
            state_memo.remember(con, context["plan_id"], dates, context["red_after_days"], memo=memo)
            return time.perf_counter() - began
        out[label] = statistics.median(fill() for _ in range(max(runs, 1)))
    state_memo.forget(con)
    return out


def phase_compare(scale: int, db: Path, runs: int) -> dict:
    import pandas as pd

    import queries
    from bench import reference
    from store.db import connect

    out: dict = {"load_before": os.getloadavg()[0], "figures": {}}
    con = connect(db)
    plan_id = queries.run(con, "plans")["plan_id"].iloc[0]
    context = _context(con, plan_id)
    began = time.perf_counter()
    tables = reference.read_tables(con, plan_id)
    out["read_tables_s"] = time.perf_counter() - began
    as_of = context["as_of"]
    pandas_calls = {
        "slippage": lambda: reference.slippage(tables, as_of),
        "completion": lambda: reference.theme_completion(tables, as_of),
        "owner load": lambda: reference.owner_load(tables, as_of, context["window_start"], context["window_end"],
                                                   OVERLOAD_THRESHOLD),
    }
    keys = {"slippage": (["ref"], ["ref", "status", "slippage_days"]),
            "completion": (None, ["theme_code", "actions_total", "actions_complete", "actions_complete_on_time",
                                  "median_slippage_days", "worst_slippage_days"]),
            "owner load": (["officer_id", "month_start"], ["officer_id", "month_start", "open_actions",
                                                           "open_actions_weighted", "is_overloaded"])}
    for figure, (query, _) in COMPARED.items():
        sql_call = lambda: queries.run(con, query, **params_for(query, context))  # noqa: E731
        got, expected = sql_call(), pandas_calls[figure]()  # warm-up
        timed: dict[str, list[tuple[float, float]]] = {"duckdb": [], "pandas": []}
        for _ in range(runs):  # alternating, so both see the same load from other work on the machine
            for side, call in (("duckdb", sql_call), ("pandas", pandas_calls[figure])):
                wall, cpu = time.perf_counter(), time.process_time()
                result = call()
                timed[side].append((time.perf_counter() - wall, time.process_time() - cpu))
                got, expected = (result, expected) if side == "duckdb" else (got, result)
        sql_s, pandas_s = (statistics.median(w for w, _ in timed[side]) for side in ("duckdb", "pandas"))
        sql_cpu, pandas_cpu = (statistics.median(c for _, c in timed[side]) for side in ("duckdb", "pandas"))
        order, columns = keys[figure]
        if order:
            got, expected = got.sort_values(order, ignore_index=True), expected.sort_values(order, ignore_index=True)
        same = _same(got[columns], expected[columns], pd)
        out["figures"][figure] = {"duckdb_s": sql_s, "pandas_s": pandas_s, "duckdb_cpu_s": sql_cpu,
                                  "pandas_cpu_s": pandas_cpu, "agree": same, "rows": len(got)}
    con.close()
    out["peak_mib"] = peak_mib()
    out["load_after"] = os.getloadavg()[0]
    return out


def _same(a, b, pd) -> bool:
    if len(a) != len(b):
        return False
    for column in a.columns:
        x, y = a[column], b[column]
        if pd.api.types.is_datetime64_any_dtype(x) or pd.api.types.is_datetime64_any_dtype(y):
            x, y = pd.to_datetime(x), pd.to_datetime(y)
        elif pd.api.types.is_numeric_dtype(x) and pd.api.types.is_numeric_dtype(y):
            x, y = x.astype("float64"), y.astype("float64")
        else:
            x, y = x.astype(object), y.astype(object)
        if not all((u == v) or (pd.isna(u) and pd.isna(v)) for u, v in zip(x.tolist(), y.tolist())):
            return False
    return True
