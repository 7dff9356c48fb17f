"""Read a plan's source tables (the CSVs of data/source/), check them, and shape them for the database.

Validation collects every problem before giving up, each with file, row and column, so a person
fixing a spreadsheet sees the whole list at once. Nothing here touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from store.dates import PlanDate, parse_plan_date
from store.errors import DateParseError, ValidationError
from store.identifiers import is_ref, plan_id_problem
from store.table_rows import csv_rows, frame_from_rows

MAX_FILE_BYTES = 20_000_000  # a plan 1000× TBC's is ~15 MB of CSV; more is a mistake
MAX_NUMBER = 1_000_000  # positions and seqs: far above any plan, far below the INTEGER columns' limit


@dataclass(frozen=True)
class TableSpec:
    file: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()


SPECS: dict[str, TableSpec] = {
    "plan": TableSpec("plan.csv", ("plan_id", "title"), ("organisation", "source")),
    "themes": TableSpec("themes.csv", ("plan_id", "code", "title"), ("position",)),
    "actions": TableSpec(
        "actions.csv",
        ("plan_id", "ref", "theme_code", "action_text"),
        ("position", "outcome_text", "start_text", "end_text", "transcription_note"),
    ),
    "milestones": TableSpec(
        "milestones.csv", ("plan_id", "ref", "seq", "title"), ("start_text", "end_text", "transcription_note")
    ),
    "officers": TableSpec("officers.csv", ("officer_id", "name", "kind")),
    "officer_aliases": TableSpec("officer_aliases.csv", ("alias", "officer_id")),
    "assignments": TableSpec("assignments.csv", ("plan_id", "ref", "officer_id"), ("seq", "as_written")),
}


def fold(name: str) -> str:
    """How two spellings of a name are compared: case and spacing ignored."""
    return " ".join(str(name).split()).casefold()


def read_csv_bytes(data: bytes, where: str, problems: list[str]) -> pd.DataFrame | None:
    """Parse one CSV file's bytes as text cells; report rather than raise on bad input."""
    if len(data) > MAX_FILE_BYTES:
        problems.append(f"{where}: the file is {len(data) / 1e6:.0f} MB; the limit is {MAX_FILE_BYTES / 1e6:.0f} MB.")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(
            f"{where}: the file is not UTF-8 text (byte {exc.start} cannot be read). "
            "Save it from Excel as 'CSV UTF-8'."
        )
        return None
    rows = csv_rows(text, where, problems)
    return None if rows is None else frame_from_rows(rows, where, problems)


def read_source_folder(folder: Path) -> dict[str, pd.DataFrame]:
    """The seven tables of a source folder; raises ValidationError listing every unreadable file."""
    problems: list[str] = []
    tables: dict[str, pd.DataFrame] = {}
    for key, spec in SPECS.items():
        path = Path(folder) / spec.file
        if not path.exists():
            problems.append(f"{spec.file}: the file is missing from {folder}.")
            continue
        frame = read_csv_bytes(path.read_bytes(), spec.file, problems)
        if frame is not None:
            tables[key] = frame
    if problems:
        raise ValidationError(problems)
    return tables


def _row(spec: TableSpec, index: int) -> str:
    # Row numbers as a spreadsheet shows them: the header is row 1.
    return f"{spec.file} row {index + 2}"


def _check_columns(tables: dict[str, pd.DataFrame], problems: list[str]) -> None:
    for key, spec in SPECS.items():
        frame = tables.get(key)
        if frame is None:
            problems.append(f"{spec.file}: the table is missing.")
            continue
        for column in spec.required:
            if column not in frame.columns:
                problems.append(f"{spec.file}: column '{column}' is missing.")
        for column in spec.optional:
            if column not in frame.columns:
                frame[column] = ""
        for column in spec.required:
            if column in frame.columns:
                for i in frame.index[frame[column].str.strip() == ""]:
                    problems.append(f"{_row(spec, i)}, column '{column}': the value is blank.")


def _duplicates(frame: pd.DataFrame, keys: list[str], spec: TableSpec, what: str, problems: list[str]) -> None:
    dup = frame.duplicated(subset=keys, keep="first")
    for i in frame.index[dup]:
        value = " / ".join(str(frame.at[i, k]) for k in keys)
        problems.append(f"{_row(spec, i)}: duplicate {what} '{value}'.")


def _parse(text: str, role: str, where: str, problems: list[str]) -> PlanDate:
    try:
        return parse_plan_date(text, role=role)
    except DateParseError as exc:
        problems.append(f"{where}, column '{role}_text': {exc}")
        return PlanDate(text, None)


