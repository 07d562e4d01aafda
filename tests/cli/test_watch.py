"""``cliq-tui watch``: the stream of events for scripts.

In process, on the fake server's manual clock (the fake delivers what falls due as the clock
moves): each line, the chat filter, the memory a restart resumes from. As its own process on a
real-clock fake: lines arrive as the server changes, Ctrl-C ends it with 130 and no traceback,
and a restart reports only what is new.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from cliq_tui.cli.watch import EventStream
from cliq_tui.fake import FakeServer
from cliq_tui.storage.activity import ActivityLog
from cliq_tui.sync.watch_memory import WatchMemory
from tests.support.cli import as_a_terminal_starts_it, env_without_config, on
from tests.support.engines import Rig, resolve_all, rig_on
from tests.support.servers import by_due, started_servers


class Watching:
    """An engine on the fake's clock with a watch's stream on it, writing into ``lines``."""

    def __init__(
        self,
        server: FakeServer,
        memory: Path,
        chat: str | None = None,
        actions: ActivityLog | None = None,
    ) -> None:
        self.rig: Rig = rig_on(server, settle_after=0.0)
        self.lines: list[str] = []
        self.warnings: list[str] = []
        self.stream = EventStream(
            self.rig.engine,
            WatchMemory(memory),
            write=self.lines.append,
            warn=self.warnings.append,
            clock=self.rig.clock.now,
            as_json=True,
            chat=chat,
            actions=actions,
        )

    async def poll(self, seconds: float = 5.0, *, full: bool = False) -> list[dict[str, Any]]:
        self.rig.clock.advance(seconds)
        await self.rig.engine.refresh(full=full)
        return [json.loads(line) for line in self.lines]


@pytest.fixture
def manual_server() -> Iterator[FakeServer]:
    with started_servers() as make:
        yield make()


async def test_watch_json_tells_delivered_from_deleted_elsewhere(
    manual_server: FakeServer, tmp_path: Path
) -> None:
    watching = Watching(manual_server, tmp_path / "watch.json")
    try:
        assert await watching.poll(full=True) == []  # the queue as found is no news
        engine = watching.rig.engine
        early, late = (str(m["id"]) for m in (by_due(manual_server)[0], by_due(manual_server)[-1]))
        manual_server.state.delete_message(late)  # another device
        due = engine.messages[early].time
        engine_tz = engine.messages[early].timezone
        assert due is not None
        watching.rig.clock.set(due + timedelta(seconds=1))  # the fake delivers it
        got = await watching.poll(2)
        by_id = {line["message_id"]: line for line in got}
        assert (by_id[late]["type"], by_id[late]["source"]) == ("deleted", "elsewhere")
        assert (by_id[early]["type"], by_id[early]["source"]) == ("delivered", "observed")
        assert datetime.fromisoformat(by_id[early]["due"]) == due
        assert by_id[early]["timezone"] == engine_tz
        assert by_id[early]["observed_at"] >= by_id[early]["seen_before"]
        assert set(by_id[early]) >= {"type", "message_id", "chat_id", "chat_name", "source"}
        assert all("\n" not in line for line in watching.lines)
    finally:
        await watching.rig.client.aclose()


async def test_watch_keeps_only_the_chat_asked_for(
    manual_server: FakeServer, tmp_path: Path
) -> None:
    first = by_due(manual_server)[0]
    chat_id = str(first["chat_id"])
    watching = Watching(manual_server, tmp_path / "watch.json", chat=chat_id)
    try:
        await watching.poll(full=True)
        await resolve_all(watching.rig.engine)  # the global list does not say the chats
        others = [m for m in manual_server.state.messages() if m["chat_id"] != chat_id]
        manual_server.state.delete_message(str(others[0]["id"]))
        manual_server.state.update_message(str(first["id"]), text="changed on a phone")
        got = await watching.poll()
        assert [(g["type"], g["message_id"]) for g in got] == [("edited", first["id"])]
        assert got[0]["chat_id"] == chat_id
        assert got[0]["chat_name"] == watching.rig.engine.chats[chat_id].name
    finally:
        await watching.rig.client.aclose()


async def test_a_restart_reports_what_happened_meanwhile_once_and_replays_nothing(
    manual_server: FakeServer, tmp_path: Path
) -> None:
    memory = tmp_path / "watch.json"
    first = Watching(manual_server, memory)
    timed = by_due(manual_server)
    try:
        await first.poll(full=True)
        manual_server.state.delete_message(str(timed[-1]["id"]))
        assert [g["message_id"] for g in await first.poll()] == [timed[-1]["id"]]
        first.stream.save()
    finally:
        await first.rig.client.aclose()
    # While no watch runs: another device deletes one more.
    manual_server.state.delete_message(str(timed[-2]["id"]))
    second = Watching(manual_server, memory)
    try:
        got = await second.poll(full=True)
        assert [(g["type"], g["message_id"]) for g in got] == [("deleted", timed[-2]["id"])]
        assert await second.poll() == got  # nothing new: nothing more
    finally:
        await second.rig.client.aclose()


async def test_a_damaged_memory_is_set_aside_with_one_warning(
    manual_server: FakeServer, tmp_path: Path
) -> None:
    memory = tmp_path / "watch.json"
    memory.write_text('{"known": {"x": {"digest": 5}}}')
    watching = Watching(manual_server, memory)
    try:
        assert await watching.poll(full=True) == []
        assert len(watching.warnings) == 1 and "starting afresh" in watching.warnings[0]
        assert json.loads(memory.read_text())["known"]  # written afresh
    finally:
        await watching.rig.client.aclose()


async def test_a_change_a_dashboard_logged_is_this_apps(
    manual_server: FakeServer, tmp_path: Path
) -> None:
    log = ActivityLog(tmp_path / "activity.jsonl")
    watching = Watching(manual_server, tmp_path / "watch.json", actions=log)
    try:
        await watching.poll(full=True)
        target = by_due(manual_server)[-1]
        mid = str(target["id"])
        manual_server.state.delete_message(mid)  # as a dashboard's delete would
        dashboard_log = ActivityLog(log.path)  # another process of this app
        dashboard_log.record(
            "delete", "ok", at=watching.rig.clock.now(), chat_id=None, message_ids=[mid]
        )
        [line] = await watching.poll()
        assert (line["type"], line["source"], line["action"]) == ("deleted", "this-app", "delete")
    finally:
        await watching.rig.client.aclose()


async def test_an_activity_log_that_cannot_be_read_is_said_once_and_the_change_still_shown(
    manual_server: FakeServer, tmp_path: Path
) -> None:
    path = tmp_path / "activity.jsonl"
    path.mkdir()  # a folder where the log should be: it cannot be read
    watching = Watching(manual_server, tmp_path / "watch.json", actions=ActivityLog(path))
    try:
        await watching.poll(full=True)
        for target in by_due(manual_server)[-2:]:
            manual_server.state.delete_message(str(target["id"]))
        lines = await watching.poll()
        assert [line["type"] for line in lines] == ["deleted", "deleted"]
        assert len(watching.warnings) == 1, watching.warnings
        assert "activity log" in watching.warnings[0]
    finally:
        await watching.rig.client.aclose()


# --- as its own process ------------------------------------------------------------------------


class WatchProcess:
    """``cliq-tui watch --json`` running on ``server`` until interrupted."""

    def __init__(self, server: FakeServer, home: Path) -> None:
        # Its cache, state and activity log under ``home``: never the user's, nor shared with
        # another copy of the suite running alongside.
        env = {
            **env_without_config(home),
            "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_STATE_HOME": str(home / "state"),
        }
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "cliq_tui", *on(server), "watch", "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            preexec_fn=as_a_terminal_starts_it,
        )
        assert self.proc.stderr is not None
        # Ready once a listing confirmed the queue (it says so on stderr).
        line = self.proc.stderr.readline()
        assert "watching the queue" in line, line

    def next_event(self, message_id: str) -> dict[str, Any]:
        """Lines until one about ``message_id`` (others, such as seeded deliveries, are skipped)."""
        assert self.proc.stdout is not None
        while True:
            line = self.proc.stdout.readline()
            assert line, "the watch ended"
            event = json.loads(line)
            if event["message_id"] == message_id:
                return event

    def interrupt(self) -> tuple[int, str, str]:
        self.proc.send_signal(signal.SIGINT)
        out, err = self.proc.communicate(timeout=120)
        return self.proc.returncode, out, err


def test_watch_in_a_process_streams_ends_on_ctrl_c_and_resumes_without_replay(
    fake_server: FakeServer, tmp_path: Path
) -> None:
    timed = by_due(fake_server)
    gone = str(timed[-1]["id"])
    watch = WatchProcess(fake_server, tmp_path)
    try:
        fake_server.state.delete_message(gone)
        event = watch.next_event(gone)
        assert (event["type"], event["source"]) == ("deleted", "elsewhere")
    finally:
        code, out, err = watch.interrupt()
    assert code == 130
    assert "Traceback" not in err and "error" not in err
    # A restart: only what is new comes out.
    again = WatchProcess(fake_server, tmp_path)
    try:
        created = fake_server.state.create_message(
            str(timed[0]["chat_id"]),
            text="from a phone",
            time_ms=fake_server.state.now_ms() + 7_200_000,
        )
        assert again.proc.stdout is not None
        first = json.loads(again.proc.stdout.readline())
        assert (first["type"], first["message_id"]) == ("created", created["id"])
    finally:
        code, out, err = again.interrupt()
    assert code == 130
    assert gone not in out and "Traceback" not in err
