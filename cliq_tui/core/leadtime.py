"""Lead times as people write them in the config: ``"5m"``, ``"90s"``, ``"1h"``, ``"1h30m"``."""

from __future__ import annotations

import re
from datetime import timedelta

__all__ = ["LEAD_HELP", "MAX_LEAD", "lead_label", "parse_lead"]

MAX_LEAD = timedelta(hours=24)
LEAD_HELP = 'a lead time such as "5m", "90s", "1h" or "1h30m" (at most 24h)'

_PART = re.compile(r"(\d{1,5})\s*([hms])")
_WHOLE = re.compile(r"(?:\d{1,5}\s*[hms]\s*)+")
_SECONDS = {"h": 3600, "m": 60, "s": 1}


def parse_lead(text: str) -> timedelta:
    """The lead time ``text`` names; ValueError saying what is expected otherwise."""
    folded = str(text).strip().lower()
    if not _WHOLE.fullmatch(folded):
        raise ValueError(f"{str(text)[:40]!r} is not {LEAD_HELP}")
    seconds = sum(int(n) * _SECONDS[unit] for n, unit in _PART.findall(folded))
    lead = timedelta(seconds=seconds)
    if not timedelta(0) < lead <= MAX_LEAD:
        raise ValueError(f"{str(text)[:40]!r} is not {LEAD_HELP}")
    return lead


def lead_label(lead: timedelta) -> str:
    """A lead time as the dashboard writes it: "5 min", "90 s", "1 h 30 min"."""
    seconds = int(lead.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours} h" if hours else "", f"{minutes} min" if minutes else ""]
    parts.append(f"{secs} s" if secs else "")
    return " ".join(p for p in parts if p) or "0 s"
