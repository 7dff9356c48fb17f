"""What happens to each item: who slips, goes on hold, is re-baselined or is still open at the end,
when each forecast moves, when each item finishes, and the moments worth their own words."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from store.demo.arrays import _label, _month_end, _month_start
from store.demo.items import Items
from store.demo.settings import (
    FAR, HOLD_OVERRIDE, HOLD_SHARE, LATE_START_SHARE, OPEN_AT_END_SHARE, OVERRIDE_SHARE, REASONS,
    REBASELINE_SHARE, REVIEW_EVERY_DAYS, SLIP_SHARE, STAFF_CAPACITY, Reason,
)


@dataclass
class Story:
    """What happens to each item (arrays over items), and the moments worth their own words."""

    start: np.ndarray  # actual start
    finish: np.ndarray  # actual end (FAR: not within the reviews)
    change_at: np.ndarray  # (items, 3): review index at which the forecast moves (R: never)
    change_to: np.ndarray  # (items, 3): the new forecast end
    hold_from: np.ndarray  # review index it goes on hold (R: never)
    hold_until: np.ndarray  # review index it resumes
    rebaselined_at: np.ndarray  # review index a new baseline is approved (R: never)
    rebaselined_to: np.ndarray
    delay_note: np.ndarray  # said while it should have started and has not
    events: dict = field(default_factory=dict)  # (item, review) -> commentary
    overrides: dict = field(default_factory=dict)  # (item, review) -> (rag, reason)
    rebaselines: list = field(default_factory=list)  # (action, review, new start or None, new end, reason)


def _reason(rng, items: Items, action: int) -> Reason:
    """A reason for a slip that fits the action's text, or staff capacity, which fits any."""
    fitting = [r for r, fits in zip(REASONS, items.reasons_fitting[action]) if fits] + [STAFF_CAPACITY]
    return fitting[int(rng.integers(len(fitting)))]


