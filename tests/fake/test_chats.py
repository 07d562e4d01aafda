"""The chats v3 reads: list with filters, and details."""

from __future__ import annotations

import httpx
import pytest

from cliq_tui.fake import FakeServer
from tests.support.servers import chat_of_type


def test_list_chats_returns_every_chat(api: httpx.Client, fake_server: FakeServer) -> None:
    chats = api.get("/api/v3/chats").json()["chats"]
    assert {c["chat_id"] for c in chats} == {c["chat_id"] for c in fake_server.state.chats()}


def test_demo_has_dms_groups_and_channels(api: httpx.Client) -> None:
    kinds = [c["chat_type"] for c in api.get("/api/v3/chats").json()["chats"]]
    assert kinds.count("direct_message") >= 3
    assert kinds.count("group_chat") >= 3
    assert kinds.count("channel") >= 3


def test_type_dm_selects_direct_messages(api: httpx.Client) -> None:
    chats = api.get("/api/v3/chats", params={"type": "dm"}).json()["chats"]
    assert chats and {c["chat_type"] for c in chats} == {"direct_message"}


def test_type_channel_selects_channels(api: httpx.Client) -> None:
    chats = api.get("/api/v3/chats", params={"type": "channel"}).json()["chats"]
    assert chats and {c["chat_type"] for c in chats} == {"channel"}


def test_unknown_type_is_input_pattern_mismatch(api: httpx.Client) -> None:
    response = api.get("/api/v3/chats", params={"type": "group"})
    assert response.status_code == 400
    assert response.json()["code"] == "input_pattern_mismatch"


def test_chat_ids_filter(api: httpx.Client, fake_server: FakeServer) -> None:
    wanted = [c["chat_id"] for c in fake_server.state.chats()[:2]]
    chats = api.get("/api/v3/chats", params={"chat_ids": ",".join(wanted)}).json()["chats"]
    assert sorted(c["chat_id"] for c in chats) == sorted(wanted)


def test_limit_caps_the_number_of_chats(api: httpx.Client) -> None:
    assert len(api.get("/api/v3/chats", params={"limit": 3}).json()["chats"]) == 3


@pytest.mark.parametrize("limit", ["0", "101", "x"])
def test_bad_chat_limit_is_refused(api: httpx.Client, limit: str) -> None:
    assert api.get("/api/v3/chats", params={"limit": limit}).status_code == 400


def test_modified_after_keeps_recently_active_chats(api, fake_server: FakeServer) -> None:
    chat_id = chat_of_type(fake_server, "channel")
    since = fake_server.state.now_ms()
    fake_server.state.advance(1)
    api.post(
        f"/api/v3/chats/{chat_id}/scheduledmessages", json={"status": "send", "apply_to": "all"}
    )
    chats = api.get("/api/v3/chats", params={"modified_after": since}).json()["chats"]
    assert [c["chat_id"] for c in chats] == [chat_id]


def test_chat_details(api: httpx.Client, fake_server: FakeServer) -> None:
    chat = fake_server.state.chats()[0]
    body = api.get(f"/api/v3/chats/{chat['chat_id']}").json()
    assert body == {"type": "chat", "data": chat}


def test_unknown_chat_details_is_404(api: httpx.Client) -> None:
    response = api.get("/api/v3/chats/CT_404_404")
    assert response.status_code == 404
    assert response.json()["code"] == "chat_access_denied"
