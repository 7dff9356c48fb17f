"""Slowing down passphrase guessing: after a few wrong passphrases from one computer (client address) or
one browser session, each further try must wait, twice as long each time (5 s, 10 s, 20 s, ... up to
15 minutes). Kept in this server process's memory: a restart forgets it, which a guesser cannot cause.
"""

from __future__ import annotations

import secrets
import threading
import time

FREE_TRIES = 5
FIRST_WAIT_SECONDS = 5
LONGEST_WAIT_SECONDS = 15 * 60
FORGET_AFTER_SECONDS = 60 * 60

_lock = threading.Lock()
_failures: dict[str, list[float]] = {}  # "address:1.2.3.4" / "session:abc" -> times of wrong tries


def new_key() -> str:
    return secrets.token_hex(8)


def _recent(key: str, now: float) -> list[float]:
    times = [t for t in _failures.get(key, []) if now - t < FORGET_AFTER_SECONDS]
    _failures[key] = times
    return times


def _wait_for(times: list[float], now: float) -> int:
    if len(times) < FREE_TRIES:
        return 0
    wait = min(FIRST_WAIT_SECONDS * 2 ** (len(times) - FREE_TRIES), LONGEST_WAIT_SECONDS)
    return max(0, int(times[-1] + wait - now + 0.999))


def seconds_to_wait(address: str, session: str, now: float | None = None) -> int:
    """How long this computer or session must wait before another try (0: it may try now)."""
    now = time.time() if now is None else now
    with _lock:
        return max(_wait_for(_recent(f"address:{address}", now), now),
                   _wait_for(_recent(f"session:{session}", now), now))


def record_failure(address: str, session: str, now: float | None = None) -> None:
    now = time.time() if now is None else now
    with _lock:
        for key in (f"address:{address}", f"session:{session}"):
            _recent(key, now).append(now)


def forget_all() -> None:
    """For tests."""
    with _lock:
        _failures.clear()
