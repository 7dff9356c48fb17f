"""Benchmark the dashboard on synthetic plans 1, 100 and 1000 times the size of the TBC plan.

    .venv/bin/python -m bench.run [--scales 1,100,1000] [--runs 7] [--page-runs 7] [--keep DIR]

For each scale, three child processes run one after the other (so each peak memory is its own):

  build    store.synth.synthesize (and, at scale 1, the real store.build.build_database)
  app      every query in queries/*.sql, median of --runs with the parameters the pages use (as of
           the latest review, no filters, the Officers page's two-year window, ...); then every page
           in AppTest, reached through app.py as a browser does: its first run with empty caches
           (cold: the server has the database open and its modules imported, but no query or figure
           is cached), and the median of --page-runs reruns after it (warm: how a rerun feels).
           Also the very first Overview run after a server start (it opens the database).
  compare  slippage, theme completion and owner load: the DuckDB query against the pandas
           reference (bench/reference.py), median of --runs each (the two alternate, so both see the
           same load), on tables read beforehand (the read is timed separately and is NOT part of the
           pandas figure); and whether they agree. CPU time is shown too: it suffers less from load.

Targets (each figure marked PASS or MISS; figures without a target are marked "-"):
  scale 1:    every page <= 0.3 s, every query <= 20 ms
  scale 100:  every page <= 1 s
  scale 1000: every query <= 250 ms, every page <= 3 s, peak memory of the app process <= 2 GiB,
              DuckDB >= 3x faster than pandas

Synthetic databases go to a temporary folder (deleted afterwards unless --keep names one).
Timings are wall-clock medians; the load average is printed beside them, since other work on the
machine slows everything.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from components import rules

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["app.py", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))]
COMPARED = {  # figure -> (query, reference function)
    "slippage": ("action_status", "slippage"),
    "completion": ("theme_completion", "theme_completion"),
    "owner load": ("owner_load", "owner_load"),
}
OVERLOAD_THRESHOLD = 4.0
RED_AFTER_DAYS = 30


def targets(scale: int) -> dict[str, float | None]:
    return {
        "query_s": {1: 0.020, 1000: 0.250}.get(scale),
        "page_s": {1: 0.3, 100: 1.0, 1000: 3.0}.get(scale),
        "memory_mib": 2048 if scale == 1000 else None,
        "speedup": 3.0 if scale == 1000 else None,
    }


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def median_time(fn, runs: int) -> tuple[float, float, object]:
    """Wall time of `runs` calls after one untimed warm-up call: (median, best, last result)."""
    result = fn()
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - began)
    return statistics.median(times), min(times), result


# ---------------------------------------------------------------------------------------------
# Child phases


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


def _context(con, plan_id: str) -> dict:
    """The parameter values the pages use, for this plan."""
    import queries

    reviews = queries.run(con, "review_dates", plan_id=plan_id)
    as_of = reviews["review_date"].iloc[0].date()
    since = reviews["review_date"].iloc[1].date() if len(reviews) > 1 else as_of
    ref = queries.run(con, "action_refs", plan_id=plan_id)["ref"].iloc[0]  # the Action detail page's default
    return {
        "plan_id": plan_id, "as_of": as_of, "since": since, "red_after_days": RED_AFTER_DAYS,
        "themes": None, "officers": None, "statuses": None, "rags": None,
        "due_by": rules.next_review_after(as_of, list(reviews["review_date"].dt.date)),
        # the Officers page's window
        "window_start": rules.load_window(as_of)[0], "window_end": rules.load_window(as_of)[1],
        "overload_threshold": OVERLOAD_THRESHOLD, "ref": ref, "seq": None,
    }


def params_for(name: str, context: dict) -> dict:
    """Exactly the parameters queries/NAME.sql declares, with the context's values."""
    import queries

    used = sorted(set(re.findall(r"\$(\w+)", queries.sql_text(name))))
    missing = [p for p in used if p not in context]
    if missing:
        raise KeyError(f"bench/run.py has no value for {name}.sql's parameter(s) {missing}: add them to _context")
    return {p: context[p] for p in used}


