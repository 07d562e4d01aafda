"""The activity log: every action of this session, and recent ones from earlier sessions on disk,
with the changes the sync engine observed (delivered, deleted or changed elsewhere): the history.

Entries are JSON lines under ``platformdirs.user_data_dir("cliq-tui")``, in a file only the user
may read (0600), capped so it never grows without bound. An entry holds what was done, where and
how it ended (time, action, chat, message ids, ok/error, API code, the profile, and for an
observed change its source): never a token, never a message's text. Writing is best effort: a
disk problem keeps the session's entries in memory and says so in :attr:`ActivityLog.warning`;
it never stops an action.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import platformdirs

from cliq_tui.base.files import NotARegularFile, make_private_dir, read_regular

__all__ = ["ACTIVITY_FILE", "DEFAULT_CAP", "ActivityEntry", "ActivityLog", "default_activity_path"]

ACTIVITY_FILE = "activity.jsonl"
# Entries kept on disk; the file is trimmed back to this once it holds twice as many.
DEFAULT_CAP = 1000
# Longest detail kept (a sentence about the outcome, never a message's text).
DETAIL_LIMIT = 200

# What an entry read from disk may hold: longer strings are cut, other years are refused.
FIELD_LIMIT = 200
IDS_LIMIT = 1000
FIRST_YEAR, LAST_YEAR = 1970, 9998
# A log file larger than this is not one the app wrote (it trims at 2 x cap entries).
MAX_FILE_BYTES = 8 * 1024 * 1024

Result = Literal["ok", "error"]


def default_activity_path() -> Path:
    """Where the log lives: the user's data folder for cliq-tui."""
    return Path(platformdirs.user_data_dir("cliq-tui")) / ACTIVITY_FILE


