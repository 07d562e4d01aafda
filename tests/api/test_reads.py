"""Reads end to end against the fake server: lists, paging, incremental sync, chats."""

from __future__ import annotations

import pytest

from cliq_tui.api import CliqClient, ScheduleStatus, SyncTokenExpiredError
from cliq_tui.fake import FakeConfig
from tests.support.client import Harness
from tests.support.clock import START_MS
from tests.support.servers import chat_of_type, first_chat_with


async def test_list_all_returns_every_pending_message(harness: Harness) -> None:
    result = await harness.client.list_scheduled_messages()

    expected = {m["id"] for m in harness.server.state.messages()}
    assert {m.id for m in result.data} == expected
    assert result.sync_token
    assert result.incremental is False


async def test_list_all_items_have_no_chat_id_when_the_server_sends_none(
    client: CliqClient,
) -> None:
    result = await client.list_scheduled_messages()

    assert all(m.chat_id is None for m in result.data)


@pytest.mark.parametrize(
    "fake_config",
    [FakeConfig(seed="demo", clock="manual", start_time_ms=START_MS, include_chat_id=True)],
)
async def test_list_all_keeps_the_chat_id_items_carry(harness: Harness) -> None:
    result = await harness.client.list_scheduled_messages()

    truth = {m["id"]: m["chat_id"] for m in harness.server.state.messages()}
    assert {m.id: m.chat_id for m in result.data} == truth


async def test_list_all_parses_time_and_status_based_items(client: CliqClient) -> None:
    result = await client.list_scheduled_messages()

    assert any(m.is_time_based and m.time is not None for m in result.data)
    assert any(m.schedule_status in set(ScheduleStatus) for m in result.data)
    assert any(m.is_file and m.message.content.file_name for m in result.data)


async def test_list_in_chat_sets_the_chat_id_on_every_item(harness: Harness) -> None:
    chat_id, messages = first_chat_with(harness.server, lambda m: True)

    result = await harness.client.list_chat_scheduled_messages(chat_id)

    assert {m.id for m in result.data} == {m["id"] for m in messages}
    assert {m.chat_id for m in result.data} == {chat_id}


async def test_list_sends_the_page_size_capped_at_100(harness: Harness) -> None:
    await harness.client.list_scheduled_messages(page_size=500)

    assert harness.transport.sent[0].url.params["limit"] == "100"


@pytest.mark.parametrize(
    "fake_config",
    [
        FakeConfig(
            seed="generated",
            messages=250,
            chats=10,
            clock="manual",
            start_time_ms=START_MS,
        )
    ],
)
async def test_paging_follows_next_token_to_the_last_page(harness: Harness) -> None:
    result = await harness.client.list_scheduled_messages()

    assert len(result.data) == 250
    assert len({m.id for m in result.data}) == 250
    assert harness.served("list_all") == 3
    pages = harness.transport.sent
    assert "next_token" not in pages[0].url.params
    assert all("next_token" in p.url.params for p in pages[1:])
    assert all(int(p.url.params["limit"]) <= 100 for p in pages)


async def test_incremental_list_returns_changes_and_deletions(harness: Harness) -> None:
    client, state = harness.client, harness.server.state
    first = await client.list_scheduled_messages()
    gone = first.data[0].id
    changed = first.data[1].id
    state.delete_message(gone)
    state.update_message(changed, text="changed elsewhere")

    delta = await client.list_scheduled_messages(sync_token=first.sync_token)

    assert delta.incremental is True
    assert delta.deleted == [gone]
    assert [m.id for m in delta.data] == [changed]
    assert delta.data[0].text == "changed elsewhere"
    assert harness.transport.sent[-1].url.params["sync_token"] == first.sync_token
    assert delta.sync_token and delta.sync_token != first.sync_token


async def test_incremental_list_reports_delivered_messages_as_deleted(harness: Harness) -> None:
    client, state = harness.client, harness.server.state
    first = await client.list_scheduled_messages()
    delivered = {d["id"] for d in state.advance(23 * 3600)}  # within the token's 24 h life

    delta = await client.list_scheduled_messages(sync_token=first.sync_token)

    assert delivered
    assert set(delta.deleted) == delivered


async def test_a_refused_sync_token_raises_sync_token_expired(client: CliqClient) -> None:
    with pytest.raises(SyncTokenExpiredError) as caught:
        await client.list_scheduled_messages(sync_token="not-a-token")

    assert caught.value.status_code == 400
    assert caught.value.code == "invalid_sync_token"


async def test_list_chats_returns_typed_chats(harness: Harness) -> None:
    chats = await harness.client.list_chats()

    assert {c.chat_id for c in chats} == {c["chat_id"] for c in harness.server.state.chats()}
    assert any(c.is_direct for c in chats)


async def test_list_chats_sends_its_filters(harness: Harness) -> None:
    dm = chat_of_type(harness.server, "direct_message")

    chats = await harness.client.list_chats(
        chat_ids=[dm], limit=5, modified_after=1_000_000_000_000
    )

    params = harness.transport.sent[0].url.params
    assert params["chat_ids"] == dm
    assert params["limit"] == "5"
    assert params["modified_after"] == "1000000000000"
    assert [c.chat_id for c in chats] == [dm]


async def test_list_chats_reaches_older_chats_with_modified_before(harness: Harness) -> None:
    every = await harness.client.list_chats()
    newest = max(c.last_modified_time for c in every if c.last_modified_time is not None)
    before = int(newest.timestamp() * 1000)

    older = await harness.client.list_chats(modified_before=before)

    assert harness.transport.sent[-1].url.params["modified_before"] == str(before)
    assert older and len(older) < len(every)
    assert all(c.last_modified_time is not None and c.last_modified_time < newest for c in older)


async def test_get_chat_returns_name_and_type(harness: Harness) -> None:
    channel = chat_of_type(harness.server, "channel")

    chat = await harness.client.get_chat(channel)

    assert chat.chat_id == channel
    assert chat.chat_type == "channel"
    assert chat.name


async def test_check_access_makes_one_single_item_request(harness: Harness) -> None:
    await harness.client.check_access()

    assert len(harness.transport.sent) == 1
    assert harness.transport.sent[0].url.params["limit"] == "1"
