"""Benchmark the dashboard on synthetic plans 1, 100 and 1000 times the size of the TBC plan.

    .venv/bin/python -m bench.run [--scales 1,100,1000] [--runs 7] [--page-runs 7] [--keep DIR]

For each scale, three child processes run one after the other (so each peak memory is its own):

  build    store.synth.synthesize (and, at scale 1, the real store.build.build_database)
  app      every query in queries/*.sql, median of --runs with the parameters the pages use (as of
           the latest review, no filters, the Officers page's two-year window, ...); then every page
           in AppTest, reached through app.py as a browser does: its first run with empty caches
           (cold: the server has the database open and its modules imported, but no query or figure
           is cached; median of 5 such runs, each after emptying the caches, and their range), and
           the median of --page-runs reruns after them (warm: how a rerun feels).
           Also the very first Overview run after a server start (it opens the database).
  compare  slippage, theme completion and owner load: the DuckDB query against the pandas
           reference (bench/reference.py), median of --runs each (the two alternate, so both see the
           same load), on tables read beforehand (the read is timed separately and is NOT part of the
           pandas figure); and whether they agree. CPU time is shown too: it suffers less from load.

  browser  (scale 1 only) the first browser load of the Overview against a bare Streamlit page holding
           one Plotly chart, in the same run: headless Chromium, 1366x768, median of 5, alternating
           (bench/browser.py).

Targets (issues 16 and 17; each figure marked PASS or MISS; figures without a target are marked "-"):
  scale 1:    every query <= 10 ms, every page's warm rerun <= 0.15 s (its cold run <= 0.3 s),
              the Overview's first browser load <= 1.2x the bare page's
  scale 100:  every page <= 1 s
  scale 1000: every query <= 150 ms, the forecast queries <= 1 s, every page cold and warm <= 2 s,
              peak memory of the app process <= 1 GiB, DuckDB >= 5x faster than pandas on each figure

Synthetic databases go to a temporary folder (deleted afterwards unless --keep names one).
Timings are wall-clock medians; the load average is printed beside them, since other work on the
machine slows everything.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT
from bench.phases import phase_app, phase_build, phase_compare
from bench.report import report


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="1,100,1000", help="comma-separated N (default 1,100,1000)")
    parser.add_argument("--runs", type=int, default=7, help="timed runs per query (median)")
    parser.add_argument("--page-runs", type=int, default=7, help="timed reruns per page (median)")
    parser.add_argument("--keep", type=Path, default=None, help="keep the synthetic databases in this folder")
    parser.add_argument("--json", type=Path, default=None, help="also write every figure to this JSON file")
    parser.add_argument("--phase", choices=["build", "app", "compare", "browser"], help=argparse.SUPPRESS)
    parser.add_argument("--scale", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.phase:  # a child
        if args.phase == "build":
            result = phase_build(args.scale, args.db, args.workdir)
        elif args.phase == "browser":
            from bench.browser import phase_browser

            result = phase_browser(args.workdir / "tbc.duckdb", args.workdir)
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
            browser = child("browser", scale, db, workdir, args) if scale == 1 else None
            everything[scale] = {"build": build, "app": app, "compare": compare, "browser": browser}
            misses += [(f"scale {scale}: {what}", figure)
                       for what, figure in report(scale, build, app, compare, browser)]
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(everything, indent=2, default=str))
    print(f"\n=== Summary ({time.perf_counter() - began:.0f} s in all; load average now {os.getloadavg()[0]:.1f})")
    if misses:
        print(f"{len(misses)} target(s) missed:")
        for what, figure in misses:
            print(f"  MISS  {what}: {figure}")
    else:
        print("Every target met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
