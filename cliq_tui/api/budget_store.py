"""The shared rate budget: one SQLite file per account and server, used by every process.

Dashboards, command-line runs and scripts of one account all count their requests here, so no
combination of them goes over an endpoint's threshold, and a lock the server reported is known
to all of them until it ends. Every acquisition is one ``BEGIN IMMEDIATE`` transaction (check
and record, atomic across processes); the file is in WAL mode with a busy timeout, private
(0600 in a 0700 folder) and holds times only, never a token.

Nothing in the file is trusted: a file that is not SQLite, has another layout or belongs to
another account is moved aside with one line naming it; unreadable entries are dropped (see
:mod:`cliq_tui.api.budget_records`). When the file cannot be written (read-only folder, full
disk), the store says so once and the budget goes on in this process alone, from what it last
knew, still never over a threshold by itself. The JSON file older versions kept beside it is
read once (what it holds that makes sense) and removed.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from cliq_tui.api.budget import MemoryBackend, RateBudgets
from cliq_tui.api.budget_legacy import LEGACY_MAX_BYTES, legacy_records
from cliq_tui.api.budget_records import Records
from cliq_tui.api.budget_sql import TABLES, select_records, write_records
from cliq_tui.base.files import make_private_dir

log = logging.getLogger(__name__)

T = TypeVar("T")

KIND = "cliq-tui rate budget"
SCHEMA_VERSION = "1"
BUSY_TIMEOUT = 10.0


class ForeignStore(Exception):
    """The file is not this account's budget (another program, version or account)."""


