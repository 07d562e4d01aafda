"""The queue cache's SQLite file: private, shared by several processes, never raced apart.

Every process that uses the cache holds a shared ``flock`` on a lock file beside it for as long
as it has the database open; only a process that gets that lock exclusively (nobody else has the
file open) may move a bad file aside. The database runs in WAL mode with a busy timeout, so
readers never wait and writers queue briefly instead of failing. The schema is created (or an
older one upgraded) inside one ``BEGIN IMMEDIATE`` transaction: a second process that opens a
brand-new file waits for the first to finish instead of taking the half-made file for a foreign
one. The file, its WAL and lock files are 0600 in a 0700 folder: they hold message texts.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from cliq_tui.base.files import make_private_dir

SCHEMA_VERSION = "2"
# How long a write waits for another process's write to finish before it gives up.
BUSY_SECONDS = 5.0
# Revisions beyond this are not ours (a hostile or corrupt file): the file is set aside.
MAX_REVISION = 2**62

_TABLES = ("meta", "chats", "messages", "mapping", "removed")
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS chats"
    " (chat_id TEXT PRIMARY KEY, json TEXT NOT NULL, rev INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE IF NOT EXISTS messages"
    " (id TEXT PRIMARY KEY, json TEXT NOT NULL, rev INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE IF NOT EXISTS mapping (message_id TEXT PRIMARY KEY, chat_id TEXT NOT NULL)",
    # Ids removed from the queue, so that other processes learn of removals as deltas.
    "CREATE TABLE IF NOT EXISTS removed (id TEXT PRIMARY KEY, rev INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS messages_rev ON messages (rev)",
    "CREATE INDEX IF NOT EXISTS chats_rev ON chats (rev)",
    "CREATE INDEX IF NOT EXISTS removed_rev ON removed (rev)",
)
# Version 1 had no revisions; adding them keeps the cached queue.
_UPGRADE_FROM_1 = (
    "ALTER TABLE chats ADD COLUMN rev INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE messages ADD COLUMN rev INTEGER NOT NULL DEFAULT 0",
)


class CacheError(Exception):
    """The cache file cannot be used (corrupt, foreign or from another version)."""


def tighten(path: Path, mode: int) -> None:
    """Take group and other permissions off a file or folder of ours (best effort)."""
    with contextlib.suppress(OSError):
        st = path.stat()
        if st.st_uid == os.getuid() and st.st_mode & 0o077:
            os.chmod(path, mode)


def private_folder(path: Path) -> None:
    """Make ``path`` (and its parents) exist, the folder itself 0700."""
    make_private_dir(path)
    tighten(path, 0o700)


def private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 unless it exists; tighten it if it does.

    SQLite gives its WAL and shared-memory files the database file's permissions, so creating
    the database file first keeps all of them private.
    """
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)
    tighten(path, 0o600)


class FileLock:
    """A ``flock`` on a lock file: shared while the cache is open, exclusive to set it aside."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def share(self) -> None:
        """Hold the lock shared (waits while another process sets the cache aside)."""
        if self._fd is None:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            tighten(self.path, 0o600)
        fcntl.flock(self._fd, fcntl.LOCK_SH)

    def try_exclusive(self) -> bool:
        """True when nobody else holds the lock (it is then held exclusively)."""
        if self._fd is None:
            self.share()
        assert self._fd is not None
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def release(self) -> None:
        """Let go of the lock."""
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)


def connect(path: Path) -> sqlite3.Connection:
    """Open the database in WAL mode with a busy timeout (the file must exist already)."""
    db = sqlite3.connect(path, isolation_level=None, timeout=BUSY_SECONDS)
    try:
        # WAL lets readers (other windows following this one) read while a write is going on.
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
    except BaseException:
        db.close()
        raise
    return db


@contextlib.contextmanager
def write_transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT`` (``ROLLBACK`` on any error)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def read_meta(db: sqlite3.Connection) -> dict[str, str]:
    """The meta table's text values (anything else in it is ignored)."""
    rows = db.execute("SELECT key, value FROM meta").fetchall()
    return {k: v for k, v in rows if isinstance(k, str) and isinstance(v, str)}


def prepare(db: sqlite3.Connection, base_url: str) -> None:
    """Create the schema in a new file, upgrade an older one, refuse a foreign one.

    Runs in one write transaction, so two processes opening a new file at once cannot see it
    half made.
    """
    with write_transaction(db):
        names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "meta" not in names:
            if names:
                raise CacheError("not a cliq-tui cache (no meta table)")
            for statement in _SCHEMA:
                db.execute(statement)
            db.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [("schema_version", SCHEMA_VERSION), ("server_url", base_url)],
            )
            return
        meta = read_meta(db)
        version = meta.get("schema_version")
        if version == "1" and all(t in names for t in ("chats", "messages", "mapping")):
            for statement in _UPGRADE_FROM_1:
                db.execute(statement)
            db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (SCHEMA_VERSION,))
        elif version != SCHEMA_VERSION:
            raise CacheError(f"cache schema {version!r} is not {SCHEMA_VERSION}")
        if meta.get("server_url") != base_url:
            raise CacheError("cache belongs to another server")
        for statement in _SCHEMA:
            db.execute(statement)


def generation(db: sqlite3.Connection) -> int:
    """The cache's change counter: the newest revision any row or removal carries."""
    meta = read_meta(db).get("generation", "0")
    try:
        counted = int(meta) if len(meta) < 30 else MAX_REVISION + 1
    except ValueError:
        counted = 0
    newest = max(0, counted)
    for table in ("messages", "chats", "removed"):
        row = db.execute(f"SELECT MAX(rev) FROM {table} WHERE typeof(rev) = 'integer'").fetchone()
        if row and isinstance(row[0], int):
            newest = max(newest, row[0])
    if newest > MAX_REVISION:
        raise CacheError("cache revision out of range")
    return newest
