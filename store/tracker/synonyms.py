"""The one table of the words councils use for their tracker's columns, and how a header is read.

`recognise("Responsible Person")` -> "owner". Exact phrases are tried first, then patterns, in the
order below (more particular before more general: "Action update" is commentary, not the action).
Anything not recognised is kept on the item as an extra column. tests/test_tracker_synonyms.py
checks every phrase here maps to its field.
"""

from __future__ import annotations

import re

# field -> what the mapping control calls it
FIELDS: dict[str, str] = {
    "ref": "Ref",
    "action": "Action",
    "milestone": "Milestone",
    "outcome": "Outcome / measure of success",
    "owner": "Lead officer(s)",
    "theme": "Theme / objective",
    "start": "Start date",
    "end": "Target date",
    "status": "Status",
    "rag": "RAG / BRAG",
    "commentary": "Progress commentary",
    "update_date": "Update date",
    "revised_end": "Revised date (forecast)",
    "percent": "% complete",
    "completed_on": "Date completed",
    "extra": "Keep as an extra column",
}

SYNONYMS: dict[str, tuple[str, ...]] = {
    "ref": ("ref", "ref no", "ref number", "reference", "reference no", "reference number", "number", "no",
            "action code", "action no", "action number", "action ref", "id", "item", "item no", "code", "#",
            "project code", "project ref", "rec no", "recommendation no", "para", "paragraph", "line"),
    "action": ("action", "actions", "improvement", "improvements", "improvement action", "action description",
               "key project", "project", "project title", "project name", "what we will deliver",
               "what we will do", "what will we do", "what are we going to do", "what", "task", "tasks",
               "description", "activity", "activities", "recommendation", "recommendations", "specific action",
               "key action", "key actions", "actions required", "action required", "deliverable",
               "deliverables", "initiative", "proposal", "action to be taken", "actions to be taken",
               "improvement required", "area for improvement", "issue", "issues", "commitment"),
    "milestone": ("key milestones", "milestones", "milestone", "key tasks", "sub tasks", "sub actions",
                  "steps", "key steps", "key stages", "stages", "milestones tasks"),
    "outcome": ("outcome", "outcomes", "expected outcome", "expected outcomes", "measurable outcomes",
                "measurable outcome", "success measure", "success measures", "measure of success",
                "measures of success", "how will we know", "how will we measure success", "benefits",
                "benefit", "success criteria", "performance measure", "performance measures", "kpi", "kpis",
                "target outcome", "what difference will it make", "impact", "intended outcome", "evidence"),
    "owner": ("lead officer", "lead officers", "responsible person", "responsible people", "by whom",
              "responsible for", "responsible", "project executive", "lead", "owner", "owners",
              "action owner", "responsible officer", "responsible officers", "who", "responsibility",
              "accountable officer", "officer", "officers", "lead responsibility", "who is responsible",
              "lead person", "project lead", "project manager", "accountable", "led by", "who will do it",
              "lead service", "service lead", "lead team"),
    "theme": ("theme", "themes", "objective", "objectives", "priority area", "strategic objective",
              "workstream", "work stream", "section", "area", "service area", "key theme", "aim",
              "strategic priority", "corporate priority", "priority theme", "category"),
    "start": ("start date", "start", "from", "date started", "commence", "commencement date", "start by",
              "planned start", "begin"),
    "end": ("target date", "deadline", "by when", "due date", "target end date", "complete by", "completion date",
            "end date", "timescale", "timescales", "timeframe", "time frame", "target", "when", "date",
            "target completion date", "due", "due by", "finish", "finish date", "delivery date", "target timescale",
            "original target date", "original deadline", "planned completion", "planned end", "end",
            "target date for completion", "milestone date", "date due", "completion"),
    "status": ("status", "current status", "progress status", "action status", "project status", "overall status",
               "complete", "done", "completed", "state"),
    "rag": ("rag", "brag", "rag status", "rag rating", "brag status", "brag rating", "rating", "rag rated",
            "traffic light", "overall rag", "current rag", "direction of travel rag"),
    "commentary": ("progress", "comment on progress", "action update", "comments", "comment", "commentary",
                   "progress update", "update", "progress to date", "latest position", "position",
                   "current position", "notes", "progress comments", "update on progress", "progress made",
                   "progress notes", "latest update", "progress report", "remarks", "narrative",
                   "progress against action", "progress commentary", "position statement", "current update",
                   "status update", "status comments", "status commentary"),
    "update_date": ("update date", "date of update", "last updated", "date updated", "updated", "updated on",
                    "date of last update", "last update", "as at", "position as at", "review date",
                    "date reviewed", "last reviewed"),
    "revised_end": ("revised timetable", "revised date", "revised target date", "revised deadline",
                    "new target date", "forecast", "forecast date", "revised completion date",
                    "expected completion", "expected completion date", "revised timescale", "revised timescales",
                    "forecast completion", "forecast end date", "new deadline", "revised end date",
                    "amended date", "amended target date"),
    "percent": ("% complete", "percent complete", "% done", "percentage complete", "% completed", "%",
                "% progress", "percentage", "progress %"),
    "completed_on": ("date completed", "completed date", "actual completion date", "date achieved",
                     "actual end", "actual end date", "completed on", "date of completion", "actual date",
                     "date closed"),
    # Headers that look like a field but are not: kept as extra columns, never guessed.
    "extra": ("budget", "savings", "savings 000", "savings £000", "cost", "costs", "resources", "resource",
              "monitoring and reporting", "consultation", "priority", "lead member", "portfolio holder",
              "cabinet member", "risk", "risks", "dependencies", "funding", "priority high medium low",
              "link to corporate plan", "source", "governance", "reporting to", "reports to", "evidence required",
              "evidence of completion", "link to strategy", "resources required", "date added", "date raised",
              "date action added", "date identified", "date opened", "date logged", "date agreed"),
}

