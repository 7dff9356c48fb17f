"""What the illustrative history is made of: its rhythm, the share of actions given each kind of
story, the reasons given for a slip, and the routine phrases of an update."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

REVIEW_EVERY_DAYS = 42
# The built-in plan's meetings: action 1.1 (starts Sept 16) sets up "6 weekly update meetings";
# the first is put on a Wednesday in mid-September 2016. Other plans derive theirs (_schedule).
FIRST_REVIEW_OF_PLAN = {"tbc-rent-sip": date(2016, 9, 14)}
REVIEWS_RUN_ON_DAYS = 61  # the last review falls within two months after the latest baseline end

# Shares of the plan's dated actions (those with an end) given each kind of story.
SLIP_SHARE = 0.28  # forecast end moved later at least once (includes the three kinds below)
OPEN_AT_END_SHARE = 0.10  # still open and late at the last review
REBASELINE_SHARE = 0.10  # slip, then a new baseline approved at a review
HOLD_SHARE = 0.06  # on hold for a few reviews
OVERRIDE_SHARE = 0.06  # a manual RAG with a reason (rare)
LATE_START_SHARE = 0.3  # of the slipping actions: started late ("should have started")
SKIP_SHARE = 0.10  # routine updates not given at a review

FAR = 10**7  # days: "never" (ongoing items have no end)
SERVICE_MANAGER = "Service manager"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Reason:
    """Why an action slips, worded for each place it is used; `pattern` finds the actions it fits."""

    pattern: str  # a regular expression, matched ignoring case
    slip: str
    hold: str
    rebaseline: str


REASONS = (
    Reason(r"cabinet|\bTCG\b", "awaiting a cabinet date", "paused until a cabinet date is set",
           "The cabinet timetable moved; a new end date was agreed at the review."),
    Reason(r"\bDQS\b|Delivering Quality Services", "depends on the outcome of the DQS review",
           "paused until the DQS review reports",
           "The DQS review changed the scope; a new end date was agreed at the review."),
    Reason(r"Orchard", "waiting for the Orchard system upgrade",
           "paused until the Orchard system upgrade is in",
           "It depends on the Orchard system upgrade, which is now later; a new end date was agreed."),
    Reason(r"consult|focus group|survey|Tenant Involvement|partner",
           "consultation took longer than planned", "paused while the consultation is completed",
           "Consultation took longer than planned; a new end date was agreed at the review."),
    Reason(r"polic|legal|agreement", "awaiting legal advice", "paused until legal advice is received",
           "Legal advice took longer than expected; a new end date was agreed at the review."),
)
STAFF_CAPACITY = Reason("", "staff capacity in the team", "paused while the team is short of staff",
                        "Team capacity was reduced by vacancies; a new end date was agreed at the review.")
HOLD_OVERRIDE = ("amber", "On hold by agreement at the review: rated amber while paused, not red.")

EARLY = ("work has started.", "scoping agreed with the team.", "initial work under way.")
MIDDLE = ("on track.", "progressing as planned.", "good progress since the last review.")
LATE = ("nearly finished.", "final checks under way.", "on track to finish by the forecast date.")
ONGOING = ("continuing as part of routine work.", "in place and continuing.", "ongoing; no issues to report.",
           "continuing; checked at each review.")
AWAITING = re.compile(r"^(?P<done>.*?)\s*(?:\band\s+)?\bawaiting\s+(?P<what>.+?)\.?$", re.IGNORECASE)

NOT_STARTED, IN_PROGRESS, COMPLETE, ON_HOLD = 0, 1, 2, 3
STATUS = ["not_started", "in_progress", "complete", "on_hold"]

