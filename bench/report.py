"""The benchmark's tables: one scale's figures printed against their targets, and the misses."""

from __future__ import annotations

import os

from bench.common import COMPARED


FORECAST_QUERIES = ("item_forecast", "theme_forecast", "forecast_history", "forecast_reliability", "forecast_trend")


def targets(scale: int) -> dict[str, float | None]:
    """Issue 16's targets (and issue 17's for the forecasts at scale 1000)."""
    return {
        "query_s": {1: 0.010, 1000: 0.150}.get(scale),
        "forecast_s": 1.0 if scale == 1000 else None,
        "page_cold_s": {1: 0.3, 100: 1.0, 1000: 2.0}.get(scale),
        "page_s": {1: 0.15, 100: 1.0, 1000: 2.0}.get(scale),
        "memory_mib": 1024 if scale == 1000 else None,
        "speedup": 5.0 if scale == 1000 else None,
        "browser_ratio": 1.2 if scale == 1 else None,
    }


def mark(value: float, limit: float | None, *, at_least: bool = False) -> str:
    if limit is None:
        return "-"
    ok = value >= limit if at_least else value <= limit
    return "PASS" if ok else "MISS"


def report(scale: int, build: dict, app: dict, compare: dict, browser: dict | None = None) -> list[tuple[str, str]]:
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
    print("\n  Queries (ms), as the app runs them: read through the memo of item states and forecasts;"
          "\n  'computed': the same query on the file's own macros, as the memo's fill does once per data version")
    print(f"    {'':<32}   median     best       rows  target   result   computed")
    for name, q in app["queries"].items():
        m = mark(q["median_s"], limit)
        if m == "MISS":
            misses.append((f"query {name}", f"{q['median_s'] * 1000:.1f} ms"))
        target = f"<= {limit * 1000:.0f}" if limit else ""
        print(f"    {name:<32} {q['median_s'] * 1000:8.1f} {q['best_s'] * 1000:8.1f} {q['rows']:>10,}  {target:<7} {m:<6}"
              f"   {q['computed_s'] * 1000:8.1f}")
    print("\n  Memo fills (seconds, from empty; counted in the pages' cold runs)")
    for label, seconds in app["memo_fills"].items():
        print(f"    {label:<40} {seconds:6.2f}")

    limit = t["forecast_s"]
    if limit:
        for name in FORECAST_QUERIES:
            seconds = app["queries"][name]["median_s"]
            m = mark(seconds, limit)
            if m == "MISS":
                misses.append((f"forecast {name}", f"{seconds:.2f} s"))
            print(f"    forecast {name:<23} {seconds:8.2f} s   target <= {limit:g} s  {m}")

    limit, cold_limit = t["page_s"], t["page_cold_s"]
    print(f"\n  Pages (AppTest, seconds; cold: median of the first runs, their range beside it)")
    print(f"                                    cold  warm median  best   target   cold   warm   cold range")
    for page, p in app["pages"].items():
        mc, mw = mark(p["cold_s"], cold_limit), mark(p["warm_s"], limit)
        if mc == "MISS":
            misses.append((f"page {page} (cold)", f"{p['cold_s']:.2f} s"))
        if mw == "MISS":
            misses.append((f"page {page} (warm rerun)", f"{p['warm_s']:.2f} s"))
        target = f"<={cold_limit:g}/{limit:g}" if limit else ""
        spread = f"{min(p['cold_runs_s']):.2f}-{max(p['cold_runs_s']):.2f}" if p.get("cold_runs_s") else ""
        print(f"    {page:<28} {p['cold_s']:7.2f} {p['warm_s']:8.2f} {p['warm_best_s']:8.2f}   {target:<7} {mc:<6} {mw:<6} {spread}")
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
    misses += report_browser(browser, t["browser_ratio"])
    print(f"\n  phases took {build['wall_s']:.0f} s, {app['wall_s']:.0f} s and {compare['wall_s']:.0f} s")
    return misses


def report_browser(browser: dict | None, limit: float | None) -> list[tuple[str, str]]:
    """The Overview's first browser load against the bare page with one Plotly chart (bench/browser.py)."""
    if browser is None:
        return []
    print("\n  First browser load (headless Chromium 1366x768, fresh context, median of 5, alternating)")
    if "skipped" in browser:
        print(f"    skipped: {browser['skipped']}")
        return [("first browser load", "not measured: " + browser["skipped"])]
    ratio = browser["overview_s"] / browser["bare_s"]
    m = mark(ratio, limit)
    print(f"    Overview {browser['overview_s']:.2f} s, bare Streamlit page with one Plotly chart {browser['bare_s']:.2f} s:"
          f" {ratio:.2f}x   target <= {limit:g}x  {m}   (load average {browser['load_before']:.1f} to {browser['load_after']:.1f})")
    return [("first browser load of the Overview", f"{ratio:.2f}x the bare page")] if m == "MISS" else []