# Patterns for headers no phrase above matches, in order: the first that matches wins.
PATTERNS: list[tuple[str, str]] = [
    (r"\b(revised|forecast|amended|new target|rescheduled)\b", "revised_end"),
    (r"\b(date (of )?(last )?update|updated?( on)?|last reviewed|as at)\b.*\bdate\b|\b(update|review) date\b",
     "update_date"),
    (r"\b(date|actual)\b.*\b(completed?|achieved|closed)\b|\bcompleted? (on|date)\b|\bactual\b.*\bcomplet"
     r"|\bcomplet\w* (date )?actual\b", "completed_on"),
    (r"^date (\w+ )?(added|raised|identified|opened|logged|agreed)\b", "extra"),  # when it entered the tracker
    (r"\bb?rag\b|\btraffic light", "rag"),
    (r"%|\bper ?cent", "percent"),
    (r"\bstatus\b", "status"),
    (r"\b(progress|comment|comments|commentary|update|position|narrative|remarks|notes)\b", "commentary"),
    (r"\bmilestones?\b|\bkey (tasks|steps|stages)\b", "milestone"),
    (r"\b(lead|responsib|owner|officer|by whom|who\b|accountable|executive|manager)", "owner"),
    (r"\b(start|commenc|begin)", "start"),
    (r"\b(deadline|target|due|timescale|timeframe|by when|complet\w* by|completion|end date|finish|when)\b",
     "end"),
    (r"\b(outcome|measure|success|benefit|kpi|impact)", "outcome"),
    (r"\b(theme|objective|workstream|priority area|strand)\b", "theme"),
    (r"^(ref|reference|no|number|code|id)\b|\b(ref|reference|code)$", "ref"),
    (r"\b(action|improvement|deliver|project|task|activity|recommendation|initiative)", "action"),
]

# A bracket that names what the cells hold decides the column: "Progress (RAG)", "Completion date (actual)".
HINTS: dict[str, str] = {"rag": "rag", "brag": "rag", "rag rating": "rag", "rag status": "rag", "actual": "completed_on",
                         "revised": "revised_end", "forecast": "revised_end", "%": "percent"}
_FOOTNOTE = re.compile(r"[*†‡¹²³⁴⁵⁶⁷⁸⁹⁰]+")
_QUARTER = re.compile(r"^(?:q|qtr|quarter)\s*([1-4])\b|\b(?:q|qtr|quarter)\s*([1-4])$")
_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")

_EXACT = {phrase: field for field, phrases in SYNONYMS.items() for phrase in phrases}


def normalise(header: str) -> str:
    """Lower case, '&' as 'and', bracketed hints and punctuation dropped, spaces collapsed."""
    text = _PAREN.sub(" ", _FOOTNOTE.sub(" ", str(header)).lower().replace("&", " and "))
    text = re.sub(r"[^\w%#£]+", " ", text)
    return " ".join(text.split())


def quarter(header: str) -> int | None:
    """The quarter a column reports ('Q1 BRAG', 'Quarter 3 update', 'RAG Q2'), else None."""
    m = _QUARTER.search(normalise(header))
    return int(m.group(1) or m.group(2)) if m else None


def recognise(header: str) -> str | None:
    """The field a header names, or None. Quarterly columns are 'rag' or 'commentary' by their words;
    a bare 'Q3' is decided by its cells (see tracker.header)."""
    text = normalise(header)
    if not text:
        return None
    hint = next((HINTS[h] for b in _PAREN.findall(str(header).lower()) if (h := normalise(b[1:-1])) in HINTS), None)
    if hint:
        return hint
    if text in _EXACT:
        return _EXACT[text]
    if quarter(header) is not None:
        rest = _QUARTER.sub(" ", text).strip()
        if not rest:
            return None
        return "rag" if re.search(r"\bb?rag\b|status|rating", rest) else "commentary"
    for pattern, field in PATTERNS:
        if re.search(pattern, text):
            return field
    return None


def is_exact(header: str) -> bool:
    """Recognised by a phrase of the table, not only by a pattern (patterns are checked against the cells)."""
    return normalise(header) in _EXACT
