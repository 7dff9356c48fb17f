"""One progress update per item per review, as the columns store/sql/insert_demo.sql inserts."""

from __future__ import annotations

import numpy as np
import pandas as pd

from store.demo.arrays import _as_dates, _Texts
from store.demo.items import Items
from store.demo.phrases import _phrases
from store.demo.settings import COMPLETE, IN_PROGRESS, NOT_STARTED, ON_HOLD, REVIEW_EVERY_DAYS, SKIP_SHARE, STATUS
from store.demo.story import Story


def _lookup(keys: np.ndarray, table: dict, n_reviews: int) -> tuple[np.ndarray, np.ndarray, list]:
    """Which `keys` (item * n_reviews + review) `table` has: a mask, positions, and the values."""
    if not table:
        return np.zeros(len(keys), bool), np.zeros(len(keys), "int64"), []
    codes = np.array([i * n_reviews + r for i, r in table], dtype="int64")
    order = np.argsort(codes)
    stored = list(table.values())
    pos = np.minimum(np.searchsorted(codes[order], keys), len(codes) - 1)
    return codes[order][pos] == keys, pos, [stored[i] for i in order]


def _milestones_done(items: Items, st: Story, reviews: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per action and review: how many of its milestones are done, and the next one (-1: none)."""
    R = len(reviews)
    ms = np.flatnonzero(~items.is_action)
    done_review = np.searchsorted(reviews, st.finish[ms])  # done as of this review on
    n_actions = int(items.is_action.sum())
    done = np.zeros((n_actions, R + 1), "int64")
    np.add.at(done, (items.parent[ms], np.minimum(done_review, R)), 1)
    done = np.cumsum(done, axis=1)
    following = np.full((n_actions, R), len(items), "int64")
    for r in range(R):
        still_open = ms[done_review > r]
        np.minimum.at(following[:, r], items.parent[still_open], still_open)  # the first in plan order
    following[following == len(items)] = -1
    return done, following


def _updates(items: Items, st: Story, reviews: np.ndarray, rng) -> pd.DataFrame:
    n, R = len(items), len(reviews)
    # Rows from the review before an item is due to start to the review after it finishes (that
    # one is used only when the finishing review's update was skipped).
    r0 = np.searchsorted(reviews, items.planned_start - REVIEW_EVERY_DAYS)
    done_at = np.searchsorted(reviews, st.finish)
    r_last = np.where(done_at < R, np.minimum(done_at + 1, R - 1), R - 1)
    count = np.where(r0 < R, np.maximum(r_last - r0 + 1, 0), 0)
    item = np.repeat(np.arange(n), count)
    first_row = np.repeat(np.cumsum(count) - count, count)
    r = r0[item] + (np.arange(len(item)) - first_row)
    d = reviews[r]

    finish, start, ongoing = st.finish[item], st.start[item], items.ongoing[item]
    complete = finish <= d
    held = (st.hold_from[item] <= r) & (r < st.hold_until[item]) & ~complete
    status = np.where(complete, COMPLETE, np.where(held, ON_HOLD, np.where(start <= d, IN_PROGRESS, NOT_STARTED)))
    forecast = items.planned_end[item]
    for k in range(st.change_at.shape[1]):
        forecast = np.where(st.change_at[item, k] <= r, st.change_to[item, k], forecast)

    # Percent complete: the share of its working time (holds left out) that has passed; an action
    # with milestones is also judged by how many of them are done.
    has_hold = st.hold_from < R
    h0 = reviews[np.minimum(st.hold_from, R - 1)]
    hold_days = np.where(has_hold, reviews[np.minimum(st.hold_until, R - 1)] - h0, 0)
    held_so_far = np.where(has_hold[item], np.clip(d - h0[item], 0, hold_days[item]), 0)
    working = np.maximum(finish - start - hold_days[item], 1)
    percent = np.clip(np.round((d - start - held_so_far) / working * 20) * 5, 5, 95)
    percent = np.where(ongoing, np.clip(np.round((10 + 80 * (d - start) / 730) / 5) * 5, 10, 90), percent)
    progress = _milestones_done(items, st, reviews)
    with_ms = items.is_action[item] & (items.n_milestones[items.parent[item]] > 0) & ~ongoing
    a, ra = item[with_ms], r[with_ms]
    percent[with_ms] = np.clip(np.round((0.5 * percent[with_ms] + 50 * progress[0][a, ra] / items.n_milestones[a])
                                        / 5) * 5, 5, 95)
    percent = np.where(status == COMPLETE, 100, np.where(status == NOT_STARTED, 0, percent)).astype(float)

    keys = item.astype("int64") * R + r
    is_event, event_pos, event_text = _lookup(keys, st.events, R)
    is_override, override_pos, override_values = _lookup(keys, st.overrides, R)

    # About one routine update in ten is not given. Never skipped: an item's first update, events,
    # overrides, and a finish at the last review; a finish skipped is recorded at the next review.
    skipped = rng.random(len(item)) < SKIP_SHARE
    forced = ((r == r0[item]) | is_event | is_override
              | (complete & ((r == R - 1) | (r == done_at[item] + 1))))
    keep = ~skipped | forced
    kept_done = (complete & keep).astype("int64")
    running = np.cumsum(kept_done)
    before = running - kept_done - np.where(first_row > 0, running[np.maximum(first_row - 1, 0)], 0)
    keep &= before == 0  # nothing after the first finish recorded

    phrase, detail, phrases, details = _phrases(items, st, item, r, d, status, ongoing, progress, rng)
    events = _Texts()
    event_codes = np.full(len(item), -1, "int64")
    event_codes[is_event] = events.codes(event_pos[is_event], lambda p: event_text[p])
    rags, rag_reasons = _Texts(), _Texts()
    rag_codes = np.full(len(item), -1, "int64")
    rag_reason_codes = np.full(len(item), -1, "int64")
    rag_codes[is_override] = rags.codes(override_pos[is_override], lambda p: override_values[p][0])
    rag_reason_codes[is_override] = rag_reasons.codes(override_pos[is_override], lambda p: override_values[p][1])
    subjects = _Texts()
    subject_codes = subjects.codes(np.arange(n), lambda i: items.subject[i])

    # One reporter per item, one of its owners. Rows in meeting order: by review, then plan order.
    pick = np.floor(rng.random(n) * items.owner_count).astype("int64")
    reporter = items.owner_flat[items.owner_start + pick] if n else np.zeros(0, "int64")
    rows = np.flatnonzero(keep)
    rows = rows[np.lexsort((items.seq[item[rows]], items.parent[item[rows]], r[rows]))]
    it, seq = item[rows], items.seq[item[rows]]
    return pd.DataFrame({
        "row_no": np.arange(len(rows)),
        "ref": pd.Categorical.from_codes(items.parent[it], categories=pd.Index(items.ref, dtype=object)),
        "seq": pd.arrays.IntegerArray(seq.astype("int64"), seq < 0),
        "reported_on": d[rows].astype("datetime64[D]"),
        "status": pd.Categorical.from_codes(status[rows], categories=pd.Index(STATUS, dtype=object)),
        "percent_complete": percent[rows],
        "forecast_end": _as_dates(forecast[rows], ~ongoing[rows]),
        "actual_end": _as_dates(finish[rows], complete[rows]),
        "rag_override": rags.categorical(rag_codes[rows]),
        "rag_reason": rag_reasons.categorical(rag_reason_codes[rows]),
        "event": events.categorical(event_codes[rows]),
        "subject": subjects.categorical(subject_codes[it]),
        "phrase": phrases.categorical(phrase[rows]),
        "detail": details.categorical(detail[rows]),
        "recorded_by": pd.Categorical.from_codes(reporter[it], categories=pd.Index(items.owner_names, dtype=object)),
    })
