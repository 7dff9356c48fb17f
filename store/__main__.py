"""Command line for the plan database: `python -m store build|import|synth|export|backup|restore|health ...`.

Errors are printed as plain sentences and the exit status is 1; nothing is half-written. An unforeseen
error prints a reference id (its traceback goes to the error log, store/errlog.py) and exits 2.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

import duckdb

from store.backup import DEFAULT_KEEP
from store.db import db_path
from store.errlog import DISK_FULL, UNFORESEEN, is_disk_full, log_to_file
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


def _mapping(pairs: list[str]) -> dict[str, str]:
    from store.errors import ValidationError
    from store.tracker.synonyms import FIELDS

    out, problems = {}, []
    for pair in pairs:
        header, _, field = pair.rpartition("=")
        if not header.strip() or field.strip() not in FIELDS:
            problems.append(f"--map {pair!r}: write it as \"Header=field\", where field is one of "
                            f"{', '.join(FIELDS)}.")
        else:
            out[header.strip()] = field.strip()
    if problems:
        raise ValidationError(problems)
    return out


def _import(args: argparse.Namespace) -> str:
    from store.errors import ValidationError
    from store.importer import import_plan
    from store.tracker import TrackerOptions

    if args.header_row is not None and args.header_row < 1:
        raise ValidationError([f"--header-row {args.header_row}: a row number is 1 or more."])
    options = TrackerOptions(plan_id=args.plan_id, title=args.title, as_at=args.as_at, mapping=_mapping(args.map),
                             header_row=args.header_row, sheet=args.sheet, computed_rag=args.computed_rag,
                             revised_as_rebaseline=args.revised_as_rebaseline)
    if args.dry_run:
        return _preview(args, options)
    result = import_plan(args.file, args.db, actor=args.actor, replace=args.replace, options=options,
                         force=args.force)
    if hasattr(result, "updates"):
        lines = [f"Imported plan '{result.plan_id}' ({result.themes} themes, {result.actions} actions, "
                 f"{result.milestones} milestones, {result.new_officers} new officers or roles, {result.updates} "
                 f"progress updates from the source) into {args.db}."]
        if result.warnings:
            lines.append(f"{len(result.warnings)} thing(s) to check (also listed under Data quality):")
            lines += [f"  - {w}" for w in result.warnings]
    else:
        lines = [f"Imported plan '{result.plan_id}' ({result.actions} actions, {result.milestones} milestones) "
                 f"into {args.db}."]
    if result.backup:
        lines.append(f"The database was backed up first to {result.backup}.")
    lines.append(_publish(args.db))
    return "\n".join(lines)


def _preview(args: argparse.Namespace, options) -> str:
    """--dry-run: what would be created, and every problem, with nothing written."""
    from store.db import connect
    from store.errors import ValidationError
    from store.tracker import build_plan, read_tracker
    from store.tracker.report import summary_lines
    from store.tracker.write import known

    path = Path(args.file)
    if not path.is_file() or not path.name.lower().endswith((".xlsx", ".xlsm", ".xls", ".csv")):
        raise ValidationError([f"{path}: --dry-run previews a tracker file (.xlsx, .xls or .csv)."])
    con = connect(args.db, read_only=True)
    try:
        officers, aliases, remembered = known(con)
    finally:
        con.close()
    sheet, _ = read_tracker(path.read_bytes(), path.name, sheet=options.sheet, remembered=remembered)
    plan = build_plan(sheet, options, officers=officers, aliases=aliases, remembered=remembered)
    lines = ["Nothing was written (--dry-run)."] + summary_lines(plan)
    lines += [f"  - {w}" for w in plan.warnings]
    if plan.problems:
        lines.append(f"{len(plan.problems)} problem(s) would stop the import:")
        lines += [f"  - {p}" for p in plan.problems]
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


def _summary(counts: dict[str, int]) -> str:
    return (f"{len(counts)} tables, {counts.get('action', 0)} actions, "
            f"{counts.get('progress_update', 0)} progress updates, {counts.get('audit_log', 0)} audit rows")


def _backup(args: argparse.Namespace) -> str:
    from store.backup import backup

    result = backup(args.db, args.dest, keep=args.keep)
    lines = [f"Backed up {args.db} to {result.path}.",
             f"Verified: the copy opens and every table has the same rows ({_summary(result.counts)})."]
    if result.pruned:
        lines.append(f"Kept the newest {args.keep}; removed {', '.join(p.name for p in result.pruned)}.")
    return "\n".join(lines)


def _restore(args: argparse.Namespace) -> str:
    from store.backup import restore

    result = restore(args.file, args.db, force=args.force, actor=args.actor)
    lines = [f"Restored {result.path} from {result.restored_from} ({_summary(result.counts)})."]
    if result.previous:
        lines.append(f"The database it replaced was saved first as {result.previous}.")
    return "\n".join(lines)


def _health(args: argparse.Namespace) -> tuple[str, int]:
    from store.health import check_database

    result = check_database(args.db)
    return f"{result.text()} ({args.db})", 0 if result.ok else 1


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
    imp.add_argument("file", type=Path, help="a council's own tracker (.xlsx, .xls, .csv), or the template: a folder "
                                             "of CSVs like data/source/, a .zip of them, or its .xlsx workbook")
    imp.add_argument("--db", type=Path, default=None, help="database file (default: $PLAN_DB or data/plan.duckdb)")
    imp.add_argument("--actor", default="command line", help="who is importing (recorded in the audit log)")
    imp.add_argument("--replace", action="store_true", help="replace a plan of the same plan_id")
    imp.add_argument("--force", action="store_true",
                     help="with --replace: go ahead although people have recorded progress (a verified backup is made first)")
    imp.add_argument("--plan-id", help="a tracker's plan id (default: from its title or file name)")
    imp.add_argument("--title", help="a tracker's title (default: its title row)")
    imp.add_argument("--as-at", type=date.fromisoformat, help="the date a tracker's progress is reported at "
                     "(YYYY-MM-DD; default: as its title states, else its latest update date)")
    imp.add_argument("--map", action="append", default=[], metavar="HEADER=FIELD",
                     help="read a tracker's column as a field, e.g. --map \"What we will deliver=action\" "
                          "(remembered for the next import of the same layout)")
    imp.add_argument("--header-row", type=int, help="a tracker's header row number (default: found)")
    imp.add_argument("--sheet", help="which sheet of a workbook holds the tracker (default: found)")
    imp.add_argument("--computed-rag", action="store_true",
                     help="show the dashboard's computed RAG, not the RAG the tracker states")
    imp.add_argument("--revised-as-rebaseline", action="store_true",
                     help="a tracker's revised dates re-baseline items (default: they are forecasts)")
    imp.add_argument("--dry-run", action="store_true", help="show what a tracker would import; write nothing")
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

    bak = sub.add_parser("backup", help="copy the database to a verified, timestamped backup; keep the newest N")
    bak.add_argument("--db", type=Path, default=None, help="database file (default: $PLAN_DB or data/plan.duckdb)")
    bak.add_argument("--dest", type=Path, default=None,
                     help="folder for backups (default: $PLAN_BACKUP_DIR or a backups/ folder beside the database)")
    bak.add_argument("--keep", type=int, default=DEFAULT_KEEP,
                     help=f"how many nightly backups to keep (default {DEFAULT_KEEP})")
    bak.set_defaults(run=_backup)

    res = sub.add_parser("restore", help="replace the database with a verified backup")
    res.add_argument("file", type=Path, help="the backup file to restore")
    res.add_argument("--db", type=Path, default=None, help="database file (default: $PLAN_DB or data/plan.duckdb)")
    res.add_argument("--force", action="store_true", help="replace an existing database (it is backed up first)")
    res.add_argument("--actor", default="command line", help="who is restoring (recorded in the audit log)")
    res.set_defaults(run=_restore)

    health = sub.add_parser("health", help="exit 0 if the database opens and holds a plan, else 1 (service stopped)")
    health.add_argument("--db", type=Path, default=None, help="database file (default: $PLAN_DB or data/plan.duckdb)")
    health.set_defaults(run=_health)

    args = parser.parse_args(argv)
    if getattr(args, "db", None) is None and hasattr(args, "db"):
        args.db = db_path()
    try:
        out = args.run(args)
        text, code = out if isinstance(out, tuple) else (out, 0)
        print(text, file=sys.stdout if code == 0 else sys.stderr)
        return code
    except PlanError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    except FileNotFoundError as exc:
        print(f"Error: {exc.filename or exc} does not exist.", file=sys.stderr)
        return 1
    except (duckdb.Error, OSError) as exc:  # plain words, never a traceback
        detail = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
        print(f"Error: {DISK_FULL if is_disk_full(exc) else detail}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Stopped. Nothing was changed: every write is all or nothing.", file=sys.stderr)
        return 130
    except Exception as exc:  # unforeseen: a reference id here, the traceback in the error log
        ref, log = log_to_file(exc, Path(getattr(args, "db", None) or db_path()).parent)
        print(f"Error: {UNFORESEEN.format(ref=ref)}" + (f" (details in {log})" if log else ""), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
