"""Each reality switch of the fake does what cliq_tui/fake/README.md says (rows 1 and 5-11)."""

from __future__ import annotations

import argparse
from typing import Any

import httpx
import pytest

from cliq_tui.fake import FakeConfig, FakeServer
from cliq_tui.fake.cli import config_from_args, configure_parser
from cliq_tui.fake.realities import NAMES, REALITIES, SWITCHES, apply_reality, reality_config
from tests.support.clock import START_MS
from tests.support.servers import chat_of_type

CREATE = "/api/v2/chats/{}/scheduledmessages"


def config(**changes: Any) -> FakeConfig:
    settings: dict[str, Any] = {"seed": "demo", "clock": "manual", "start_time_ms": START_MS}
    return FakeConfig(**{**settings, **changes})


def parse(*argv: str) -> FakeConfig:
    parser = argparse.ArgumentParser()
    configure_parser(parser)
    return config_from_args(parser.parse_args(list(argv)))


# --- the named sets ------------------------------------------------------------------------


def test_every_reality_sets_every_switch() -> None:
    assert set(NAMES) >= {"default", "spec", "strict-v3", "v2-era"}
    for switches in REALITIES.values():
        assert set(switches) == set(SWITCHES)


def test_default_is_the_config_default() -> None:
    assert apply_reality(FakeConfig(), "default") == FakeConfig(reality="default")


def test_unknown_reality_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown reality"):
        reality_config("v4")


def test_cli_reality_then_single_switches() -> None:
    era = parse("--reality", "v2-era")
    assert (era.reality, era.chat_types, era.chats_paging, era.error_codes) == (
        "v2-era",
        "v2",
        "none",
        False,
    )
    mixed = parse("--reality", "v2-era", "--chats-paging", "next_token", "--message-cap", "0")
    assert (mixed.chats_paging, mixed.message_cap, mixed.chat_types) == ("next_token", None, "v2")
    assert parse("--throttle-form", "429", "--no-strict-pagination").strict_pagination is False
    assert parse().throttle_form == "400"


# --- row 1: the v2 create's answer ---------------------------------------------------------


@pytest.mark.parametrize("fake_config", [config(create_answer="v3")])
def test_v3_create_answer_is_a_data_item(api: httpx.Client, fake_server: FakeServer) -> None:
    chat_id = chat_of_type(fake_server, "group_chat")
    body = {"text": "x", "schedule_status": "call_end"}
    answer = api.post(CREATE.format(chat_id), json=body).json()
    assert answer["type"] == "scheduledmessage" and answer["data"]["schedule_status"] == "call_end"


# --- row 5: GET /chats paging and order ----------------------------------------------------


@pytest.mark.parametrize("fake_config", [config(seed="generated", messages=0, chats=250)])
def test_chats_page_with_next_token(api: httpx.Client) -> None:
    first = api.get("/api/v3/chats", params={"limit": 100}).json()
    second = api.get("/api/v3/chats", params={"next_token": first["next_token"]}).json()
    third = api.get("/api/v3/chats", params={"next_token": second["next_token"]}).json()
    ids = [c["chat_id"] for page in (first, second, third) for c in page["chats"]]
    assert len(ids) == len(set(ids)) == 250
    assert "next_token" not in third


@pytest.mark.parametrize("fake_config", [config(seed="generated", messages=0, chats=250)])
def test_next_token_keeps_the_filters_of_its_listing(api: httpx.Client) -> None:
    first = api.get("/api/v3/chats", params={"limit": 5, "type": "dm"}).json()
    rest = api.get("/api/v3/chats", params={"next_token": first["next_token"]}).json()
    kinds = {c["chat_type"] for c in first["chats"] + rest["chats"]}
    assert kinds == {"direct_message"}


def test_a_foreign_chats_token_is_refused(api: httpx.Client) -> None:
    response = api.get("/api/v3/chats", params={"next_token": "bm90LW91cnM="})
    assert (response.status_code, response.json()["code"]) == (400, "invalid_next_token")


