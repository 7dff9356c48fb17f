"""Time the forecasts on a large plan: every open item's evidence forecast, and the queries that show them.

    .venv/bin/python -m bench.forecast_timing [--scale 1000] [--db PATH] [--runs 5]

Writes a synthetic plan (store.synth) unless --db names one already written, then, as of its latest review
and as of a review in the middle, times the evidence_forecast macro alone (every open item's forecast and
80% range) and queries/item_forecast.sql, theme_forecast.sql, forecast_history.sql and
forecast_reliability.sql with the parameters the pages use. Prints the median and best wall-clock time,
the process's CPU time per run, and the load average: other work on the machine slows every figure.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import tempfile
import time
from pathlib import Path

NO_FILTERS = {"themes": None, "officers": None, "statuses": None, "rags": None}


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(fn, runs: int) -> tuple[float, float, float, int]:
    """(median wall s, best wall s, median CPU s, rows) over `runs` runs after one warm-up run."""
    rows = len(fn())
    walls, cpus = [], []
    for _ in range(runs):
        cpu, began = _cpu(), time.perf_counter()
        fn()
        walls.append(time.perf_counter() - began)
        cpus.append(_cpu() - cpu)
    return statistics.median(walls), min(walls), statistics.median(cpus), rows


def main(argv: list[str] | None = None) -> int:
    import queries
    from store.build import install_definitions
    from store.db import connect
    from store.synth import plan_id_for, synthesize

    parser = argparse.ArgumentParser(prog="python -m bench.forecast_timing", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=1000)
    parser.add_argument("--db", type=Path, default=None, help="a synthetic plan written before (else a temporary one)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    db = args.db or Path(tempfile.mkdtemp(prefix="forecast-timing-")) / f"synthetic-x{args.scale}.duckdb"
    if not db.exists():
        print(f"Writing a synthetic plan ×{args.scale} to {db} …", flush=True)
        synthesize(db, scale=args.scale)
    con = connect(db)
    install_definitions(con)
    plan = con.execute("select plan_id from plan order by plan_id limit 1").fetchone()[0] or plan_id_for(args.scale)
    reviews = [r[0] for r in con.execute("select review_date from review where plan_id = ? order by review_date",
                                         [plan]).fetchall()]
    items, updates = con.execute("select (select count(*) from item where plan_id = $p), "
                                 "(select count(*) from progress_update where plan_id = $p)", {"p": plan}).fetchone()
    print(f"{plan}: {items:,} actions and milestones, {updates:,} updates; {os.cpu_count()} CPUs; "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"{'':44} {'median':>8} {'best':>8} {'CPU':>8} {'rows':>8}  load")
    for as_of in (reviews[-1], reviews[len(reviews) // 2]):
        page = {"plan_id": plan, "as_of": as_of, "red_after_days": 30, **NO_FILTERS}
        one = {"plan_id": plan, "ref": con.execute("select min(ref) from action where plan_id = ?", [plan]).fetchone()[0],
               "seq": None, "as_of": as_of}
        cases = {
            "evidence_forecast (every open item)": lambda: con.execute(
                "select * from evidence_forecast($p, [$d::date], null)", {"p": plan, "d": as_of}).fetchall(),
            "item_forecast.sql": lambda: queries.run(con, "item_forecast", **page),
            "theme_forecast.sql": lambda: queries.run(con, "theme_forecast", **page),
            "forecast_history.sql (one action)": lambda: queries.run(con, "forecast_history", **one),
            "forecast_reliability.sql (one action)": lambda: queries.run(con, "forecast_reliability", **one),
        }
        print(f"as of {as_of:%d %b %Y}")
        for label, fn in cases.items():
            median, best, cpu, rows = timed(fn, args.runs)
            print(f"  {label:42} {median:7.3f}s {best:7.3f}s {cpu:7.3f}s {rows:8,}  {os.getloadavg()[0]:.1f}",
                  flush=True)
    con.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