def _dates(frame: pd.DataFrame, spec: TableSpec, problems: list[str]) -> tuple[list[PlanDate], list[PlanDate]]:
    starts, ends = [], []
    for i in frame.index:
        where = _row(spec, i)
        start = _parse(frame.at[i, "start_text"], "start", where, problems)
        end = _parse(frame.at[i, "end_text"], "end", where, problems)
        if start.value and end.value and end.value < start.value:
            problems.append(
                f"{where}: the end '{end.raw}' ({end.value:%d %b %Y}) is before the start "
                f"'{start.raw}' ({start.value:%d %b %Y})."
            )
        starts.append(start)
        ends.append(end)
    return starts, ends


def prepare(tables: dict[str, pd.DataFrame], known_officers: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """Check every rule and return the tables shaped as the database's, or raise ValidationError.

    `known_officers` (officer_id, name) are officers already in the database: an imported plan may
    name them without repeating them in its officers table.
    """
    tables = {k: v.copy() for k, v in tables.items()}
    for frame in tables.values():
        for column in frame.columns:
            frame[column] = frame[column].astype(str).str.strip()
    problems: list[str] = []
    _check_columns(tables, problems)
    if problems:
        raise ValidationError(problems)

    plan, themes, actions = tables["plan"], tables["themes"], tables["actions"]
    milestones, officers = tables["milestones"], tables["officers"]
    aliases, assignments = tables["officer_aliases"], tables["assignments"]

    if len(plan) != 1:
        problems.append(f"plan.csv: expected exactly one plan row, found {len(plan)}.")
    plan_ids = set(plan["plan_id"])
    problems += [p for p in (plan_id_problem(v, _row(SPECS["plan"], i)) for i, v in plan["plan_id"].items()) if p]
    for key in ("themes", "actions", "milestones", "assignments"):
        frame, spec = tables[key], SPECS[key]
        for i in frame.index[~frame["plan_id"].isin(plan_ids)]:
            problems.append(f"{_row(spec, i)}: plan_id '{frame.at[i, 'plan_id']}' is not the plan in plan.csv.")

    _duplicates(themes, ["plan_id", "code"], SPECS["themes"], "theme code", problems)
    _duplicates(actions, ["plan_id", "ref"], SPECS["actions"], "action ref", problems)
    _duplicates(milestones, ["plan_id", "ref", "seq"], SPECS["milestones"], "milestone", problems)
    _duplicates(officers, ["officer_id"], SPECS["officers"], "officer_id", problems)
    _duplicates(aliases, ["alias"], SPECS["officer_aliases"], "alias", problems)

    theme_codes = set(themes["code"])
    for i in actions.index:
        ref = actions.at[i, "ref"]
        if not is_ref(ref):
            problems.append(f"{_row(SPECS['actions'], i)}, column 'ref': '{ref}' is not a ref like '1.1' or '6b.5'.")
        if actions.at[i, "theme_code"] not in theme_codes:
            problems.append(
                f"{_row(SPECS['actions'], i)}, column 'theme_code': theme '{actions.at[i, 'theme_code']}' "
                "is not in themes.csv."
            )
    action_refs = set(actions["ref"])
    for key in ("milestones", "assignments"):
        frame, spec = tables[key], SPECS[key]
        for i in frame.index[~frame["ref"].isin(action_refs)]:
            problems.append(f"{_row(spec, i)}, column 'ref': action '{frame.at[i, 'ref']}' is not in actions.csv.")

    _check_integers(themes, "position", SPECS["themes"], problems, blank_ok=True)
    _check_integers(actions, "position", SPECS["actions"], problems, blank_ok=True)
    _check_integers(milestones, "seq", SPECS["milestones"], problems, blank_ok=False)
    _check_integers(assignments, "seq", SPECS["assignments"], problems, blank_ok=True)
    milestone_keys = set(zip(milestones["ref"], milestones["seq"]))
    for i in assignments.index:
        seq = assignments.at[i, "seq"]
        if seq and (assignments.at[i, "ref"], seq) not in milestone_keys and assignments.at[i, "ref"] in action_refs:
            problems.append(
                f"{_row(SPECS['assignments'], i)}, column 'seq': action {assignments.at[i, 'ref']} "
                f"has no milestone {seq}."
            )

    _check_officers(officers, aliases, assignments, known_officers, problems)

    action_starts, action_ends = _dates(actions, SPECS["actions"], problems)
    milestone_starts, milestone_ends = _dates(milestones, SPECS["milestones"], problems)
    if problems:
        raise ValidationError(problems)

    return _shape(tables, action_starts, action_ends, milestone_starts, milestone_ends)


def _check_integers(frame: pd.DataFrame, column: str, spec: TableSpec, problems: list[str], *, blank_ok: bool) -> None:
    for i in frame.index:
        value = frame.at[i, column]
        if value == "" and blank_ok:
            continue
        if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= MAX_NUMBER:  # "²" is a digit
            problems.append(f"{_row(spec, i)}, column '{column}': '{value}' is not a whole number from 1 to "
                            f"{MAX_NUMBER:,}.")


def _check_officers(officers, aliases, assignments, known_officers, problems: list[str]) -> None:
    for i in officers.index[~officers["kind"].isin(["person", "role"])]:
        problems.append(
            f"{_row(SPECS['officers'], i)}, column 'kind': '{officers.at[i, 'kind']}' must be 'person' or 'role'."
        )
    # The same person under two ids ("Lee Birch" and "Lee birch") is the error the alias table prevents.
    folded = officers["name"].map(fold)
    for i in officers.index[folded.duplicated(keep="first")]:
        first = officers.index[folded == folded[i]][0]
        problems.append(
            f"{_row(SPECS['officers'], i)}: officer '{officers.at[i, 'name']}' is spelled differently in "
            f"{_row(SPECS['officers'], first)} ('{officers.at[first, 'name']}'); list one officer and put "
            "the other spelling in officer_aliases.csv."
        )
    known_ids = set(officers["officer_id"]) | (set(known_officers["officer_id"]) if known_officers is not None else set())
    for i in aliases.index[~aliases["officer_id"].isin(known_ids)]:
        problems.append(
            f"{_row(SPECS['officer_aliases'], i)}, column 'officer_id': officer '{aliases.at[i, 'officer_id']}' "
            "is not in officers.csv."
        )
    folded_alias = aliases["alias"].map(fold)
    for i in aliases.index[folded_alias.duplicated(keep=False)]:
        others = aliases[(folded_alias == folded_alias[i]) & (aliases["officer_id"] != aliases.at[i, "officer_id"])]
        if len(others) and i < others.index.min():
            problems.append(
                f"{_row(SPECS['officer_aliases'], i)}: the spelling '{aliases.at[i, 'alias']}' points at two "
                f"officers ('{aliases.at[i, 'officer_id']}' and '{others.iloc[0]['officer_id']}')."
            )
    for i in assignments.index[~assignments["officer_id"].isin(known_ids)]:
        problems.append(
            f"{_row(SPECS['assignments'], i)}, column 'officer_id': unknown officer "
            f"'{assignments.at[i, 'officer_id']}' (add them to officers.csv)."
        )


def _shape(tables, action_starts, action_ends, milestone_starts, milestone_ends) -> dict[str, pd.DataFrame]:
    plan, themes, actions = tables["plan"], tables["themes"].copy(), tables["actions"].copy()
    milestones, assignments = tables["milestones"].copy(), tables["assignments"].copy()

    themes["position"] = [int(p) if p else i + 1 for i, p in enumerate(themes["position"])]
    actions["position"] = [int(p) if p else i + 1 for i, p in enumerate(actions["position"])]
    actions["baseline_start"] = [d.value for d in action_starts]
    actions["baseline_end"] = [d.value for d in action_ends]
    actions["is_ongoing"] = [d.is_ongoing for d in action_ends]
    actions["is_done_in_source"] = [d.is_done for d in action_ends]
    milestones["seq"] = milestones["seq"].astype(int)
    milestones["baseline_start"] = [d.value for d in milestone_starts]
    milestones["baseline_end"] = [d.value for d in milestone_ends]
    milestones["is_ongoing"] = [d.is_ongoing for d in milestone_ends]
    assignments["seq"] = [int(s) if s else None for s in assignments["seq"]]
    assignments = assignments.drop_duplicates(subset=["plan_id", "ref", "seq", "officer_id"])

    for frame in (actions, milestones):
        for column in ("baseline_start", "baseline_end"):
            frame[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")
    for frame, column in ((actions, "outcome_text"), (actions, "transcription_note"), (milestones, "transcription_note")):
        frame[column] = frame[column].replace("", None)
    assignments["seq"] = assignments["seq"].astype("Int64")
    return {
        "plan": plan[["plan_id", "title", "organisation", "source"]],
        "theme": themes[["plan_id", "code", "title", "position"]],
        "action": actions[[
            "plan_id", "ref", "theme_code", "position", "action_text", "outcome_text", "start_text", "end_text",
            "baseline_start", "baseline_end", "is_ongoing", "is_done_in_source", "transcription_note",
        ]],
        "milestone": milestones[[
            "plan_id", "ref", "seq", "title", "start_text", "end_text", "baseline_start", "baseline_end",
            "is_ongoing", "transcription_note",
        ]],
        "officer": tables["officers"][["officer_id", "name", "kind"]],
        "officer_alias": tables["officer_aliases"][["alias", "officer_id"]],
        "assignment": assignments[["plan_id", "ref", "seq", "officer_id", "as_written"]],
    }