def _describe(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


class SharedStore:
    """A :class:`~cliq_tui.api.budget.BudgetBackend` in a SQLite file shared by processes.

    ``key`` names the account and server (no secret); a file holding another key is foreign.
    ``on_warning`` hears each warning once (the CLI prints it; the dashboard shows it).
    """

    def __init__(
        self,
        path: Path,
        key: str,
        *,
        on_warning: Callable[[str], None] | None = None,
        busy_timeout: float = BUSY_TIMEOUT,
    ) -> None:
        self.path = path
        self.key = key
        self.warning: str | None = None
        self._on_warning = on_warning
        self._said: set[str] = set()
        self._busy_timeout = busy_timeout
        self._db: sqlite3.Connection | None = None
        self._inode: tuple[int, int] | None = None
        self._version: int | None = None
        self._fallback: MemoryBackend | None = None
        self._last = Records()
        self._mutex = threading.RLock()
        self._open()

    @property
    def shared(self) -> bool:
        """True while the records are in the shared file (False: this process alone)."""
        return self._fallback is None

    # --- warnings ------------------------------------------------------------------------------

    def _warn(self, text: str) -> None:
        self.warning = text
        if text in self._said:
            return
        self._said.add(text)
        log.warning("%s", text)
        if self._on_warning is not None:
            self._on_warning(text)

    def note_garbage(self, count: int) -> None:
        """Unreadable entries were dropped from the file: say so once."""
        self._warn(f"The rate budget file {self.path} held unreadable entries; they were dropped.")

    # --- opening -------------------------------------------------------------------------------

    def _open(self) -> None:
        try:
            self._prepare_folder()
            examined = self._file_id()
            try:
                self._db = self._connect()
            except (sqlite3.DatabaseError, ForeignStore) as exc:
                if isinstance(exc, sqlite3.OperationalError) and not _is_corrupt(exc):
                    raise
                # Another process may have set the bad file aside and started a good one since.
                if self._file_id() == examined:
                    self._discard(self.path, _describe(exc))
                self._prepare_folder()
                self._db = self._connect()
            self._inode = self._file_id()
        except (OSError, sqlite3.Error) as exc:
            self._go_alone(exc, self._read_only_records())
            return
        self._import_legacy()

    def _file_id(self) -> tuple[int, int] | None:
        """Which file is at the path now (device and inode), or None when there is none."""
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_dev, st.st_ino)

    def _follow_the_file(self) -> None:
        """Reopen when the file at the path is no longer the one open (set aside or deleted by
        another process or by hand), so that this process never counts alone in an orphan."""
        if self._file_id() == self._inode:
            return
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None
        self._version = None
        self._open()

    def _prepare_folder(self) -> None:
        folder = self.path.parent
        make_private_dir(folder)
        if folder.stat().st_mode & 0o077:
            os.chmod(folder, 0o700)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            loose = os.fstat(fd).st_mode & 0o077
        finally:
            os.close(fd)
        if loose:
            os.chmod(self.path, 0o600)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(
            self.path, timeout=self._busy_timeout, isolation_level=None, check_same_thread=False
        )
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            # The file is not trusted: nothing in its schema may run functions with side effects.
            db.execute("PRAGMA trusted_schema=OFF")
            db.execute("BEGIN IMMEDIATE")
            try:
                schema = db.execute("SELECT type, name FROM sqlite_master").fetchall()
                tables = {name for kind, name in schema if kind == "table"}
                if any(kind in ("trigger", "view") for kind, _ in schema):
                    # Ours has none: a trigger could refuse or rewrite every change.
                    raise ForeignStore("it holds triggers or views")
                if not schema:
                    for statement in TABLES:
                        db.execute(statement)
                    db.executemany(
                        "INSERT INTO meta VALUES (?, ?)",
                        [("kind", KIND), ("schema_version", SCHEMA_VERSION), ("account", self.key)],
                    )
                else:
                    self._check(db, tables)
                db.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
                raise
            # Reading every column once proves the layout before the file is relied on.
            db.execute("SELECT endpoint, wall, mono, boot, pending, owner FROM sent LIMIT 1")
            db.execute("SELECT endpoint, wall, mono, boot FROM locks LIMIT 1")
        except BaseException:
            db.close()
            raise
        return db

    def _check(self, db: sqlite3.Connection, tables: set[str]) -> None:
        if not {"meta", "sent", "locks"} <= tables:
            raise ForeignStore("not a cliq-tui rate budget")
        try:
            meta = dict(
                db.execute(
                    "SELECT key, value FROM meta WHERE key IN ('kind', 'schema_version', 'account')"
                ).fetchall()
            )
        except sqlite3.DatabaseError as exc:
            raise ForeignStore(f"not a cliq-tui rate budget ({exc})") from exc
        if meta.get("kind") != KIND:
            raise ForeignStore("not a cliq-tui rate budget")
        if meta.get("schema_version") != SCHEMA_VERSION:
            raise ForeignStore(f"layout {meta.get('schema_version')!r} is not {SCHEMA_VERSION}")
        if meta.get("account") != self.key:
            raise ForeignStore("it belongs to another account or server")

    def _discard(self, path: Path, why: str) -> None:
        """Move a bad file aside (or delete it) and say so in one line naming it."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        aside = path.with_name(f"{path.name}.discarded-{stamp}")
        try:
            path.replace(aside)
            where = f"moved to {aside.name}"
        except OSError:
            try:
                path.unlink(missing_ok=True)
                where = "deleted"
            except OSError:
                where = "it could not be moved or deleted"
        for suffix in ("-wal", "-shm", "-journal"):
            extra = path.with_name(path.name + suffix)
            try:
                extra.replace(aside.with_name(aside.name + suffix))
            except OSError:
                with contextlib.suppress(OSError):
                    extra.unlink(missing_ok=True)
        self._warn(f"The rate budget file {path} was unusable ({why}); {where}. Starting afresh.")

    def _read_only_records(self) -> Records:
        """What an unwritable file still says (a careful start for this process alone)."""
        if not self.path.is_file():
            return Records()
        try:
            db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, timeout=1.0)
        except (sqlite3.Error, OSError, ValueError):
            return Records()
        try:
            return select_records(db)
        except sqlite3.Error:
            return Records()
        finally:
            db.close()

    def _import_legacy(self) -> None:
        """Take over what the JSON budget of older versions held, then remove it."""
        legacy = self.path.with_suffix(".json")
        try:
            if not legacy.is_file():
                return
        except OSError:
            return
        try:
            if legacy.stat().st_size > LEGACY_MAX_BYTES:
                raise ValueError("too large")
            data = json.loads(legacy.read_text(encoding="utf-8"))
            records, bad = legacy_records(data, time.time())
        except (OSError, ValueError, RecursionError) as exc:
            self._discard(legacy, f"unreadable: {type(exc).__name__}")
            return
        if records.sent or records.locks:

            def merge(current: Records) -> None:
                current.sent.extend(records.sent)
                for name, until in records.locks.items():
                    current.locks.setdefault(name, until)

            self.update(merge)
        if bad:
            self._discard(legacy, "unreadable entries")
        else:
            with contextlib.suppress(OSError):
                legacy.unlink(missing_ok=True)

    # --- the records ---------------------------------------------------------------------------

    def read(self) -> Records:
        """The records in the file now (what was last known, if the file just failed)."""
        if self._fallback is not None:
            return self._fallback.read()
        with self._mutex:
            self._follow_the_file()
            if self._fallback is not None:
                return self._fallback.read()
            db = self._db
            assert db is not None
            try:
                # Unchanged by any other process since the last look: what this one knows holds.
                version = db.execute("PRAGMA data_version").fetchone()[0]
                if version != self._version:
                    self._last = select_records(db)
                    self._version = version
            except sqlite3.Error as exc:
                self._go_alone(exc, self._last)
            return self._last

    def update(self, change: Callable[[Records], T]) -> T:
        """Apply ``change`` in one ``BEGIN IMMEDIATE`` transaction, atomic across processes."""
        if self._fallback is not None:
            return self._fallback.update(change)
        with self._mutex:
            self._follow_the_file()
            if self._fallback is not None:
                return self._fallback.update(change)
            db = self._db
            assert db is not None
            records: Records | None = None
            done = False
            try:
                db.execute("BEGIN IMMEDIATE")
                # No other process can commit until this one does, and its own commit leaves
                # the data version as it is: read now, it stays right for what is written.
                version = db.execute("PRAGMA data_version").fetchone()[0]
                records = select_records(db)
                before = records.copy()
                result = change(records)
                done = True
                if records != before:
                    write_records(db, records)
                db.execute("COMMIT")
                self._last, self._version = records, version
                return result
            except (sqlite3.Error, OSError) as exc:
                with contextlib.suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
                if done and records is not None:
                    # ``change`` ran on the records: this process goes on from its result.
                    self._go_alone(exc, records)
                    return result
                self._go_alone(exc, self._last)
        return self.update(change)

    def _go_alone(self, exc: BaseException, records: Records) -> None:
        self._fallback = MemoryBackend(records)
        if self._db is not None:
            db, self._db = self._db, None
            with contextlib.suppress(sqlite3.Error):
                db.close()
        self._warn(
            f"The shared rate budget {self.path} cannot be written ({_describe(exc)}); this "
            "process keeps its own budget, without counting other cliq-tui processes."
        )

    def close(self) -> None:
        """Close the file (the records stay readable in memory, from what was last known)."""
        with self._mutex:
            if self._db is not None:
                db, self._db = self._db, None
                db.close()
                self._fallback = MemoryBackend(self._last)


def _is_corrupt(exc: sqlite3.OperationalError) -> bool:
    """An operational error that means "this file is not a usable database"."""
    text = str(exc).lower()
    return "no such table" in text or "no such column" in text or "malformed" in text


def shared_budgets(
    path: Path,
    *,
    clock: Callable[[], float] = time.time,
    on_warning: Callable[[str], None] | None = None,
) -> RateBudgets:
    """The rate budgets of the account whose shared file is ``path`` (its name is the key)."""
    return RateBudgets(clock=clock, backend=SharedStore(path, path.stem, on_warning=on_warning))