@dataclass(frozen=True)
class ActivityEntry:
    """One action: when, what, in which chat, on which messages, and how it ended."""

    at: datetime
    action: str
    result: Result
    chat_id: str | None = None
    chat_name: str | None = None
    message_ids: tuple[str, ...] = ()
    code: str | None = None
    detail: str = ""
    profile: str | None = None
    # Who made the change: None for an action of this app; "elsewhere" or "observed" for a
    # change the sync engine saw (see cliq_tui.sync.events).
    source: str | None = None
    # False for entries read from disk (an earlier session); not stored.
    this_session: bool = field(default=True, compare=False)

    def to_json(self) -> dict[str, Any]:
        """The entry as one JSON object (the session flag is not stored)."""
        return {
            "at": self.at.astimezone(UTC).isoformat(),
            "action": self.action,
            "result": self.result,
            "chat_id": self.chat_id,
            "chat_name": self.chat_name,
            "message_ids": list(self.message_ids),
            "code": self.code,
            "detail": self.detail,
            "profile": self.profile,
            **({"source": self.source} if self.source is not None else {}),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ActivityEntry:
        """An entry read back from disk (raises ValueError/KeyError/TypeError when malformed).

        The file is untrusted: every field must have its type, times must fall in a year this
        log can have been written in, and strings are cut to the lengths the log writes.
        """
        raw_at = data["at"]
        if not isinstance(raw_at, str) or len(raw_at) > 64:
            raise TypeError("at is not a time")
        at = datetime.fromisoformat(raw_at)
        if at.tzinfo is None:
            at = at.replace(tzinfo=UTC)
        if not FIRST_YEAR <= at.year <= LAST_YEAR:
            raise ValueError(f"year {at.year} is outside {FIRST_YEAR}..{LAST_YEAR}")
        result = data.get("result")
        if result not in ("ok", "error"):
            raise ValueError(f"unknown result {result!r}")
        ids = data.get("message_ids") or []
        if not isinstance(ids, list) or not all(isinstance(i, str | int) for i in ids):
            raise TypeError("message_ids is not a list of ids")
        action = data["action"]
        if not isinstance(action, str):
            raise TypeError("action is not a string")

        def text(key: str) -> str | None:
            value = data.get(key)
            if value is None:
                return None
            if not isinstance(value, str):
                raise TypeError(f"{key} is not a string")
            return _cut(value, FIELD_LIMIT)

        return cls(
            at=at,
            action=_cut(action, FIELD_LIMIT),
            result=result,
            chat_id=text("chat_id"),
            chat_name=text("chat_name"),
            message_ids=tuple(_cut(str(i), FIELD_LIMIT) for i in ids[:IDS_LIMIT]),
            code=text("code"),
            detail=_cut(text("detail") or "", DETAIL_LIMIT),
            profile=text("profile"),
            source=_source(data.get("source")),
            this_session=False,
        )


# The sources an observed entry may name (an action of ours has none).
SOURCES = ("elsewhere", "observed")


def _source(value: object) -> str | None:
    if value is None:
        return None
    if value not in SOURCES:
        raise ValueError(f"unknown source {value!r}")
    return str(value)


def _cut(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


class ActivityLog:
    """This session's entries in memory, appended to a JSON-lines file when ``path`` is set."""

    def __init__(self, path: Path | None, *, cap: int = DEFAULT_CAP) -> None:
        self.path = path
        self.cap = max(1, cap)
        # This session's actions; ``timeline`` holds them and the changes observed, in order.
        self.session: list[ActivityEntry] = []
        self.timeline: list[ActivityEntry] = []
        self.warning: str | None = None
        self._earlier: list[ActivityEntry] | None = None
        self._lines_on_disk: int | None = None
        # The file's entries as last parsed, with the (inode, size, mtime) they were read at.
        self._disk: tuple[tuple[int, int, int], list[ActivityEntry]] | None = None

    @classmethod
    def default(cls) -> ActivityLog:
        """The log in the user's data folder."""
        return cls(default_activity_path())

    def record(
        self,
        action: str,
        result: Result,
        *,
        at: datetime,
        chat_id: str | None = None,
        chat_name: str | None = None,
        message_ids: Iterable[str] = (),
        code: str | None = None,
        detail: str = "",
        profile: str | None = None,
    ) -> ActivityEntry:
        """Add an entry for this session (and to the file); returns it."""
        detail = " ".join(detail.split())
        if len(detail) > DETAIL_LIMIT:
            detail = detail[: DETAIL_LIMIT - 1] + "…"
        entry = ActivityEntry(
            at=at,
            action=action,
            result=result,
            chat_id=chat_id,
            chat_name=chat_name,
            message_ids=tuple(message_ids),
            code=code,
            detail=detail,
            profile=profile,
        )
        self.session.append(entry)
        self.timeline.append(entry)
        self._append(entry)
        return entry

    def observe(
        self,
        kind: str,
        source: str,
        *,
        at: datetime,
        chat_id: str | None,
        chat_name: str | None,
        message_id: str,
        detail: str,
        profile: str | None = None,
    ) -> ActivityEntry:
        """Add a change the sync engine saw (no action of ours): delivered, deleted elsewhere...
        It joins the history (and the file), not this session's actions."""
        entry = ActivityEntry(
            at=at,
            action=_cut(kind, FIELD_LIMIT),
            result="ok",
            chat_id=chat_id,
            chat_name=chat_name,
            message_ids=(message_id,),
            detail=_cut(" ".join(detail.split()), DETAIL_LIMIT),
            profile=profile,
            source=_source(source),
        )
        self.timeline.append(entry)
        self._append(entry)
        return entry

    def earlier(self) -> list[ActivityEntry]:
        """Entries of earlier sessions read from disk (read once, oldest first)."""
        if self._earlier is None:
            self._earlier = self._read()[0] if self.path is not None else []
        return list(self._earlier)

    def actions_on(self, message_id: str, since: datetime) -> list[ActivityEntry]:
        """This app's successful actions on ``message_id`` since ``since``: this session's and
        those another window or process of the app wrote to the file meanwhile (read afresh)."""
        on_disk = self._on_disk() if self.path is not None else []
        seen = {(e.at, e.action) for e in self.session}
        candidates = [*self.session, *(e for e in on_disk if (e.at, e.action) not in seen)]
        return [
            e
            for e in candidates
            if e.source is None
            and e.result == "ok"
            and e.at >= since
            and message_id in e.message_ids
        ]

    def entries(self, limit: int = 500) -> list[ActivityEntry]:
        """The newest ``limit`` entries, newest first: this session's, then earlier ones."""
        earlier = self.earlier()
        combined = [*earlier, *self.timeline]
        return list(reversed(combined[-limit:]))

    # --- the file ----------------------------------------------------------------------------

    def _on_disk(self) -> list[ActivityEntry]:
        """The entries on disk, parsed again only when the file changed: one delta can bring
        many observed changes, and each asks which actions another window logged."""
        assert self.path is not None
        try:
            info = os.stat(self.path)
            stamp: tuple[int, int, int] | None = (info.st_ino, info.st_size, info.st_mtime_ns)
        except OSError:
            stamp = None
        if stamp is not None and self._disk is not None and self._disk[0] == stamp:
            return self._disk[1]
        entries = self._read()[0]
        self._disk = (stamp, entries) if stamp is not None else None
        return entries

    def _read(self) -> tuple[list[ActivityEntry], int]:
        """Entries on disk and the number of lines read.

        A file with lines that are not entries (junk, binary, odd types or years) is moved
        aside to ``<file>.corrupt``, its good entries written back, and :attr:`warning` names
        it in one line; a file too large to be this log is moved aside whole.
        """
        assert self.path is not None
        try:
            raw = read_regular(self.path, MAX_FILE_BYTES)
        except FileNotFoundError:
            return [], 0
        except NotARegularFile:
            self._set_aside("it is not a regular file", [])
            return [], 0
        except OSError as error:
            self.warning = f"Cannot read the activity log {self.path}: {error.__class__.__name__}"
            return [], 0
        if len(raw) > MAX_FILE_BYTES:
            self._set_aside(f"it is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB", [])
            return [], 0
        entries: list[ActivityEntry] = []
        lines = [line for line in raw.splitlines() if line.strip()]
        bad = 0
        for line in lines:
            try:
                data = json.loads(line.decode("utf-8"))
                if not isinstance(data, dict):
                    raise TypeError("not an object")
                entries.append(ActivityEntry.from_json(data))
            except (ValueError, KeyError, TypeError, OverflowError, RecursionError):
                bad += 1
        if bad:
            self._set_aside(f"{bad} of {len(lines)} lines were not entries", entries)
            return entries, len(entries)
        return entries, len(lines)

    def _set_aside(self, why: str, keep: list[ActivityEntry]) -> None:
        """Move the file to ``<file>.corrupt`` and write ``keep`` back; one line says so."""
        assert self.path is not None
        aside = self.path.with_name(self.path.name + ".corrupt")
        try:
            os.replace(self.path, aside)
            if keep:
                _write_lines(self.path, (json.dumps(e.to_json(), ensure_ascii=False) for e in keep))
        except OSError as error:
            self.warning = (
                f"The activity log {self.path} is damaged ({why}) and could not be moved aside "
                f"({error.__class__.__name__})."
            )
            return
        self.warning = (
            f"The activity log {self.path} was damaged ({why}); moved it aside to {aside.name}."
        )

    def _append(self, entry: ActivityEntry) -> None:
        if self.path is None:
            return
        if self._earlier is None:
            # Read what was there before this session's first write.
            self.earlier()
        try:
            make_private_dir(self.path.parent)
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            with os.fdopen(fd, "a", encoding="utf-8") as file:
                file.write(json.dumps(entry.to_json(), ensure_ascii=False) + "\n")
            os.chmod(self.path, 0o600)
            if self._lines_on_disk is None:
                self._lines_on_disk = self._read()[1]
            else:
                self._lines_on_disk += 1
            if self._lines_on_disk > 2 * self.cap:
                self._trim()
        except OSError as error:
            self.warning = (
                f"Cannot write the activity log {self.path} ({error.__class__.__name__}); "
                "this session's entries are kept in memory only."
            )

    def _trim(self) -> None:
        """Keep the newest ``cap`` entries, replacing the file atomically."""
        assert self.path is not None
        entries, _ = self._read()
        keep = entries[-self.cap :]
        _write_lines(self.path, (json.dumps(e.to_json(), ensure_ascii=False) for e in keep))
        self._lines_on_disk = len(keep)


def _write_lines(path: Path, lines: Iterable[str]) -> None:
    temporary = path.with_name(path.name + ".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        for line in lines:
            file.write(line + "\n")
    os.replace(temporary, path)


def describe_ids(ids: Sequence[str], limit: int = 3) -> str:
    """Message ids for a table cell: the first few, then how many more."""
    if len(ids) <= limit:
        return ", ".join(ids)
    return ", ".join(ids[:limit]) + f" +{len(ids) - limit} more"
