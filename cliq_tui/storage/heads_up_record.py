"""Which messages the heads-up has announced, per profile, so that a restart within a lead time
does not announce them again.

A small JSON file (0600, written whole or not at all) of message id, due time and lead time;
only entries not yet due are kept, so it stays as small as the window. Its content is untrusted:
anything unreadable is ignored (and replaced on the next write), never fatal. No message text.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from pathlib import Path

import platformdirs

from cliq_tui.base.files import read_regular, write_private

__all__ = ["AnnouncedRecord", "default_path"]

log = logging.getLogger(__name__)

_MAX_BYTES = 256_000
_MAX_ENTRIES = 2_000
_MAX_ID = 200

Announced = tuple[str, int, int]


def default_path(profile: str, cache_dir: Path | None = None) -> Path:
    """Where a profile's record lives: the user cache folder (or ``cache_dir``), one file per
    profile."""
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in profile)[:64] or "default"
    folder = cache_dir if cache_dir is not None else Path(platformdirs.user_cache_dir("cliq-tui"))
    return folder / "heads-up" / f"{safe}.json"


def _entry(item: object) -> Announced | None:
    if not isinstance(item, list) or len(item) != 3:
        return None
    message_id, due_ms, lead_s = item
    if not isinstance(message_id, str) or not 0 < len(message_id) <= _MAX_ID:
        return None
    for number in (due_ms, lead_s):
        if isinstance(number, bool) or not isinstance(number, int) or not 0 <= number < 2**53:
            return None
    return (message_id, due_ms, lead_s)


class AnnouncedRecord:
    """The announced heads-ups of one profile on disk (``path`` None: nothing is kept)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path

    def load(self, now_ms: int) -> set[Announced]:
        """What was announced and is not yet due at ``now_ms``; empty when unreadable."""
        if self.path is None:
            return set()
        try:
            raw = read_regular(self.path, _MAX_BYTES)
            if len(raw) > _MAX_BYTES:
                raise ValueError("too large")
            data = json.loads(raw.decode("utf-8"))
        except FileNotFoundError:
            return set()
        except (OSError, ValueError, RecursionError) as exc:
            log.warning("ignoring the heads-up record %s: %s", self.path, exc)
            return set()
        items = data.get("announced") if isinstance(data, dict) else None
        if not isinstance(items, list):
            return set()
        found = (_entry(item) for item in items[:_MAX_ENTRIES])
        return {entry for entry in found if entry is not None and entry[1] > now_ms}

    def save(self, announced: Iterable[Announced]) -> None:
        """Keep ``announced`` (the soonest first, at most a few thousand); never fatal."""
        if self.path is None:
            return
        kept = sorted(announced, key=lambda e: (e[1], e[0], e[2]))[:_MAX_ENTRIES]
        body = json.dumps({"version": 1, "announced": [list(e) for e in kept]})
        try:
            write_private(self.path, body)
        except OSError as exc:
            log.warning("could not keep the heads-up record %s: %s", self.path, exc)
