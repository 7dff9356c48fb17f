"""The routine words of each update: how an item under way, on hold, not started or finished is
described after its subject."""

from __future__ import annotations

import numpy as np

from store.demo.arrays import _label, _Texts
from store.demo.settings import COMPLETE, EARLY, IN_PROGRESS, LATE, MIDDLE, NOT_STARTED, ON_HOLD, ONGOING


def _phrases(items, st, item, r, d, status, ongoing, progress, rng):
    """Routine words for each row, said after the item's subject; events replace some of them.

    Returns codes into two lists of phrases: what is said, and a detail (the next milestone).
    """
    phrases, details = _Texts(), _Texts()
    phrase = np.full(len(item), -1, "int64")
    detail = np.full(len(item), -1, "int64")
    pick = rng.integers(0, 12, len(item))

    # Under way: actions with milestones say where they are; others how it is going.
    run = (status == IN_PROGRESS) & ~ongoing
    finish, start = st.finish[item], st.start[item]
    elapsed = (d - start) / np.maximum(finish - start, 1)
    band = np.where(elapsed < 0.35, 0, np.where(elapsed < 0.7, 1, 2))
    stage = (EARLY, MIDDLE, LATE)
    phrase[run] = phrases.codes(band[run] * 100 + pick[run] % 3, lambda k: stage[k // 100][k % 100])
    w = (status == IN_PROGRESS) & ongoing
    phrase[w] = phrases.codes(pick[w] % len(ONGOING), lambda k: ONGOING[k])

    with_ms = run & items.is_action[item] & (items.n_milestones[items.parent[item]] >= 2)
    if with_ms.any():
        done, following = progress
        a, ra = item[with_ms], r[with_ms]
        nxt = following[a, ra]
        total = items.n_milestones[a]
        key = (done[a, ra] * 100_000 + total) * 2 + (nxt >= 0)

        def say(k):
            finished, of = divmod(k // 2, 100_000)
            return f"{finished} of {of} milestones done; " + ("next: " if k % 2 else "closing the action.")

        phrase[with_ms] = phrases.codes(key, say)
        has_next = nxt >= 0
        codes = np.full(len(a), -1, "int64")
        codes[has_next] = details.codes(nxt[has_next], lambda m: f"{items.subject[m]}.")
        detail[with_ms] = codes

    w = status == ON_HOLD
    phrase[w] = phrases.code("still on hold.")
    w = status == NOT_STARTED
    due = w & (d < items.planned_start[item])
    phrase[due] = phrases.codes(items.planned_start[item[due]], lambda day: f"due to start {_label(day)}.")
    late = w & ~due
    phrase[late] = phrases.codes(item[late], lambda i: st.delay_note[i])

    # Finished: against the baseline in force, where the database has one to compare with.
    w = status == COMPLETE
    rebaselined = st.rebaselined_at[item] <= r
    baseline = np.where(rebaselined, st.rebaselined_to[item], items.planned_end[item])
    late_days = st.finish[item] - baseline
    weeks = np.maximum(np.round(late_days / 7).astype("int64"), 1)
    kind = np.where(~items.has_db_end[item], 0, np.where(late_days < -7, 1, np.where(late_days <= 7, 2, 3)))
    key = ((kind * 1000 + np.where(kind == 3, weeks, 0)) * 2 + rebaselined)[w]

    def finished(k):
        kind, weeks = divmod(k // 2, 1000)
        against = "the new end date" if k % 2 else "the planned end"
        return ("complete.", f"complete, ahead of {against}.", "complete, on time.",
                f"complete, {weeks} week{'s' if weeks > 1 else ''} after {against}.")[kind]

    phrase[w] = phrases.codes(key, finished)
    return phrase, detail, phrases, details