def _story(items: Items, reviews: np.ndarray, titles: list[str], rng) -> Story:
    n, R = len(items), len(reviews)
    first, last = int(reviews[0]), int(reviews[-1])
    is_action, is_ms = items.is_action, ~items.is_action
    ps, pe = items.planned_start, items.planned_end
    st = Story(
        start=ps.copy(), finish=np.full(n, FAR), change_at=np.full((n, 3), R), change_to=np.zeros((n, 3), "int64"),
        hold_from=np.full(n, R), hold_until=np.full(n, R), rebaselined_at=np.full(n, R),
        rebaselined_to=np.zeros(n, "int64"), delay_note=np.full(n, "start delayed.", dtype=object),
    )

    # Who gets which story. Able to slip: dated, with a review before its end (and not before its
    # start or the first review) at which the slip can be announced.
    actions = np.flatnonzero(is_action)
    dated = actions[~items.ongoing[actions]]
    n_dated = len(dated)
    r_lo = np.searchsorted(reviews, np.maximum(ps, first))
    r_hi = np.searchsorted(reviews, pe) - 1  # the last review before the end
    able = dated[r_hi[dated] >= r_lo[dated]]

    def share(x: float) -> int:
        return int(round(x * n_dated))

    # Still open at the end: half are those due last before the final review (what a meeting would
    # still be chasing); the others are drawn with a preference for recent ends, none years late.
    candidates = able[(pe[able] < last) & (pe[able] > last - 550)]
    n_open = min(max(share(OPEN_AT_END_SHARE), 1 if n_dated else 0), len(candidates))
    by_end = candidates[np.argsort(-pe[candidates], kind="stable")]
    recent, candidates = by_end[: (n_open + 1) // 2], by_end[(n_open + 1) // 2:]
    n_drawn = n_open - len(recent)
    weights = np.exp((pe[candidates] - last) / 180.0)
    drawn = rng.choice(candidates, n_drawn, replace=False, p=weights / weights.sum()) if n_drawn else []
    open_end = np.concatenate([recent, drawn]).astype("int64")
    others = np.setdiff1d(able, open_end)
    n_more = min(max(share(SLIP_SHARE) - n_open, 0), len(others))
    slipping = rng.permutation(rng.choice(others, n_more, replace=False)) if n_more else np.zeros(0, "int64")
    # Re-baselined: ones whose new end falls well within the reviews, so they are seen tracking it.
    rebase = slipping[pe[slipping] + 240 < last][: share(REBASELINE_SHARE)]
    rest = slipping[~np.isin(slipping, rebase)]
    can_hold = np.maximum(r_lo[rest], np.searchsorted(reviews, ps[rest])) <= np.minimum(r_hi[rest], R - 3)
    hold = rest[can_hold][: share(HOLD_SHARE)]
    plain = rest[~np.isin(rest, hold)]
    late_ok = np.concatenate([plain, rebase])
    late_ok = late_ok[ps[late_ok] > first]  # a late start only shows if reviews were running
    n_late = min(int(round(LATE_START_SHARE * (n_open + n_more))), len(late_ok))
    late_start = set(rng.choice(late_ok, n_late, replace=False).tolist()) if n_late else set()
    open_set, rebase_set, hold_set = set(open_end.tolist()), set(rebase.tolist()), set(hold.tolist())

    recover: dict[int, float] = {}
    reasons: dict[int, Reason] = {}
    changes: dict[int, list] = {}  # action -> [(review, new forecast, old forecast, kind)]

    def announce(a: int) -> int:  # one of the last reviews before the (planned) end
        return int(r_hi[a] - rng.integers(0, min(3, r_hi[a] - r_lo[a] + 1)))

    for a in sorted(open_set | rebase_set | hold_set | set(plain.tolist())):
        reason = reasons[a] = _reason(rng, items, a)
        subj = items.subject[a]
        moves = changes[a] = []
        end = int(pe[a])
        if a in late_start:
            st.start[a] = ps[a] + int(rng.integers(42, 121))
            st.delay_note[a] = f"start delayed: {reason.slip}."
        if a in hold_set:
            lo_h = max(int(r_lo[a]), int(np.searchsorted(reviews, st.start[a])))
            h0 = int(rng.integers(lo_h, min(int(r_hi[a]), R - 3) + 1))
            h1 = min(h0 + int(rng.integers(2, 5)), R - 1)
            st.hold_from[a], st.hold_until[a] = h0, h1
            to = _month_end(end + int(reviews[h1] - reviews[h0]) + int(rng.integers(0, 31)))
            moves.append((h0, to, end, "hold"))
            st.events[(a, h0)] = f"{subj}: on hold, {reason.hold}; forecast moved to {_label(to)}."
            st.events[(a, h1)] = f"{subj}: work resumed after the pause."
            continue
        t1 = announce(a)
        if a in rebase_set:
            to = _month_end(end + int(rng.integers(60, 181)))
            moves.append((t1, to, end, "slip"))
            approved = t1 + 1 if t1 + 1 < R and reviews[t1 + 1] < to else t1
            st.rebaselined_at[a], st.rebaselined_to[a] = approved, to
            new_start = _month_start(int(st.start[a])) if a in late_start else None
            st.rebaselines.append((a, approved, new_start, to, reason.rebaseline))
            if approved == t1:
                st.events[(a, t1)] = f"{subj}: new end date of {_label(to)} approved at {titles[t1]}: {reason.slip}."
            else:
                st.events[(a, t1)] = (f"{subj}: forecast moved to {_label(to)}: {reason.slip}; a new end date "
                                      "goes to the next review for approval.")
                st.events[(a, approved)] = f"{subj}: new end date of {_label(to)} approved at {titles[approved]}."
            continue
        if a in open_set:
            to = _month_end(end + int(rng.integers(60, 151)))
            second = to <= last  # must move again to be still open at the end
        else:
            to = _month_end(end + int(rng.integers(35, 141)))
            second = rng.random() < 0.35
        moves.append((t1, to, end, "slip"))
        st.events[(a, t1)] = f"{subj}: forecast moved to {_label(to)}: {reason.slip}."
        t2_hi = int(np.searchsorted(reviews, to)) - 1  # the last review before the moved end
        if second and t2_hi > t1:
            t2 = t2_hi - int(rng.integers(0, min(2, t2_hi - t1)))
            to2 = (_month_end(max(to, last) + int(rng.integers(45, 151))) if a in open_set
                   else _month_end(to + int(rng.integers(30, 101))))
            again = _reason(rng, items, a)
            moves.append((t2, to2, to, "slip"))
            st.events[(a, t2)] = f"{subj}: forecast moved again, to {_label(to2)}: {again.slip}."
        elif a in open_set and to <= last:  # no review left to move it twice: one bigger move
            to = _month_end(last + int(rng.integers(45, 151)))
            moves[-1] = (t1, to, end, "slip")
            st.events[(a, t1)] = f"{subj}: forecast moved to {_label(to)}: {reason.slip}."
        if a not in open_set and rng.random() < 0.3:
            recover[a] = rng.random()  # finishes before the moved forecast, still late

    n_changes = np.zeros(n, "int64")

    def move(item: int, at: int, to: int) -> None:
        st.change_at[item, n_changes[item]] = at
        st.change_to[item, n_changes[item]] = to
        n_changes[item] += 1

    # Milestones move with their action: a change announced at a review moves each milestone still
    # due at that review by the same amount; a hold pauses the ones under way.
    for a, moves in changes.items():
        for at, to, _, _ in moves:
            move(a, at, to)
        for m in items.children.get(a, []):
            if items.ongoing[m]:
                continue
            forecast, subj = int(pe[m]), items.subject[m]
            for at, to, before, kind in moves:
                if forecast < reviews[at]:
                    continue
                forecast = _month_end(forecast + (to - before))
                move(m, at, forecast)
                if kind != "hold":
                    st.events[(m, at)] = f"{subj}: forecast moved to {_label(forecast)} with the action."
                elif st.start[m] <= reviews[at]:
                    st.hold_from[m], st.hold_until[m] = st.hold_from[a], st.hold_until[a]
                    st.events[(m, at)] = f"{subj}: on hold with the action, {reasons[a].hold}."
                    st.events[(m, int(st.hold_until[a]))] = f"{subj}: work resumed."
                else:
                    st.start[m] = max(int(st.start[m]), int(reviews[st.hold_until[a]]))
    late_parent = is_ms & (st.start[items.parent] > ps[items.parent])
    st.start = np.where(is_ms, np.maximum(st.start, st.start[items.parent]), st.start)
    st.delay_note[late_parent] = "start delayed with the action."

    # Finish dates: near the final forecast; never before the last move was announced or before a
    # hold ended; and an item whose forecast never moved is finished by the first review on or
    # after it (the slips worth telling are the ones above, not a few days' drift).
    rows = np.arange(n)
    has_change = n_changes > 0
    last_move = np.where(has_change, st.change_at[rows, np.maximum(n_changes - 1, 0)], -1)
    final = np.where(has_change, st.change_to[rows, np.maximum(n_changes - 1, 0)], pe)
    finish = final + rng.integers(-21, 15, n)
    for a, u in recover.items():
        finish[a] = final[a] - int(u * (final[a] - reviews[last_move[a]]) / 2)
    finish = np.where(last_move >= 0, np.maximum(finish, reviews[np.maximum(last_move, 0)] + 7), finish)
    held = st.hold_from < R
    finish = np.where(held, np.maximum(finish, reviews[np.minimum(st.hold_until, R - 1)] + 14), finish)
    finish = np.maximum(finish, st.start + 7)
    due = np.searchsorted(reviews, final)
    finish = np.where(due < R, np.minimum(finish, reviews[np.minimum(due, R - 1)]), finish)
    for a in open_set:
        finish[a] = max(int(finish[a]), last + 30)
    finish = np.where(items.ongoing, FAR, finish)
    finish = np.where(is_ms, np.minimum(finish, finish[items.parent]), finish)  # not after its action
    st.start = np.minimum(st.start, finish - 7)
    st.finish = finish

    # "Awaiting ..." milestones, as the source states them when it was written: in progress at the
    # first review, complete by the second or third.
    for m, done, what in items.awaiting:
        if R < 3 or finish[items.parent[m]] <= reviews[2]:
            continue
        done_by = 1 + int(rng.integers(0, 2))
        st.start[m] = min(int(st.start[m]), first)
        st.finish[m] = int(reviews[done_by]) - int(rng.integers(3, 21))
        st.change_at[m], st.change_to[m] = R, 0
        st.change_at[m, 0], st.change_to[m, 0] = 0, _month_end(st.finish[m] + 7)
        what = what[:1].lower() + what[1:].lower()
        st.events[(m, 0)] = f"{done[:1].upper()}{done[1:]}; awaiting {what}." if done else f"Awaiting {what}."
        for r in range(1, done_by):
            st.events[(m, r)] = f"Still awaiting {what}."
        st.events[(m, done_by)] = st.events[(m, done_by + 1)] = f"{what[:1].upper()}{what[1:]} received; complete."

    # A few manual RAGs, each with its reason: amber for an agreed pause; red at the review before
    # a slip is admitted, while the forecast was still the baseline but plainly at risk.
    n_over = share(OVERRIDE_SHARE)
    for a in sorted(hold_set)[: (n_over + 1) // 2]:
        st.overrides[(a, int(st.hold_from[a]))] = HOLD_OVERRIDE
    for a in sorted(plain.tolist()):
        if len(st.overrides) >= n_over:
            break
        at = changes[a][0][0] - 1
        if at >= 0 and st.start[a] <= reviews[at] and reviews[at] >= ps[a] - REVIEW_EVERY_DAYS:
            st.overrides[(a, at)] = ("red", f"Forecast at risk ({reasons[a].slip}): rated red until a new end "
                                            "date is agreed.")
            st.events[(a, at)] = f"{items.subject[a]}: at risk: {reasons[a].slip}."
    return st