def phase_app(scale: int, db: Path, runs: int, page_runs: int) -> dict:
    import queries
    from store.db import connect

    out: dict = {"load_before": os.getloadavg()[0], "queries": {}, "pages": {}}
    con = connect(db)
    plan_id = queries.run(con, "plans")["plan_id"].iloc[0]
    context = _context(con, plan_id)
    out["as_of"] = context["as_of"].isoformat()
    for name in queries.query_names():
        seconds, best, frame = median_time(lambda: queries.run(con, name, **params_for(name, context)), runs)
        out["queries"][name] = {"median_s": seconds, "best_s": best, "rows": len(frame)}
    con.close()

    import logging

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    def clear_caches(*, resources: bool = False) -> None:
        # Outside a script run Streamlit warns "No runtime found" and "missing ScriptRunContext" (it is
        # bare mode, as in the tests); quiet those two loggers, which AppTest's runs set back to INFO.
        st.config.get_option("logger.level")  # parse the config first: parsing it sets every level again
        for name in ("streamlit.runtime.caching.cache_data_api", "streamlit.runtime.scriptrunner_utils.script_run_context"):
            logging.getLogger(name).setLevel(logging.ERROR)
        st.cache_data.clear()
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
        clear_caches()  # cold: nothing this page needs is cached (queries, figures)
        began = time.perf_counter()
        at.run()
        cold = time.perf_counter() - began
        errors = [str(e.value) for e in at.exception]
        times = []
        for _ in range(page_runs):
            began = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - began)
            errors += [str(e.value) for e in at.exception]
        title = at.title[0].value if len(at.title) else None
        out["pages"][page] = {"cold_s": cold, "warm_s": statistics.median(times), "warm_best_s": min(times), "title": title,
                              "exceptions": sorted(set(errors))}
    clear_caches(resources=True)
    out["peak_mib"] = peak_mib()
    out["load_after"] = os.getloadavg()[0]
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


# ---------------------------------------------------------------------------------------------
# The parent: one child per phase and scale, then the tables


def child(phase: str, scale: int, db: Path, workdir: Path, args) -> dict:
    out = workdir / f"{phase}-{scale}.json"
    command = [sys.executable, "-m", "bench.run", "--phase", phase, "--scale", str(scale), "--db", str(db),
               "--workdir", str(workdir), "--runs", str(args.runs), "--page-runs", str(args.page_runs),
               "--out", str(out)]
    began = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env={**os.environ, "PLAN_DB": str(db)})
    if done.returncode != 0:
        raise SystemExit(f"bench: the {phase} phase at scale {scale} failed (exit {done.returncode})")
    result = json.loads(out.read_text())
    result["wall_s"] = time.perf_counter() - began
    return result


def mark(value: float, limit: float | None, *, at_least: bool = False) -> str:
    if limit is None:
        return "-"
    ok = value >= limit if at_least else value <= limit
    return "PASS" if ok else "MISS"


