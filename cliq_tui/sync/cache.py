"""A local SQLite cache of the queue, so the app paints the last known queue at once.

One file per profile and server under ``platformdirs.user_cache_dir("cliq-tui")``, named from a
hash of the two (never from or with a token). It holds chats and messages as JSON, the
message-to-chat mapping and the global sync token, plus a schema version and the server URL. A
file that is not SQLite, has another schema or belongs to another server is moved aside with a
warning, never a crash. Writes are one transaction per delta, touching only the changed rows.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import platformdirs
from pydantic import TypeAdapter, ValidationError

from cliq_tui.api.models import Chat, ScheduledMessage
from cliq_tui.sync.types import Delta

log = logging.getLogger(__name__)

SCHEMA_VERSION = "1"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS chats (chat_id TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS messages (id TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS mapping (message_id TEXT PRIMARY KEY, chat_id TEXT NOT NULL);
"""

_MESSAGES = TypeAdapter(list[ScheduledMessage])
_CHATS = TypeAdapter(list[Chat])


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while thousands of objects are built in one go.

    The collector would otherwise run several full passes over the new objects, none of which
    can be garbage yet; it roughly halves the time to load 5,000 messages.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class CacheError(Exception):
    """The cache file cannot be used (corrupt, foreign or from another version)."""


@dataclass
class CachedQueue:
    """Everything the cache held."""

    messages: list[ScheduledMessage] = field(default_factory=list)
    chats: list[Chat] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    sync_token: str | None = None


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

    @classmethod
    def for_profile(cls, profile: str, base_url: str, directory: Path | None = None) -> QueueCache:
        """The cache of ``profile`` on ``base_url`` (in the user cache dir unless told)."""
        return cls(cache_path(profile, base_url, directory), base_url)

    # --- opening -----------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection | None:
        """The open database, or None when the cache cannot be used at all (then it is off)."""
        if self._db is not None or self._disabled:
            return self._db
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            existed = self.path.exists()
            try:
                db = self._open(existed)
            except (sqlite3.DatabaseError, CacheError) as exc:
                self._discard(str(exc))
                db = self._open(False)
        except (OSError, sqlite3.Error) as exc:
            # An unwritable cache directory must not stop the app: it works without a cache.
            self._disabled = True
            self.warning = (
                f"The local cache is not available ({type(exc).__name__}); working without it."
            )
            log.warning("%s: %s", self.warning, exc)
            return None
        self._db = db
        return db

    def _open(self, existed: bool) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, isolation_level=None)
        try:
            if existed:
                self._check(db)
            with db:
                db.executescript(_SCHEMA)
                db.executemany(
                    "INSERT OR REPLACE INTO meta VALUES (?, ?)",
                    [("schema_version", SCHEMA_VERSION), ("server_url", self.base_url)],
                )
        except BaseException:
            db.close()
            raise
        return db

    def _check(self, db: sqlite3.Connection) -> None:
        """Refuse a file that is not ours: wrong schema version or another server."""
        try:
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.DatabaseError as exc:
            raise CacheError(f"not a cliq-tui cache ({exc})") from exc
        if meta.get("schema_version") != SCHEMA_VERSION:
            raise CacheError(f"cache schema {meta.get('schema_version')!r} is not {SCHEMA_VERSION}")
        if meta.get("server_url") != self.base_url:
            raise CacheError("cache belongs to another server")

    def _discard(self, why: str) -> None:
        """Move a bad file aside (or delete it) and remember a warning for the user."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.discarded-{stamp}")
        try:
            self.path.replace(aside)
            where = f"moved to {aside.name}"
        except OSError:
            self.path.unlink(missing_ok=True)
            where = "deleted"
        for suffix in ("-wal", "-shm", "-journal"):
            self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)
        self.warning = f"The local cache was unusable ({why}); {where}. Starting afresh."
        log.warning("%s", self.warning)

    # --- reading and writing -----------------------------------------------------------------

    def load(self) -> CachedQueue:
        """Everything cached; an empty queue when the cache is new or unreadable."""
        try:
            return self._load()
        except (sqlite3.DatabaseError, ValidationError, ValueError, OSError) as exc:
            self.close()
            self._discard(f"unreadable contents: {type(exc).__name__}")
            self._connect()
            return CachedQueue()

    def _load(self) -> CachedQueue:
        db = self._connect()
        if db is None:
            return CachedQueue()
        # Joining the stored JSON into one array lets pydantic parse thousands of rows in one go.
        with _no_gc():
            rows = db.execute("SELECT json FROM messages").fetchall()
            chat_rows = db.execute("SELECT json FROM chats").fetchall()
            messages = _MESSAGES.validate_json("[" + ",".join(r[0] for r in rows) + "]")
            chats = _CHATS.validate_json("[" + ",".join(r[0] for r in chat_rows) + "]")
            mapping = dict(db.execute("SELECT message_id, chat_id FROM mapping").fetchall())
        token = db.execute("SELECT value FROM meta WHERE key = 'sync_token'").fetchone()
        return CachedQueue(messages, chats, mapping, token[0] if token else None)

    def save(self, delta: Delta, *, mapping: dict[str, str], sync_token: str | None) -> None:
        """Write one delta in one transaction: only its rows, their mapping and the token."""
        db = self._connect()
        if db is None:
            return
        rows = [(m.id, m.model_dump_json(exclude_none=True)) for m in delta.added + delta.changed]
        mapped = [(m.id, mapping[m.id]) for m in delta.added + delta.changed if m.id in mapping]
        gone = [(mid,) for mid in delta.removed]
        try:
            with db:
                db.execute("BEGIN")
                db.executemany("INSERT OR REPLACE INTO messages VALUES (?, ?)", rows)
                db.executemany("INSERT OR REPLACE INTO mapping VALUES (?, ?)", mapped)
                db.executemany("DELETE FROM messages WHERE id = ?", gone)
                db.executemany("DELETE FROM mapping WHERE message_id = ?", gone)
                db.executemany(
                    "INSERT OR REPLACE INTO chats VALUES (?, ?)",
                    [(c.chat_id, c.model_dump_json(exclude_none=True)) for c in delta.chats],
                )
                if sync_token is None:
                    db.execute("DELETE FROM meta WHERE key = 'sync_token'")
                else:
                    db.execute(
                        "INSERT OR REPLACE INTO meta VALUES ('sync_token', ?)", (sync_token,)
                    )
        except sqlite3.Error as exc:
            # A cache that cannot be written must not stop the app: warn and carry on without it.
            self.warning = f"The local cache could not be written ({type(exc).__name__})."
            log.warning("%s", self.warning)

    def close(self) -> None:
        """Close the database file."""
        if self._db is not None:
            self._db.close()
            self._db = None
