"""Backtest the forecasts: replay each plan review by review and check them against what happened.

    .venv/bin/python -m bench.backtest [--seeds 1,2,3] [--scale 1] [--keep DIR]

For the built-in plan (its illustrative history) and for synthetic plans (store.synth, one per seed),
at every review but the last, queries/item_forecast.sql runs as of that review, exactly as the pages
run it, so only what was recorded by then is used. Each forecast is then scored against the item's
real finish, read as of the plan's last review:

  calibration  how often the real finish fell inside the 80% range (the goal: about 80%), and how
               often it fell after the range (too optimistic) or before it;
  accuracy     the median distance in days from the real finish of the evidence forecast and of the
               typed expected finish the dashboard shows (forecast end, else baseline end);
  chance       the chance of finishing by the baseline end against what happened: the Brier score
               (0 is perfect; always saying 50% scores 0.25) and, per band of chance, the share that did.

Only items finished by the last review can be scored for the range (an item still open has no real
finish yet); for the chance, an item still open after its baseline end counts as late.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

NO_FILTERS = {"themes": None, "officers": None, "statuses": None, "rags": None}
BANDS = [0, 0.2, 0.4, 0.6, 0.8, 1.0001]


@dataclass
class Score:
    plan: str
    reviews: int
    scored: int  # forecasts with a range whose item finished by the last review
    inside: float
    after: float  # real finish after the range: the range was too optimistic
    before: float
    evidence_error: float  # median |evidence forecast - real finish|, days
    typed_error: float  # median |typed expected finish - real finish|, days
    chances: int
    brier: float
    bands: list[tuple[str, int, float, float]]  # band, forecasts, mean chance, share on time


def replay(con, plan_id: str) -> pd.DataFrame:
    """item_forecast at every review but the last, each row with the item's real outcome."""
    import queries

    reviews = sorted(queries.run(con, "review_dates", plan_id=plan_id)["review_date"].dt.date)
    last = reviews[-1]
    final = queries.run(con, "timeline", plan_id=plan_id, as_of=last, red_after_days=30, first_action=None, page_size=None, **NO_FILTERS)
    outcome = final[["ref", "seq", "status", "actual_end"]].rename(columns={"status": "final_status"})
    frames = []
    for as_of in reviews[:-1]:
        rows = queries.run(con, "item_forecast", plan_id=plan_id, as_of=as_of, red_after_days=30, **NO_FILTERS)
        frames.append(rows.assign(as_of=pd.Timestamp(as_of)))
    rows = pd.concat(frames, ignore_index=True)
    rows = rows.merge(outcome, on=["ref", "seq"], how="left")
    rows["last_review"] = pd.Timestamp(last)
    return rows


def score(rows: pd.DataFrame, plan: str) -> Score:
    done = rows["final_status"].eq("complete") & rows["actual_end"].notna()
    ranged = rows[done & rows["evidence_low"].notna()]
    actual = pd.to_datetime(ranged["actual_end"])
    low, high = pd.to_datetime(ranged["evidence_low"]), pd.to_datetime(ranged["evidence_high"])
    n = len(ranged)
    pointed = rows[done & rows["evidence_finish"].notna()]
    finish = pd.to_datetime(pointed["actual_end"])
    ev_err = (pd.to_datetime(pointed["evidence_finish"]) - finish).dt.days.abs().median()
    ty_err = (pd.to_datetime(pointed["effective_finish"]) - finish).dt.days.abs().median()

    # chance: on time if finished by the baseline end; late if finished after it, or still open after it
    judged = rows[rows["chance_on_time"].notna()].copy()
    base = pd.to_datetime(judged["baseline_end"])
    finished = judged["final_status"].eq("complete") & judged["actual_end"].notna()
    on_time = finished & (pd.to_datetime(judged["actual_end"]) <= base)
    late = (finished & ~on_time) | (~finished & (judged["last_review"] > base))
    judged = judged[on_time | late].assign(on_time=on_time[on_time | late].astype(float))
    brier = float(((judged["chance_on_time"] - judged["on_time"]) ** 2).mean()) if len(judged) else float("nan")
    bands = []
    cut = pd.cut(judged["chance_on_time"], BANDS, right=False)
    for band, group in judged.groupby(cut, observed=True):
        label = f"{band.left:.0%}–{min(band.right, 1):.0%}"
        bands.append((label, len(group), float(group["chance_on_time"].mean()), float(group["on_time"].mean())))
    return Score(
        plan=plan, reviews=int(rows["as_of"].nunique()), scored=n,
        inside=float(((actual >= low) & (actual <= high)).mean()) if n else float("nan"),
        after=float((actual > high).mean()) if n else float("nan"),
        before=float((actual < low).mean()) if n else float("nan"),
        evidence_error=float(ev_err), typed_error=float(ty_err), chances=len(judged), brier=brier, bands=bands,
    )


def print_score(s: Score) -> None:
    print(f"\n{s.plan}: {s.reviews} reviews replayed")
    print(f"  80% range: {s.scored:,} forecasts scored; real finish inside {s.inside:.0%}, "
          f"after it {s.after:.0%}, before it {s.before:.0%}")
    print(f"  median distance from the real finish: evidence {s.evidence_error:.0f} days, "
          f"typed expected finish {s.typed_error:.0f} days")
    print(f"  chance of finishing by the baseline end: {s.chances:,} judged, Brier score {s.brier:.3f}")
    for label, n, mean, share in s.bands:
        print(f"    said {label:>9}: {n:6,} forecasts, mean chance {mean:4.0%}, finished on time {share:4.0%}")


def main(argv: list[str] | None = None) -> int:
    from store.build import build_database
    from store.db import connect
    from store.synth import plan_id_for, synthesize

    parser = argparse.ArgumentParser(prog="python -m bench.backtest", description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", default="1,2,3", help="synthetic plans: one per seed (comma-separated)")
    parser.add_argument("--scale", type=int, default=1, help="size of each synthetic plan (1 = 37 actions)")
    parser.add_argument("--keep", type=Path, default=None, help="keep the databases in this folder")
    args = parser.parse_args(argv)
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="backtest-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"Backtest of the evidence forecasts (load average {os.getloadavg()[0]:.1f})")
    scores, everything = [], []
    try:
        plans = [("Built-in TBC plan, illustrative history", workdir / "tbc.duckdb", "tbc-rent-sip", None)]
        plans += [(f"Synthetic plan ×{args.scale}, seed {seed}", workdir / f"synth-{seed}.duckdb",
                   plan_id_for(args.scale), int(seed)) for seed in args.seeds.split(",") if seed]
        for label, db, plan_id, seed in plans:
            if not db.exists():
                if seed is None:
                    build_database(db)
                else:
                    synthesize(db, scale=args.scale, seed=seed)
            con = connect(db)
            try:
                rows = replay(con, plan_id)
            finally:
                con.close()
            scores.append(score(rows, label))
            everything.append(rows)
            print_score(scores[-1])
        if len(everything) > 1:
            print_score(score(pd.concat(everything, ignore_index=True), "All plans together"))
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