def report(scale: int, build: dict, app: dict, compare: dict) -> list[tuple[str, str]]:
    """Print one scale's tables; return the misses as (what, figure)."""
    t = targets(scale)
    misses: list[tuple[str, str]] = []
    plan = build["plan"]
    loads = [build["load_before"], build["load_after"], app["load_before"], app["load_after"],
             compare["load_before"], compare["load_after"]]
    print(f"\n=== Scale {scale}: {plan['actions']:,} actions, {plan['milestones']:,} milestones, "
          f"{plan['officers']:,} officers, {plan['reviews']} reviews, {plan['updates']:,} updates, "
          f"{plan['rebaselines']:,} re-baselines; file {build['db_mib']:.0f} MiB; as of {app['as_of']}")
    print(f"    load average (1 min) during the phases: {min(loads):.1f} to {max(loads):.1f} on {os.cpu_count()} CPUs")

    print("\n  Build                                   seconds")
    print(f"    store.synth.synthesize              {build['synthesize_s']:8.2f}")
    if "build_database_s" in build:
        print(f"    store.build.build_database (TBC)    {build['build_database_s']:8.2f}")

    limit = t["query_s"]
    print(f"\n  Queries (ms)                       median     best       rows  target   result")
    for name, q in app["queries"].items():
        m = mark(q["median_s"], limit)
        if m == "MISS":
            misses.append((f"query {name}", f"{q['median_s'] * 1000:.1f} ms"))
        target = f"<= {limit * 1000:.0f}" if limit else ""
        print(f"    {name:<32} {q['median_s'] * 1000:8.1f} {q['best_s'] * 1000:8.1f} {q['rows']:>10,}  {target:<7} {m}")

    limit = t["page_s"]
    print(f"\n  Pages (AppTest, seconds)         cold  warm median  best   target   cold   warm")
    for page, p in app["pages"].items():
        mc, mw = mark(p["cold_s"], limit), mark(p["warm_s"], limit)
        if mc == "MISS":
            misses.append((f"page {page} (cold)", f"{p['cold_s']:.2f} s"))
        if mw == "MISS":
            misses.append((f"page {page} (warm rerun)", f"{p['warm_s']:.2f} s"))
        target = f"<= {limit:g}" if limit else ""
        print(f"    {page:<28} {p['cold_s']:7.2f} {p['warm_s']:8.2f} {p['warm_best_s']:8.2f}   {target:<7} {mc:<6} {mw}")
        if p["exceptions"]:
            misses.append((f"page {page}", "raised an exception"))
            print(f"      EXCEPTION: {p['exceptions']}")
    print(f"    first Overview after a server start {app['server_start_overview_s']:5.2f}"
          "  (imports, opens the database; no target)")
    overview_title = app["pages"]["app.py"]["title"]
    if overview_title != plan["title"]:
        misses.append(("Overview title", repr(overview_title)))
        print(f"    Overview shows {overview_title!r}, not the synthetic plan {plan['title']!r}")

    limit = t["speedup"]
    print(f"\n  DuckDB vs pandas (median ms)         duckdb    pandas   pandas/duckdb  agree  target  result"
          "   CPU ms: duckdb (all threads), pandas")
    for figure, c in compare["figures"].items():
        ratio = c["pandas_s"] / c["duckdb_s"]
        m = mark(ratio, limit, at_least=True)
        if m == "MISS":
            misses.append((f"DuckDB vs pandas, {figure}", f"{ratio:.1f}x"))
        if not c["agree"]:
            misses.append((f"DuckDB and pandas disagree on {figure}", ""))
        target = f">= {limit:g}x" if limit else ""
        print(f"    {figure + ' (' + COMPARED[figure][0] + ')':<34} {c['duckdb_s'] * 1000:8.1f} {c['pandas_s'] * 1000:9.1f}"
              f"   {ratio:10.1f}x    {'yes' if c['agree'] else 'NO':<5}  {target:<7} {m:<6}"
              f"   {c['duckdb_cpu_s'] * 1000:8.0f} {c['pandas_cpu_s'] * 1000:8.0f}")
    print(f"    (reading the raw tables into pandas, not counted above: {compare['read_tables_s'] * 1000:.0f} ms)")

    limit = t["memory_mib"]
    m = mark(app["peak_mib"], limit)
    if m == "MISS":
        misses.append(("peak memory (app)", f"{app['peak_mib']:.0f} MiB"))
    print(f"\n  Peak memory (ru_maxrss, MiB)          MiB   target   result")
    print(f"    app: queries + pages                {app['peak_mib']:6.0f}   {f'<= {limit}' if limit else '':<8} {m}")
    print(f"    build: synthesize                   {build['peak_mib']:6.0f}            -")
    print(f"    compare: DuckDB + pandas            {compare['peak_mib']:6.0f}            -")
    print(f"\n  phases took {build['wall_s']:.0f} s, {app['wall_s']:.0f} s and {compare['wall_s']:.0f} s")
    return misses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="1,100,1000", help="comma-separated N (default 1,100,1000)")
    parser.add_argument("--runs", type=int, default=7, help="timed runs per query (median)")
    parser.add_argument("--page-runs", type=int, default=7, help="timed reruns per page (median)")
    parser.add_argument("--keep", type=Path, default=None, help="keep the synthetic databases in this folder")
    parser.add_argument("--json", type=Path, default=None, help="also write every figure to this JSON file")
    parser.add_argument("--phase", choices=["build", "app", "compare"], help=argparse.SUPPRESS)
    parser.add_argument("--scale", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.phase:  # a child
        if args.phase == "build":
            result = phase_build(args.scale, args.db, args.workdir)
        elif args.phase == "app":
            result = phase_app(args.scale, args.db, args.runs, args.page_runs)
        else:
            result = phase_compare(args.scale, args.db, args.runs)
        args.out.write_text(json.dumps(result, default=str))
        return 0

    scales = [int(s) for s in args.scales.split(",") if s.strip()]
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="plan-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    print(f"Benchmark on {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; databases in {workdir}")
    print(f"Medians of {args.runs} query runs and {args.page_runs} page reruns, after one warm-up each.")
    everything, misses = {}, []
    try:
        for scale in scales:
            db = workdir / f"synthetic-x{scale}.duckdb"
            build = child("build", scale, db, workdir, args)
            app = child("app", scale, db, workdir, args)
            compare = child("compare", scale, db, workdir, args)
            everything[scale] = {"build": build, "app": app, "compare": compare}
            misses += [(f"scale {scale}: {what}", figure) for what, figure in report(scale, build, app, compare)]
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(everything, indent=2, default=str))
    print(f"\n=== Summary ({time.perf_counter() - began:.0f} s in all)")
    if misses:
        print(f"{len(misses)} target(s) missed:")
        for what, figure in misses:
            print(f"  MISS  {what}: {figure}")
    else:
        print("Every target met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
