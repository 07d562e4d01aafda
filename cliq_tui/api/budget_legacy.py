"""The JSON rate budget older versions kept beside the shared one, read once and removed.

That format (``budgets/<hash>.json``) held wall-clock times only and was rewritten whole by
each process (last writer wins). Its content is untrusted like any file's.
"""

from __future__ import annotations

from typing import Any

from cliq_tui.api.budget_records import TOLERANCE, Instant, Records, Sent
from cliq_tui.api.endpoints import Endpoint

# An old JSON budget bigger than this is not one (it held at most a few hundred times).
LEGACY_MAX_BYTES = 1_000_000

_LONGEST_LOCK = max(ep.spec.lock_seconds for ep in Endpoint)


def legacy_records(data: Any, now: float) -> tuple[Records, bool]:
    """The records an older version's JSON budget holds, and whether it held anything odd.

    That format kept wall-clock times only: ``{"version": 1, "sent": {"LIST_ALL": [t, ...]},
    "locked_until": {"LIST_ALL": t}}``. Only finite, non-negative times are taken: sent times
    not after ``now``, lock ends within the longest lock period from ``now``; the rest is odd
    (the file is then set aside, with a warning).
    """
    if not isinstance(data, dict) or data.get("version") != 1:
        return Records(), True
    records = Records()
    bad = False
    sent = data.get("sent", {})
    locks = data.get("locked_until", {})
    if not isinstance(sent, dict) or not isinstance(locks, dict):
        return records, True
    for name, times in sent.items():
        if not isinstance(times, list):
            bad = True
            continue
        for t in times:
            if _plain(t, now + TOLERANCE):
                records.sent.append(Sent(str(name), Instant(float(t))))
            else:
                bad = True
    for name, until in locks.items():
        if _plain(until, now + _LONGEST_LOCK + TOLERANCE):
            records.locks[str(name)] = Instant(float(until))
        else:
            bad = True
    return records, bad


def _plain(value: object, latest: float) -> bool:
    """A number from 0 to ``latest`` (not a bool; NaN fails every comparison)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= latest
