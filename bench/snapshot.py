"""How long publishing the analysts' snapshot takes after a save (store/snapshot.py), and the Parquet
export, on the built-in plan and on synthetic plans N times its size.

    .venv/bin/python -m bench.snapshot [--scales 1,100] [--runs 15]

Each run records one progress update (as a save in the dashboard does), then publishes the snapshot
through the dashboard's own path (byte copy by `cp`, checked) and, for comparison, through DuckDB's
COPY FROM DATABASE (the fallback). Wall-clock medians, with the load average beside them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from store.build import build_database
from store.db import connect
from store.export import export_parquet
from store.progress import ProgressUpdate, record_update
from store.snapshot import publish_snapshot
from store.storage import copy_database
from store.synth import synthesize


def _median_ms(times: list[float]) -> str:
    return f"{statistics.median(times) * 1000:.0f} ms (min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f})"


def measure(folder: Path, scale: int, runs: int) -> None:
    path = folder / f"x{scale}.duckdb"
    plan_id = "tbc-rent-sip" if scale == 1 else f"synthetic-x{scale}"
    build_database(path) if scale == 1 else synthesize(path, scale=scale)
    con = connect(path)
    published, copied = [], []
    for run in range(runs):
        record_update(con, ProgressUpdate(plan_id, "1.1", None, date(2019, 1, 9), "in_progress", run),
                      actor="bench")
        published.append(publish_snapshot(con).seconds)
        target = folder / f"copy-{run}.duckdb"
        began = time.perf_counter()
        copy_database(con, target)
        copied.append(time.perf_counter() - began)
        target.unlink()
    con.close()
    began = time.perf_counter()
    export_parquet(folder / f"parquet-x{scale}", path)
    exported = time.perf_counter() - began
    print(f"scale {scale:>4}: database {path.stat().st_size / 2**20:.1f} MiB; publish after a save {_median_ms(published)}; "
          f"COPY FROM DATABASE {_median_ms(copied)}; Parquet export {exported:.2f} s; "
          f"load average {os.getloadavg()[0]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="1,100")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for scale in (int(s) for s in args.scales.split(",")):
            measure(Path(folder), scale, args.runs)


if __name__ == "__main__":
    main()
