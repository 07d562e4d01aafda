"""A local SQLite cache of the queue, so the app paints the last known queue at once.

One file per profile and server under ``platformdirs.user_cache_dir("cliq-tui")``, named from a
hash of the two (never from or with a token). It holds chats and messages as JSON, the
message-to-chat mapping and the global sync token, plus a schema version and the server URL.
Writes are one transaction per delta, touching only the changed rows, each stamped with the
cache's change counter (its generation) and removals kept as tombstones: another process on the
same account reads what changed since it last looked (:meth:`QueueCache.changes`) instead of the
whole queue. Several processes share the file safely (see :mod:`cliq_tui.sync.cache_file`).

Nothing in the file is trusted: a row that does not parse is skipped (and dropped, with one
warning naming the file); a file that is not SQLite, has another schema or belongs to another
server is moved aside with a warning, and only when no other process has it open.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import platformdirs

from cliq_tui.api.models import Chat, ScheduledMessage
from cliq_tui.sync import cache_file
from cliq_tui.sync.cache_file import SCHEMA_VERSION as SCHEMA_VERSION
from cliq_tui.sync.cache_file import CacheError as CacheError
from cliq_tui.sync.cache_file import FileLock, generation, read_meta, write_transaction
from cliq_tui.sync.cache_rows import (
    parse_chats,
    parse_messages,
    sync_token,
    text_column,
    text_pairs,
)
from cliq_tui.sync.types import Delta

log = logging.getLogger(__name__)

# Tombstones older than this many generations are dropped; a process that fell further behind
# reads the whole queue instead of a delta.
KEEP_REMOVED = 2000
# When any process last listed the queue (epoch seconds), for every window's "synced … ago".
LISTED_AT = "listed_at"
# Files set aside that are kept for a look; older ones are deleted.
KEEP_SET_ASIDE = 3
# SQLite errors that mean the file itself is bad (not busy, read-only or full).
_BAD_FILE_CODES = {
    sqlite3.SQLITE_ERROR,
    sqlite3.SQLITE_CORRUPT,
    sqlite3.SQLITE_NOTADB,
    sqlite3.SQLITE_MISMATCH,
    sqlite3.SQLITE_FORMAT,
    sqlite3.SQLITE_RANGE,
}


def _bad_file(exc: BaseException) -> bool:
    if isinstance(exc, CacheError):
        return True
    code = getattr(exc, "sqlite_errorcode", None)
    return isinstance(exc, sqlite3.DatabaseError) and (
        code is None or code & 0xFF in _BAD_FILE_CODES
    )


@dataclass
class CachedQueue:
    """Everything the cache held, or (from :meth:`QueueCache.changes`) what changed.

    ``complete`` says the messages are the whole queue (anything else is gone); otherwise they
    are the rows written since the last look and ``removed`` the ids that left.
    """

    messages: list[ScheduledMessage] = field(default_factory=list)
    chats: list[Chat] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    sync_token: str | None = None
    removed: list[str] = field(default_factory=list)
    complete: bool = True


def cache_path(profile: str, base_url: str, directory: Path | None = None) -> Path:
    """The cache file for a profile on a server: a hash of both names it, nothing secret."""
    digest = hashlib.sha256(f"{profile}\n{base_url.rstrip('/')}".encode()).hexdigest()[:20]
    root = directory if directory is not None else Path(platformdirs.user_cache_dir("cliq-tui"))
    return root / f"queue-{digest}.sqlite3"


class QueueCache:
    """The queue on disk for one profile and server.

    Opening never raises for a bad file: it is moved aside and :attr:`warning` says so.
    """

    def __init__(self, path: Path, base_url: str) -> None:
        self.path = path
        self.base_url = base_url.rstrip("/")
        self.warning: str | None = None
        self._db: sqlite3.Connection | None = None
        self._disabled = False
        self._closed = False
        self._lock = FileLock(path.with_name(path.name + ".lock"))
        # The generation this process has read up to, and SQLite's counter of others' commits.
        self._seen = 0
        self._data_version: int | None = None

    @classmethod
    def for_profile(cls, profile: str, base_url: str, directory: Path | None = None) -> QueueCache:
        """The cache of ``profile`` on ``base_url`` (in the user cache dir unless told)."""
        return cls(cache_path(profile, base_url, directory), base_url)

    # --- opening -----------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection | None:
        """The open database, or None when the cache cannot be used at all (then it is off)."""
        if self._db is not None or self._disabled or self._closed:
            return self._db
        try:
            cache_file.private_folder(self.path.parent)
            self._lock.share()
            try:
                db = self._open()
            except (sqlite3.DatabaseError, CacheError) as exc:
                if not _bad_file(exc):
                    raise
                if not self._set_aside(str(exc)):
                    return None  # open in another process: this one works without it
                db = self._open()
        except (OSError, sqlite3.Error, CacheError) as exc:
            # An unusable cache must not stop the app: it works without one.
            self._off(
                f"The local cache {self.path} is not available ({type(exc).__name__}); "
                "working without it."
            )
            log.warning("%s: %s", self.warning, exc)
            return None
        self._db = db
        return db

    def _open(self) -> sqlite3.Connection:
        cache_file.private_file(self.path)
        db = cache_file.connect(self.path)
        try:
            cache_file.prepare(db, self.base_url)
        except BaseException:
            db.close()
            raise
        self._data_version = None
        return db

    def _off(self, warning: str) -> None:
        self._disabled = True
        self.warning = warning
        self._lock.release()

    def _set_aside(self, why: str) -> bool:
        """Move a bad file aside, when no other process has it open; False when one has."""
        if self._db is not None:
            self._db.close()
            self._db = None
        if not self._lock.try_exclusive():
            self._off(
                f"The local cache {self.path} is unusable ({why}) and open in another "
                "window; working without it here."
            )
            log.warning("%s", self.warning)
            return False
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        aside = self.path.with_name(f"{self.path.name}.discarded-{stamp}")
        try:
            self.path.replace(aside)
            where = f"moved to {aside.name}"
        except OSError:
            self.path.unlink(missing_ok=True)
            where = "deleted"
        for suffix in ("-wal", "-shm", "-journal"):
            self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)
        for old in sorted(self.path.parent.glob(f"{self.path.name}.discarded-*"))[:-KEEP_SET_ASIDE]:
            old.unlink(missing_ok=True)
        self._lock.share()  # back to shared: others may open the new file
        self._seen = 0
        self.warning = (
            f"The local cache {self.path} was unusable ({why}); {where}. Starting afresh."
        )
        log.warning("%s", self.warning)
        return True

    def _failed(self, exc: BaseException, doing: str) -> None:
        """A read or write failed: set a bad file aside, otherwise warn and carry on."""
        if _bad_file(exc) and not self._disabled:
            if self._set_aside(f"{doing}: {type(exc).__name__}"):
                self._connect()
            return
        self.warning = f"The local cache {self.path} could not be {doing} ({type(exc).__name__})."
        log.warning("%s: %s", self.warning, exc)

    # --- reading -----------------------------------------------------------------------------

    def load(self) -> CachedQueue:
        """Everything cached; an empty queue when the cache is new or unreadable."""
        db = self._connect()
        if db is None:
            return CachedQueue()
        try:
            return self._read(db, since=None) or CachedQueue()
        except (sqlite3.Error, CacheError, OSError) as exc:
            self._failed(exc, "read")
            return CachedQueue()

    def changes(self) -> CachedQueue | None:
        """What other processes wrote since this one last looked, or None when nothing.

        Cheap when nothing changed (one pragma); ``complete`` when this process fell so far
        behind that only the whole queue can tell it what was removed.
        """
        db = self._db
        if db is None:
            return None
        try:
            version = db.execute("PRAGMA data_version").fetchone()[0]
            if version == self._data_version:
                return None
            self._data_version = version
            return self._read(db, since=self._seen)
        except (sqlite3.Error, CacheError, OSError) as exc:
            self._failed(exc, "read")
            return None

    def _read(self, db: sqlite3.Connection, since: int | None) -> CachedQueue | None:
        db.execute("BEGIN")  # one consistent snapshot of the file
        try:
            now = generation(db)
            meta = read_meta(db)
            floor_text = meta.get("removed_floor", "0")
            floor = int(floor_text) if floor_text.isdigit() and len(floor_text) < 20 else 0
            if since is not None and now == since:
                return None
            whole = since is None or since < floor or now < since
            after = -1 if whole else since
            messages, bad_messages = parse_messages(
                db.execute("SELECT rowid, json FROM messages WHERE rev > ?", (after,)).fetchall()
            )
            chats, bad_chats = parse_chats(
                db.execute("SELECT rowid, json FROM chats WHERE rev > ?", (after,)).fetchall()
            )
            mapping = text_pairs(
                db.execute(
                    "SELECT m.message_id, m.chat_id FROM mapping m"
                    " JOIN messages g ON g.id = m.message_id WHERE g.rev > ?",
                    (after,),
                ).fetchall()
            )
            removed = text_column(
                [] if whole else db.execute("SELECT id FROM removed WHERE rev > ?", (after,))
            )
        finally:
            db.execute("COMMIT")
        self._seen = now
        if bad_messages or bad_chats:
            self._drop_rows(db, bad_messages, bad_chats)
        token = sync_token(meta.get("sync_token"))
        return CachedQueue(messages, chats, mapping, token, removed, complete=whole)

    def _drop_rows(
        self, db: sqlite3.Connection, messages: list[object], chats: list[object]
    ) -> None:
        """Delete rows that do not parse, so the warning is not repeated at every start."""
        count = len(messages) + len(chats)
        self.warning = (
            f"The local cache {self.path} had {count} unreadable "
            f"row{'s' if count != 1 else ''}; skipped them."
        )
        log.warning("%s", self.warning)
        try:
            with write_transaction(db):
                db.executemany("DELETE FROM messages WHERE rowid = ?", [(r,) for r in messages])
                db.executemany("DELETE FROM chats WHERE rowid = ?", [(r,) for r in chats])
        except sqlite3.Error as exc:
            log.info("could not drop unreadable cache rows: %s", exc)

    # --- writing -----------------------------------------------------------------------------

    def save(self, delta: Delta, *, mapping: dict[str, str], sync_token: str | None) -> None:
        """Write one delta in one transaction: only its rows, their mapping and the token."""
        db = self._connect()
        if db is None:
            return
        try:
            self._write(db, delta, mapping, sync_token)
        except (sqlite3.Error, CacheError, OverflowError) as exc:
            # A cache that cannot be written must not stop the app: warn and carry on without it.
            self._failed(exc, "written")

    def _write(
        self, db: sqlite3.Connection, delta: Delta, mapping: dict[str, str], token: str | None
    ) -> None:
        touched = delta.added + delta.changed
        with write_transaction(db):
            before = generation(db)
            rev = before + 1 if delta else before
            rows = [(m.id, m.model_dump_json(exclude_none=True), rev) for m in touched]
            db.executemany("INSERT OR REPLACE INTO messages VALUES (?, ?, ?)", rows)
            db.executemany(
                "INSERT OR REPLACE INTO mapping VALUES (?, ?)",
                [(m.id, mapping[m.id]) for m in touched if m.id in mapping],
            )
            db.executemany("DELETE FROM removed WHERE id = ?", [(m.id,) for m in touched])
            gone = [(mid,) for mid in delta.removed]
            db.executemany("DELETE FROM messages WHERE id = ?", gone)
            db.executemany("DELETE FROM mapping WHERE message_id = ?", gone)
            db.executemany(
                "INSERT OR REPLACE INTO removed VALUES (?, ?)",
                [(mid, rev) for mid in delta.removed],
            )
            db.executemany(
                "INSERT OR REPLACE INTO chats VALUES (?, ?, ?)",
                [(c.chat_id, c.model_dump_json(exclude_none=True), rev) for c in delta.chats],
            )
            meta = [("generation", str(rev))]
            if rev % 100 == 0 and rev > KEEP_REMOVED:
                floor = rev - KEEP_REMOVED
                db.execute("DELETE FROM removed WHERE rev <= ?", (floor,))
                meta.append(("removed_floor", str(floor)))
            if token is None:
                db.execute("DELETE FROM meta WHERE key = 'sync_token'")
            else:
                meta.append(("sync_token", token))
            db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", meta)
        if self._seen == before:
            self._seen = rev  # nothing else was written meanwhile: no need to read it back

    def note_listed(self, sync_token: str | None, when: datetime) -> None:
        """Keep the newest sync token and when the queue was last listed (by any process)."""
        token: dict[str, str | None] = {} if sync_token is None else {"sync_token": sync_token}
        self.update_meta({**token, LISTED_AT: str(when.timestamp())}, expect={})

    # --- what several processes share ----------------------------------------------------------

    def meta(self) -> dict[str, str] | None:
        """The meta table's text values, or None when the cache is off."""
        db = self._connect()
        if db is None:
            return None
        try:
            return read_meta(db)
        except sqlite3.Error as exc:
            self._failed(exc, "read")
            return None

    def update_meta(
        self, values: dict[str, str | None], *, expect: dict[str, str | None]
    ) -> bool | None:
        """Set (None: delete) meta values if the ``expect``-ed ones still hold: True if done,
        False if they did not hold, None if the cache is off or cannot be written."""
        db = self._connect()
        if db is None:
            return None
        try:
            with write_transaction(db):
                meta = read_meta(db)
                if any(meta.get(k) != v for k, v in expect.items()):
                    return False
                db.executemany(
                    "DELETE FROM meta WHERE key = ?", [(k,) for k, v in values.items() if v is None]
                )
                db.executemany(
                    "INSERT OR REPLACE INTO meta VALUES (?, ?)",
                    [(k, v) for k, v in values.items() if v is not None],
                )
        except sqlite3.Error as exc:
            self._failed(exc, "written")
            return None
        return True

    @property
    def available(self) -> bool:
        """False once the cache is off for this process."""
        return self._connect() is not None

    def close(self) -> None:
        """Close the database file for good (a late look of a window at exit reopens nothing)."""
        self._closed = True
        if self._db is not None:
            self._db.close()
            self._db = None
        self._lock.release()
