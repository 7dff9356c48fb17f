"""Command line for the plan database: `python -m store build|import|synth|export ...`.

Errors are printed as plain sentences and the exit status is 1; nothing is half-written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from store.db import db_path
from store.errors import PlanError


def _publish(path: Path) -> str:
    """After a write, refresh the analysts' snapshot beside the file (as the dashboard does)."""
    from store.db import connect
    from store.snapshot import publish_snapshot

    try:
        con = connect(path)
        try:
            published = publish_snapshot(con)
        finally:
            con.close()
    except PlanError as exc:  # what was asked for is done: say so, and what is behind
        return f"Note: {exc}"
    return f"Published the analysts' snapshot {published.path} ({published.seconds:.2f} s)."


def _build(args: argparse.Namespace) -> str:
    from store.build import build_database

    result = build_database(args.db, source_dir=args.source, with_demo=not args.plan_only, force=args.force)
    lines = [f"Built {result.path} with plan(s): {', '.join(result.plan_ids)}."]
    lines.append("Included the illustrative progress history." if result.with_demo else "No progress recorded (plan only).")
    if result.backup:
        lines.append(f"The previous database was saved as {result.backup}.")
    lines.append(_publish(result.path))
    return "\n".join(lines)


def _import(args: argparse.Namespace) -> str:
    from store.importer import import_plan

    result = import_plan(args.file, args.db, actor=args.actor, replace=args.replace)
    lines = [f"Imported plan '{result.plan_id}' ({result.actions} actions, {result.milestones} milestones) into {args.db}."]
    if result.backup:
        lines.append(f"The database was backed up first to {result.backup}.")
    lines.append(_publish(args.db))
    return "\n".join(lines)


def _synth(args: argparse.Namespace) -> str:
    from store.synth import synthesize

    result = synthesize(args.db, scale=args.scale, seed=args.seed)
    return (f"Wrote plan '{result.plan_id}' at scale {args.scale} to {args.db}: {result.actions:,} actions, "
            f"{result.milestones:,} milestones, {result.officers:,} officers, {result.reviews} reviews, "
            f"{result.updates:,} progress updates in {result.seconds:.1f} s.\n" + _publish(args.db))


def _export(args: argparse.Namespace) -> str:
    from store.export import describe_export, export_parquet

    return describe_export(export_parquet(args.parquet, args.db))


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

    imp = sub.add_parser("import", help="import a plan from a CSV folder, a zip of CSVs, or an Excel workbook")
    imp.add_argument("file", type=Path, help="folder of CSVs like data/source/, a .zip of them, or a .xlsx workbook")
    imp.add_argument("--db", type=Path, default=None, help="database file (default: $PLAN_DB or data/plan.duckdb)")
    imp.add_argument("--actor", default="command line", help="who is importing (recorded in the audit log)")
    imp.add_argument("--replace", action="store_true", help="replace a plan of the same plan_id")
    imp.set_defaults(run=_import)

    synth = sub.add_parser("synth", help="write a synthetic plan N times the size of the TBC plan")
    synth.add_argument("--scale", type=int, required=True, help="N: 100 gives 3,700 actions")
    synth.add_argument("--db", type=Path, required=True, help="database file to write (replaced)")
    synth.add_argument("--seed", type=int, default=7)
    synth.set_defaults(run=_synth)

    export = sub.add_parser("export", help="write one Parquet file per table and view (for Power BI, Excel)")
    export.add_argument("--parquet", type=Path, required=True, metavar="DIR", help="folder to write into")
    export.add_argument("--db", type=Path, default=None, help="database file (default: $PLAN_DB or data/plan.duckdb); "
                        "its snapshot is read while the dashboard has it open")
    export.set_defaults(run=_export)

    args = parser.parse_args(argv)
    if getattr(args, "db", None) is None and hasattr(args, "db"):
        args.db = db_path()
    try:
        print(args.run(args))
    except PlanError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    except FileNotFoundError as exc:
        print(f"Error: {exc.filename or exc} does not exist.", file=sys.stderr)
        return 1
    except (duckdb.Error, OSError) as exc:  # plain words, never a traceback
        detail = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
        print(f"Error: {detail}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
