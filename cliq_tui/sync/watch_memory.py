"""What ``cliq-tui watch`` remembers between runs: the queue as it last reported it (no text,
only digests; see :class:`~cliq_tui.sync.events.Seen`), when a listing last confirmed it, and
the sync token it had reached. A restart compares what it finds with this, so it reports what
happened while it was away once, and never replays what it already reported.

The file sits beside the profile's queue cache, readable only by the user. A file that cannot
be read (damaged, hostile, too large) is set aside as if there were none: the next run takes
the queue as it finds it.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cliq_tui.base.files import check_regular_or_absent, make_private_dir, read_regular
from cliq_tui.sync.events import Seen

__all__ = ["MAX_BYTES", "Remembered", "WatchMemory", "watch_memory_path"]

# The queue is capped at a few dozen messages; a file this large was not written by a watch.
MAX_BYTES = 4 * 1024 * 1024
MAX_MESSAGES = 20_000


def watch_memory_path(cache_path: Path) -> Path:
    """The watch's memory beside the profile's queue cache (same digest of profile and server)."""
    digest = cache_path.name.removeprefix("queue-").removesuffix(".sqlite3")
    return cache_path.with_name(f"watch-{digest}.json")


@dataclass(frozen=True)
class Remembered:
    """What a watch remembered: the queue it last reported, when it was last confirmed, and the
    sync token it had reached."""

    known: dict[str, Seen]
    seen_at: datetime | None
    sync_token: str | None


class WatchMemory:
    """The watch's memory file at ``path``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # Why the file was set aside, said once (None: it was fine or absent).
        self.warning: str | None = None

    def load(self) -> Remembered | None:
        """What the last run remembered; None when there is nothing (usable)."""
        try:
            raw = read_regular(self.path, MAX_BYTES)
        except FileNotFoundError:
            return None
        except OSError as exc:
            self.warning = f"cannot read {self.path} ({exc.strerror or type(exc).__name__})"
            return None
        try:
            if len(raw) > MAX_BYTES:
                raise ValueError("too large")
            data = json.loads(raw)
            known_raw = data["known"]
            if not isinstance(known_raw, dict) or len(known_raw) > MAX_MESSAGES:
                raise ValueError("no queue")
            known = {str(mid): Seen.from_json(item) for mid, item in known_raw.items()}
            seen_at = data.get("seen_at")
            token = data.get("sync_token")
            if token is not None and not isinstance(token, str):
                raise ValueError("bad token")
            when = datetime.fromisoformat(seen_at) if isinstance(seen_at, str) else None
            if when is not None and when.tzinfo is None:
                raise ValueError("a time without its offset")
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            self.warning = f"{self.path} is not a watch's memory; starting afresh"
            return None
        return Remembered(known, when, token)

    def save(self, known: dict[str, Seen], seen_at: datetime | None, token: str | None) -> None:
        """Write what to remember (atomically: a crash leaves the old file or the new one)."""
        data = {
            "known": {mid: seen.to_json() for mid, seen in known.items()},
            "seen_at": seen_at.isoformat() if seen_at is not None else None,
            "sync_token": token,
        }
        make_private_dir(self.path.parent)
        check_regular_or_absent(self.path)
        temp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle)
            os.replace(temp, self.path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