@pytest.mark.parametrize(
    "fake_config", [config(seed="generated", messages=0, chats=250, chats_paging="none")]
)
def test_v2_era_chats_have_no_cursor(api: httpx.Client) -> None:
    body = api.get("/api/v3/chats", params={"limit": 100}).json()
    assert len(body["chats"]) == 100 and "next_token" not in body


@pytest.mark.parametrize("fake_config", [config(chats_filtered_order="oldest")])
def test_filtered_chats_may_come_oldest_first(api: httpx.Client) -> None:
    def stamps(params: dict[str, Any]) -> list[str]:
        chats = api.get("/api/v3/chats", params=params).json()["chats"]
        return [c["last_modified_time"] for c in chats]

    assert stamps({}) == sorted(stamps({}), reverse=True)  # unfiltered: newest first
    filtered = stamps({"modified_after": 0})
    assert filtered == sorted(filtered) and len(filtered) > 2


# --- row 6: chat_type spelling -------------------------------------------------------------


@pytest.mark.parametrize("fake_config", [config(chat_types="v2")])
def test_v2_chat_types(api: httpx.Client, fake_server: FakeServer) -> None:
    kinds = {c["chat_type"] for c in api.get("/api/v3/chats").json()["chats"]}
    assert {"dm", "chat", "channel", "bot"} <= kinds
    assert not kinds & {"direct_message", "group_chat"}
    dm = next(c for c in fake_server.state.chats() if c["chat_type"] == "direct_message")
    assert api.get(f"/api/v3/chats/{dm['chat_id']}").json()["data"]["chat_type"] == "dm"


# --- row 7: which chats accept status triggers ---------------------------------------------


def _create_status(api: httpx.Client, server: FakeServer, chat_type: str, status: str) -> int:
    body = {"text": "s", "schedule_status": status}
    return api.post(CREATE.format(chat_of_type(server, chat_type)), json=body).status_code


@pytest.mark.parametrize(
    ("fake_config", "dm_check_in", "channel_check_in", "channel_call_end"),
    [
        (config(status_triggers="checkin_not_in_dms", message_cap=None), 400, 200, 200),
        (config(status_triggers="only_in_dms", message_cap=None), 200, 400, 400),
        (config(status_triggers="everywhere", message_cap=None), 200, 200, 200),
    ],
)
def test_status_trigger_rules(
    api, fake_server, dm_check_in: int, channel_check_in: int, channel_call_end: int
) -> None:
    assert _create_status(api, fake_server, "direct_message", "check_in") == dm_check_in
    assert _create_status(api, fake_server, "channel", "check_in") == channel_check_in
    assert _create_status(api, fake_server, "channel", "call_end") == channel_call_end


# --- row 8: throttling form (see test_ratelimit.py for both forms) ---------------------------


def test_default_throttling_is_400_request_limit_exceeded(api: httpx.Client) -> None:
    responses = [api.get("/api/v3/scheduledmessages") for _ in range(21)]
    assert responses[-1].status_code == 400
    assert responses[-1].json()["code"] == "request_limit_exceeded"


# --- row 9: the 25-message cap -------------------------------------------------------------


def _create_time(api: httpx.Client, chat_id: str, n: int) -> httpx.Response:
    body = {"text": f"n{n}", "schedule_time": "20260605T090000", "schedule_timezone": "UTC"}
    return api.post(CREATE.format(chat_id), json=body)


def test_the_26th_pending_message_is_refused(api: httpx.Client, fake_server: FakeServer) -> None:
    chat_id = chat_of_type(fake_server, "group_chat")
    assert len(fake_server.state.messages()) == 23
    assert [_create_time(api, chat_id, n).status_code for n in range(2)] == [200, 200]
    refused = _create_time(api, chat_id, 3)
    assert refused.status_code == 400
    assert refused.json()["code"] == "scheduled_msg_limit_exceeded"
    assert "25" in refused.json()["message"]
    assert len(fake_server.state.messages()) == 25
    # Room again once one is sent.
    fake_server.state.delete_message(fake_server.state.messages()[0]["id"])
    assert _create_time(api, chat_id, 4).status_code == 200


