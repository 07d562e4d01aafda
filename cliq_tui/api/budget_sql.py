"""The shared rate budget's SQLite layout: its tables, and records read and written as rows."""

from __future__ import annotations

import sqlite3

from cliq_tui.api.budget_records import Instant, Records, Sent

TABLES = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE sent (endpoint TEXT NOT NULL, wall REAL NOT NULL, mono REAL, boot TEXT, "
    "pending INTEGER NOT NULL DEFAULT 0, owner TEXT NOT NULL DEFAULT '')",
    "CREATE TABLE locks (endpoint TEXT PRIMARY KEY, wall REAL NOT NULL, mono REAL, boot TEXT)",
)


# What a sound row looks like at most: text this long, this many entries (the limits of every
# endpoint add up to about 300 a minute). Anything beyond is not read, and the next write drops it.
_TEXT_MAX = 128
_ROWS_MAX = 5_000
_SOUND_ROW = (
    f"length(endpoint) <= {_TEXT_MAX} AND (boot IS NULL OR length(boot) <= {_TEXT_MAX}) "
    f"AND length(CAST(wall AS BLOB)) <= 32 AND (mono IS NULL OR length(CAST(mono AS BLOB)) <= 32)"
)


def select_records(db: sqlite3.Connection) -> Records:
    """Every sound-sized row of the file as records (values still to be judged)."""
    sent = [
        Sent(endpoint, Instant(wall, mono, boot), bool(pending), owner)
        for endpoint, wall, mono, boot, pending, owner in db.execute(
            "SELECT endpoint, wall, mono, boot, CAST(pending AS INTEGER), "
            f"substr(CAST(owner AS TEXT), 1, {_TEXT_MAX}) FROM sent "
            f"WHERE {_SOUND_ROW} LIMIT {_ROWS_MAX}"
        )
    ]
    locks = {
        endpoint: Instant(wall, mono, boot)
        for endpoint, wall, mono, boot in db.execute(
            f"SELECT endpoint, wall, mono, boot FROM locks WHERE {_SOUND_ROW} LIMIT {_ROWS_MAX}"
        )
    }
    return Records(sent, locks)


def write_records(db: sqlite3.Connection, records: Records) -> None:
    """Replace the rows with ``records`` (inside the caller's transaction)."""
    db.execute("DELETE FROM sent")
    db.executemany(
        "INSERT INTO sent (endpoint, wall, mono, boot, pending, owner) VALUES (?, ?, ?, ?, ?, ?)",
        [
            (e.endpoint, e.at.wall, e.at.mono, e.at.boot, int(e.pending), e.owner)
            for e in records.sent
        ],
    )
    db.execute("DELETE FROM locks")
    db.executemany(
        "INSERT INTO locks (endpoint, wall, mono, boot) VALUES (?, ?, ?, ?)",
        [(name, at.wall, at.mono, at.boot) for name, at in records.locks.items()],
    )
