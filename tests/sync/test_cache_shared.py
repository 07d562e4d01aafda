"""The cache shared by several processes: racing creation, privacy, deltas between processes."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

from cliq_tui.api.models import Chat, ScheduledMessage
from cliq_tui.sync.cache import QueueCache, cache_path
from cliq_tui.sync.types import Delta

URL = "http://127.0.0.1:9999"

# Each process waits for the gate file, then opens the fresh cache and writes its own message.
_WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from cliq_tui.api.models import ScheduledMessage
    from cliq_tui.sync.cache import QueueCache
    from cliq_tui.sync.types import Delta

    folder, gate, name = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    while not gate.exists():
        time.sleep(0.001)
    cache = QueueCache.for_profile("default", "http://127.0.0.1:9999", folder)
    cache.load()
    message = ScheduledMessage.model_validate({"id": name, "schedule_status": "call_end"})
    cache.save(Delta(added=(message,)), mapping={name: "C1"}, sync_token="T-" + name)
    cache.close()
    print(cache.warning or "ok")
    """
)


def _msg(mid: str, chat_id: str | None = None, text: str = "hello") -> ScheduledMessage:
    return ScheduledMessage.model_validate(
        {
            "id": mid,
            "time": "2026-06-06T21:00:00-07:00",
            "timezone": "America/Los_Angeles",
            "message": {"content": {"text": text}},
            "chat_id": chat_id,
        }
    )


def test_processes_racing_on_a_fresh_cache_keep_every_write(tmp_path: Path) -> None:
    folder, gate = tmp_path / "cache", tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(folder), str(gate), f"m{i}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for i in range(6)
    ]
    gate.touch()
    outputs = [p.communicate(timeout=120) for p in procs]

    assert [out.strip() for out, _ in outputs] == ["ok"] * 6, outputs
    assert all(not err for _, err in outputs), outputs
    assert not list(folder.glob("*.discarded-*"))
    loaded = QueueCache.for_profile("default", URL, folder).load()
    assert {m.id for m in loaded.messages} == {f"m{i}" for i in range(6)}


def test_the_cache_is_private(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    cache = QueueCache.for_profile("default", URL, folder)
    cache.save(Delta(added=(_msg("a", "C1"),)), mapping={"a": "C1"}, sync_token="T")

    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = list(folder.iterdir())
    assert any(p.name.endswith(".sqlite3-wal") for p in files)  # open, in WAL mode
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    cache.close()


def test_a_cache_made_readable_by_others_is_made_private_again(tmp_path: Path) -> None:
    path = cache_path("default", URL, tmp_path)
    QueueCache(path, URL).load()
    os.chmod(path, 0o644)

    QueueCache(path, URL).load()

    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_another_process_reads_only_what_changed(tmp_path: Path) -> None:
    writer = QueueCache.for_profile("default", URL, tmp_path)
    writer.save(
        Delta(added=(_msg("a", "C1"), _msg("b", "C1"))),
        mapping={"a": "C1", "b": "C1"},
        sync_token="T1",
    )
    reader = QueueCache.for_profile("default", URL, tmp_path)
    assert {m.id for m in reader.load().messages} == {"a", "b"}
    assert reader.changes() is None  # nothing new since the load

    writer.save(
        Delta(changed=(_msg("a", "C1", "edited"),), removed=("b",), chats=(Chat(chat_id="C1"),)),
        mapping={"a": "C1"},
        sync_token="T2",
    )
    changes = reader.changes()

    assert changes is not None and not changes.complete
    assert [(m.id, m.text) for m in changes.messages] == [("a", "edited")]
    assert changes.removed == ["b"]
    assert changes.mapping == {"a": "C1"}
    assert [c.chat_id for c in changes.chats] == ["C1"]
    assert changes.sync_token == "T2"
    assert reader.changes() is None


def test_a_process_does_not_read_back_its_own_writes(tmp_path: Path) -> None:
    cache = QueueCache.for_profile("default", URL, tmp_path)
    cache.load()
    cache.save(Delta(added=(_msg("a"),)), mapping={}, sync_token="T1")

    assert cache.changes() is None


def test_a_process_that_fell_far_behind_reads_the_whole_queue(tmp_path: Path) -> None:
    writer = QueueCache.for_profile("default", URL, tmp_path)
    reader = QueueCache.for_profile("default", URL, tmp_path)
    reader.load()
    for i in range(2101):  # past the tombstones kept
        writer.save(
            Delta(added=(_msg(f"m{i}"),), removed=(f"m{i - 1}",)), mapping={}, sync_token="T"
        )

    changes = reader.changes()

    assert changes is not None and changes.complete
    assert [m.id for m in changes.messages] == ["m2100"]


def test_a_version_1_cache_is_upgraded_in_place(tmp_path: Path) -> None:
    import sqlite3

    path = cache_path("default", URL, tmp_path)
    db = sqlite3.connect(path)
    db.executescript(
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE chats (chat_id TEXT PRIMARY KEY, json TEXT NOT NULL);
        CREATE TABLE messages (id TEXT PRIMARY KEY, json TEXT NOT NULL);
        CREATE TABLE mapping (message_id TEXT PRIMARY KEY, chat_id TEXT NOT NULL);
        """
    )
    db.execute("INSERT INTO meta VALUES ('schema_version', '1'), ('server_url', ?)", (URL,))
    db.execute("INSERT INTO meta VALUES ('sync_token', 'OLD')")
    db.execute("INSERT INTO messages VALUES ('a', ?)", (_msg("a").model_dump_json(),))
    db.commit()
    db.close()

    cache = QueueCache(path, URL)
    loaded = cache.load()

    assert [m.id for m in loaded.messages] == ["a"] and loaded.sync_token == "OLD"
    assert cache.warning is None
