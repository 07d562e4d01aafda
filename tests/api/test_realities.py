"""The client is right in every reality of the fake (rows 1 and 5-11 of the realities table).

Each test runs once per named reality (``default``, ``spec``, ``strict-v3``, ``v2-era``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import pytest

from cliq_tui.api import (
    BadRequestError,
    NotFoundError,
    RateLimitError,
    ScheduleStatus,
    SyncTokenExpiredError,
)
from cliq_tui.api.errors import is_cap_refusal
from cliq_tui.fake import FakeConfig, FakeServer
from tests.support.client import Harness, make_harness
from tests.support.clock import START_MS
from tests.support.servers import chat_of_type


@pytest.fixture
def fake_config(reality_fake_config: FakeConfig) -> FakeConfig:
    return reality_fake_config


# --- row 1: the created message's id and chat come from the answer --------------------------


async def test_a_created_message_is_mapped_to_its_chat_at_once(harness: Harness) -> None:
    chat_id = chat_of_type(harness.server, "group_chat")
    due = START_MS + 3 * 3600_000

    created = await harness.client.create_message(
        chat_id, text="From the answer", schedule_time=due, timezone="Asia/Tokyo"
    )

    assert created is not None
    stored = harness.server.state.message(created.id)
    assert stored is not None and stored["chat_id"] == chat_id
    assert created.chat_id == chat_id
    assert created.text == "From the answer"
    assert created.due_epoch_ms == due
    assert created.timezone == "Asia/Tokyo"


async def test_a_status_based_create_reads_its_trigger(harness: Harness) -> None:
    # A DM accepts call_end in every reality.
    chat_id = chat_of_type(harness.server, "direct_message")

    created = await harness.client.create_message(chat_id, text="After the call", status="call_end")

    assert created is not None and created.schedule_status is ScheduleStatus.CALL_END
    assert created.chat_id == chat_id and created.time is None


# --- row 5: GET /chats follows next_token where it appears -----------------------------------


@pytest.fixture
async def many_chats(fake_config: FakeConfig) -> AsyncIterator[Harness]:
    """A harness on a server of 250 chats in this reality."""
    server = FakeServer(replace(fake_config, seed="generated", messages=0, chats=250)).start()
    harness = make_harness(server)
    try:
        yield harness
    finally:
        await harness.client.aclose()
        server.stop()


async def test_list_chats_follows_next_token_where_it_appears(many_chats: Harness) -> None:
    client = many_chats.client

    first = await client.list_chats()
    every = await client.list_chats(pages=5)

    assert len(first) == 100
    if many_chats.server.config.chats_paging == "next_token":
        assert first.next_token is not None
        assert len({c.chat_id for c in every}) == 250 and every.next_token is None
        rest = await client.list_chats(next_token=first.next_token, pages=5)
        assert {c.chat_id for c in first} | {c.chat_id for c in rest} == {c.chat_id for c in every}
    else:  # the v2 era: no cursor, one page, and the caller pages with modified_before
        assert first.next_token is None and len(every) == 100


# --- row 6: every chat_type spelling maps to the same kinds ----------------------------------


async def test_chat_kinds_are_the_same_in_every_spelling(harness: Harness) -> None:
    chats = await harness.client.list_chats()
    truth = {c["chat_id"]: c["chat_type"] for c in harness.server.state.chats()}

    kinds = {truth[c.chat_id]: c.kind for c in chats}

    assert kinds["direct_message"] == "DM" and kinds["group_chat"] == "group"
    assert kinds["channel"] == "channel" and kinds["bot"] == "bot"
    assert all(c.is_direct == (truth[c.chat_id] == "direct_message") for c in chats)


# --- row 7: status triggers are sent, and Cliq's refusal is reported in words ---------------


async def test_check_in_is_sent_and_cliq_decides(harness: Harness) -> None:
    dm = chat_of_type(harness.server, "direct_message")
    rule = harness.server.config.status_triggers

    if rule == "checkin_not_in_dms":
        with pytest.raises(BadRequestError) as caught:
            await harness.client.create_message(dm, text="hi", status="check_in")
        assert "check" in str(caught.value).lower()
    else:
        created = await harness.client.create_message(dm, text="hi", status="check_in")
        assert created is not None and created.chat_id == dm
    assert len(harness.transport.sent) == 1


# --- row 8 and 11: throttling is recognised in every form, with or without a code -----------


async def test_throttling_locks_the_endpoint_in_every_form(harness: Harness) -> None:
    harness.server.state.set_faults(throttle_all=True)

    with pytest.raises(RateLimitError) as caught:
        await harness.client.list_chats()

    assert caught.value.from_server
    assert caught.value.status_code == int(harness.server.config.throttle_form)
    harness.server.state.clear_faults()
    with pytest.raises(RateLimitError):  # the lock is remembered: nothing more is sent
        await harness.client.list_chats()
    assert harness.served("list_chats") == 1


async def test_an_error_without_code_is_told_in_cliq_words(harness: Harness) -> None:
    chat_id = chat_of_type(harness.server, "channel")

    with pytest.raises(NotFoundError) as caught:
        await harness.client.delete_message(chat_id, "00000000-0000-4000-8000-000000000000")

    assert str(caught.value)
    if not harness.server.config.error_codes:
        assert caught.value.code is None


# --- row 9: the 26th message is refused, and the client knows it is the cap -------------------


async def test_the_cap_refusal_is_recognised(harness: Harness) -> None:
    cap = harness.server.config.message_cap
    if cap is None:
        pytest.skip("this reality has no cap")
    chat_id = chat_of_type(harness.server, "group_chat")
    due = START_MS + 3 * 3600_000
    for n in range(cap - len(harness.server.state.messages())):
        await harness.client.create_message(chat_id, text=f"n{n}", schedule_time=due)

    with pytest.raises(BadRequestError) as caught:
        await harness.client.create_message(chat_id, text="one too many", schedule_time=due)

    assert is_cap_refusal(caught.value)
    assert "25" in str(caught.value)


# --- row 10: later pages of an incremental listing carry the next token only ----------------


async def test_incremental_listing_over_several_pages(harness: Harness) -> None:
    state = harness.server.state
    first = await harness.client.list_scheduled_messages()
    changed = [m["id"] for m in state.messages()[:7]]
    for mid in changed:
        state.update_message(mid, text="changed")
    harness.transport.sent.clear()

    try:
        delta = await harness.client.list_scheduled_messages(
            sync_token=first.sync_token, page_size=2
        )
    except SyncTokenExpiredError:  # pragma: no cover - the bug this test guards against
        pytest.fail("a later page was refused as an expired sync token")

    assert sorted(m.id for m in delta.data) == sorted(changed)
    later = [r.url.params for r in harness.transport.sent[1:]]
    assert later and all("sync_token" not in p and "next_token" in p for p in later)
