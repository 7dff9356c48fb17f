"""Command line for the plan database: `python -m store build|import|synth ...`.

Errors are printed as plain sentences and the exit status is 1; nothing is half-written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from store.db import db_path
from store.errors import PlanError


def _build(args: argparse.Namespace) -> str:
    from store.build import build_database

    result = build_database(args.db, source_dir=args.source, with_demo=not args.plan_only, force=args.force)
    lines = [f"Built {result.path} with plan(s): {', '.join(result.plan_ids)}."]
    lines.append("Included the illustrative progress history." if result.with_demo else "No progress recorded (plan only).")
    if result.backup:
        lines.append(f"The previous database was saved as {result.backup}.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from store.build import SOURCE_DIR

    parser = argparse.ArgumentParser(prog="python -m store", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="(re)build the database from data/source/")
    build.add_argument("--db", type=Path, default=None, help="database file (default: $PLAN_DB or data/plan.duckdb)")
    build.add_argument("--source", type=Path, default=SOURCE_DIR, help="folder of source CSVs")
    build.add_argument("--force", action="store_true", help="overwrite recorded progress (a backup is made first)")
    build.add_argument("--plan-only", action="store_true", help="the plan alone, without the illustrative history")
    build.set_defaults(run=_build)

    args = parser.parse_args(argv)
    if getattr(args, "db", None) is None and hasattr(args, "db"):
        args.db = db_path()
    try:
        print(args.run(args))
    except PlanError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
