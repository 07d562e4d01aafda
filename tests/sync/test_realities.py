"""The sync engine end to end in every reality of the fake: listing, resolution, incremental
refresh, the created message mapped at once, and what Cliq says about status triggers."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from cliq_tui.api.errors import BadRequestError, is_cap_refusal
from cliq_tui.api.models import ScheduleStatus
from cliq_tui.fake import FakeServer
from cliq_tui.fake.realities import REALITIES
from cliq_tui.sync.cap import MESSAGE_CAP, cap_count, cap_warning
from cliq_tui.sync.engine import SyncEngine
from cliq_tui.sync.triggers import TriggerMemory
from tests.support.engines import resolve_all
from tests.support.servers import chat_of_type, requests_to, server_queue


@pytest.fixture
def server(make_server: Callable[..., FakeServer], reality: str) -> FakeServer:
    """The demo fake server in each named reality."""
    return make_server(reality=reality, **REALITIES[reality])


async def test_every_message_is_mapped_and_every_chat_named(
    server: FakeServer, engine: SyncEngine
) -> None:
    await engine.refresh()
    await resolve_all(engine)

    truth = {mid: m["chat_id"] for mid, m in server_queue(server).items()}
    assert {mid: m.chat_id for mid, m in engine.messages.items()} == truth
    kinds = {engine.chats[cid].kind for cid in truth.values()}
    assert kinds == {"DM", "group", "channel"}  # in any chat_type spelling
    assert engine.state.unresolved_chats == 0


async def test_incremental_refresh_sees_changes_made_elsewhere(
    server: FakeServer, engine: SyncEngine
) -> None:
    await engine.refresh()
    chat_id = chat_of_type(server, "channel")
    for n in range(2):  # stays within the cap of 25
        server.state.create_message(chat_id, text=f"other device {n}", status="call_end")
    for message in server.state.messages()[:20]:
        server.state.update_message(message["id"], text="changed elsewhere")

    await engine.refresh()

    assert {m.id for m in engine.messages.values()} == set(server_queue(server))
    assert all(
        engine.messages[mid].text == "changed elsewhere"
        for mid, m in server_queue(server).items()
        if m["message"]["content"].get("text") == "changed elsewhere"
    )
    assert requests_to(server, "list_all") >= 2


async def test_a_created_message_is_mapped_to_its_chat_at_once(
    server: FakeServer, engine: SyncEngine
) -> None:
    await engine.refresh()
    chat_id = chat_of_type(server, "group_chat")
    lists_before = requests_to(server, "list_chat")

    delta = await engine.create(
        chat_id,
        text="mapped at once",
        schedule_time=datetime.now(UTC) + timedelta(hours=5),
        timezone="Europe/Berlin",
    )

    [created] = delta.added
    assert engine.chat_of(created.id) == chat_id
    assert (server.state.message(created.id) or {}).get("chat_id") == chat_id
    assert requests_to(server, "list_chat") == lists_before  # no listing needed to place it


async def test_check_in_in_a_dm_is_sent_and_what_cliq_said_remembered(
    server: FakeServer, engine: SyncEngine, tmp_path: Path
) -> None:
    engine.triggers = TriggerMemory(tmp_path / "learned.json")
    await engine.refresh()
    await resolve_all(engine)
    dm = chat_of_type(server, "direct_message")
    refused = server.config.status_triggers == "checkin_not_in_dms"

    try:
        await engine.create(dm, text="on check-in", status=ScheduleStatus.CHECK_IN)
    except BadRequestError as exc:
        assert refused, exc
    else:
        assert not refused

    known = TriggerMemory(tmp_path / "learned.json").learned("DM", "check_in")
    assert known is not None and known.accepted is not refused
    if refused:
        assert "direct messages" in known.words or "chat type" in known.words


async def test_the_cap_refusal_is_recognised(server: FakeServer, engine: SyncEngine) -> None:
    cap = server.config.message_cap
    if cap is None:
        pytest.skip("this reality has no cap")
    await engine.refresh()
    chat_id = chat_of_type(server, "channel")
    later = datetime.now(UTC) + timedelta(hours=5)
    while len(engine.messages) < cap:
        await engine.create(chat_id, text="filler", schedule_time=later)

    assert cap_warning(len(engine.messages)) is not None
    with pytest.raises(BadRequestError) as caught:
        await engine.create(chat_id, text="the 26th", schedule_time=later)
    assert is_cap_refusal(caught.value)


# --- the cap's words and the memory file -----------------------------------------------------


def test_cap_words() -> None:
    assert cap_count(23) == "23/25 scheduled"
    assert cap_count(25) == "25/25 scheduled (full)"
    assert "over" in cap_count(5000)
    assert cap_warning(23) is None
    assert "last one" in (cap_warning(24) or "")
    assert "refuse" in (cap_warning(MESSAGE_CAP) or "")


def test_trigger_memory_is_private_and_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "learned" / "work.json"
    at = datetime(2026, 6, 1, 9, tzinfo=UTC)
    TriggerMemory(path).record("DM", "check_in", accepted=False, words="Not here.\x1b[31m", at=at)

    again = TriggerMemory(path)

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    known = again.learned("DM", "check_in")
    assert known is not None and not known.accepted and "\x1b" not in known.words
    assert again.note("DM", "check_in", "on check-in") == (
        "Cliq refused on check-in in DMs on 2026-06-01, saying: Not here. [31m. You can still try."
    )


@pytest.mark.parametrize(
    "content",
    [
        b"not json",
        b"[]",
        b'{"triggers": 5}',
        b"[" * 100_000,
        json.dumps(
            {"triggers": [{"chat_kind": "DM", "trigger": "x", "accepted": True, "at": "z"}]}
        ).encode(),
    ],
)
def test_a_corrupt_memory_file_is_ignored(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "learned.json"
    path.write_bytes(content)

    memory = TriggerMemory(path)

    assert memory.learned("DM", "check_in") is None
    memory.record("group", "call_end", accepted=True, at=datetime(2026, 6, 1, tzinfo=UTC))
    assert TriggerMemory(path).learned("group", "call_end") is not None
