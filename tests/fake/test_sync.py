"""Sync tokens: incremental lists with changes and deletions, and refused tokens."""

from __future__ import annotations

import httpx
import pytest

from cliq_tui.fake import FakeConfig, FakeServer
from tests.support.servers import CHAT_MESSAGES, HOUR_MS, chat_of_type, pending

LIST_ALL = "/api/v3/scheduledmessages"


def sync_token(api: httpx.Client, url: str = LIST_ALL) -> str:
    return api.get(url, params={"limit": 100}).json()["sync_token"]


def test_nothing_changed_gives_empty_delta(api: httpx.Client) -> None:
    body = api.get(LIST_ALL, params={"sync_token": sync_token(api)}).json()
    assert body["data"] == []
    assert body["deleted"] == []


def test_server_side_create_appears_as_added(api, fake_server: FakeServer) -> None:
    token = sync_token(api)
    chat_id = chat_of_type(fake_server, "group_chat")
    created = fake_server.state.create_message(chat_id, text="new one", status="call_end")
    body = api.get(LIST_ALL, params={"sync_token": token}).json()
    assert [item["id"] for item in body["data"]] == [created["id"]]


def test_server_side_edit_appears_as_changed(api, fake_server: FakeServer) -> None:
    token = sync_token(api)
    target = pending(fake_server)[0]
    fake_server.state.update_message(target["id"], text="changed elsewhere")
    body = api.get(LIST_ALL, params={"sync_token": token}).json()
    assert [
        (i["id"], i["message"]["content"].get("text", i["message"]["content"].get("comment")))
        for i in body["data"]
    ] == [(target["id"], "changed elsewhere")]


def test_delete_appears_in_deleted(api, fake_server: FakeServer) -> None:
    token = sync_token(api)
    target = pending(fake_server)[0]
    fake_server.state.delete_message(target["id"])
    body = api.get(LIST_ALL, params={"sync_token": token}).json()
    assert body["deleted"] == [target["id"]]
    assert body["data"] == []


def test_delivery_appears_in_deleted(api, fake_server: FakeServer) -> None:
    token = sync_token(api)
    delivered = fake_server.state.advance(2 * HOUR_MS / 1000)
    body = api.get(LIST_ALL, params={"sync_token": token}).json()
    assert delivered
    assert sorted(body["deleted"]) == sorted(entry["id"] for entry in delivered)


def test_created_then_deleted_since_token_is_not_reported(api, fake_server) -> None:
    token = sync_token(api)
    chat_id = chat_of_type(fake_server, "group_chat")
    created = fake_server.state.create_message(chat_id, text="brief", status="call_end")
    fake_server.state.delete_message(created["id"])
    body = api.get(LIST_ALL, params={"sync_token": token}).json()
    assert body["data"] == [] and body["deleted"] == []


def test_incremental_list_returns_a_new_sync_token(api, fake_server) -> None:
    token = sync_token(api)
    fake_server.state.delete_message(pending(fake_server)[0]["id"])
    first = api.get(LIST_ALL, params={"sync_token": token}).json()
    second = api.get(LIST_ALL, params={"sync_token": first["sync_token"]}).json()
    assert first["deleted"] and second["deleted"] == []


def test_chat_delta_holds_only_that_chat(api, fake_server: FakeServer) -> None:
    chat_id = chat_of_type(fake_server, "channel")
    other = chat_of_type(fake_server, "group_chat")
    url = CHAT_MESSAGES.format(chat_id)
    token = sync_token(api, url)
    fake_server.state.delete_message(pending(fake_server, other)[0]["id"])
    mine = pending(fake_server, chat_id)[0]["id"]
    fake_server.state.delete_message(mine)
    body = api.get(url, params={"sync_token": token}).json()
    assert body["deleted"] == [mine]


def test_incremental_list_pages_with_next_token(api, fake_server: FakeServer) -> None:
    token = sync_token(api)
    chat_id = chat_of_type(fake_server, "group_chat")
    made = {
        fake_server.state.create_message(chat_id, text=f"m{i}", status="call_end")["id"]
        for i in range(5)
    }
    first = api.get(LIST_ALL, params={"sync_token": token, "limit": 2}).json()
    seen = [i["id"] for i in first["data"]]
    page = first
    while "next_token" in page:
        page = api.get(LIST_ALL, params={"next_token": page["next_token"], "limit": 2}).json()
        seen += [i["id"] for i in page["data"]]
    assert sorted(seen) == sorted(made)


def test_global_token_is_refused_by_a_chat_list(api, fake_server: FakeServer) -> None:
    token = sync_token(api)
    url = CHAT_MESSAGES.format(chat_of_type(fake_server, "channel"))
    response = api.get(url, params={"sync_token": token})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_sync_token"


@pytest.mark.parametrize("token", ["garbage", "czF8eHx4fDF8MQ==", ""])
def test_garbled_sync_token_is_refused(api: httpx.Client, token: str) -> None:
    response = api.get(LIST_ALL, params={"sync_token": token or "%%%"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_sync_token"


def test_sync_token_older_than_a_day_is_expired(api, fake_server: FakeServer) -> None:
    token = sync_token(api)
    fake_server.state.advance(24 * 3600 + 1)
    response = api.get(LIST_ALL, params={"sync_token": token})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_sync_token"
    assert "expired" in response.json()["message"]


def test_sync_token_beyond_the_change_log_is_expired() -> None:
    config = FakeConfig(seed="demo", clock="manual", change_log_size=3)
    with FakeServer(config) as server, httpx.Client(base_url=server.base_url) as client:
        client.headers["Authorization"] = f"Zoho-oauthtoken {server.token}"
        token = client.get(LIST_ALL).json()["sync_token"]
        for message in pending(server)[:4]:
            server.state.delete_message(message["id"])
        response = client.get(LIST_ALL, params={"sync_token": token})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_sync_token"


def test_sync_token_from_before_a_reset_is_refused(api, fake_server: FakeServer) -> None:
    token = sync_token(api)
    fake_server.state.reset()
    response = api.get(LIST_ALL, params={"sync_token": token})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_sync_token"


def test_with_deletions_unreported_an_incremental_list_has_no_deleted_field(
    api, control: httpx.Client, fake_server: FakeServer
) -> None:
    assert control.post("/deletions", json={"report": False}).json() == {"report": False}
    token = sync_token(api)
    target = pending(fake_server)[0]
    fake_server.state.delete_message(target["id"])

    body = api.get(LIST_ALL, params={"sync_token": token}).json()

    assert "deleted" not in body
    assert body["data"] == []
    assert control.get("/deletions").json() == {"report": False}


def test_the_deletions_switch_refuses_a_non_boolean(control: httpx.Client) -> None:
    response = control.post("/deletions", json={"report": "no"})

    assert response.status_code == 400
    assert control.get("/deletions").json() == {"report": True}