@pytest.mark.parametrize("fake_config", [config(cap_error_code="too_many_scheduled")])
def test_the_cap_code_is_configurable(api: httpx.Client, fake_server: FakeServer) -> None:
    chat_id = chat_of_type(fake_server, "group_chat")
    codes = [_create_time(api, chat_id, n).json().get("code") for n in range(3)]
    assert codes[-1] == "too_many_scheduled"


@pytest.mark.parametrize("fake_config", [config(seed="generated", messages=300, chats=20)])
def test_seeds_bigger_than_the_cap_still_load(api, fake_server: FakeServer) -> None:
    assert len(fake_server.state.messages()) == 300
    chat_id = fake_server.state.messages()[0]["chat_id"]
    assert _create_time(api, chat_id, 1).json()["code"] == "scheduled_msg_limit_exceeded"


@pytest.mark.parametrize("fake_config", [config(message_cap=None)])
def test_no_cap(api: httpx.Client, fake_server: FakeServer) -> None:
    chat_id = chat_of_type(fake_server, "group_chat")
    assert {_create_time(api, chat_id, n).status_code for n in range(5)} == {200}


# --- row 10: strict pagination -------------------------------------------------------------


def _incremental_pages(api: httpx.Client, server: FakeServer) -> tuple[str, str]:
    token = api.get("/api/v3/scheduledmessages", params={"limit": 100}).json()["sync_token"]
    for message in server.state.messages()[:5]:
        server.state.update_message(message["id"], text="changed")
    first = api.get("/api/v3/scheduledmessages", params={"limit": 2, "sync_token": token}).json()
    return token, first["next_token"]


def test_strict_pagination_refuses_both_tokens(api, fake_server: FakeServer) -> None:
    token, next_token = _incremental_pages(api, fake_server)
    both = api.get(
        "/api/v3/scheduledmessages", params={"sync_token": token, "next_token": next_token}
    )
    assert both.status_code == 400 and both.json()["code"] == "input_pattern_mismatch"
    alone = api.get("/api/v3/scheduledmessages", params={"next_token": next_token, "limit": 2})
    assert alone.status_code == 200 and len(alone.json()["data"]) == 2


@pytest.mark.parametrize("fake_config", [config(strict_pagination=False)])
def test_tolerant_pagination_lets_the_next_token_win(api, fake_server: FakeServer) -> None:
    token, next_token = _incremental_pages(api, fake_server)
    both = api.get(
        "/api/v3/scheduledmessages",
        params={"sync_token": token, "next_token": next_token, "limit": 2},
    )
    assert both.status_code == 200 and len(both.json()["data"]) == 2


# --- row 11: errors without code -----------------------------------------------------------


@pytest.mark.parametrize("fake_config", [config(error_codes=False)])
def test_errors_without_code(api: httpx.Client, fake_server: FakeServer) -> None:
    chat_id = chat_of_type(fake_server, "channel")
    response = api.put(f"/api/v3/chats/{chat_id}/scheduledmessages/nope", json={"text": "x"})
    assert response.status_code == 404
    assert set(response.json()) == {"message"}
    throttled = [api.get("/api/v3/scheduledmessages") for _ in range(21)][-1]
    assert throttled.json() == {"message": "You have exceeded the URL throttle limits."}


@pytest.mark.parametrize("fake_config", [reality_config("v2-era", seed="demo", clock="manual")])
def test_control_endpoint_names_the_reality(control: httpx.Client) -> None:
    body = control.get("/reality").json()
    assert body["reality"] == "v2-era"
    assert body["switches"]["chat_types"] == "v2" and body["switches"]["error_codes"] is False
