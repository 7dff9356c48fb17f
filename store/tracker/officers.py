"""Owners as councils write them: "A/B", "A and B", "A, B", "Head of Income", "DMT", "Project Board".

A cell is split on the usual separators; a piece that cannot stand alone ("Regeneration" in "Head of
Housing and Regeneration") is joined back to the piece before it. Each name is matched to the officers
and spellings already in the database with case and spacing ignored; job titles and groups are roles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.source import fold

_SEPARATORS = re.compile(r"(\s*[,;/\n+&]\s*|\s+and\s+)", re.IGNORECASE)
_HONORIFIC = re.compile(r"^(mr|mrs|ms|miss|dr|cllr|councillor)\.?\s+", re.IGNORECASE)
ROLE_WORDS = {
    "head", "director", "manager", "managers", "officer", "officers", "team", "teams", "services", "service",
    "board", "group", "panel", "committee", "cabinet", "council", "department", "unit", "partnership", "forum",
    "lead", "leads", "chief", "executive", "assistant", "deputy", "senior", "coordinator", "co-ordinator",
    "advisor", "adviser", "advisors", "advisers", "all", "staff", "section", "directorate", "member", "members",
    "portfolio", "holder", "leader", "supervisor", "supervisors", "administrator", "analyst", "specialist",
    "accountant", "auditor", "solicitor", "consultant", "champion", "champions", "steering", "project",
    "management", "housing", "finance", "legal", "hr", "ict", "it", "income", "revenues", "benefits",
    "customer", "communications", "procurement", "policy", "performance", "corporate", "strategic", "operations",
    "and", "of", "for", "the", "tenancy", "repairs", "estates", "resources", "planning", "enforcement",
}
STANDALONE = {"cabinet", "council", "finance", "legal", "procurement", "communications", "housing", "staff",
              "members", "audit", "management", "directors", "everyone", "partners"}
OPENERS = {"head", "director", "manager", "chief", "assistant", "deputy", "senior", "team", "project", "all",
           "corporate", "strategic", "service", "services", "customer", "lead", "principal"}


@dataclass(frozen=True)
class Owner:
    as_written: str  # the piece as the cell has it
    name: str  # normalised spacing, honorific dropped
    kind: str  # "person" or "role"


def _is_acronym(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Z]{2,6}s?", text))


def _is_person(text: str) -> bool:
    if re.fullmatch(r"[A-Z]\.\s?[A-Z][a-z'’\-]+", text):  # "J.Smith"
        return True
    words = text.split()
    if not 2 <= len(words) <= 4 or any(w.lower().strip(".") in ROLE_WORDS for w in words):
        return False
    return bool(re.fullmatch(r"[A-Z][A-Za-z'’\-]*\.?", words[0])) and \
        all(re.fullmatch(r"[A-Za-z][A-Za-z'’\-]*\.?", w) for w in words[1:])


_EMAIL = re.compile(r"[\w.'’+\-]+@[\w\-]+(\.[\w\-]+)+")


def kind_of(text: str) -> str:
    """A person by a name ("Jane Smith") or an email address; anything else is a role or a group."""
    return "person" if _is_person(text) or _EMAIL.fullmatch(text) else "role"


def _stands_alone(text: str, known: set[str]) -> bool:
    text = re.sub(r"\s*\([^)]*\)$", "", text) or text  # "Jane Smith (Head of Rents)" stands as Jane Smith
    if _EMAIL.fullmatch(text):
        return True
    words = text.split()
    if not words:
        return False
    return fold(text) in known or _is_acronym(text) or _is_person(text) or words[0].lower() in OPENERS \
        or (len(words) == 1 and words[0].lower() in STANDALONE) \
        or (len(words) >= 2 and any(w.lower() in ROLE_WORDS - {"and", "of", "for", "the"} for w in words))


_LABEL = re.compile(r"^(?:lead|co-?lead|joint lead|support|supported by|sponsor|owner|contact|accountable|"
                    r"responsible|delivery|with)\s*:\s*", re.IGNORECASE)
_STOPGAP = {"interim", "acting", "temp", "temporary", "cover", "covering", "secondment", "on secondment"}


def _without_bracket(name: str) -> str:
    """"J Smith (Head of Income)" is J Smith and "Repairs Manager (Interim)" the Repairs Manager, but
    "Director (Housing)" is not any director: a role keeps what its brackets add."""
    m = re.fullmatch(r"(?P<head>.+?)\s*\((?P<inside>[^)]*)\)", name)
    if not m:
        dash = re.fullmatch(r"(?P<head>.+?)\s+[-–—]\s+(?P<rest>.+)", name)  # "Jane Smith - Head of Rents"
        return dash["head"] if dash and kind_of(dash["head"]) == "person" else name
    head = m["head"]
    if kind_of(head) == "person" or m["inside"].strip().lower() in _STOPGAP:
        return head
    return name


def split_owners(text: str, known: set[str] | None = None) -> list[Owner]:
    """The owners one cell names, in order, without repeats. `known`: folded names already in the database."""
    known = known or set()
    pieces = _SEPARATORS.split(" ".join(str(text).replace("\r", "\n").split(" ")))
    parts: list[str] = []
    for i in range(0, len(pieces), 2):
        piece = re.sub(r"^(and|&)\s+", "", " ".join(pieces[i].split()).strip(" .-–"), flags=re.IGNORECASE)
        piece = _LABEL.sub("", piece)  # "Lead: Jane Smith; Support: Tom Reid"
        if piece.count("(") != piece.count(")"):
            piece = piece.strip("()").strip()
        if not piece:
            continue
        if parts and not _stands_alone(piece, known):
            parts[-1] = f"{parts[-1]}{pieces[i - 1] if pieces[i - 1].strip() else ' '}{piece}".strip()
            parts[-1] = " ".join(parts[-1].split())
        else:
            parts.append(piece)
    out: list[Owner] = []
    seen: set[str] = set()
    for part in parts:
        name = " ".join(_HONORIFIC.sub("", part).split())
        name = _without_bracket(name)
        if fold(name) in seen or not re.search(r"[A-Za-z]", name):
            continue
        seen.add(fold(name))
        out.append(Owner(part, name, kind_of(name)))
    return out


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "officer"


@dataclass
class OfficerBook:
    """Officers already in the database and those the import adds, matched by folded name or alias."""

    ids_by_fold: dict[str, str]
    names: dict[str, str]  # officer_id -> name
    kinds: dict[str, str]
    new: dict[str, tuple[str, str]]  # officer_id -> (name, kind) added by this import
    aliases: dict[str, str]  # alias spelling -> officer_id, added by this import

    @classmethod
    def from_database(cls, officers: list[tuple[str, str, str]], aliases: list[tuple[str, str]]) -> "OfficerBook":
        ids = {fold(name): oid for oid, name, _ in officers}
        for alias, oid in aliases:
            ids.setdefault(fold(alias), oid)
        return cls(ids, {o: n for o, n, _ in officers}, {o: k for o, _, k in officers}, {}, {})

    def known(self) -> set[str]:
        return set(self.ids_by_fold)

    def match(self, owner: Owner) -> tuple[str, bool]:
        """(officer_id, is_existing); a name not seen before becomes a new officer."""
        key = fold(owner.name)
        if key in self.ids_by_fold:
            oid = self.ids_by_fold[key]
            existing = oid not in self.new
            if owner.as_written != self.names.get(oid) and fold(owner.as_written) not in self.ids_by_fold:
                self.aliases.setdefault(owner.as_written, oid)
                self.ids_by_fold[fold(owner.as_written)] = oid
            return oid, existing
        oid, n = slug(owner.name), 2
        while oid in self.names:
            oid, n = f"{slug(owner.name)}-{n}", n + 1
        self.names[oid], self.kinds[oid] = owner.name, owner.kind
        self.new[oid] = (owner.name, owner.kind)
        self.ids_by_fold[key] = oid
        if owner.as_written != owner.name:
            self.aliases[owner.as_written] = oid
            self.ids_by_fold[fold(owner.as_written)] = oid
        return oid, False
