"""List responses: shape, paging with next_token and the limit rules."""

from __future__ import annotations

import httpx
import pytest

from cliq_tui.fake import FakeConfig, FakeServer
from tests.support.servers import CHAT_MESSAGES, chat_of_type, pending

LIST_ALL = "/api/v3/scheduledmessages"


def all_pages(api: httpx.Client, url: str, **params: object) -> list[dict]:
    pages = [api.get(url, params=params).json()]
    while "next_token" in pages[-1]:
        pages.append(api.get(url, params={**params, "next_token": pages[-1]["next_token"]}).json())
    return pages


def test_list_has_url_type_sync_token_and_data(api: httpx.Client) -> None:
    body = api.get(LIST_ALL).json()
    assert body["url"] == LIST_ALL
    assert body["type"] == "scheduledmessages"
    assert isinstance(body["sync_token"], str) and body["sync_token"]
    assert isinstance(body["data"], list)


def test_last_page_has_no_next_token(api: httpx.Client) -> None:
    body = api.get(LIST_ALL, params={"limit": 100}).json()
    assert "next_token" not in body


def test_default_page_size_is_50() -> None:
    config = FakeConfig(seed="generated", messages=120, chats=10, clock="manual")
    with FakeServer(config) as server, httpx.Client(base_url=server.base_url) as client:
        headers = {"Authorization": f"Zoho-oauthtoken {server.token}"}
        body = client.get(LIST_ALL, headers=headers).json()
    assert len(body["data"]) == 50
    assert "next_token" in body


def test_paging_with_next_token_returns_every_message_once(api, fake_server) -> None:
    pages = all_pages(api, LIST_ALL, limit=7)
    ids = [item["id"] for page in pages for item in page["data"]]
    assert len(pages) > 1
    assert sorted(ids) == sorted(m["id"] for m in pending(fake_server))


def test_limit_above_100_is_served_as_100() -> None:
    config = FakeConfig(seed="generated", messages=150, chats=5, clock="manual")
    with FakeServer(config) as server, httpx.Client(base_url=server.base_url) as client:
        headers = {"Authorization": f"Zoho-oauthtoken {server.token}"}
        body = client.get(LIST_ALL, params={"limit": 200}, headers=headers).json()
    assert len(body["data"]) == 100


@pytest.mark.parametrize("limit", ["0", "201", "-3", "ten", "2.5"])
def test_bad_limit_is_input_pattern_mismatch(api: httpx.Client, limit: str) -> None:
    response = api.get(LIST_ALL, params={"limit": limit})
    assert response.status_code == 400
    assert response.json()["code"] == "input_pattern_mismatch"


def test_garbled_next_token_is_refused(api: httpx.Client) -> None:
    response = api.get(LIST_ALL, params={"next_token": "bm90IGEgdG9rZW4="})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_next_token"


def test_global_items_carry_no_chat_id_by_default(api: httpx.Client) -> None:
    items = api.get(LIST_ALL, params={"limit": 100}).json()["data"]
    assert all("chat_id" not in item and "chid" not in item["message"] for item in items)


@pytest.mark.parametrize(
    "fake_config", [FakeConfig(seed="demo", clock="manual", include_chat_id=True)]
)
def test_include_chat_id_adds_chat_id_to_global_items(api, fake_server) -> None:
    items = api.get(LIST_ALL, params={"limit": 100}).json()["data"]
    truth = {m["id"]: m["chat_id"] for m in pending(fake_server)}
    assert {item["id"]: item["chat_id"] for item in items} == truth


def test_chat_list_holds_only_that_chats_messages(api, fake_server) -> None:
    chat_id = chat_of_type(fake_server, "channel")
    body = api.get(CHAT_MESSAGES.format(chat_id)).json()
    assert body["url"] == CHAT_MESSAGES.format(chat_id)
    assert {i["id"] for i in body["data"]} == {m["id"] for m in pending(fake_server, chat_id)}
    assert all("chat_id" not in item for item in body["data"])


def test_items_are_time_based_or_status_based(api: httpx.Client) -> None:
    items = api.get(LIST_ALL, params={"limit": 100}).json()["data"]
    assert all(("time" in item) != ("schedule_status" in item) for item in items)


def test_time_carries_the_offset_of_the_message_timezone(api: httpx.Client) -> None:
    items = api.get(LIST_ALL, params={"limit": 100}).json()["data"]
    kolkata = [i for i in items if i["timezone"] == "Asia/Kolkata" and "time" in i]
    assert kolkata and all(i["time"].endswith("+05:30") for i in kolkata)


def test_file_items_carry_file_name_size_and_comment(api: httpx.Client) -> None:
    items = api.get(LIST_ALL, params={"limit": 100}).json()["data"]
    files = [i for i in items if i["message"]["type"] == "file"]
    assert files
    assert all(set(i["message"]["content"]) == {"file_name", "file_size", "comment"} for i in files)
